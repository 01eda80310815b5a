/// The key order `seclint fmt` writes: the order Go's `json.MarshalIndent` writes moby's profile types in, which
/// is how moby generates its own `default.json` (moby/profiles `seccomp/generate.go`:
/// `json.MarshalIndent(seccomp.DefaultProfile(), "", "\t")`).
///
/// Go's encoder writes a struct's fields in declaration order, an embedded struct's fields at the embedding's
/// place, and drops an embedded field shadowed by a shallower one (`encoding/json` `typeFields`). moby/profiles
/// `seccomp/seccomp.go`:
/// - `Seccomp` embeds runtime-spec `LinuxSeccomp` (defaultAction, defaultErrnoRet, architectures, flags,
///   listenerPath, listenerMetadata, syscalls), then adds `ArchMap` and its own `Syscalls`, which shadows the
///   embedded one: so archMap and syscalls come last.
/// - `Syscall` embeds runtime-spec `LinuxSyscall` (names, action, errnoRet, args), then name, comment, includes,
///   excludes.
/// - `Filter`: caps, arches, minKernel. `Architecture`: architecture, subArchitectures. runtime-spec
///   `LinuxSeccompArg`: index, value, valueTwo, op.
///
/// Podman's by-name errno fields (containers/common `pkg/seccomp`), which moby's types lack, sit next to the
/// numeric field they replace: defaultErrno after defaultErrnoRet, errno after errnoRet.
package struct ObjectLayout: Sendable {
  package enum Content: Sendable {
    /// A scalar or anything the layout does not descend into (written in file order).
    case value
    /// A rule's `names` (sorted with `--sort-names`).
    case names
    case object(Schema)
    case arrayOf(Schema)
  }

  package enum Schema: Sendable {
    case profile, archMapEntry, syscallRule, syscallArg, ruleFilter
  }

  package let fields: [(name: String, content: Content)]

  package static func of(_ schema: Schema) -> ObjectLayout {
    switch schema {
    case .profile: profile
    case .archMapEntry: archMapEntry
    case .syscallRule: syscallRule
    case .syscallArg: syscallArg
    case .ruleFilter: ruleFilter
    }
  }

  static let profile = ObjectLayout(fields: [
    ("defaultAction", .value), ("defaultErrnoRet", .value), ("defaultErrno", .value), ("architectures", .value),
    ("flags", .value), ("listenerPath", .value), ("listenerMetadata", .value), ("archMap", .arrayOf(.archMapEntry)),
    ("syscalls", .arrayOf(.syscallRule)),
  ])
  static let archMapEntry = ObjectLayout(fields: [("architecture", .value), ("subArchitectures", .value)])
  static let syscallRule = ObjectLayout(fields: [
    ("names", .names), ("action", .value), ("errnoRet", .value), ("errno", .value), ("args", .arrayOf(.syscallArg)),
    ("name", .value), ("comment", .value), ("includes", .object(.ruleFilter)), ("excludes", .object(.ruleFilter)),
  ])
  static let syscallArg = ObjectLayout(fields: [("index", .value), ("value", .value), ("valueTwo", .value), ("op", .value)])
  static let ruleFilter = ObjectLayout(fields: [("caps", .value), ("arches", .value), ("minKernel", .value)])
}
