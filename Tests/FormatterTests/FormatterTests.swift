import Formatter
import Foundation
import ProfileModel
import Testing
import TestSupport

/// `fmt` on hand-written cases: the layout, and everything Go's decoder reads kept as it was.
@Suite struct FormatterTests {
  func format(_ text: String, sortNames: Bool = false) throws -> String {
    try ProfileFormatter.format(Array(text.utf8), options: .init(sortNames: sortNames))
  }

  @Test func writesMobysLayout() throws {
    let input = #"{"syscalls":[{"action":"SCMP_ACT_ALLOW","args":[],"names":["read","write"],"includes":{},"comment":""}],"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"subArchitectures":null,"architecture":"SCMP_ARCH_X86_64"}],"defaultErrnoRet":1}"#
    #expect(try format(input) == """
      {
      \t"defaultAction": "SCMP_ACT_ERRNO",
      \t"defaultErrnoRet": 1,
      \t"archMap": [
      \t\t{
      \t\t\t"architecture": "SCMP_ARCH_X86_64",
      \t\t\t"subArchitectures": null
      \t\t}
      \t],
      \t"syscalls": [
      \t\t{
      \t\t\t"names": [
      \t\t\t\t"read",
      \t\t\t\t"write"
      \t\t\t],
      \t\t\t"action": "SCMP_ACT_ALLOW",
      \t\t\t"args": [],
      \t\t\t"comment": "",
      \t\t\t"includes": {}
      \t\t}
      \t]
      }
      """)
  }

  @Test func keepsTheFinalNewlineOrItsAbsence() throws {
    #expect(try format("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}\r\n") == "{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\"\n}\n")
    #expect(try format("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}") == "{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\"\n}")
    #expect(try format("{}\n") == "{}\n")
  }

  /// Go binds `DEFAULTACTION` to defaultAction and keeps the last of several: the members move together, in order.
  @Test func duplicateAndCaseVariantKeysKeepTheirOrderAndMeaning() throws {
    let input = #"{"syscalls": [], "DEFAULTACTION": "SCMP_ACT_ALLOW", "architectures": [], "defaultAction": "SCMP_ACT_ERRNO", "defaultaction": null}"#
    let output = try format(input)
    #expect(output == """
      {
      \t"DEFAULTACTION": "SCMP_ACT_ALLOW",
      \t"defaultAction": "SCMP_ACT_ERRNO",
      \t"defaultaction": null,
      \t"architectures": [],
      \t"syscalls": []
      }
      """)
    try expectSameDecoding(input, output)
    #expect(try ProfileLoader.load(text: output, file: "x").profile.defaultAction == "SCMP_ACT_ERRNO")
  }

  @Test func unknownKeysComeFirstInFileOrder() throws {
    let input = #"{"defaultAction": "SCMP_ACT_ERRNO", "_comment": "why", "syscalls": [{"action": "SCMP_ACT_ALLOW", "_note": {"z": 1, "a": 2}, "names": ["read"]}], "description": "x"}"#
    let output = try format(input)
    #expect(output == """
      {
      \t"_comment": "why",
      \t"description": "x",
      \t"defaultAction": "SCMP_ACT_ERRNO",
      \t"syscalls": [
      \t\t{
      \t\t\t"_note": {
      \t\t\t\t"z": 1,
      \t\t\t\t"a": 2
      \t\t\t},
      \t\t\t"names": [
      \t\t\t\t"read"
      \t\t\t],
      \t\t\t"action": "SCMP_ACT_ALLOW"
      \t\t}
      \t]
      }
      """)
    try expectSameDecoding(input, output)
  }

  /// Numbers and strings are copied as spelled: `1e3` is refused by Go's uint decoding where `1000` is not.
  @Test func numberAndStringSpellingsAreKept() throws {
    let input = #"{"defaultAction": "SCMP_\u0041CT_ERRNO", "defaultErrnoRet": 1e3, "syscalls": [{"names": ["re\/ad", "\ud83d\ude00"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18446744073709551616, "args": [{"index": 0, "value": 1.0, "op": "SCMP_CMP_EQ"}]}]}"#
    let output = try format(input)
    for spelling in [#""SCMP_\u0041CT_ERRNO""#, "1e3", #""re\/ad""#, #""\ud83d\ude00""#, "18446744073709551616", "1.0"] {
      #expect(output.contains(spelling), "\(spelling)")
    }
    try expectSameDecoding(input, output)
  }

  /// Go reads each byte that starts no valid UTF-8 sequence as U+FFFD; `\ufffd` is read the same.
  @Test func invalidUTF8BecomesTheEscapeGoReadsIdentically() throws {
    var bytes = Array(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["a"#.utf8)
    bytes += [0xE2, 0x82, 0x41, 0xFF, 0xC3, 0xA9]  // truncated sequence, 'A', invalid byte, é
    bytes += Array(#""], "action": "SCMP_ACT_ALLOW"}]}"#.utf8)
    let output = try ProfileFormatter.format(bytes)
    #expect(output.contains(#""a\ufffd\ufffdA\ufffdé""#))
    let before = try ProfileLoader.load(bytes: bytes, file: "x")
    #expect(before.profile.syscalls?.first?.names == ["a\u{FFFD}\u{FFFD}A\u{FFFD}é"])
    #expect(try ProfileLoader.load(text: output, file: "y").profile == before.profile)
  }

  @Test func sortsNamesOnlyWhenAsked() throws {
    let input = #"{"syscalls": [{"names": ["write", "read", "Read", "read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["b", null, "a"], "action": "SCMP_ACT_ALLOW"}], "flags": ["b", "a"]}"#
    let plain = try format(input)
    #expect(plain.contains("\"write\",\n\t\t\t\t\"read\""))
    let sorted = try format(input, sortNames: true)
    #expect(sorted.contains("\"Read\",\n\t\t\t\t\"read\",\n\t\t\t\t\"read\",\n\t\t\t\t\"write\""))
    #expect(sorted.contains("\"b\",\n\t\t\t\tnull,\n\t\t\t\t\"a\""), "a names array holding a non-string is left alone")
    #expect(sorted.contains("\"b\",\n\t\t\"a\""), "only names are sorted")
    #expect(try format(sorted, sortNames: true) == sorted)
  }

  @Test func shapesTheLayoutDoesNotKnowAreWrittenInFileOrder() throws {
    for input in ["[]", "[1, {\"b\": 2, \"a\": 1}]", "\"x\"", "null", #"{"syscalls": {"z": 1, "a": 2}, "archMap": "x"}"#] {
      let output = try format(input)
      #expect(try format(output) == output)
      let reparsed = try format(output.replacing("\n", with: " ").replacing("\t", with: ""))
      #expect(reparsed == output)
    }
    #expect(try format(#"{"syscalls": {"z": 1, "a": 2}}"#) == "{\n\t\"syscalls\": {\n\t\t\"z\": 1,\n\t\t\"a\": 2\n\t}\n}")
  }

  @Test func syntaxErrorsAreLocated() {
    #expect(throws: JSONSyntaxError.self) { try format("{\"defaultAction\": \"SCMP_ACT_ERRNO\",}") }
    do throws(JSONSyntaxError) {
      _ = try ProfileFormatter.format(Array("{\n  \"a\": [1,]\n}".utf8))
      Issue.record("no error")
    } catch {
      #expect(error.position.line == 2)
      #expect(error.message == "trailing comma before ']'")
    }
  }

  /// The layout names exactly the model's fields (a field added to the model must get a place in the layout).
  @Test func layoutCoversTheModelsFields() {
    func names(_ schema: ObjectLayout.Schema) -> Set<String> { Set(ObjectLayout.of(schema).fields.map(\.name)) }
    #expect(names(.profile) == Set(Profile.CodingKeys.allCases.map(\.stringValue)))
    #expect(names(.syscallRule) == Set(SyscallRule.CodingKeys.allCases.map(\.stringValue)))
    #expect(names(.syscallArg) == Set(SyscallArg.CodingKeys.allCases.map(\.stringValue)))
    #expect(names(.ruleFilter) == Set(RuleFilter.CodingKeys.allCases.map(\.stringValue)))
    #expect(names(.archMapEntry) == Set(ArchMapEntry.CodingKeys.allCases.map(\.stringValue)))
  }

  @Test func projectProfilesAreFormattedIdempotentlyWithoutChangingMeaning() throws {
    let directory = Paths.packageRoot.appendingPathComponent("profiles")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    #expect(files.count >= 3)
    for file in files {
      try expectFormattingPreservesMeaning(directory.appendingPathComponent(file).path, name: "profiles/\(file)")
    }
  }
}

/// Both texts decode to the same profile, with the same decoding issues at the same pointers.
func expectSameDecoding(_ before: String, _ after: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  let old = try ProfileLoader.load(text: before, file: "before")
  let new = try ProfileLoader.load(text: after, file: "after")
  #expect(old.profile == new.profile, sourceLocation: sourceLocation)
  #expect(Set(old.issues.map(\.location.pointer)) == Set(new.issues.map(\.location.pointer)), sourceLocation: sourceLocation)
}
