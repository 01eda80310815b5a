/// Invalid UTF-8 the way Go's `encoding/json` reads it: `unquoteBytes` decodes a string with `utf8.DecodeRune`,
/// which returns `(RuneError, 1)` for an invalid encoding, so every byte that does not start a valid sequence
/// becomes one U+FFFD (`"\xE2\x82A"` is two U+FFFD and "A"). Swift's `String(decoding:as:)` replaces a maximal
/// invalid subpart with one U+FFFD instead, which reads that example as one.
package enum GoUTF8 {
  /// The length of the valid UTF-8 sequence starting at `index` (1 to 4), or 0 when the byte there does not
  /// start one (stray continuation byte, overlong form, surrogate, above U+10FFFF, truncated).
  package static func validLength(_ bytes: some RandomAccessCollection<UInt8>, at index: Int) -> Int {
    func byte(_ offset: Int) -> UInt8? {
      let position = index + offset
      guard position < bytes.count else { return nil }
      return bytes[bytes.index(bytes.startIndex, offsetBy: position)]
    }
    guard let first = byte(0) else { return 0 }
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch first {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return 0
    }
    guard let second = byte(1), second >= low, second <= high else { return 0 }
    for offset in 2..<length {
      guard let next = byte(offset), next >= 0x80, next <= 0xBF else { return 0 }
    }
    return length
  }

  /// `bytes` decoded as Go decodes a JSON string's raw bytes: one U+FFFD per byte that starts no valid sequence.
  package static func decode(_ bytes: ArraySlice<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    var index = 0
    let base = bytes.startIndex
    while index < bytes.count {
      let length = validLength(bytes, at: index)
      if length == 0 {
        scalars.append("\u{FFFD}")
        index += 1
        continue
      }
      let valid = bytes[(base + index)..<(base + index + length)]
      scalars.append(contentsOf: String(decoding: valid, as: UTF8.self).unicodeScalars)
      index += length
    }
    return String(scalars)
  }
}
