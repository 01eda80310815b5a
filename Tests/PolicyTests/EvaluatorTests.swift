import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

/// The tricky cases of arch-hazards.md §7–9 and moby-semantics.md §3–5, on small hand-written profiles.
func evaluate(
  _ json: String, arch: String = "SCMP_ARCH_X86_64", caps: Set<String> = Capabilities.dockerDefault,
  kernel: KernelVersion = KernelVersion(6, 18), runtime: Runtime = .runc, libseccomp: LibseccompRelease = .v2_6_1
) throws -> EffectivePolicy {
  let document = try ProfileLoader.load(text: json, file: "test.json")
  let architecture = try #require(Architecture.parse(arch))
  return Evaluator.evaluate(
    document, for: Target(architecture: architecture, capabilities: caps, kernel: kernel, runtime: runtime, libseccomp: libseccomp))
}

extension EffectivePolicy {
  func decision(_ name: String, on arch: String) -> Decision? {
    abis.first { $0.architecture.token == arch }?.syscalls.first { $0.name == name }?.decision
  }
  func action(_ name: String, on arch: String = "SCMP_ARCH_X86_64") -> SeccompAction? { decision(name, on: arch)?.action }
  var refusal: Refusal? { if case .refused(let r) = status { r } else { nil } }
}

@Suite struct EnosysStubTests {
  @Test func numbersAboveTheLargestNamedSyscallGetENOSYS() throws {
    // read = 0, write = 1, getpid = 39 on x86_64: 39 is the threshold.
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "getpid"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(policy.abi(try #require(Architecture.parse("x86_64")))?.stubMaximum == 39)
    #expect(policy.action("read") == .allow)
    #expect(policy.action("dup") == .errno(1), "32 ≤ 39: the default action")
    #expect(policy.action("socket") == .errno(38), "41 > 39: ENOSYS from runc's stub")
    #expect(policy.decision("socket", on: "SCMP_ARCH_X86_64")?.origin == .enosysStub(maxNumber: 39))
  }

  @Test func redundantRulesStillCountForTheThreshold() throws {
    // clone3's ERRNO(EPERM) equals the default, so runc drops the rule, but its number (435) still raises the bar.
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO"}]}"#)
    #expect(policy.abis.first?.stubMaximum == 435)
    #expect(policy.action("clone3") == .errno(1))
    #expect(policy.action("openat2") == .errno(38), "437 > 435")
    #expect(policy.action("socket") == .errno(1))
    #expect(policy.rules.first { $0.name == "clone3" }?.fate == .skippedByRunc("same action as the default action ERRNO(EPERM), so runc drops the rule"))
  }

  @Test func unknownNamesDoNotCount() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "not_a_syscall"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(policy.abis.first?.stubMaximum == nil)
    #expect(policy.rules.first { $0.name == "not_a_syscall" }?.fate == .skippedByRunc("name unknown to libseccomp 2.6.1, so runc ignores it"))
  }

  @Test func permissiveDefaultsAndRuntimeNoneHaveNoStub() throws {
    for action in ["SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE"] {
      let policy = try evaluate(#"{"defaultAction": "\#(action)", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_KILL"}]}"#)
      #expect(policy.abis.first?.stubMaximum == nil, "\(action)")
    }
    let none = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#, runtime: .none)
    #expect(none.action("socket") == .errno(1))
  }

  @Test func x32HasItsOwnThreshold() throws {
    // With X32 in the filter, x32 numbers compare with the x32 maximum (547|bit from the x32-only block is the
    // largest when rt_sigaction is named), so newer x32 syscalls get EPERM, not ENOSYS (arch-hazards.md §4, §8).
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X32"]}], "syscalls": [{"names": ["read", "rt_sigaction", "execveat"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(policy.abis.map(\.architecture.token) == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"])
    #expect(policy.abi(try #require(Architecture.parse("x32")))?.stubMaximum == 545 | 0x4000_0000)
    #expect(policy.action("statx", on: "SCMP_ARCH_X32") == .errno(1))
    #expect(policy.action("statx", on: "SCMP_ARCH_X86_64") == .errno(38))
  }

  @Test func armPrivateCallsRaiseTheArmThreshold() throws {
    // set_tls is 0xf0005 on arm: every newer 32-bit arm syscall falls to the default errno (§8).
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}], "syscalls": [{"names": ["read", "set_tls"], "action": "SCMP_ACT_ALLOW"}]}"#, arch: "arm64")
    #expect(policy.abi(try #require(Architecture.parse("arm")))?.stubMaximum == 0x0f0005)
    #expect(policy.action("mseal", on: "SCMP_ARCH_ARM") == .errno(1))
    #expect(policy.action("mseal", on: "SCMP_ARCH_AARCH64") == .errno(38))
  }

  @Test func mipsStubReturnsMipsENOSYS() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#, arch: "mips64")
    #expect(policy.action("write", on: "SCMP_ARCH_MIPS64") == .errno(89))
  }

  @Test func olderLibseccompSkipsNewNamesAndLowersTheThreshold() throws {
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["getpid", "mseal"], "action": "SCMP_ACT_ALLOW"}]}"#
    #expect(try evaluate(json).action("mseal") == .allow)
    let old = try evaluate(json, libseccomp: .debian2_5_4)
    #expect(old.action("mseal") == .errno(38), "runc with libseccomp 2.5.4 ignores mseal; the stub answers")
  }

  @Test func noStubSectionWhenTheLargestNumberIsZero() throws {
    // runc's findLastSyscalls keeps a section only for a non-zero maximum: naming only read (0) gives none.
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(policy.abis.first?.stubMaximum == nil)
    #expect(policy.action("mseal") == .errno(1))
  }
}

@Suite struct RuleCombinationTests {
  @Test func ruleEqualToTheDefaultIsDropped() throws {
    // An explicit EPERM deny under an EPERM default has no effect; an ALLOW before it then stands alone.
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ERRNO"}, {"names": ["socketcall", "read"], "action": "SCMP_ACT_ALLOW"}]}"#, arch: "x86")
    #expect(policy.action("socketcall", on: "SCMP_ARCH_X86") == .allow)
  }

  @Test func repeatedArgumentIndexesAreORed() throws {
    // runc splits [arg0 != 38, arg0 != 40] into two rules: together they allow everything.
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_NE"}, {"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#)
    let decision = try #require(policy.decision("socket", on: "SCMP_ARCH_X86_64"))
    #expect(decision.branches.count == 2)
    for family: UInt64 in [38, 40, 2] { #expect(decision.outcome(for: [family, 0, 0, 0, 0, 0], bits: 64) == .allow) }
  }

  @Test func differentIndexesAreANDed() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#)
    let decision = try #require(policy.decision("socket", on: "SCMP_ARCH_X86_64"))
    #expect(decision.outcome(for: [2, 1, 0, 0, 0, 0], bits: 64) == .allow)
    #expect(decision.outcome(for: [2, 2, 0, 0, 0, 0], bits: 64) == .errno(1))
  }

  @Test func unconditionalBeatsConditionalAndFirstUnconditionalWins() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["ptrace"], "action": "SCMP_ACT_KILL"}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let decision = try #require(policy.decision("ptrace", on: "SCMP_ARCH_X86_64"))
    #expect(decision.action == .killThread)
    #expect(decision.branches.isEmpty)
    #expect(decision.origin == .rule("/syscalls/1"))
  }

  @Test func conditionalRulesWithDifferentActionsAreAmbiguous() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_GT"}]}, {"names": ["personality"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 0, "value": 10, "op": "SCMP_CMP_EQ"}]}]}"#)
    let decision = try #require(policy.decision("personality", on: "SCMP_ARCH_X86_64"))
    #expect(decision.ambiguous)
    #expect(decision.outcome(for: [10, 0, 0, 0, 0, 0], bits: 64) == nil)
    #expect(decision.outcome(for: [9, 0, 0, 0, 0, 0], bits: 64) == .allow)
    #expect(decision.outcome(for: [1, 0, 0, 0, 0, 0], bits: 64) == .errno(1))
  }

  @Test func errnoUsesTheLow16Bits() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": 65549}]}"#)
    #expect(policy.action("read") == .errno(13))
  }
}

@Suite struct MultiplexerTests {
  @Test func socketRulesLandOnSocketcallWithTheSubcall() throws {
    // On x86 a rule on socket becomes socketcall(arg0 == 1) (its own arg0 condition overwritten) plus the
    // direct socket syscall 359 with the original conditions (arch-hazards.md §1).
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#)
    let socketcall = try #require(policy.decision("socketcall", on: "SCMP_ARCH_X86"))
    #expect(socketcall.branches.map(\.conditions) == [[ArgCondition(index: 0, op: .equal, value: 1)]])
    #expect(socketcall.outcome(for: [1, 0, 0, 0, 0, 0], bits: 32) == .allow, "AF_VSOCK through socketcall is not filtered")
    let direct = try #require(policy.decision("socket", on: "SCMP_ARCH_X86"))
    #expect(direct.outcome(for: [40, 0, 0, 0, 0, 0], bits: 32) == .errno(1))
  }

  @Test func ipcCallsOnS390X() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["shmctl"], "action": "SCMP_ACT_ALLOW"}]}"#, arch: "s390x")
    let ipc = try #require(policy.decision("ipc", on: "SCMP_ARCH_S390X"))
    #expect(ipc.branches.first?.conditions == [ArgCondition(index: 0, op: .equal, value: 24)])
    #expect(policy.action("shmctl", on: "SCMP_ARCH_S390X") == .allow)
  }

  @Test func thirtyTwoBitABIsCompareLowHalves() throws {
    let condition = ArgCondition(index: 0, op: .equal, value: 0xFFFF_FFFF)
    #expect(condition.matches(0xFFFF_FFFF_FFFF_FFFF, bits: 32))
    #expect(!condition.matches(0xFFFF_FFFF_FFFF_FFFF, bits: 64))
  }
}

@Suite struct ArchitectureSetTests {
  @Test func archMapExpandsForTheHostOnly() throws {
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}, {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#
    #expect(try evaluate(json).abis.map(\.architecture.token) == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"])
    #expect(try evaluate(json, arch: "arm64").abis.map(\.architecture.token) == ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"])
    #expect(try evaluate(json, arch: "ppc64le").abis.map(\.architecture.token) == ["SCMP_ARCH_PPC64LE"], "no group: native only")
  }

  @Test func loongArchHostsNeverGetTheirArchMapEntry() throws {
    // moby B2: goToNative gives loongarch64 but nativeToSeccomp's key is loong64.
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_LOONGARCH64", "subArchitectures": ["SCMP_ARCH_LOONGARCH64"]}], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#
    #expect(try evaluate(json, arch: "loong64").abis.map(\.architecture.token) == ["SCMP_ARCH_LOONGARCH64"])
  }

  @Test func unlistedABIsAreNotInTheFilter() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(policy.abis.map(\.architecture.token) == ["SCMP_ARCH_X86_64"])
  }

  @Test func refusals() throws {
    let cases: [(String, Refusal.Stage, String)] = [
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#, .libseccomp, "error adding architecture"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_PARISC"]}"#, .runc, "string SCMP_ARCH_PARISC is not a valid arch for seccomp"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["A"], "archMap": [{"architecture": "A"}]}"#, .docker, "both 'architectures' and 'archMap'"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "accept", "names": ["accept"], "action": "SCMP_ACT_ALLOW"}]}"#, .docker, "both 'name' and 'names'"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["syslog"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12345}]}"#, .libseccomp, "ERRNO(12345)"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#, .runc, "up to 6 arguments"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [""], "action": "SCMP_ACT_ALLOW"}]}"#, .runc, "empty string is not a valid syscall"),
      (#"{"defaultAction": "SCMP_ACT_NOTIFY"}"#, .runc, "cannot be used as default action"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["write"], "action": "SCMP_ACT_NOTIFY"}]}"#, .runc, "write syscall"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_NOTIFY"}]}"#, .runc, "listenerPath is not set"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "flags": ["SECCOMP_FILTER_FLAG_NOPE"]}"#, .runc, "not known to runc"),
      (#"{"defaultAction": "SCMP_ACT_DENY"}"#, .runc, "not a valid action"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_IN"}]}]}"#, .runc, "not a valid operator"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": -1}"#, .docker, "Decoding seccomp profile failed"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "includes": {"minKernel": "4"}}]}"#, .docker, "invalid kernel version"),
      (#"{"syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#, .runc, "string  is not a valid action"),
    ]
    for (json, stage, text) in cases {
      let refusal = try #require(try evaluate(json).refusal, "\(json)")
      #expect(refusal.stage == stage, "\(json)")
      #expect(refusal.message.contains(text), "\(refusal.message)")
    }
  }

  /// Docker ignores Podman's errno names whatever they hold: the profile loads, with runc's EPERM.
  @Test func podmanErrnoNamesAreIgnored() throws {
    let policy = try evaluate(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": 38, "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errno": "ENOSYS"}]}"#)
    #expect(policy.refusal == nil)
    #expect(policy.action("read") == .errno(1))
    #expect(policy.action("getpid") == .errno(1))
  }

  @Test func unconfinedProfiles() throws {
    for json in ["{}", "null", #"{"architectures": ["SCMP_ARCH_X86_64"]}"#, #"{"flags": []}"#] {
      guard case .unconfined = try evaluate(json).status else {
        Issue.record("\(json) should be unconfined")
        continue
      }
    }
    // No defaultAction, and every rule is filtered out on this host: runc loads nothing.
    let filtered = try evaluate(#"{"syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#)
    guard case .unconfined = filtered.status else {
      Issue.record("expected unconfined")
      return
    }
  }
}

@Suite struct DockerFilterTests {
  let conditional = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["chmod"], "action": "SCMP_ACT_ALLOW"}, {"names": ["syslog"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYSLOG"]}}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#

  /// moby TestLoadConditional (moby-semantics.md §6 #10).
  static let conditionalCases: [(Set<String>, [String])] = [
    ([], ["chmod", "ptrace"]), (["CAP_SYSLOG"], ["chmod", "syslog", "ptrace"]), (["CAP_SYS_ADMIN"], ["chmod"]),
  ]

  @Test(arguments: conditionalCases)
  func conditionalIncludeMatchesMobysTest(_ caps: Set<String>, _ allowed: [String]) throws {
    let policy = try evaluate(conditional, caps: caps)
    for name in ["chmod", "syslog", "ptrace"] {
      #expect((policy.action(name) == .allow) == allowed.contains(name), "\(name) with \(caps)")
    }
  }

  @Test func archSpellingsDockerNeverComparesEqual() throws {
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x86_64"]}}, {"names": ["write"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}}]}"#
    let policy = try evaluate(json)
    #expect(policy.action("read") == .errno(1), "x86_64 is not moby's name for the host")
    #expect(policy.action("write") == .allow)
  }

  @Test func minKernelComparesKernelAndMajor() throws {
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}, {"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": ""}}, {"names": ["write"], "action": "SCMP_ACT_ALLOW", "excludes": {"minKernel": ""}}]}"#
    #expect(try evaluate(json, kernel: KernelVersion(4, 8, 0)).action("ptrace") == .allow)
    #expect(try evaluate(json, kernel: KernelVersion(4, 7, 99)).action("ptrace") == .errno(1))
    #expect(try evaluate(json, kernel: KernelVersion(3, 10)).action("read") == .allow, "\"\" is 0.0: includes always pass")
    #expect(try evaluate(json, kernel: KernelVersion(3, 10)).action("write") == .errno(1), "\"\" excludes always drop")
  }

  @Test func capsWithoutPrefixNeverMatch() throws {
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["SYS_ADMIN"]}}]}"#
    #expect(try evaluate(json, caps: Set(Capabilities.all)).action("mount") == .errno(1))
  }

  @Test func privilegedHasEveryCapability() throws {
    let target = Target(architecture: try #require(Architecture.parse("amd64")), privileged: true)
    #expect(target.capabilities == Set(Capabilities.all))
  }
}

/// `Evaluator.evaluate(_:for:only:prepared:)` skips traces, unrelated rules and (when it cannot matter) the ENOSYS
/// stub's threshold; the decisions it gives must be the full evaluation's.
@Suite struct PartialEvaluationTests {
  static let names: Set<String> = ["clone3", "faccessat2", "openat2", "statx", "socket", "accept4", "shmget", "read", "futex_waitv"]

  static func expectSameDecisions(_ document: ProfileDocument, _ label: String) {
    let prepared = PreparedProfile(document)
    let hosts = ["amd64", "arm64", "s390x", "mips64", "ppc64le"].compactMap(Architecture.parse)
    for host in hosts {
      for release in LibseccompRelease.known {
        let target = Target(architecture: host, libseccomp: release)
        let full = Evaluator.evaluate(document, for: target)
        let partial = Evaluator.evaluate(document, for: target, only: names, prepared: prepared)
        #expect(String(describing: full.status) == String(describing: partial.status), "\(label) \(host)")
        for abi in full.abis {
          let expected = abi.syscalls.filter { names.contains($0.name) }
          let got = partial.abi(abi.architecture)?.syscalls ?? []
          #expect(expected == got, "\(label) \(host) \(abi.architecture) \(release)")
        }
      }
    }
  }

  @Test func profilesOfTheProject() throws {
    for file in ["profiles/webapp.json", "profiles/flawed.json", "Tests/Fuzz/seeds/webapp.json"] {
      let path = Paths.packageRoot.appendingPathComponent(file).path
      Self.expectSameDecisions(try ProfileLoader.load(path: path), file)
    }
    // The stub reaches a fallback the rules do not name: statx above the largest named number.
    let stub = try ProfileLoader.load(
      text: #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": ["read", "socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}"#,
      file: "stub.json")
    Self.expectSameDecisions(stub, "stub.json")
    // Profiles runc or libseccomp refuse, in the rule loop: the refusal must be the same.
    let refused = [
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000}]}"#,
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["statx"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#,
      #"{"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/x", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_NOTIFY"}]}"#,
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ""], "action": "SCMP_ACT_ALLOW"}]}"#,
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_NOTIFY"}]}"#,
      #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["statx", "listns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 7, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#,
    ]
    for (index, json) in refused.enumerated() {
      Self.expectSameDecisions(try ProfileLoader.load(text: json, file: "refused-\(index).json"), "refused \(index)")
    }
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func corpus() throws {
    for relative in Corpus.profiles.enumerated().filter({ $0.offset % 4 == 0 || $0.element.hasPrefix("moby-fixtures/") }).map(\.element) {
      Self.expectSameDecisions(try ProfileLoader.load(path: Corpus.path(relative)), relative)
    }
  }
}
