import ProfileModel
import Testing

@Suite struct LoaderPositionTests {
  func load(_ text: String) throws -> ProfileDocument { try ProfileLoader.load(text: text, file: "p.json") }

  @Test func positionsOfNestedRuleValues() throws {
    let doc = try load(
      """
      {
        "defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [
          {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
          {
            "names": ["personality"],
            "action": "SCMP_ACT_ALLOW",
            "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]
          }
        ]
      }
      """)
    #expect(doc.location(of: "/defaultAction").position.description == "2:20")
    #expect(doc.location(of: "/syscalls/0/names/1").position.description == "4:24")
    #expect(doc.location(of: "/syscalls/1/args/0/value").position.description == "8:38")
    #expect(doc.location(of: "/syscalls/1/args/0/value").pointer == "/syscalls/1/args/0/value")
    #expect(doc.profile.syscalls?[1].args?[0].value == 4_294_967_295)
    #expect(doc.issues.isEmpty)
  }

  @Test func missingValueFallsBackToNearestAncestor() throws {
    let doc = try load("{\n  \"syscalls\": [\n    {\"names\": [\"read\"]}\n  ]\n}")
    let location = doc.location(of: "/syscalls/0/action")
    #expect(location.pointer == "/syscalls/0")
    #expect(location.position.description == "3:5")
    #expect(doc.location(of: "/architectures").pointer == .root)
  }

  @Test func columnsCountUnicodeScalarsNotBytes() throws {
    // "é" is 2 bytes, "𝄞" 4 bytes and "日本" 6 bytes: each scalar is one column (45), 7 bytes more (52).
    let doc = try load(#"{"syscalls": [{"comment": "é𝄞日本", "names": ["read"]}]}"#)
    #expect(doc.profile.syscalls?[0].comment == "é𝄞日本")
    #expect(doc.location(of: "/syscalls/0/names/0").position.column == 45)
    #expect(doc.location(of: "/syscalls/0/names/0").position.offset == 52)
  }

  @Test func crlfLineEndings() throws {
    let doc = try load("{\r\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\r\n  \"syscalls\": [\r\n    {\"names\": [\"read\"]}\r\n  ]\r\n}\r\n")
    #expect(doc.location(of: "/defaultAction").position.description == "2:20")
    #expect(doc.location(of: "/syscalls/0/names/0").position.description == "4:16")
    #expect(doc.line(2) == "  \"defaultAction\": \"SCMP_ACT_ERRNO\",")
    #expect(doc.lineCount == 7)
  }

  @Test func loneCarriageReturnIsALineBreak() throws {
    let doc = try load("{\r\"defaultAction\": 1}")
    #expect(doc.location(of: "/defaultAction").position.description == "2:18")
  }

  @Test func linesForCarets() throws {
    let doc = try load("{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}")
    #expect(doc.line(2) == "  \"defaultAction\": \"SCMP_ACT_ALLOW\"")
    #expect(doc.line(4) == nil)
    #expect(doc.line(0) == nil)
  }
}
