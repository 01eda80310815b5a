/// A Linux release such as `5.3` or `2.6.16`; compared component-wise, a missing patch level counting as 0.
package struct KernelVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  package var major: Int
  package var minor: Int
  package var patch: Int?

  package init(_ major: Int, _ minor: Int, _ patch: Int? = nil) {
    self.major = major
    self.minor = minor
    self.patch = patch
  }

  /// Parses `X.Y` or `X.Y.Z` (digits only).
  package init?(_ text: some StringProtocol) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let numbers = parts.compactMap { part -> Int? in
      part.count <= 9 && part.allSatisfy(\.isASCIIDigitCharacter) ? Int(part) : nil
    }
    guard numbers.count == parts.count, numbers.count == 2 || numbers.count == 3 else { return nil }
    self.init(numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : nil)
  }

  package var description: String {
    patch.map { "\(major).\(minor).\($0)" } ?? "\(major).\(minor)"
  }

  package static func < (a: Self, b: Self) -> Bool {
    (a.major, a.minor, a.patch ?? 0) < (b.major, b.minor, b.patch ?? 0)
  }

  package static func == (a: Self, b: Self) -> Bool {
    (a.major, a.minor, a.patch ?? 0) == (b.major, b.minor, b.patch ?? 0)
  }

  package func hash(into hasher: inout Hasher) {
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch ?? 0)
  }

  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let version = KernelVersion(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad kernel version"))
    }
    self = version
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension Character {
  fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
