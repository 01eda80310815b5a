import ProfileModel
import Testing

@Suite struct SyntaxErrorTests {
  func error(_ bytes: [UInt8]) -> String? {
    do {
      _ = try ProfileLoader.load(bytes: bytes, file: "bad.json")
      return nil
    } catch {
      return error.description
    }
  }

  func error(_ text: String) -> String? { error(Array(text.utf8)) }

  @Test(arguments: [
    ("", "bad.json:1:1: empty input: expected a JSON value (a profile is an object)"),
    ("   \n ", "bad.json:2:2: empty input: expected a JSON value (a profile is an object)"),
    ("{\"a\": [1, 2,]}", "bad.json:1:13: trailing comma before ']'"),
    ("{\"a\": 1,}", "bad.json:1:9: trailing comma before '}'"),
    ("{\n  // note\n  \"a\": 1}", "bad.json:2:3: unexpected comment (JSON has no comments; Docker rejects the profile): expected a string key"),
    ("{\"a\": 1} /* x */", "bad.json:1:10: unexpected comment (JSON has no comments; Docker rejects the profile) after the top-level JSON value"),
    ("{\"a\": [", "bad.json:1:8: unexpected end of input: array opened at 1:7 is not closed"),
    ("{\"syscalls\": [{\"names\": [\"re", "bad.json:1:26: unterminated string (opened at 1:26)"),
    ("{\"a\": 01}", "bad.json:1:8: invalid number: leading zero"),
    ("{\"a\": -}", "bad.json:1:8: invalid number: expected a digit"),
    ("{\"a\": 1.}", "bad.json:1:9: invalid number: expected a digit after '.'"),
    ("{\"a\": tru}", "bad.json:1:10: unexpected '}': expected 'true'"),
    ("{\"a\": \"\\x\"}", "bad.json:1:8: invalid escape sequence '\\x'"),
    ("{\"a\": \"\\u12G4\"}", "bad.json:1:12: invalid \\u escape: expected 4 hexadecimal digits"),
    ("{\"a\": \"tab\there\"}", "bad.json:1:11: unescaped control character U+0009 in a string (opened at 1:7)"),
    ("{\"a\" 1}", "bad.json:1:6: unexpected '1': expected ':' after key"),
    ("{a: 1}", "bad.json:1:2: unexpected 'a': expected a string key"),
    ("{} {}", "bad.json:1:4: unexpected '{' after the top-level JSON value"),
    ("{\"a\": 1 \"b\": 2}", "bad.json:1:9: unexpected '\"': expected ',' or '}' after an object member"),
  ])
  func syntaxErrorsAreLocated(_ input: String, _ expected: String) {
    #expect(error(input) == expected)
  }

  @Test func byteOrderMark() {
    #expect(error([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == "bad.json:1:1: byte order mark (U+FEFF) before the JSON value; Docker's JSON parser rejects it")
  }

  @Test func nulBytes() {
    #expect(error([0x7B, 0x00, 0x7D]) == "bad.json:1:2: unexpected '\\x00': expected a string key")
    #expect(error(Array("{\"a\": \"x".utf8) + [0x00] + Array("\"}".utf8)) == "bad.json:1:9: unescaped control character U+0000 in a string (opened at 1:7)")
  }

  @Test func invalidUTF8OutsideStrings() {
    #expect(error([0x7B, 0xFF, 0x7D]) == "bad.json:1:2: unexpected '\\xFF': expected a string key")
  }

  @Test(arguments: ["[", "{\"a\":"])
  func hundredThousandDeepNestingIsRejected(_ opener: String) {
    let text = String(repeating: opener, count: 100_000)
    let message = error(text)
    let kind = opener == "[" ? "array" : "object"
    let column = opener == "[" ? 513 : 2561
    #expect(message == "bad.json:1:\(column): \(kind) nested deeper than 512 levels")
  }

  @Test func deepButBoundedNestingIsAccepted() throws {
    let text = "{\"x\": " + String(repeating: "[", count: 400) + String(repeating: "]", count: 400) + "}"
    #expect(error(text) == nil)
  }

  @Test func missingFileAndDirectory() {
    #expect(throws: ProfileLoadError.unreadable(file: "/nonexistent/p.json", reason: "no such file")) {
      try ProfileLoader.load(path: "/nonexistent/p.json")
    }
    #expect(throws: ProfileLoadError.unreadable(file: "/tmp", reason: "is a directory, not a profile")) {
      try ProfileLoader.load(path: "/tmp")
    }
  }
}
