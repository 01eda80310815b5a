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

/// Classes 4(b), 4(c) and 4(d): libseccomp's argument tree and program size (issue #19), checked against seclint's
/// model of the release and, on x86_64 with the bindings installed, in this kernel with the real libseccomp 2.5.4.
struct LibseccompTreeClassesTests {
  static let amd64 = Architecture.withToken("SCMP_ARCH_X86_64")!

  static func found(_ text: String, _ release: LibseccompRelease) throws -> [Miscompilation] {
    MiscompilationCheck.find(try ProfileLoader.load(text: text, file: "t.json"), for: Target(architecture: amd64, libseccomp: release))
  }

  /// 4(b): two LT rules on one 64-bit argument whose values share the high word: 2.5.4 keeps the first rule's
  /// action on the shared `hi == 1` node's false branch (calls below 2^32), 2.6.1 takes the narrower rule's.
  static let mergeTypo = #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 4294967305, "op": "SCMP_CMP_LT"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 78, "args": [{"index": 0, "value": 4294967301, "op": "SCMP_CMP_LT"}]}]}"#

  @Test func sixtyFourBitMergeTypoBefore261() throws {
    let buggy = try Self.found(Self.mergeTypo, .debian2_5_4)
    #expect(buggy.map(\.issueClass) == ["4(b)"])
    #expect(buggy.first?.message.contains("getpid(0) gets ERRNO(EBADFD) where the fixed merge (2.6.1) gives ERRNO(EREMCHG)") == true, "\(buggy)")
    #expect(buggy.first?.reference.contains("GHSA-4q85-33p6-j5g6") == true)
    #expect(buggy.first?.pointer == JSONPointer(["syscalls", "0"]))
    #expect(try Self.found(Self.mergeTypo, .v2_6_0).map(\.issueClass) == ["4(b)"])
    #expect(try Self.found(Self.mergeTypo, .v2_6_1).isEmpty, "fixed in 2.6.1")
    // 32-bit ABIs compare one word: no high-word node, no typo.
    #expect(try Self.found(Self.mergeTypo.replacingOccurrences(of: #"["SCMP_ARCH_X86_64"]"#, with: #"["SCMP_ARCH_X86"]"#), .debian2_5_4)
      .filter { $0.architectures.map(\.token) == ["SCMP_ARCH_X86"] }.isEmpty)
    guard RuncOracle.isAvailable, LiveKernel.isX86_64 else { return }
    // The real 2.5.4 in this kernel: getpid(0) gets the first rule's errno 77 (2.6.1's merge gives 78).
    #expect(try LiveKernel.errnos(Self.mergeTypo, probes: [(39, [0]), (39, [0x1_0000_0003])]) == [77, 78])
  }

  /// 4(c): `getpid(0, 0, 5)` matches neither rule but is denied, and `getpid(5)` matches the second but is allowed:
  /// the `arg0 != 6` test hangs `arg2 == 1` on its false branch; when that fails, the `arg0 == 5` test that
  /// follows compares the accumulator still holding arg2.
  static let stale = #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 6, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"}]}]}"#
  /// The rewrite the finding suggests: `arg0 != 6` as `arg0 < 6` and `arg0 > 6`.
  static let staleRewritten = #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 6, "op": "SCMP_CMP_LT"}, {"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 6, "op": "SCMP_CMP_GT"}, {"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"}]}]}"#

  @Test func staleArgumentAfterAFailedSubtree() throws {
    for release in LibseccompRelease.known {
      let found = try Self.found(Self.stale, release)
      #expect(found.map(\.issueClass) == ["4(c)"], "\(release)")
      #expect(found.first?.message.contains("although no rule matches it") == true || found.first?.message.contains("although the profile gives it") == true, "\(found)")
      #expect(found.first?.fix.contains("SCMP_CMP_LT and one with SCMP_CMP_GT") == true)
      #expect(try Self.found(Self.staleRewritten, release).isEmpty, "\(release)")
    }
    // The same rules, with the value tested by `==` first: libseccomp's layout reloads the argument there.
    let reloaded = Self.stale.replacingOccurrences(of: "SCMP_CMP_NE", with: "SCMP_CMP_EQ")
    #expect(try Self.found(reloaded, .debian2_5_4).isEmpty)
    // The profile's own reading is unchanged: seclint's evaluator says what the profile says.
    let policy = Evaluator.evaluate(try ProfileLoader.load(text: Self.stale, file: "s.json"), for: Target(architecture: Self.amd64))
    let getpid = policy.abi(Self.amd64)?.syscalls.first { $0.name == "getpid" }?.decision
    #expect(getpid?.outcome(for: [0, 0, 5, 0, 0, 0], bits: 64) == .allow)
    #expect(getpid?.outcome(for: [5, 0, 0, 0, 0, 0], bits: 64) == .errno(77))
    guard RuncOracle.isAvailable, LiveKernel.isX86_64 else { return }
    // The real libseccomp 2.5.4 in this kernel: the stale comparison denies getpid(0, 0, 5) and allows getpid(5).
    let probes: [(Int, [UInt64])] = [(39, [0, 0, 5]), (39, [5]), (39, [0, 0, 1]), (39, [6, 0, 1])]
    #expect(try LiveKernel.errnos(Self.stale, probes: probes) == [77, 0, 77, 0])
    #expect(try LiveKernel.errnos(Self.staleRewritten, probes: probes) == [0, 77, 77, 0])
    #expect(try LiveKernel.errnos(reloaded, probes: [(39, [6, 0, 5]), (39, [5]), (39, [6, 0, 1])]) == [0, 77, 77])
  }

  /// 4(e): the first rule's `arg0 != 0x80000000` and the second's `arg0 != 32` share their high-word node; the
  /// second rule's `arg2` test, which both of its `arg0` words jump to on false, joins the level of the first rule's
  /// `arg1` test when merged. `getpid(0x80000000, -9)` fails the first rule's condition and the second's `arg2`
  /// test, yet reaches the first rule's `arg1` test and gets its errno (differential case 9130, on mips64el).
  static let sharedNode = #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 2147483648, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 18446744073709551607, "op": "SCMP_CMP_EQ"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 78, "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 18446744073709551607, "op": "SCMP_CMP_EQ"}]}]}"#

  @Test func mergedTreeLeadsIntoAnotherRulesTests() throws {
    for release in LibseccompRelease.known {
      let found = try Self.found(Self.sharedNode, release)
      #expect(found.map(\.issueClass) == ["4(e)"], "\(release) \(found)")
      #expect(found.first?.witness?.action == .errno(77), "\(found)")
      #expect(found.first?.message.contains("although no rule matches it") == true, "\(found)")
    }
    guard RuncOracle.isAvailable, LiveKernel.isX86_64 else { return }
    // The real libseccomp 2.5.4 in this kernel: no rule matches getpid(0x80000000, -9, 0), yet it gets errno 77.
    let probes: [(Int, [UInt64])] = [(39, [0x8000_0000, 0xFFFF_FFFF_FFFF_FFF7, 0]), (39, [1, 0xFFFF_FFFF_FFFF_FFF7, 0]), (39, [0x8000_0000, 0, 0])]
    #expect(try LiveKernel.errnos(Self.sharedNode, probes: probes) == [77, 77, 0])
  }

  static func manyValues(_ count: Int, perSyscall: Int) -> String {
    let names = SyscallTable.forArchitecture(amd64).syscalls.map(\.name).filter { !["getpid", "write", "read"].contains($0) }
    var rules: [String] = []
    for index in 0..<count {
      rules.append(#"{"names": ["\#(names[index / perSyscall])"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": \#(index + 7), "op": "SCMP_CMP_EQ"}]}"#)
    }
    return #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [\#(rules.joined(separator: ", "))]}"#
  }

  /// 4(d): past 4096 instructions the kernel refuses the filter (past 65,535: `FilterSizeTests`).
  @Test func oversizedFilters() throws {
    func status(_ text: String, _ release: LibseccompRelease) throws -> EffectivePolicy.Status {
      Evaluator.evaluate(try ProfileLoader.load(text: text, file: "big.json"), for: Target(architecture: Self.amd64, libseccomp: release)).status
    }
    let small = Self.manyValues(3000, perSyscall: 100)
    #expect(try status(small, .debian2_5_4) == .enforced)
    let large = Self.manyValues(4200, perSyscall: 100)
    guard case .refused(let kernel) = try status(large, .debian2_5_4) else { Issue.record("not refused"); return }
    #expect(kernel.message.contains("the kernel accepts 4096 at most"), "\(kernel.message)")
    guard RuncOracle.isAvailable, LiveKernel.isX86_64 else { return }
    // The real libseccomp 2.5.4 and this kernel: 3000 values load, 4200 are refused.
    #expect(try LiveKernel.status(small) == "enforced")
    #expect(try LiveKernel.status(large) == "refused")
  }

  /// The -EEXIST of range rules whose 32-bit nodes meet in libseccomp's tree although their conditions differ
  /// (differential case 45 of seed 19: `_llseek` on x86 with `arg1 > 2 && arg2 <= 12`, `arg1 > 48`, `arg1 <= 44`).
  @Test func overlappingRangesAreRefused() throws {
    let text = #"{"defaultAction": "SCMP_ACT_KILL_PROCESS", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [{"names": ["connect", "ipc", "_llseek"], "action": "SCMP_ACT_TRACE", "errnoRet": 13, "args": [{"index": 2, "value": 12, "valueTwo": 0, "op": "SCMP_CMP_LE"}, {"index": 1, "value": 2, "valueTwo": 0, "op": "SCMP_CMP_GT"}]}, {"names": ["_llseek", "cacheflush"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 48, "valueTwo": 0, "op": "SCMP_CMP_GT"}, {"index": 1, "value": 44, "valueTwo": 0, "op": "SCMP_CMP_LE"}]}]}"#
    let policy = Evaluator.evaluate(try ProfileLoader.load(text: text, file: "r.json"), for: Target(architecture: Self.amd64, libseccomp: .debian2_5_4))
    guard case .refused(let refusal) = policy.status else { Issue.record("not refused: \(policy.status)"); return }
    #expect(refusal.message.contains("file exists") && refusal.pointer == JSONPointer(["syscalls", "1"]), "\(refusal)")
    guard RuncOracle.isAvailable else { return }
    let answer = try RuncOracle.askBatch([(profileText: text, target: Target(architecture: Self.amd64, libseccomp: .debian2_5_4), probes: [])])
    #expect(answer.first?.status == "refused", "\(answer.first?.message ?? "")")
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
    try probe(profileText, probes: probes).errnos
  }

  /// Whether the filter loads in this kernel ("enforced") or is refused ("refused").
  static func status(_ profileText: String) throws -> String {
    try probe(profileText, probes: []).status
  }

  static func probe(_ profileText: String, probes: [(Int, [UInt64])]) throws -> (status: String, errnos: [Int]) {
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
    let answer = try JSONDecoder().decode(Answer.self, from: Data(output.utf8))
    return (answer.status, answer.results.map(\.errno))
  }
}
