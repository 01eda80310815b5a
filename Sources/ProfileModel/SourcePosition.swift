/// A place in a profile's text: 1-based line and column (columns count Unicode scalars, as editors,
/// SARIF and GitHub expect) and the 0-based byte offset.
package struct SourcePosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  package var line: Int
  package var column: Int
  package var offset: Int

  package init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// The start of a file.
  package static let start = SourcePosition(line: 1, column: 1, offset: 0)

  package var description: String { "\(line):\(column)" }

  package static func < (a: Self, b: Self) -> Bool { a.offset < b.offset }
}

/// Where something is in a profile: the RFC 6901 pointer (its identity, stable across reformatting)
/// and the position of the value or key it names (for presentation).
package struct SourceLocation: Sendable, Hashable, Codable {
  package var pointer: JSONPointer
  package var position: SourcePosition

  package init(pointer: JSONPointer, position: SourcePosition) {
    self.pointer = pointer
    self.position = position
  }
}
