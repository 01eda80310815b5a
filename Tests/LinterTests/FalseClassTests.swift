import Foundation
import Linter
import Policy
import ProfileModel
import Testing

/// The classes of findings the triage found false (issue #14), each with a case that must be reported and one
/// that must not.
@Suite struct FalseClassTests {
  func lint(_ text: String, _ lists: [String] = ["docker"]) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(text: text, file: "test.json")
    return Linter.lint(document, options: LintOptions(blocklists: lists.compactMap(Blocklist.builtIn)))
  }

  func messages(_ diagnostics: [Diagnostic], _ rule: String) -> [String] {
    diagnostics.filter { $0.ruleName == rule }.map(\.message)
  }

  // An allow that earlier unconditional denies override (containers-common's perf_event_open).
  @Test func anAllowIsReportedOnlyWhereItSurvivesTheRulesThatOverrideIt() throws {
    let overridden = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
        {"names": ["perf_event_open"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["perf_event_open"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_PERFMON"]}}]}
      """#)
    #expect(messages(overridden, "blocklist-conflict").map { $0.hasPrefix("perf_event_open is allowed with CAP_PERFMON+CAP_SYS_ADMIN although") } == [true])
    let always = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [
        {"names": ["perf_event_open"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
        {"names": ["perf_event_open"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_PERFMON"]}}]}
      """#)
    #expect(messages(always, "blocklist-conflict").isEmpty)
  }

  // Docker's clone exemption holds whatever the allowing rule's guard; a mask that lets a flag through is reported.
  @Test func cloneArgumentFiltersAreJudgedByTheFlagsTheyAdmit() throws {
    let complete = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}], "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}], "includes": {"arches": ["s390", "s390x"]}, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}
      """#)
    #expect(messages(complete, "blocklist-conflict").isEmpty)
    let old = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2080505856, "op": "SCMP_CMP_MASKED_EQ"}], "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}}]}
      """#)
    let found = messages(old, "blocklist-conflict")
    #expect(found.count == 1)
    #expect(found.first?.contains("the flag CLONE_NEWCGROUP (0x2000000) in arg0") == true)
  }

  // Argument conditions that can never hold together are not a conflict (containers-common's socket).
  @Test func rulesWhoseArgumentsNeverHoldTogetherDoNotConflict() throws {
    let disjoint = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"}, {"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}]},
        {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 9, "op": "SCMP_CMP_NE"}]}]}
      """#)
    #expect(messages(disjoint, "conflicting-rules").isEmpty)
    let overlapping = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "args": [{"index": 0, "value": 16, "op": "SCMP_CMP_EQ"}, {"index": 2, "value": 9, "op": "SCMP_CMP_EQ"}]},
        {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 8, "op": "SCMP_CMP_GT"}]}]}
      """#)
    #expect(messages(overlapping, "conflicting-rules").count == 1)
  }

  // adjtimex sets the clock only with CAP_SYS_TIME, under which settimeofday is allowed anyway.
  @Test func aSiblingTheKernelGatesLikeTheBlockedCallIsNoBypass() throws {
    let gated = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["adjtimex", "clock_adjtime"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["settimeofday", "stime", "clock_settime", "clock_settime64"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_TIME"]}}]}
      """#)
    #expect(messages(gated, "bypass-sibling").isEmpty)
    let open = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["adjtimex"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["settimeofday"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
      """#)
    let found = messages(open, "bypass-sibling")
    #expect(!found.isEmpty && found.allSatisfy { $0.hasSuffix("bypassable with CAP_SYS_TIME (the kernel lets them set the clock only with CAP_SYS_TIME)") })
  }

  // runc always adds the host's native arch: moby's ppc64le rule works on ppc64le hosts.
  @Test func aNameTheNativeArchHasIsNotDead() throws {
    let native = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
       "syscalls": [{"names": ["sync_file_range2", "swapcontext"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["ppc64le"]}}]}
      """#)
    #expect(messages(native, "syscall-not-on-arch").isEmpty)
    let dead = try lint(#"""
      {"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
       "syscalls": [{"names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}}]}
      """#)
    #expect(messages(dead, "syscall-not-on-arch").count == 1)
  }

  // Docker's documented gates: allowing a gated syscall only with its capability is not a conflict; Palantir has none.
  @Test func anAllowBehindTheDocumentedGateIsNoConflict() throws {
    let gated = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount", "settimeofday"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_TIME"]}}]}"#
    #expect(messages(try lint(gated), "blocklist-conflict").isEmpty)
    #expect(messages(try lint(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#, ["palantir"]), "blocklist-conflict").count == 1)
    let otherCap = try lint(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_BPF"]}}]}"#)
    #expect(messages(otherCap, "blocklist-conflict").map { $0.hasPrefix("bpf is allowed with CAP_BPF, without CAP_SYS_ADMIN although") } == [true])
    let outright = try lint(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["adjtimex"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let error = outright.filter { $0.ruleName == "blocklist-conflict" }
    #expect(error.map(\.severity) == [.error])
    #expect(error.first?.message.contains("Docker's documentation and its profile disagree") == true)
  }

  @Test func customBlocklistsReadGatedByAndRefuseUnknownCapabilities() throws {
    let list = try Blocklist.decode(Data(#"{"schemaVersion": 1, "name": "x", "title": "t", "syscalls": [{"names": ["mount"], "reason": "r", "gatedBy": ["CAP_SYS_ADMIN"]}]}"#.utf8))
    #expect(list.syscalls.first?.gatedBy == ["CAP_SYS_ADMIN"])
    #expect(throws: (any Error).self) {
      try Blocklist.decode(Data(#"{"schemaVersion": 1, "name": "x", "title": "t", "syscalls": [{"names": ["mount"], "reason": "r", "gatedBy": ["SYS_ADMIN"]}]}"#.utf8))
    }
  }
}
