/// File names are bytes; seclint keeps them in `String`s. A name that is not UTF-8 (`$'p\xff.json'`) is carried
/// losslessly: each byte of an invalid sequence becomes the private-use scalar U+10FF00 + byte (bytes 0x80–0xFF:
/// U+10FF80–U+10FFFF), and so do the bytes of a valid name that already holds one of those scalars, so decoding
/// is exact both ways. `bytes(_:)` gives the name back for open(2)/rename(2); `SafeText` shows such a byte as
/// `\xFF`. (Swift's `CommandLine.arguments` and `String(decoding:as:)` would turn the byte into U+FFFD, and the
/// file would be "missing".)
package enum FileName {
  private static let base: UInt32 = 0x10_FF00

  /// The byte a scalar stands for, when it is one of the encoded bytes.
  package static func byte(encodedAs scalar: Unicode.Scalar) -> UInt8? {
    scalar.value >= base + 0x80 ? UInt8(truncatingIfNeeded: scalar.value - base) : nil
  }

  /// A file name's bytes as a `String` (the same `String` as UTF-8 decoding when the name is valid UTF-8).
  package static func string(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: { byte(encodedAs: $0) != nil }) {
      return text
    }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < bytes.count {
      if let (scalar, length) = scalar(in: bytes, at: i), byte(encodedAs: scalar) == nil {
        out.append(scalar)
        i += length
      } else {
        // An invalid sequence (or an encoded-range scalar): its first byte alone, then resynchronise.
        let lead = bytes[i]
        out.append(Unicode.Scalar(lead < 0x80 ? UInt32(lead) : base + UInt32(lead))!)
        if let (_, length) = scalar(in: bytes, at: i) {
          for b in bytes[(i + 1)..<(i + length)] { out.append(Unicode.Scalar(base + UInt32(b))!) }
          i += length
        } else {
          i += 1
        }
      }
    }
    return String(out)
  }

  /// The well-formed UTF-8 scalar at `i` and its length (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
  private static func scalar(in bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[i]
    let length: Int
    let minimum: UInt32
    var value: UInt32
    switch lead {
    case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
    case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, minimum, value) = (4, 0x1_0000, UInt32(lead & 0x07))
    default: return nil
    }
    guard i + length <= bytes.count else { return nil }
    for b in bytes[(i + 1)..<(i + length)] {
      guard b & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(b & 0x3F)
    }
    guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
    return (scalar, length)
  }

  /// The bytes a name stands for (its UTF-8, with encoded bytes decoded).
  package static func bytes(_ name: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(name.utf8.count)
    for scalar in name.unicodeScalars {
      if let byte = byte(encodedAs: scalar) { out.append(byte) } else { out.append(contentsOf: String(scalar).utf8) }
    }
    return out
  }

  /// Calls `body` with the name as the NUL-terminated C string the system calls take.
  package static func withCString<R>(_ name: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
    guard name.unicodeScalars.contains(where: { byte(encodedAs: $0) != nil }) else { return try name.withCString(body) }
    let cString = bytes(name).map { CChar(bitPattern: $0) } + [0]
    return try cString.withUnsafeBufferPointer { try body($0.baseAddress!) }
  }
}
