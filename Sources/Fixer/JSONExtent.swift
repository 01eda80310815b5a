/// Where a JSON value that starts at a known offset ends, read from the bytes themselves (the loader keeps
/// start positions only). Every function returns nil when the bytes are not what a JSON value at that offset
/// must be, so an edit is never built on a position that does not point into JSON (a YAML document's
/// positions, for one).
package enum JSONExtent {
  private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

  /// The offset just past the value starting at `start`.
  package static func end(ofValueAt start: Int, in bytes: [UInt8]) -> Int? {
    guard start >= 0, start < bytes.count else { return nil }
    switch bytes[start] {
    case quote: return end(ofStringAt: start, in: bytes)
    case UInt8(ascii: "{"), UInt8(ascii: "["): return end(ofContainerAt: start, in: bytes)
    default:
      // Numbers and literals: up to the next delimiter.
      var index = start
      while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
      return index > start ? index : nil
    }
  }

  /// The offset just past the closing quote of the string starting at `start`.
  package static func end(ofStringAt start: Int, in bytes: [UInt8]) -> Int? {
    guard start >= 0, start < bytes.count, bytes[start] == quote else { return nil }
    var index = start + 1
    while index < bytes.count {
      switch bytes[index] {
      case backslash: index += 2
      case quote: return index + 1
      default: index += 1
      }
    }
    return nil
  }

  /// The offset just past the `}` or `]` closing the object or array starting at `start` (strings skipped;
  /// depth counted iteratively, so nesting costs no stack).
  private static func end(ofContainerAt start: Int, in bytes: [UInt8]) -> Int? {
    var depth = 0
    var index = start
    while index < bytes.count {
      switch bytes[index] {
      case quote:
        guard let end = end(ofStringAt: index, in: bytes) else { return nil }
        index = end
        continue
      case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        if depth == 0 { return index + 1 }
      default: break
      }
      index += 1
    }
    return nil
  }

  /// The first offset at or after `index` that is not JSON whitespace.
  package static func skipWhitespace(from index: Int, in bytes: [UInt8]) -> Int {
    var index = index
    while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
    return index
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func isDelimiter(_ byte: UInt8) -> Bool {
    isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
  }

  /// `text` as a JSON string literal (what Go's encoder writes for it, minus HTML escaping).
  package static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
