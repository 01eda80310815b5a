/// A Docker Engine release (`20.10.10`, `23.0`, `1.13`), compared numerically.
package struct DockerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var parts: [Int]

  package init?(_ text: String) {
    let pieces = text.hasPrefix("v") ? text.dropFirst().split(separator: ".", omittingEmptySubsequences: false) : text.split(separator: ".", omittingEmptySubsequences: false)
    let numbers = pieces.compactMap { piece in piece.count <= 6 ? Int(piece) : nil }
    guard (2...3).contains(pieces.count), numbers.count == pieces.count else { return nil }
    parts = numbers
  }

  init(_ parts: Int...) { self.parts = parts }

  package var description: String { parts.map(String.init).joined(separator: ".") }

  package static func < (a: Self, b: Self) -> Bool {
    let count = max(a.parts.count, b.parts.count)
    let x = a.parts + Array(repeating: 0, count: count - a.parts.count)
    let y = b.parts + Array(repeating: 0, count: count - b.parts.count)
    return x.lexicographicallyPrecedes(y)
  }
}
