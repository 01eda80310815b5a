@testable import Reporting
import Testing

/// SARIF fix regions come from `SourcePositions`' index; it must give what scanning the file from its start gives
/// (the way regions were computed before the index: quadratic in the number of fixes).
@Suite struct SourcePositionsTests {
  /// The scan from the file's start: LF, or CR not followed by LF, ends a line; a column is a Unicode scalar.
  static func scanned(_ offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1, column = 1
    var index = 0
    while index < offset, index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      index += 1
    }
    return (line, column)
  }

  @Test(arguments: [
    "", "a", "\n", "\r", "\r\n", "ab\ncd\r\nef\rgh\n", "é\nüx\r\n\r\n\n€𝄞a\r",
    String(repeating: "x", count: 700) + "\n" + String(repeating: "é", count: 300) + "\r\n" + String(repeating: "𝄞", count: 200),
  ])
  func everyOffsetAsTheScanSaysIt(_ text: String) {
    let bytes = Array(text.utf8)
    let positions = SourcePositions(bytes)
    for offset in 0...(bytes.count + 2) {
      let indexed = positions.position(offset), expected = Self.scanned(offset, in: bytes)
      #expect(indexed.line == expected.line && indexed.column == expected.column, "offset \(offset)")
    }
  }

  @Test func randomBytesAgree() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [10, 13, 0x61, 0xC3, 0xA9, 0xF0, 0x9D, 0x84, 0x9E, 0x80]
    for _ in 0..<200 {
      let bytes = (0..<Int.random(in: 0...1_200, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
      let positions = SourcePositions(bytes)
      for offset in stride(from: 0, through: bytes.count, by: 7) {
        let indexed = positions.position(offset), expected = Self.scanned(offset, in: bytes)
        #expect(indexed.line == expected.line && indexed.column == expected.column, "offset \(offset) of \(bytes)")
      }
    }
  }
}
