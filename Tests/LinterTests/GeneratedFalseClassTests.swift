import Linter
import Policy
import ProfileModel
import Testing

/// The claim disagreements the finding→`explain` property found on generated profiles (issue #14, the
/// `withKnownIssue` it carried), each reduced to its class: one case that must be reported, one that must not.
@Suite struct GeneratedFalseClassTests {
  func lint(_ text: String, _ lists: [String] = ["docker"]) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(text: text, file: "test.json")
    return Linter.lint(document, options: LintOptions(blocklists: lists.compactMap(Blocklist.builtIn)))
  }

  func messages(_ diagnostics: [Diagnostic], _ rule: String) -> [String] {
    diagnostics.filter { $0.ruleName == rule }.map(\.message)
  }

  // Under a default that allows, an allow rule is dropped by runc: it does not make the syscall "allowed
  // everywhere" against a later deny (chmod was claimed allowed while explain says KILL).
  @Test func anAllowRuncDropsIsNoSiblingAllow() throws {
    let dropped = try lint(#"""
      {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
        {"names": ["chmod"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["chmod"], "action": "SCMP_ACT_KILL"},
        {"names": ["fchmodat"], "action": "SCMP_ACT_KILL"}]}
      """#)
    #expect(messages(dropped, "bypass-sibling").allSatisfy { !$0.contains("but chmod,") })
    let open = try lint(#"""
      {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["fchmodat"], "action": "SCMP_ACT_KILL"}]}
      """#)
    #expect(messages(open, "bypass-sibling").contains { $0.hasPrefix("fchmodat is denied, but chmod, fchmod, fchmodat2") })
  }

  // A block is bypassable only where it holds: a deny excluded for CAP_SYS_BOOT blocks nothing with it.
  @Test func aBlockIsJudgedOnlyWhereTheDenyApplies() throws {
    let lifted = try lint(#"""
      {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
        {"names": ["kexec_load"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_SYS_TIME", "CAP_SYS_BOOT"]}}]}
      """#)
    #expect(messages(lifted, "bypass-sibling").isEmpty)
    let kept = try lint(#"""
      {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
        {"names": ["kexec_load"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_SYS_TIME"]}}]}
      """#)
    #expect(messages(kept, "bypass-sibling").contains { $0.hasPrefix("kexec_load is denied, but kexec_file_load") && $0.contains("with CAP_SYS_BOOT, without CAP_SYS_TIME") })
  }

  // A blocklisted member the default denies is not blocked where a rule allows it for some arguments.
  @Test func aMemberAllowedForSomeArgumentsIsNotBlockedThere() throws {
    let diagnostics = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["clock_settime"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}], "includes": {"arches": ["amd64"]}},
        {"names": ["adjtimex"], "action": "SCMP_ACT_ALLOW"}]}
      """#)
    let found = messages(diagnostics, "bypass-sibling")
    #expect(found.contains { $0.hasPrefix("clock_settime is on the docker blocklist, but adjtimex") && $0.contains("not on amd64 hosts") })
    #expect(!found.contains { $0.contains("clock_settime") && !$0.contains("not on amd64 hosts") })
  }

  // A rule on a syscall no filter of its hosts has decides nothing: socketcall for arm64 hosts, kexec_file_load
  // below 4.15 on arm64 (added there in 5.0), stime as a sibling on arm64. x86_64 has it only through its x86 ABI.
  @Test func aSyscallNoFilterHasIsNeitherAConflictNorASibling() throws {
    let arm = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}], "syscalls": [
        {"names": ["socketcall"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm64"]}},
        {"names": ["socketcall"], "action": "SCMP_ACT_KILL", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GT"}], "includes": {"arches": ["arm64"]}}]}
      """#)
    #expect(messages(arm, "blocklist-conflict").isEmpty)
    #expect(messages(arm, "conflicting-rules").isEmpty)
    let x86 = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}}]}
      """#)
    #expect(messages(x86, "blocklist-conflict").map { $0.hasPrefix("socketcall is allowed on amd64 hosts although") } == [true])
  }

  // Where a conditional rule with another action matches the same arguments, libseccomp's tree decides: the
  // finding says so instead of claiming the allow decides (runc splits `arg2 != 9 && arg2 != 0` into two rules,
  // so every argument matches one of them).
  @Test func anAllowOverlappingAnotherActionSaysTheTreeDecides() throws {
    let overlapping = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["clock_settime"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 536870912, "op": "SCMP_CMP_LT"}]},
        {"names": ["clock_settime"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 2, "value": 9, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 0, "op": "SCMP_CMP_NE"}]}]}
      """#)
    let found = messages(overlapping, "blocklist-conflict")
    #expect(found.count == 1)
    #expect(found.first?.hasSuffix("(where /syscalls/1 also applies to these arguments, libseccomp's decision tree picks)") == true)
    #expect(overlapping.first { $0.ruleName == "blocklist-conflict" }?.claims.map(\.verdict) == [.undecided])
    let avoidable = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["clock_settime"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 536870912, "op": "SCMP_CMP_LT"}]},
        {"names": ["clock_settime"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}]}]}
      """#)
    let claims = avoidable.first { $0.ruleName == "blocklist-conflict" }?.claims ?? []
    #expect(claims.map(\.verdict) == [.allowed])
    #expect(claims.first?.arguments.contains(ArgCondition(index: 2, op: .notEqual, value: 9)) == true)
    #expect(messages(avoidable, "blocklist-conflict").first?.contains("decision tree") == false)
  }
}

/// Docker's argument exemptions for socket and personality, as structured data (`blockedValues`).
@Suite struct BlockedValuesLintTests {
  func blocklistMessages(_ text: String) throws -> [String] {
    let document = try ProfileLoader.load(text: text, file: "test.json")
    return Linter.lint(document, options: LintOptions(blocklists: [Blocklist.docker!]))
      .filter { $0.ruleName == "blocklist-conflict" }.map(\.message)
  }

  @Test func socketIsJudgedByTheFamiliesItsFilterAdmits() throws {
    #expect(try blocklistMessages(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_EQ"}]}]}"#).isEmpty)
    let moby = try blocklistMessages(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#)
    #expect(moby == [
      "socket is allowed with values of arg0 other than AF_UNIX (1), AF_INET (2), AF_INET6 (10), AF_NETLINK (16), AF_PACKET (17) (e.g. arg0 == 0): the argument filter (arg0 != 40) lets them through, although the docker blocklist blocks it: Used to send or receive packets and for other socket operations. All socket and socketcall calls are blocked except communication domains AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, and AF_PACKET. (moby's own default profile lets them through too: Docker's documentation and its profile disagree)"
    ])
    // socketcall's filter sees the subcall: an argument filter stays the exemption there.
    #expect(try blocklistMessages(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#).isEmpty)
  }

  @Test func personalityIsJudgedByTheBSDPersona() throws {
    #expect(try blocklistMessages(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 131080, "op": "SCMP_CMP_EQ"}]}, {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]}]}"#).isEmpty)
    let bsd = try blocklistMessages(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_GE"}]}]}"#)
    #expect(bsd.count == 1)
    #expect(bsd.first?.hasPrefix("personality is allowed with PER_BSD (0x6) in arg0: the argument filter (arg0 >= 8) lets them through") == true)
  }
}
