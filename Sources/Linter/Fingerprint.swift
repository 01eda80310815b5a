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
  ///
  /// The hash is streamed: the state after a long element's content (a rule with 20,000 args) is kept per finding
  /// prefix, so many findings inside one large rule hash its content once, not once each — the same digits as
  /// `hash(canonicalText(…))`, in linear time.
  package static func assign(_ diagnostics: inout [Diagnostic], in document: ProfileDocument) {
    var cache: [String: String] = [:]
    cache.reserveCapacity(diagnostics.count)
    var states: [String: UInt64] = [:]
    for index in diagnostics.indices where diagnostics[index].file == document.file {
      var state = headState(ruleID: diagnostics[index].ruleID, syscalls: diagnostics[index].syscalls)
      var parts = 0
      // Each part is hashed as it is reached: no array of parts per finding.
      walkAnchor(diagnostics[index].pointer, in: document.root, cache: &cache) { path, text in
        parts += 1
        guard text.utf8.count > streamedAbove else {
          state = fnv(text, from: fnv("/", from: state))
          return
        }
        let key = headText(diagnostics[index]) + "\u{0}" + String(decoding: path, as: UTF8.self)
        if let known = states[key] {
          state = known
        } else {
          state = fnv(text, from: fnv("/", from: state))
          states[key] = state
        }
      }
      if parts == 0 { state = fnv("/", from: state) }
      diagnostics[index].fingerprint = hex(state)
    }
  }

  /// Parts longer than this many bytes have the hash state after them kept per finding prefix (`assign`): shorter
  /// ones (a real rule's content is a few hundred bytes) cost less to hash again than to key and look up.
  static let streamedAbove = 1024

  /// The text hashed (exposed for tests and for documentation).
  package static func canonicalText(
    _ diagnostic: Diagnostic, in document: ProfileDocument, cache: inout [String: String]
  ) -> String {
    headText(diagnostic) + anchor(diagnostic.pointer, in: document.root, cache: &cache)
  }

  /// `<rule id>|<syscalls, sorted, unique, comma-separated>|`.
  private static func headText(_ diagnostic: Diagnostic) -> String {
    diagnostic.ruleID + "|" + sortedUnique(diagnostic.syscalls).joined(separator: ",") + "|"
  }

  /// `fnv(headText(diagnostic))` from the diagnostic's rule id and syscalls, without building the text (nor copying
  /// the diagnostic).
  private static func headState(ruleID: String, syscalls: [String]) -> UInt64 {
    var state = fnv("|", from: fnv(ruleID, from: fnvOffsetBasis))
    for (position, name) in sortedUnique(syscalls).enumerated() {
      if position > 0 { state = fnv(",", from: state) }
      state = fnv(name, from: state)
    }
    return fnv("|", from: state)
  }

  /// `Array(Set(names)).sorted()`, without a set: a finding names one syscall or a few.
  static func sortedUnique(_ names: [String]) -> [String] {
    guard names.count > 1 else { return names }
    var unique: [String] = []
    unique.reserveCapacity(names.count)
    for name in names.sorted() where unique.last != name { unique.append(name) }
    return unique
  }

  /// The pointer with array indexes replaced by content; tokens past what the file holds are kept as they are.
  static func anchor(_ pointer: JSONPointer, in root: JSONNode, cache: inout [String: String]) -> String {
    var parts: [String] = []
    walkAnchor(pointer, in: root, cache: &cache) { _, text in parts.append(text) }
    return "/" + parts.joined(separator: "/")
  }

  /// Visits the anchor's parts in order, each with the pointer up to it (`/syscalls/3`, escaped as RFC 6901 spells
  /// it: a key holding `/` is one token), the key of `cache` and of `assign`'s streamed states. The anchor is `/` +
  /// the texts joined by `/`.
  static func walkAnchor(
    _ pointer: JSONPointer, in root: JSONNode, cache: inout [String: String],
    _ visit: (_ path: [UInt8], _ text: String) -> Void
  ) {
    var node: JSONNode? = root
    // The pointer so far as UTF-8 (appending to a String checks the junction each time); a String only where a
    // part needs its path.
    var path: [UInt8] = []
    path.reserveCapacity(64)
    var parentKey = ""
    for token in pointer.tokens {
      path.append(UInt8(ascii: "/"))
      appendEscaped(token, to: &path)
      if let members = node?.members {
        let key = lowered(token)
        node = members.last { lowered($0.key) == key }?.value
        visit(path, key)
        parentKey = key
      } else if let elements = node?.elements, let index = Int(token), elements.indices.contains(index) {
        let element = elements[index]
        let elementPath = String(decoding: path, as: UTF8.self)
        if let known = cache[elementPath] {
          visit(path, known)
        } else {
          var bytes: [UInt8] = [UInt8(ascii: "[")]
          if parentKey == "syscalls" { writeRuleContent(element, into: &bytes) } else { write(element, key: "", into: &bytes) }
          bytes.append(UInt8(ascii: "]"))
          let content = String(decoding: bytes, as: UTF8.self)
          cache[elementPath] = content
          visit(path, content)
        }
        node = element
        parentKey = ""
      } else {
        visit(path, token)
        node = nil
      }
    }
  }

  /// A pointer token's UTF-8 as RFC 6901 spells it (`~0`, `~1`), appended to `bytes`.
  private static func appendEscaped(_ token: String, to bytes: inout [UInt8]) {
    var token = token
    token.withUTF8 { utf8 in
      // Nearly every token has neither: copied whole.
      if !utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
        bytes.append(contentsOf: utf8)
        return
      }
      for byte in utf8 {
        switch byte {
        case UInt8(ascii: "~"): bytes.append(contentsOf: [UInt8(ascii: "~"), UInt8(ascii: "0")])
        case UInt8(ascii: "/"): bytes.append(contentsOf: [UInt8(ascii: "~"), UInt8(ascii: "1")])
        default: bytes.append(byte)
        }
      }
    }
  }

  /// A syscall rule's meaning without the names it lists: what decides the names it holds.
  static func ruleContent(_ rule: JSONNode) -> String {
    var bytes: [UInt8] = []
    writeRuleContent(rule, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `ruleContent(rule)`'s UTF-8 appended to `bytes`.
  private static func writeRuleContent(_ rule: JSONNode, into bytes: inout [UInt8]) {
    guard let members = rule.members else { return write(rule, key: "", into: &bytes) }
    let kept = members.filter {
      let key = lowered($0.key)
      return key != "names" && key != "name" && key != "comment"
    }
    write(JSONNode(.object(kept), at: rule.position), key: "", into: &bytes)
  }

  /// `key.lowercased()`; a key that is already lower-case ASCII (nearly every key) is returned as it is.
  static func lowered(_ key: String) -> String {
    key.utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) ? key : key.lowercased()
  }

  /// Keys that hold sets: their order means nothing to Docker, runc or libseccomp (args are ANDed).
  static let unorderedKeys: Set<String> = ["args", "caps", "arches", "names", "architectures", "flags", "subarchitectures"]

  static func canonical(_ node: JSONNode, key: String = "") -> String {
    var bytes: [UInt8] = []
    write(node, key: key, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `canonical(node, key:)`'s UTF-8 appended to `bytes`: one growing buffer (appending to a `String` checks
  /// the junction each time, and a string per value joined by its parent copied everything once per level).
  private static func write(_ node: JSONNode, key: String, into bytes: inout [UInt8]) {
    switch node.value {
    case .string(let string): writeQuoted(string, into: &bytes)
    case .number(let number): append(number, to: &bytes)
    case .bool(let value): append(value ? "true" : "false", to: &bytes)
    case .null: append("null", to: &bytes)
    case .array(let elements):
      bytes.append(UInt8(ascii: "["))
      // A set's elements sorted by their canonical text (one element: nothing to sort, written in place).
      if elements.count > 1 && unorderedKeys.contains(key) {
        var items = elements.map { canonical($0) }
        items.sort()
        for (index, item) in items.enumerated() {
          if index > 0 { bytes.append(UInt8(ascii: ",")) }
          append(item, to: &bytes)
        }
      } else {
        for (index, element) in elements.enumerated() {
          if index > 0 { bytes.append(UInt8(ascii: ",")) }
          write(element, key: "", into: &bytes)
        }
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      // The last of duplicate keys wins, as in Go; keys sorted. Folded keys and their values in two parallel
      // arrays (not an array of pairs: its generic metadata alone costs more than writing a small rule).
      var keys: [String] = []
      var values: [JSONNode] = []
      if members.count <= 16 {
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for member in members {
          let folded = lowered(member.key)
          if let index = keys.firstIndex(of: folded) {
            values[index] = member.value
          } else {
            keys.append(folded)
            values.append(member.value)
          }
        }
      } else {
        var dictionary: [String: JSONNode] = [:]
        for member in members { dictionary[lowered(member.key)] = member.value }
        keys = Array(dictionary.keys)
        values = keys.map { dictionary[$0]! }
      }
      bytes.append(UInt8(ascii: "{"))
      for (position, index) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        writeQuoted(keys[index], into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        write(values[index], key: keys[index], into: &bytes)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  private static func writeQuoted(_ string: String, into bytes: inout [UInt8]) {
    // Nearly every string needs no escape: then it is copied whole, not scalar by scalar.
    var string = string
    let copied = string.withUTF8 { utf8 in
      guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
      bytes.append(UInt8(ascii: "\""))
      bytes.append(contentsOf: utf8)
      bytes.append(UInt8(ascii: "\""))
      return true
    }
    if !copied { append(quoted(string), to: &bytes) }
  }

  private static func append(_ string: String, to bytes: inout [UInt8]) {
    if string.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
      bytes.append(contentsOf: string.utf8)
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
  package static func hash(_ text: String) -> String { hex(fnv(text, from: fnvOffsetBasis)) }

  private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

  /// FNV-1a over `text`'s UTF-8, continuing from `state`.
  private static func fnv(_ text: String, from state: UInt64) -> UInt64 {
    var text = text
    return text.withUTF8 { bytes in
      var hash = state
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      return hash
    }
  }

  /// The hash as 16 lower-case hex digits, leading zeros included.
  private static func hex(_ hash: UInt64) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16)
    for shift in stride(from: 60, through: 0, by: -4) {
      let nibble = UInt8(truncatingIfNeeded: hash >> UInt64(shift)) & 0xF
      bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
