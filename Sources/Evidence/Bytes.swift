#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-level helpers over one line (lines are parsed without building a String for the whole line: a 1 GB
/// log is mostly lines nobody needs as text).
typealias Line = UnsafeBufferPointer<UInt8>

extension UInt8 {
  static let space: UInt8 = 0x20, tab: UInt8 = 0x09, open: UInt8 = 0x28, close: UInt8 = 0x29
  static let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
  static let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, equals: UInt8 = 0x3D
  static let dot: UInt8 = 0x2E, colon: UInt8 = 0x3A, minus: UInt8 = 0x2D, plus: UInt8 = 0x2B, hash: UInt8 = 0x23
  static let less: UInt8 = 0x3C, escape: UInt8 = 0x1B

  var isDigit: Bool { self >= 0x30 && self <= 0x39 }
  var isHexDigit: Bool { isDigit || (self >= 0x61 && self <= 0x66) || (self >= 0x41 && self <= 0x46) }
  /// `[A-Za-z0-9_]`
  var isIdentifier: Bool { isDigit || (self >= 0x61 && self <= 0x7A) || (self >= 0x41 && self <= 0x5A) || self == 0x5F }
  var isBlank: Bool { self == .space || self == .tab }
}

extension UnsafeBufferPointer where Element == UInt8 {
  func skippingBlanks(from index: Int) -> Int {
    var i = index
    while i < count, self[i].isBlank { i += 1 }
    return i
  }

  func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
    let length = prefix.utf8CodeUnitCount
    guard index + length <= count else { return false }
    let bytes = prefix.utf8Start
    for k in 0..<length where self[index + k] != bytes[k] { return false }
    return true
  }

  /// The first index ≥ `from` where `needle` starts, if any (memchr and memcmp: every strace line is searched for
  /// spliced messages and `<unfinished ...>`, so this is on the hot path of a 1 GB log).
  func find(_ needle: StaticString, from: Int = 0) -> Int? {
    let length = needle.utf8CodeUnitCount
    guard length > 0, from >= 0, count - from >= length, let base = baseAddress else { return nil }
    let first = Int32(needle.utf8Start[0])
    var i = from
    // memchr to each candidate first byte, then memcmp (glibc's memmem is a GNU extension Swift does not import).
    while count - i >= length, let hit = memchr(base + i, first, count - i - length + 1) {
      let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
      if memcmp(base + at, needle.utf8Start, length) == 0 { return at }
      i = at + 1
    }
    return nil
  }

  /// The last index where `needle` starts, if any.
  func findLast(_ needle: StaticString) -> Int? {
    var last: Int?
    var from = 0
    while let found = find(needle, from: from) {
      last = found
      from = found + 1
    }
    return last
  }

  /// Whether the line holds `byte` (libc's memchr).
  func containsByte(_ byte: UInt8) -> Bool {
    guard let base = baseAddress, count > 0 else { return false }
    return memchr(base, Int32(byte), count) != nil
  }

  func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
  }

  /// The line for messages: at most 80 characters, control characters shown as `?`.
  var excerpt: String {
    let shown = Swift.min(count, 80)
    var bytes = Array(self[0..<shown])
    for i in bytes.indices where bytes[i] < 0x20 || bytes[i] == 0x7F { bytes[i] = 0x3F }
    return String(decoding: bytes, as: UTF8.self) + (count > 80 ? "…" : "")
  }

  /// Whether every byte is a blank.
  var isBlankLine: Bool { allSatisfy(\.isBlank) }

  /// The line without ANSI colour sequences (`ESC[…m`, strace ≥ 7.0 `--color=always`), if it has any.
  func withoutColour() -> [UInt8]? {
    guard containsByte(.escape) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(count)
    var i = 0
    while i < count {
      if self[i] == .escape, i + 1 < count, self[i + 1] == .openBracket {
        i += 2
        while i < count, !((self[i] >= 0x40 && self[i] <= 0x7E)) { i += 1 }
        i += 1
        continue
      }
      out.append(self[i])
      i += 1
    }
    return out
  }
}
