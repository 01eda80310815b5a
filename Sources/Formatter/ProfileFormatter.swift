import ProfileModel

/// `seclint fmt`: rewrites a profile in moby's own layout without changing what Docker decodes from it.
///
/// The layout is `json.MarshalIndent(profile, "", "\t")`'s, the way moby generates `default.json`: tab
/// indentation, one member or element per line (so one syscall name per line), `"key": value`, `[]` and `{}` for
/// empty containers, keys in moby's field order (`ObjectLayout`). The file ends with a newline when the input did.
///
/// Meaning is preserved exactly, under Go `encoding/json` rules (what moby decodes the profile with):
/// - every member is kept, duplicates and case variants included, spelled as in the file; members that bind to
///   the same field keep their relative order, so the last still wins and objects still merge in the same order
///   (Go decodes fields independently, so moving members of different fields past each other changes nothing);
/// - keys no field binds to (Docker ignores them; people use `_comment`, `description`) are kept, first in the
///   object, in file order — where such notes usually are;
/// - strings and numbers keep their source text: escapes stay escapes, `1e3` stays `1e3` (Go's uint decoding
///   refuses it where it accepts `1000`); only bytes that are not valid UTF-8, which Go reads as U+FFFD one byte
///   at a time, are written as the escape `\ufffd`, which Go reads identically;
/// - `names` are sorted only with `sortNames` (the order of names in a rule does not change what runc builds).
package enum ProfileFormatter {
  package struct Options: Sendable, Hashable {
    /// Sort every rule's `names` (bytewise, by decoded value; equal names keep their order).
    package var sortNames: Bool

    package init(sortNames: Bool = false) { self.sortNames = sortNames }
  }

  /// The formatted text of a profile; throws the scanner's located error when the input is not JSON.
  package static func format(_ bytes: [UInt8], options: Options = Options()) throws(JSONSyntaxError) -> String {
    var scanner = JSONScanner(bytes)
    let root = try scanner.parseDocument()
    var writer = LayoutWriter(source: bytes, options: options)
    writer.write(root, as: .object(.profile), depth: 0)
    if endsWithNewline(bytes) { writer.output.append(UInt8(ascii: "\n")) }
    // Valid UTF-8 by construction: strings are copied sequence by sequence, invalid bytes escaped.
    return String(decoding: writer.output, as: UTF8.self)
  }

  /// Whether a line break follows the top-level value (only whitespace can follow it in valid JSON).
  static func endsWithNewline(_ bytes: [UInt8]) -> Bool {
    for byte in bytes.reversed() {
      switch byte {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return true
      case UInt8(ascii: " "), UInt8(ascii: "\t"): continue
      default: return false
      }
    }
    return false
  }

  /// The layout field a key binds to, as Go binds it: an exact match first, else a case-folded one
  /// (`encoding/json` `object()`; see `GoKeyMatching`).
  static func fieldIndex(of key: String, in layout: ObjectLayout) -> Int? {
    if let exact = layout.fields.firstIndex(where: { GoKeyMatching.identical($0.name, key) }) { return exact }
    return layout.fields.firstIndex { GoKeyMatching.binds(key, to: $0.name) }
  }

  /// An object's members in layout order: unknown keys first (file order), then each field's members (file order).
  static func ordered(_ members: [JSONMember], _ layout: ObjectLayout) -> [(member: JSONMember, content: ObjectLayout.Content)] {
    var unknown: [(JSONMember, ObjectLayout.Content)] = []
    var byField = Array(repeating: [JSONMember](), count: layout.fields.count)
    for member in members {
      if let index = fieldIndex(of: member.key, in: layout) {
        byField[index].append(member)
      } else {
        unknown.append((member, .value))
      }
    }
    var result = unknown
    for (index, field) in layout.fields.enumerated() {
      result += byField[index].map { ($0, field.content) }
    }
    return result
  }
}

/// Writes a `JSONNode` tree in the layout, copying every string's raw text from the source.
struct LayoutWriter {
  let source: [UInt8]
  let options: ProfileFormatter.Options
  var output: [UInt8] = []

  init(source: [UInt8], options: ProfileFormatter.Options) {
    self.source = source
    self.options = options
    output.reserveCapacity(source.count + source.count / 4)
  }

  mutating func write(_ node: JSONNode, as content: ObjectLayout.Content, depth: Int) {
    switch node.value {
    case .object(let members):
      guard !members.isEmpty else { return append("{}") }
      let entries: [(member: JSONMember, content: ObjectLayout.Content)]
      if case .object(let schema) = content {
        entries = ProfileFormatter.ordered(members, .of(schema))
      } else {
        entries = members.map { ($0, .value) }
      }
      append("{\n")
      for (index, entry) in entries.enumerated() {
        indent(depth + 1)
        rawString(at: entry.member.keyPosition.offset)
        append(": ")
        write(entry.member.value, as: entry.content, depth: depth + 1)
        append(index == entries.count - 1 ? "\n" : ",\n")
      }
      indent(depth)
      append("}")
    case .array(var elements):
      guard !elements.isEmpty else { return append("[]") }
      var elementContent = ObjectLayout.Content.value
      if case .arrayOf(let schema) = content { elementContent = .object(schema) }
      if case .names = content, options.sortNames { elements = Self.sortedNames(elements) }
      append("[\n")
      for (index, element) in elements.enumerated() {
        indent(depth + 1)
        write(element, as: elementContent, depth: depth + 1)
        append(index == elements.count - 1 ? "\n" : ",\n")
      }
      indent(depth)
      append("]")
    case .string: rawString(at: node.position.offset)
    case .number(let text): append(text)
    case .bool(let value): append(value ? "true" : "false")
    case .null: append("null")
    }
  }

  /// Names sorted bytewise by decoded value, stable; an array holding anything but strings is left as it is
  /// (Go decodes `null` and other types there as ""; moving them would not change meaning, but it is not a name).
  static func sortedNames(_ elements: [JSONNode]) -> [JSONNode] {
    guard elements.allSatisfy({ $0.string != nil }) else { return elements }
    return elements.enumerated().sorted { a, b in
      let left = Array((a.element.string ?? "").utf8)
      let right = Array((b.element.string ?? "").utf8)
      if left != right { return left.lexicographicallyPrecedes(right) }
      return a.offset < b.offset
    }.map(\.element)
  }

  private mutating func append(_ text: String) { output.append(contentsOf: text.utf8) }

  private mutating func indent(_ depth: Int) { output.append(contentsOf: repeatElement(UInt8(ascii: "\t"), count: depth)) }

  /// Copies the string token starting at `offset` (its opening quote) byte for byte; the scanner has validated
  /// it, so it ends at the first quote not preceded by an escaping backslash. Bytes that start no valid UTF-8
  /// sequence become `\ufffd`, which Go decodes to the same U+FFFD it substitutes for them (`GoUTF8`).
  private mutating func rawString(at offset: Int) {
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    output.append(quote)
    var index = offset + 1
    while index < source.count, source[index] != quote {
      let byte = source[index]
      if byte == backslash, index + 1 < source.count {
        output.append(byte)
        output.append(source[index + 1])
        index += 2
      } else if byte < 0x80 {
        output.append(byte)
        index += 1
      } else {
        let length = GoUTF8.validLength(source, at: index)
        if length == 0 {
          append("\\ufffd")
          index += 1
        } else {
          output.append(contentsOf: source[index..<(index + length)])
          index += length
        }
      }
    }
    output.append(quote)
  }
}
