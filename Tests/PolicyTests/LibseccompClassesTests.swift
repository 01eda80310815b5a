import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

/// The classes where libseccomp compiles differently from a naive reading of the profile (issue #19), each
/// checked against seclint's model and, where the bindings are installed, against the real libseccomp 2.5.4 and
/// this kernel.
struct LibseccompClassesTests {
  static let amd64 = Architecture.withToken("SCMP_ARCH_X86_64")!
  static let archMap = #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}]"#

  static func policy(_ text: String, release: LibseccompRelease = .debian2_5_4) throws -> EffectivePolicy {
    let document = try ProfileLoader.load(text: text, file: "test.json")
    return Evaluator.evaluate(document, for: Target(architecture: amd64, libseccomp: release))
  }

  static func decision(_ policy: EffectivePolicy, _ abi: String, _ name: String) -> Decision? {
    policy.abi(Architecture.withToken(abi)!)?.syscalls.first { $0.name == name }?.decision
  }

  /// Class 2: MASKED_EQ masks the expected value too; a zero mask makes the rule unconditional.
  @Test func maskedEqualMasksTheDatumAndZeroMaskIsUnconditional() throws {
    let masked = try Self.policy(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 255, "valueTwo": 257, "op": "SCMP_CMP_MASKED_EQ"}]}]}"#)
    let kill = try #require(Self.decision(masked, "SCMP_ARCH_X86_64", "kill"))
    #expect(kill.outcome(for: [1, 0, 0, 0, 0, 0], bits: 64) == .allow)
    #expect(kill.outcome(for: [0x101, 0, 0, 0, 0, 0], bits: 64) == .allow)
    #expect(kill.outcome(for: [2, 0, 0, 0, 0, 0], bits: 64) == .errno(1))
    let zero = try Self.policy(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "valueTwo": 5, "op": "SCMP_CMP_MASKED_EQ"}]}, {"names": ["kill"], "action": "SCMP_ACT_LOG"}]}"#)
    let first = try #require(Self.decision(zero, "SCMP_ARCH_X86_64", "kill"))
    #expect(first.branches.isEmpty && first.action == .allow, "the zero-mask rule is unconditional and came first")
  }

  /// Class 3: -EEXIST refusals, located at the rule libseccomp refuses.
  @Test func sameConditionsDifferentActionsAreRefused() throws {
    let same = try Self.policy(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["kill"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#)
    guard case .refused(let refusal) = same.status else { Issue.record("not refused: \(same.status)"); return }
    #expect(refusal.stage == .libseccomp && refusal.pointer == JSONPointer(["syscalls", "1"]))
    #expect(refusal.message.contains("file exists"))
    // 32-bit ABIs keep 32 bits: 1 and 0x100000001 are the same value on x86 only.
    let truncated = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": [ARCHES], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["kill"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 4294967297, "op": "SCMP_CMP_EQ"}]}]}"#
    #expect(try Self.policy(truncated.replacingOccurrences(of: "ARCHES", with: #""SCMP_ARCH_X86_64""#)).status == .enforced)
    if case .refused = try Self.policy(truncated.replacingOccurrences(of: "ARCHES", with: #""SCMP_ARCH_X86_64", "SCMP_ARCH_X86""#)).status {} else {
      Issue.record("x86 compares 32 bits: libseccomp refuses")
    }
    // NE and EQ on the same value hang on different branches: accepted.
    #expect(try Self.policy(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NE"}]}, {"names": ["kill"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#).status == .enforced)
  }

  @Test func unconditionalSocketRulesCollideOnSocketcall() throws {
    let text = #"{"defaultAction": "SCMP_ACT_ERRNO", ARCHMAP, "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW"}, {"names": ["socket"], "action": "SCMP_ACT_LOG"}]}"#
    if case .refused(let refusal) = try Self.policy(text.replacingOccurrences(of: "ARCHMAP", with: Self.archMap)).status {
      #expect(refusal.message.contains("SCMP_ARCH_X86"))
    } else {
      Issue.record("x86 rewrites both onto socketcall(1, …): libseccomp refuses")
    }
    // Without x86 in the filter the first unconditional rule wins.
    let native = try Self.policy(text.replacingOccurrences(of: "ARCHMAP", with: #""architectures": ["SCMP_ARCH_X86_64"]"#))
    #expect(Self.decision(native, "SCMP_ARCH_X86_64", "socket")?.action == .allow)
  }

  /// Class 6: sys_debug_setcontext and switch_endian share pseudo number -10191.
  @Test func pseudoNumberCollisionsShareOneEntry() throws {
    let text = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["sys_debug_setcontext"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["switch_endian"], "action": "SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#
    guard case .refused(let refusal) = try Self.policy(text).status else { Issue.record("not refused"); return }
    #expect(refusal.message.contains("switch_endian"))
    // Resolved for an x86_64 host, a rule on sys_debug_setcontext lands on ppc64le's switch_endian (363).
    let landing = try Self.policy(
      #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_PPC64LE"], "syscalls": [{"names": ["sys_debug_setcontext"], "action": "SCMP_ACT_ERRNO"}]}"#)
    #expect(Self.decision(landing, "SCMP_ARCH_PPC64LE", "switch_endian")?.action == .errno(1))
    #expect(Self.decision(landing, "SCMP_ARCH_PPC64LE", "sys_debug_setcontext")?.action == .allow)
  }

  /// Class 5: runc's stub answers with the host's ENOSYS.
  @Test func stubReturnsTheHostsEnosys() throws {
    let document = try ProfileLoader.load(
      text: #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_MIPSEL64", "SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "getrandom"], "action": "SCMP_ACT_ALLOW"}]}"#, file: "t.json")
    let policy = Evaluator.evaluate(document, for: Target(architecture: Architecture.withToken("SCMP_ARCH_MIPSEL64")!))
    let x86Stub = policy.abi(Self.amd64)?.syscalls.first { if case .enosysStub = $0.decision.origin { true } else { false } }
    #expect(x86Stub?.decision.action == .errno(89))
  }

  /// Class 4(a): the x86_64/x32 section's first block is vm86, absent there.
  @Test func sectionStartingWithAnAbsentSyscallIsReported() throws {
    let buggy = #"{"defaultAction": "SCMP_ACT_ALLOW", ARCHMAP, "syscalls": [{"names": ["vm86"], "action": "SCMP_ACT_ERRNO"}, {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#
      .replacingOccurrences(of: "ARCHMAP", with: Self.archMap)
    let fixed = buggy.replacingOccurrences(of: #"["vm86"]"#, with: #"["vm86", "mount"]"#)
    for release in LibseccompRelease.known {
      let found = MiscompilationCheck.find(try ProfileLoader.load(text: buggy, file: "b.json"), for: Target(architecture: Self.amd64, libseccomp: release))
      #expect(found.map { $0.architectures.map(\.token) } == [["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"]])
      #expect(found.first?.syscall == "vm86")
      #expect(MiscompilationCheck.find(try ProfileLoader.load(text: fixed, file: "f.json"), for: Target(architecture: Self.amd64, libseccomp: release)).isEmpty)
    }
    // Without x32 the x86_64 section loads the number itself.
    let alone = buggy.replacingOccurrences(of: Self.archMap, with: #""architectures": ["SCMP_ARCH_X86_64"]"#)
    #expect(MiscompilationCheck.find(try ProfileLoader.load(text: alone, file: "a.json"), for: Target(architecture: Self.amd64)).isEmpty)
    // The real libseccomp 2.5.4, in this kernel: personality(8) is allowed with the buggy profile, EPERM with the fix.
    guard RuncOracle.isAvailable, LiveKernel.isX86_64 else { return }
    #expect(try LiveKernel.errnos(buggy, probes: [(135, [8])]) == [0])
    #expect(try LiveKernel.errnos(fixed, probes: [(135, [8])]) == [1])
  }
}

/// `Scripts/live-probe.py`: loads the real libseccomp's filter in a child of this kernel and makes the calls.
enum LiveKernel {
  static var isX86_64: Bool {
    #if arch(x86_64)
      true
    #else
      false
    #endif
  }

  static func errnos(_ profileText: String, probes: [(Int, [UInt64])]) throws -> [Int] {
    struct Request: Encodable {
      struct TargetJSON: Encodable {
        var arch = "SCMP_ARCH_X86_64", native = "amd64", caps: [String] = [], kernel = [6, 1], runtime = "runc"
      }
      struct Probe: Encodable { var nr: Int; var args: [UInt64] }
      var profileText: String
      var target = TargetJSON()
      var probes: [Probe]
    }
    struct Answer: Decodable {
      struct Result: Decodable { var errno: Int }
      var status: String
      var results: [Result]
    }
    let request = Request(profileText: profileText, probes: probes.map { .init(nr: $0.0, args: $0.1) })
    let output = try execute(
      RuncOracle.python, [Paths.script("live-probe.py")], input: String(decoding: try JSONEncoder().encode(request), as: UTF8.self))
    return try JSONDecoder().decode(Answer.self, from: Data(output.utf8)).results.map(\.errno)
  }
}
