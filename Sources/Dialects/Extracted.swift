import ProfileModel

/// One profile found in a document: the JSON tree the consuming stack decodes, where it sits and what the
/// dialect reader noticed.
struct Extracted: Sendable {
  var dialect: ProfileDialect
  /// 1-based document index in the stream (or item index in a list).
  var document: Int
  /// `metadata.name` (plus `/container` for kubescape), or the dialect for unnamed profiles.
  var name: String
  var tree: JSONNode
  var basePointer: JSONPointer
  var issues: [DecodeIssue]
  /// How a type error is refused, as messages say it.
  var refuser: String
  /// SPO: `spec.baseProfileName` and where it is.
  var baseProfileName: (name: String, position: SourcePosition)?

  static func issue(_ kind: DialectFinding, _ pointer: JSONPointer, _ position: SourcePosition, _ message: String) -> DecodeIssue {
    DecodeIssue(.dialect(kind), at: SourceLocation(pointer: pointer, position: position), message: message)
  }
}

extension JSONNode {
  /// The last member named exactly `key` (Kubernetes decodes case-sensitively; the last duplicate wins).
  subscript(key: String) -> JSONNode? { members?.last { $0.key == key }?.value }

  /// A copy with every position replaced (nodes merged in from another file point at the merging key).
  func repositioned(_ position: SourcePosition) -> JSONNode {
    switch value {
    case .object(let members):
      return JSONNode(
        .object(members.map { JSONMember(key: $0.key, keyPosition: position, value: $0.value.repositioned(position)) }), at: position)
    case .array(let elements): return JSONNode(.array(elements.map { $0.repositioned(position) }), at: position)
    default: return JSONNode(value, at: position)
    }
  }
}
