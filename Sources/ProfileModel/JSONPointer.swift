/// An RFC 6901 JSON Pointer such as `/syscalls/12/names/3` (the empty pointer is the whole document).
package struct JSONPointer: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The unescaped reference tokens.
  package var tokens: [String]

  package init(_ tokens: [String] = []) { self.tokens = tokens }

  /// Parses the string form; `~1` is `/` and `~0` is `~` (RFC 6901 §4).
  package init(parsing text: String) {
    tokens = text.isEmpty ? [] : text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
      String($0).replacingOccurrences("~1", with: "/").replacingOccurrences("~0", with: "~")
    }
  }

  package init(stringLiteral value: String) { self.init(parsing: value) }

  package static let root = JSONPointer()

  package func appending(_ token: String) -> JSONPointer { JSONPointer(tokens + [token]) }
  package func appending(_ index: Int) -> JSONPointer { JSONPointer(tokens + [String(index)]) }

  package var parent: JSONPointer? { tokens.isEmpty ? nil : JSONPointer(Array(tokens.dropLast())) }

  package var description: String {
    tokens.map { "/" + $0.replacingOccurrences("~", with: "~0").replacingOccurrences("/", with: "~1") }.joined()
  }

  package static func < (a: Self, b: Self) -> Bool {
    // Numeric tokens compare as numbers so /syscalls/9 sorts before /syscalls/10.
    for (x, y) in zip(a.tokens, b.tokens) where x != y {
      if let i = Int(x), let j = Int(y) { return i < j }
      return x < y
    }
    return a.tokens.count < b.tokens.count
  }

  package init(from decoder: any Decoder) throws {
    self.init(parsing: try decoder.singleValueContainer().decode(String.self))
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension String {
  /// Literal substring replacement without Foundation. The escapes JSON pointers use start with `~` or `/`, so a
  /// byte test for the first character skips nearly every token (the general substring search of
  /// `_StringProcessing` builds a table per call).
  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    guard let first = target.utf8.first, utf8.contains(first) else { return self }
    return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
