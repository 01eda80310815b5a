import ProfileModel

/// A finding's identity across edits that do not change what the profile means: the rule, the syscalls it
/// concerns and the *semantic* content of what it points at — never an array index or a position.
///
/// Canonical text, hashed with 64-bit FNV-1a (16 hex digits):
///
///     <rule id> | <syscalls, sorted, unique, comma-separated> | <anchor>
///
/// The anchor is the finding's JSON pointer with every array index replaced by the content of that element:
/// - an entry of `syscalls` (the deciding rule) by its content without `names`, `name` and `comment`, with the
///   sets in it sorted (`args`, `includes`/`excludes` `caps` and `arches`): so reordering rules and names,
///   moving a name into another rule with the same action and conditions, reformatting, and adding unrelated
///   rules keep the fingerprint; changing the rule's action, errno, arguments or guards changes it;
/// - a scalar element (a name, a cap, an arch) by its value;
/// - any other object element by its canonical content.
///
/// Objects are written with keys folded to lower case (Go binds keys case-insensitively) and sorted; numbers
/// and strings as the file spells them. The message is not part of it (messages quote pointers).
package enum Fingerprint {
  package static func of(_ diagnostic: Diagnostic, in document: ProfileDocument) -> String {
    var cache: [String: String] = [:]
    return hash(canonicalText(diagnostic, in: document, cache: &cache))
  }

  /// Every diagnostic's fingerprint set (elements' content is computed once per document, so many findings in
  /// one large rule cost one canonical form of it).
  package static func assign(_ diagnostics: inout [Diagnostic], in document: ProfileDocument) {
    var cache: [String: String] = [:]
    for index in diagnostics.indices where diagnostics[index].file == document.file {
      diagnostics[index].fingerprint = hash(canonicalText(diagnostics[index], in: document, cache: &cache))
    }
  }

  /// The text hashed (exposed for tests and for documentation).
  package static func canonicalText(
    _ diagnostic: Diagnostic, in document: ProfileDocument, cache: inout [String: String]
  ) -> String {
    let syscalls = Array(Set(diagnostic.syscalls)).sorted().joined(separator: ",")
    return "\(diagnostic.ruleID)|\(syscalls)|\(anchor(diagnostic.pointer, in: document.root, cache: &cache))"
  }

  /// The pointer with array indexes replaced by content; tokens past what the file holds are kept as they are.
  static func anchor(_ pointer: JSONPointer, in root: JSONNode, cache: inout [String: String]) -> String {
    var node: JSONNode? = root
    var parts: [String] = []
    var path = ""  // the pointer so far, as the cache key
    var parentKey = ""
    for token in pointer.tokens {
      path += "/" + token
      if let members = node?.members {
        let key = token.lowercased()
        node = members.last { $0.key.lowercased() == key }?.value
        parts.append(key)
        parentKey = key
      } else if let elements = node?.elements, let index = Int(token), elements.indices.contains(index) {
        let element = elements[index]
        if let known = cache[path] {
          parts.append(known)
        } else {
          let content = "[" + (parentKey == "syscalls" ? ruleContent(element) : canonical(element)) + "]"
          cache[path] = content
          parts.append(content)
        }
        node = element
        parentKey = ""
      } else {
        parts.append(token)
        node = nil
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// A syscall rule's meaning without the names it lists: what decides the names it holds.
  static func ruleContent(_ rule: JSONNode) -> String {
    guard let members = rule.members else { return canonical(rule) }
    let kept = members.filter { !["names", "name", "comment"].contains($0.key.lowercased()) }
    return canonical(JSONNode(.object(kept), at: rule.position))
  }

  /// Keys that hold sets: their order means nothing to Docker, runc or libseccomp (args are ANDed).
  static let unorderedKeys: Set<String> = ["args", "caps", "arches", "names", "architectures", "flags", "subarchitectures"]

  static func canonical(_ node: JSONNode, key: String = "") -> String {
    switch node.value {
    case .string(let text): return quoted(text)
    case .number(let text): return text
    case .bool(let value): return value ? "true" : "false"
    case .null: return "null"
    case .array(let elements):
      var items = elements.map { canonical($0) }
      if unorderedKeys.contains(key) { items.sort() }
      return "[" + items.joined(separator: ",") + "]"
    case .object(let members):
      // The last of duplicate keys wins, as in Go.
      var byKey: [String: JSONNode] = [:]
      for member in members { byKey[member.key.lowercased()] = member.value }
      return "{" + byKey.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + canonical($0.value, key: $0.key) }
        .joined(separator: ",") + "}"
    }
  }

  private static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default:
        if scalar.value < 0x20 { result += "\\u{\(String(scalar.value, radix: 16))}" } else { result.unicodeScalars.append(scalar) }
      }
    }
    return result + "\""
  }

  /// 64-bit FNV-1a as 16 lower-case hex digits.
  package static func hash(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
