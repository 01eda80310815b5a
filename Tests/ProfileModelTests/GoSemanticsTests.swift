import ProfileModel
import Testing

/// moby decodes with Go's encoding/json; these are the behaviours of moby-semantics.md §2.
@Suite struct GoSemanticsTests {
  func load(_ text: String) throws -> ProfileDocument { try ProfileLoader.load(text: text, file: "p.json") }

  func kinds(_ doc: ProfileDocument) -> [DecodeIssue.Kind] { doc.issues.map(\.kind) }

  @Test func unknownKeysAreKeptAndSuggested() throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "include": {"capz": ["CAP_SYS_PTRACE"], "minkernal": "4.8"}}]}"#)
    #expect(doc.profile.syscalls?[0].includes == nil)
    #expect(kinds(doc) == [.unknownKey(key: "include", suggestion: "includes")])
    #expect(doc.issues[0].location.pointer == "/syscalls/0/include")
    #expect(doc.issues[0].location.position.column == 100)
    #expect(doc.issues[0].message == "unknown key 'include' is ignored by Docker; did you mean 'includes'?")
  }

  @Test func unknownKeysInsideKnownObjects() throws {
    let doc = try load(#"{"syscalls": [{"names": ["ptrace"], "includes": {"capz": ["X"], "minkernal": "4.8", "zzz": 1}}]}"#)
    #expect(
      kinds(doc) == [
        .unknownKey(key: "capz", suggestion: "caps"), .unknownKey(key: "minkernal", suggestion: "minKernel"),
        .unknownKey(key: "zzz", suggestion: nil),
      ])
    #expect(doc.profile.syscalls?[0].includes == RuleFilter())
  }

  @Test func caseVariantKeysBindAndAreReported() throws {
    let doc = try load(#"{"DEFAULTACTION": "SCMP_ACT_ERRNO", "SysCalls": [{"Names": ["read"], "action": "SCMP_ACT_ALLOW", "ErrnoRet": 5, "includes": {"min\u212Aernel": "4.8"}}], "\u017Fyscalls2": 1}"#)
    #expect(doc.profile.defaultAction == "SCMP_ACT_ERRNO")
    #expect(doc.profile.syscalls?[0].names == ["read"])
    #expect(doc.profile.syscalls?[0].errnoRet == 5)
    #expect(doc.profile.syscalls?[0].includes?.minKernel == "4.8")
    #expect(
      kinds(doc) == [
        .caseVariantKey(key: "DEFAULTACTION", field: "defaultAction"),
        .caseVariantKey(key: "SysCalls", field: "syscalls"), .caseVariantKey(key: "Names", field: "names"),
        .caseVariantKey(key: "ErrnoRet", field: "errnoRet"),
        .caseVariantKey(key: "min\u{212A}ernel", field: "minKernel"),
        .unknownKey(key: "\u{017F}yscalls2", suggestion: "syscalls"),
      ])
    #expect(doc.location(of: "/syscalls/0/names/0").pointer == "/SysCalls/0/Names/0")
  }

  @Test func duplicateKeysLastWinsEvenOverExactCase() throws {
    let doc = try load(#"{"syscalls": [{"names": ["a"], "Names": ["b"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(doc.profile.syscalls?[0].names == ["b"])
    #expect(doc.issues.contains { $0.kind == .caseVariantKey(key: "Names", field: "names") })
    let duplicate = try #require(doc.issues.first { if case .duplicateKey = $0.kind { true } else { false } })
    #expect(duplicate.location.pointer == "/syscalls/0/names")
    #expect(duplicate.message == "'names' is given again at 1:32; Go keeps only the later value")
    #expect(doc.location(of: "/syscalls/0/names/0").pointer == "/syscalls/0/Names/0")
  }

  @Test func duplicateObjectsMerge() throws {
    let doc = try load(#"{"syscalls": [{"names": ["x"], "includes": {"caps": ["CAP_A"]}, "includes": {"arches": ["amd64"]}}]}"#)
    #expect(doc.profile.syscalls?[0].includes == RuleFilter(caps: ["CAP_A"], arches: ["amd64"]))
    #expect(doc.issues.map(\.message) == ["'includes' is given again at 1:65; Go merges the two objects, later keys winning"])
    #expect(doc.location(of: "/syscalls/0/includes/caps").position.column == 53)
  }

  @Test func nullLeavesScalarsButResetsPointers() throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": null, "defaultErrnoRet": 1, "defaultErrnoRet": null}"#)
    #expect(doc.profile.defaultAction == "SCMP_ACT_ERRNO")
    #expect(doc.profile.defaultErrnoRet == nil)
  }

  @Test func nullRuleIsReported() throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [null, {"names": ["read"]}]}"#)
    #expect(doc.profile.syscalls?.count == 2)
    #expect(doc.profile.syscalls?[1].names == ["read"])
    #expect(kinds(doc) == [.nullElement])
    #expect(doc.issues[0].location.pointer == "/syscalls/0")
  }

  @Test(arguments: ["-1", "1.0", "1e2", "\"1\"", "true", "18446744073709551616"])
  func errnoRetMustBeAnUnsignedInteger(_ literal: String) throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": \#(literal)}"#)
    #expect(doc.profile.defaultErrnoRet == nil)
    #expect(doc.issues.count == 1)
    #expect(doc.issues.first?.location.pointer == "/defaultErrnoRet")
    if case .typeMismatch = doc.issues.first?.kind {} else { Issue.record("expected a type mismatch") }
  }

  @Test func valuesUpToUInt64Max() throws {
    let doc = try load(#"{"syscalls": [{"names": ["x"], "args": [{"index": 0, "value": 18446744073709551615, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]}"#)
    #expect(doc.profile.syscalls?[0].args?[0].value == UInt64.max)
    #expect(doc.issues.isEmpty)
  }

  @Test func wrongTypesInsideArraysKeepIndexes() throws {
    let doc = try load(#"{"syscalls": [{"names": ["read", 1, "write"], "action": 7}, "oops"]}"#)
    #expect(doc.profile.syscalls?[0].names == ["read", "", "write"])
    #expect(doc.profile.syscalls?[0].action == nil)
    #expect(doc.profile.syscalls?.count == 2)
    #expect(doc.issues.map(\.location.pointer) == ["/syscalls/0/names/1", "/syscalls/0/action", "/syscalls/1"])
    #expect(doc.issues[0].message == "expected a string, found number 1; Docker refuses to decode the profile")
  }

  @Test func namesAsAStringIsATypeError() throws {
    let doc = try load(#"{"syscalls": [{"names": "read"}]}"#)
    #expect(doc.profile.syscalls?[0].names == nil)
    #expect(doc.issues.first?.kind == .typeMismatch(expected: "an array", found: "string"))
  }

  @Test func topLevelNonObjects() throws {
    for text in ["[]", "\"x\"", "3"] {
      let doc = try load(text)
      #expect(doc.profile == Profile())
      #expect(doc.issues.first?.kind == .typeMismatch(expected: "an object", found: doc.root.typeName))
    }
    #expect(try load("null").issues.isEmpty, "top-level null is unconfined in Docker, not an error")
  }

  @Test func legacyNameAndPodmanFields() throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": "ENOSYS", "syscalls": [{"name": "open", "action": "SCMP_ACT_ERRNO", "errno": "EPERM"}]}"#)
    #expect(doc.profile.defaultErrno == "ENOSYS")
    #expect(doc.profile.syscalls?[0].effectiveNames == ["open"])
    #expect(doc.profile.syscalls?[0].errno == "EPERM")
    #expect(doc.issues.isEmpty)
  }

  /// moby's types have no `defaultErrno`/`errno` (Podman's): a wrong type there is Podman's refusal, not Docker's.
  @Test func wrongTypesInPodmanFieldsDoNotMakeDockerRefuse() throws {
    let doc = try load(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": 38, "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errno": ["EPERM"]}]}"#)
    #expect(doc.profile.defaultErrno == nil)
    #expect(doc.profile.syscalls?[0].errno == nil)
    #expect(kinds(doc) == [
      .podmanTypeMismatch(expected: "a string", found: "number"), .podmanTypeMismatch(expected: "a string", found: "array"),
    ])
    #expect(doc.issues.map(\.location.pointer) == ["/defaultErrno", "/syscalls/0/errno"])
    #expect(doc.issues[0].message.hasSuffix("Podman and CRI-O (containers/common) refuse to decode the profile, Docker ignores the field"))
  }

  @Test func invalidUTF8InStringsIsReplacedAndReported() throws {
    let bytes: [UInt8] = Array(#"{"syscalls": [{"comment": ""#.utf8) + [0xFF, 0x41] + Array(#"", "names": ["read"]}]}"#.utf8)
    let doc = try ProfileLoader.load(bytes: bytes, file: "p.json")
    #expect(doc.profile.syscalls?[0].comment == "\u{FFFD}A")
    #expect(kinds(doc) == [.invalidUTF8])
  }

  @Test func escapesAndSurrogates() throws {
    let doc = try load(#"{"syscalls": [{"comment": "a\"b\\c\/d\u00e9\ud834\udd1e\ud800x", "names": ["read"]}]}"#)
    #expect(doc.profile.syscalls?[0].comment == "a\"b\\c/dé𝄞\u{FFFD}x")
  }
}
