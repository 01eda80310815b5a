import Differ
import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

func document(_ json: String, _ file: String = "p.json") throws -> ProfileDocument { try ProfileLoader.load(text: json, file: file) }

@Suite struct SymbolicDiffTests {
  let base = #"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["read", "write", "close"], "action": "SCMP_ACT_ALLOW"}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}, {"names": ["kill"], "action": "SCMP_ACT_KILL"}, {"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}"#

  @Test func reorderingRegroupingLegacyNamesCommentsAndSpellingsAreNoChange() throws {
    // Rules reordered and regrouped, legacy `name`, comments, SCMP_ACT_KILL_THREAD for SCMP_ACT_KILL, an explicit
    // errnoRet equal to the default, and a redundant deny runc drops anyway.
    let same = #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"name": "kill", "action": "SCMP_ACT_KILL_THREAD", "comment": "no signals"}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}, {"names": ["close"], "action": "SCMP_ACT_ALLOW"}, {"names": ["write", "read"], "action": "SCMP_ACT_ALLOW"}]}"#
    let diff = ProfileDiff.symbolic(old: try document(base), new: try document(same))
    #expect(diff.isEmpty, "\(diff.top) \(diff.changes)")
  }

  /// runc skips names libseccomp does not know, so adding a typo (or 200,000 of them) changes no behaviour.
  @Test func unknownNamesAreNoChange() throws {
    let typos = base.replacingOccurrences(of: #"["read", "write", "close"]"#, with: #"["read", "write", "close", "opne", "syscall_1f4"]"#)
    #expect(ProfileDiff.symbolic(old: try document(base), new: try document(typos)).isEmpty)
    let known = base.replacingOccurrences(of: #"["read", "write", "close"]"#, with: #"["read", "write", "close", "opne", "open"]"#)
    #expect(ProfileDiff.symbolic(old: try document(base), new: try document(known)).changes.map(\.syscall) == ["open"])
  }

  @Test func changesCarryConditionsAndDirection() throws {
    let new = base.replacingOccurrences(of: #""includes": {"minKernel": "4.8"}"#, with: #""includes": {"caps": ["CAP_SYS_PTRACE"]}"#)
      .replacingOccurrences(of: #"["read", "write", "close"]"#, with: #"["read", "write", "close", "io_uring_setup"]"#)
      .replacingOccurrences(of: #""SCMP_ACT_KILL""#, with: #""SCMP_ACT_KILL_PROCESS""#)
    let diff = ProfileDiff.symbolic(old: try document(base), new: try document(new))
    let byName = Dictionary(uniqueKeysWithValues: diff.changes.map { ($0.syscall, $0) })
    #expect(byName["ptrace"]?.new.summary == "ALLOW with CAP_SYS_PTRACE; otherwise ERRNO(EPERM)")
    #expect(byName["ptrace"]?.old.summary == "ALLOW on kernel ≥ 4.8; otherwise ERRNO(EPERM)")
    #expect(byName["ptrace"]?.direction == .changed, "wider with the cap on old kernels, narrower without it on new ones")
    #expect(byName["io_uring_setup"]?.direction == .widened)
    #expect(byName["kill"]?.direction == .changed)
    #expect(diff.changes.count == 3)
  }

  @Test func topLevelChanges() throws {
    let new = base.replacingOccurrences(of: #""defaultErrnoRet": 1"#, with: #""defaultErrnoRet": 38, "flags": ["SECCOMP_FILTER_FLAG_LOG"]"#)
      .replacingOccurrences(of: #""subArchitectures": ["SCMP_ARCH_X86"]"#, with: #""subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]"#)
    let diff = ProfileDiff.symbolic(old: try document(base), new: try document(new))
    #expect(diff.top.map(\.field) == ["defaultAction", "filter ABIs on amd64 hosts", "flags"])
    #expect(diff.top[0].direction == .changed)
    #expect(diff.top[1].new == "+SCMP_ARCH_X32")
    #expect(diff.top[1].direction == .widened)
  }
}

@Suite struct EvaluatedDiffTests {
  @Test func abiAddedToTheFilterWidensEverySyscallItAllows() throws {
    let old = try document(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "getpid"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let new = try document(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": ["read", "getpid"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let diff = ProfileDiff.evaluated(old: old, new: new, target: Target(architecture: try #require(Architecture.parse("amd64"))))
    #expect(diff.top.contains { $0.field == "filter ABIs" && $0.direction == .widened })
    let x86 = diff.changes.filter { $0.arch?.token == "SCMP_ARCH_X86" }
    #expect(x86.first { $0.syscall == "read" }?.direction == .widened)
    #expect(x86.first { $0.syscall == "read" }?.old.summary == "KILL_THREAD (ABI not in the filter)")
    #expect(x86.first { $0.syscall == "mount" }?.direction == .changed, "KILL → EPERM: still blocked")
    #expect(diff.changes.allSatisfy { $0.arch?.token == "SCMP_ARCH_X86" })
  }

  @Test func refusedProfileIsATopLevelChange() throws {
    let old = try document(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let new = try document(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 9999}]}"#)
    let diff = ProfileDiff.evaluated(old: old, new: new, target: Target(architecture: try #require(Architecture.parse("amd64"))))
    #expect(diff.top.first?.field == "status")
    #expect(diff.top.first?.new.hasPrefix("container does not start") == true)
    #expect(diff.changes.isEmpty)
  }
}
