/// A syntax error with the position where the input stopped being JSON.
package struct JSONSyntaxError: Error, Sendable, Hashable {
  package var position: SourcePosition
  package var message: String
}

/// A non-fatal observation made while scanning (the value is still usable).
package struct ScanWarning: Sendable, Hashable {
  package var position: SourcePosition
  package var message: String
}

/// Parses JSON bytes (RFC 8259, as strict as Go's `encoding/json`) into a `JSONNode` tree that keeps every
/// key, duplicate and position.
///
/// Nesting is bounded (`maxDepth`), so hostile input cannot exhaust the stack. Like Go, invalid UTF-8 inside
/// strings is accepted and replaced by U+FFFD (reported as a warning); a BOM, comments, trailing commas,
/// leading zeros and data after the top-level value are errors.
package struct JSONScanner {
  package static let defaultMaxDepth = 512

  private let bytes: [UInt8]
  private let maxDepth: Int
  private var index = 0
  private var line = 1
  private var column = 1
  private var depth = 0
  package private(set) var warnings: [ScanWarning] = []

  package init(_ bytes: [UInt8], maxDepth: Int = JSONScanner.defaultMaxDepth) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// Parses one JSON value that must fill the whole input (surrounding whitespace aside).
  package mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      throw fail("byte order mark (U+FEFF) before the JSON value; Docker's JSON parser rejects it")
    }
    skipWhitespace()
    if index == bytes.count { throw fail("empty input: expected a JSON value (a profile is an object)") }
    let root = try parseValue()
    skipWhitespace()
    if index < bytes.count { throw fail("unexpected \(describeCurrent()) after the top-level JSON value") }
    return root
  }

  // MARK: - Values

  private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
    let start = position
    guard index < bytes.count else { throw fail("unexpected end of input: expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(start)
    case UInt8(ascii: "["): return try parseArray(start)
    case UInt8(ascii: "\""): return JSONNode(.string(try parseString()), at: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONNode(.number(try parseNumber()), at: start)
    case UInt8(ascii: "t"): try expectLiteral("true"); return JSONNode(.bool(true), at: start)
    case UInt8(ascii: "f"): try expectLiteral("false"); return JSONNode(.bool(false), at: start)
    case UInt8(ascii: "n"): try expectLiteral("null"); return JSONNode(.null, at: start)
    default: throw fail("unexpected \(describeCurrent()): expected a value")
    }
  }

  private mutating func enter(_ opener: String) throws(JSONSyntaxError) {
    depth += 1
    if depth > maxDepth { throw fail("\(opener) nested deeper than \(maxDepth) levels") }
  }

  private mutating func parseObject(_ start: SourcePosition) throws(JSONSyntaxError) -> JSONNode {
    try enter("object")
    defer { depth -= 1 }
    advance()  // {
    var members: [JSONMember] = []
    skipWhitespace()
    if peek(UInt8(ascii: "}")) {
      advance()
      return JSONNode(.object(members), at: start)
    }
    members.reserveCapacity(4)  // a profile's objects have a handful of keys: one allocation instead of three
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("object", start) }
      guard bytes[index] == UInt8(ascii: "\"") else {
        if bytes[index] == UInt8(ascii: "}") { throw fail("trailing comma before '}'") }
        throw fail("unexpected \(describeCurrent()): expected a string key")
      }
      let keyPosition = position
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("object", start) }
      guard bytes[index] == UInt8(ascii: ":") else { throw fail("unexpected \(describeCurrent()): expected ':' after key") }
      advance()
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("object", start) }
      members.append(JSONMember(key: key, keyPosition: keyPosition, value: try parseValue()))
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("object", start) }
      switch bytes[index] {
      case UInt8(ascii: ","): advance()
      case UInt8(ascii: "}"):
        advance()
        return JSONNode(.object(members), at: start)
      default: throw fail("unexpected \(describeCurrent()): expected ',' or '}' after an object member")
      }
    }
  }

  private mutating func parseArray(_ start: SourcePosition) throws(JSONSyntaxError) -> JSONNode {
    try enter("array")
    defer { depth -= 1 }
    advance()  // [
    var elements: [JSONNode] = []
    skipWhitespace()
    if peek(UInt8(ascii: "]")) {
      advance()
      return JSONNode(.array(elements), at: start)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("array", start) }
      if bytes[index] == UInt8(ascii: "]") { throw fail("trailing comma before ']'") }
      elements.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else { throw unterminated("array", start) }
      switch bytes[index] {
      case UInt8(ascii: ","): advance()
      case UInt8(ascii: "]"):
        advance()
        return JSONNode(.array(elements), at: start)
      default: throw fail("unexpected \(describeCurrent()): expected ',' or ']' after an array element")
      }
    }
  }

  private mutating func parseNumber() throws(JSONSyntaxError) -> String {
    let startIndex = index
    if peek(UInt8(ascii: "-")) { advance() }
    guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number: expected a digit") }
    if bytes[index] == UInt8(ascii: "0") {
      advance()
      if index < bytes.count, isDigit(bytes[index]) { throw fail("invalid number: leading zero") }
    } else {
      while index < bytes.count, isDigit(bytes[index]) { advance() }
    }
    if peek(UInt8(ascii: ".")) {
      advance()
      guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number: expected a digit after '.'") }
      while index < bytes.count, isDigit(bytes[index]) { advance() }
    }
    if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
      advance()
      if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { advance() }
      guard index < bytes.count, isDigit(bytes[index]) else {
        throw fail("invalid number: expected a digit in the exponent")
      }
      while index < bytes.count, isDigit(bytes[index]) { advance() }
    }
    return String(decoding: bytes[startIndex..<index], as: UTF8.self)
  }

  private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
    let expected = literal.withUTF8Buffer { Array($0) }
    for byte in expected {
      guard index < bytes.count, bytes[index] == byte else {
        throw fail("unexpected \(describeCurrent()): expected '\(literal)'")
      }
      advance()
    }
  }

  // MARK: - Strings

  private mutating func parseString() throws(JSONSyntaxError) -> String {
    let start = position
    advance()  // opening quote
    var result = ""
    var warned = false
    while true {
      // Scan a run of plain bytes in one go, counting columns (scalars: UTF-8 continuation bytes do not count).
      var end = index
      var columns = 0
      var ascii = true
      bytes.withUnsafeBufferPointer { buffer in
        while end < buffer.count {
          let byte = buffer[end]
          if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
          if byte >= 0x80 {
            ascii = false
            if byte & 0xC0 != 0x80 { columns += 1 }
          } else {
            columns += 1
          }
          end += 1
        }
      }
      if end > index {
        let run = bytes[index..<end]
        if ascii {
          if result.isEmpty { result = String(decoding: run, as: UTF8.self) } else { result += String(decoding: run, as: UTF8.self) }
        } else if let valid = String(validating: run, as: UTF8.self) {
          result += valid
        } else {
          result += GoUTF8.decode(run)  // each byte starting no valid sequence becomes U+FFFD, as in Go
          warnInvalidUTF8(start, &warned)
        }
        column += columns
        index = end
      }
      guard index < bytes.count else { throw fail("unterminated string (opened at \(start))", at: start) }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        advance()
        return result
      }
      if byte == UInt8(ascii: "\\") {
        result.unicodeScalars.append(try parseEscape())
        continue
      }
      throw fail("unescaped control character U+\(hex4(UInt32(byte))) in a string (opened at \(start))")
    }
  }

  private mutating func warnInvalidUTF8(_ start: SourcePosition, _ warned: inout Bool) {
    guard !warned else { return }
    warned = true
    warnings.append(
      ScanWarning(position: start, message: "string contains invalid UTF-8; Go replaces it with U+FFFD"))
  }

  private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
    let start = position
    advance()  // backslash
    guard index < bytes.count else { throw fail("unterminated escape sequence") }
    let byte = bytes[index]
    advance()
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try parseHex4()
      if (0xD800..<0xDC00).contains(high) {
        // A surrogate pair; an unpaired surrogate becomes U+FFFD, as in Go.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
          let save = (index, line, column)
          advance()
          advance()
          let low = try parseHex4()
          if (0xDC00..<0xE000).contains(low) {
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
          }
          (index, line, column) = save
        }
        return "\u{FFFD}"
      }
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    default:
      throw fail("invalid escape sequence '\\\(describeByte(byte))'", at: start)
    }
  }

  private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard index < bytes.count, let digit = hexValue(bytes[index]) else {
        throw fail("invalid \\u escape: expected 4 hexadecimal digits")
      }
      value = value << 4 | digit
      advance()
    }
    return value
  }

  // MARK: - Low level

  private var position: SourcePosition { SourcePosition(line: line, column: column, offset: index) }

  private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

  /// Moves past one byte, keeping line and column (columns count scalars: UTF-8 continuation bytes do not).
  private mutating func advance() {
    let byte = bytes[index]
    index += 1
    if byte == UInt8(ascii: "\n") {
      line += 1
      column = 1
    } else if byte == UInt8(ascii: "\r") {
      if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { return }  // CRLF counts once, at the LF
      line += 1
      column = 1
    } else if byte & 0xC0 != 0x80 {
      column += 1
    }
  }

  /// Skips JSON whitespace (a comment, `//` or `/*`, stops it like any other byte: the caller reports it).
  /// Spaces, tabs and line feeds, nearly all of a pretty-printed profile's whitespace, are counted inline.
  private mutating func skipWhitespace() {
    while index < bytes.count {
      // Runs of spaces, tabs and line feeds without bounds checks; a carriage return (CRLF counts once) and
      // anything else leave the run.
      var (position, line, column) = (index, self.line, self.column)
      bytes.withUnsafeBufferPointer { buffer in
        loop: while position < buffer.count {
          switch buffer[position] {
          case UInt8(ascii: " "), UInt8(ascii: "\t"): column += 1
          case UInt8(ascii: "\n"):
            line += 1
            column = 1
          default: break loop
          }
          position += 1
        }
      }
      (index, self.line, self.column) = (position, line, column)
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\r") else { return }
      advance()
    }
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  private func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  private func describeCurrent() -> String {
    guard index < bytes.count else { return "end of input" }
    let byte = bytes[index]
    if byte == UInt8(ascii: "/"), index + 1 < bytes.count,
      bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")
    {
      return "comment (JSON has no comments; Docker rejects the profile)"
    }
    return "'\(describeByte(byte))'"
  }

  private func describeByte(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return String(UnicodeScalar(byte)) }
    return "\\x" + String(hex4(UInt32(byte)).suffix(2))
  }

  private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private func fail(_ message: String, at position: SourcePosition? = nil) -> JSONSyntaxError {
    JSONSyntaxError(position: position ?? self.position, message: message)
  }

  private func unterminated(_ what: String, _ start: SourcePosition) -> JSONSyntaxError {
    fail("unexpected end of input: \(what) opened at \(start) is not closed")
  }
}
