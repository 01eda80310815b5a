/// Something in a profile that Go's decoder would silently reinterpret, ignore or refuse; recorded while
/// loading so the linter can report it instead of losing it.
package struct DecodeIssue: Sendable, Hashable {
  package enum Kind: Sendable, Hashable {
    /// A key no field binds to; Go ignores it. `suggestion` is the field it most likely meant.
    case unknownKey(key: String, suggestion: String?)
    /// A key that binds only after case folding (Go accepts it; other parsers do not).
    case caseVariantKey(key: String, field: String)
    /// An earlier key for a field that a later key also binds to; Go keeps the later value
    /// (`merged`: both are objects, so their keys merge).
    case duplicateKey(key: String, field: String, laterAt: SourcePosition, merged: Bool)
    /// A value of the wrong JSON type or out of range; Go refuses the profile (`Decoding seccomp profile failed`).
    case typeMismatch(expected: String, found: String)
    /// A wrong type in a field only Podman reads (`defaultErrno`, `errno`): containers/common refuses the
    /// profile, Docker ignores the field.
    case podmanTypeMismatch(expected: String, found: String)
    /// `null` where an object is expected inside an array (a nil rule: moby dereferences it).
    case nullElement
    /// Invalid UTF-8 inside a string; Go decodes it as U+FFFD.
    case invalidUTF8
    /// What the stack behind a dialect (OCI runtime, CRD schema, operator, Kubernetes' YAML decoder) does
    /// differently from what the file says.
    case dialect(DialectFinding)
  }

  package var kind: Kind
  /// Where: the key for key issues, the value otherwise.
  package var location: SourceLocation
  /// One line, lower-case, no trailing period.
  package var message: String

  package init(_ kind: Kind, at location: SourceLocation, message: String) {
    self.kind = kind
    self.location = location
    self.message = message
  }
}

/// Kinds of dialect findings (OCI configs, Kubernetes SeccompProfile resources, YAML).
package enum DialectFinding: String, Sendable, Hashable {
  /// The CRD schema, the API server, the operator or the runtime refuses the resource or value.
  case rejected
  /// A field the consuming stack ignores or prunes (and so never enforces).
  case ignored
  /// Kubernetes' YAML 1.1 decoding gives the value a different meaning than YAML 1.2 (`0755`, `yes`).
  case yaml11
  /// A `baseProfileName` seclint cannot resolve (an `oci://` artifact, or no such profile nearby): the merged
  /// profile the node receives is not known.
  case unresolvedBase
}
