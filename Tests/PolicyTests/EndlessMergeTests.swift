import Foundation
@testable import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

/// libseccomp's merge never returning (issue #19, refusals as runtimes refuse): `_db_rule_gen_64` gives the node
/// after a `!=` or an ordering condition two parents, `_db_tree_add` links it into two levels, and the next walk to
/// the start of that level (`_db_level_clean` when `db_rule_add` drops the new tree) goes round forever. runc then
/// hangs in `seccomp_rule_add` and the container never starts. Reproduced with the real 2.5.4 (python3-seccomp)
/// and with 2.5.5, 2.6.0 and 2.6.1 built from their tags.
struct EndlessMergeTests {
  /// `kill` allowed when `arg0 != 32 && arg1 == 1`, and when `arg0 != 32 && arg2 == 2`: same action, yet the second
  /// `seccomp_rule_add` never returns.
  static func profile(_ second: String, action: String = "SCMP_ACT_ALLOW") -> String {
    #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["kill"], "action": "\#(action)", "args": \#(second)}]}"#
  }
  static let hangs = profile(#"[{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 2, "op": "SCMP_CMP_EQ"}]"#)
  /// Near misses libseccomp accepts: the same argument next, a `!=` as the last condition, an ordering pair.
  static let accepted = [
    profile(#"[{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]"#),
    profile(#"[{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}]"#),
    profile(#"[{"index": 0, "value": 32, "op": "SCMP_CMP_EQ"}, {"index": 2, "value": 2, "op": "SCMP_CMP_EQ"}]"#),
  ]

  static func status(_ text: String, release: LibseccompRelease) throws -> EffectivePolicy.Status {
    let document = try ProfileLoader.load(text: text, file: "t.json")
    return Evaluator.evaluate(document, for: Target(architecture: Architecture.withToken("SCMP_ARCH_X86_64")!, libseccomp: release)).status
  }

  @Test(arguments: [LibseccompRelease.debian2_5_4, .v2_6_1])
  func aSharedNodeLinkedTwiceNeverReturns(release: LibseccompRelease) throws {
    for action in ["SCMP_ACT_ALLOW", "SCMP_ACT_TRACE"] {
      let text = Self.profile(#"[{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 2, "op": "SCMP_CMP_EQ"}]"#, action: action)
      guard case .refused(let refusal) = try Self.status(text, release: release) else {
        Issue.record("\(release.version) \(action): the second kill rule never returns")
        continue
      }
      #expect(refusal.stage == .libseccomp && refusal.pointer == JSONPointer(["syscalls", "1"]))
      #expect(refusal.message.contains("never returns"), "\(refusal.message)")
    }
    for text in Self.accepted {
      if case .refused(let refusal) = try Self.status(text, release: release) { Issue.record("accepted by libseccomp: \(refusal.message)") }
    }
  }

  /// Every `seccomp_rule_add` returns, but the merged tree has a cyclic level: `seccomp_load` loops in the BPF
  /// generator (`_gen_bpf_chain`), so runc hangs loading the filter.
  static let loadHangs = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967328, "op": "SCMP_CMP_GE"}, {"index": 2, "value": 2, "op": "SCMP_CMP_GE"}]}, {"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 32, "op": "SCMP_CMP_LT"}, {"index": 2, "value": 32, "op": "SCMP_CMP_LT"}]}, {"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 32, "op": "SCMP_CMP_LT"}, {"index": 2, "value": 4294967295, "valueTwo": 32, "op": "SCMP_CMP_MASKED_EQ"}]}]}"#

  @Test(arguments: [LibseccompRelease.debian2_5_4, .v2_6_1])
  func aCyclicLevelHangsTheBPFGenerator(release: LibseccompRelease) throws {
    guard case .refused(let refusal) = try Self.status(Self.loadHangs, release: release) else {
      Issue.record("\(release.version): loading the filter never returns")
      return
    }
    #expect(refusal.message.contains("loading the seccomp filter never returns"), "\(refusal.message)")
    #expect(refusal.pointer == JSONPointer(["syscalls", "2"]))
    // Without the third rule the tree has no cyclic level.
    let twoRules = Self.loadHangs.replacingOccurrences(
      of: #", {"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 32, "op": "SCMP_CMP_LT"}, {"index": 2, "value": 4294967295, "valueTwo": 32, "op": "SCMP_CMP_MASKED_EQ"}]}"#,
      with: "")
    #expect(twoRules != Self.loadHangs)
    if case .refused(let refusal) = try Self.status(twoRules, release: release) { Issue.record("accepted: \(refusal.message)") }
  }

  /// The database itself: the second rule's add stops with `.endless` where libseccomp loops.
  @Test func theDatabaseStopsWhereLibseccompLoops() {
    var database = RuleDatabase(abi: ABI(Architecture.withToken("SCMP_ARCH_X86_64")!))
    #expect(throws: Never.self) {
      try database.add(number: 62, action: 0x7fff_0000, arguments: [
        APIArgument(arg: 0, op: .ne, mask: .max, datum: 32), APIArgument(arg: 1, op: .eq, mask: .max, datum: 1),
      ])
    }
    #expect(throws: DatabaseError.endless) {
      try database.add(number: 62, action: 0x7fff_0000, arguments: [
        APIArgument(arg: 0, op: .ne, mask: .max, datum: 32), APIArgument(arg: 2, op: .eq, mask: .max, datum: 2),
      ])
    }
    // 32-bit ABIs give every node one parent: the same rules are accepted on x86.
    var x86 = RuleDatabase(abi: ABI(Architecture.withToken("SCMP_ARCH_X86")!))
    #expect(throws: Never.self) {
      try x86.add(number: 37, action: 0x7fff_0000, arguments: [
        APIArgument(arg: 0, op: .ne, mask: .max, datum: 32), APIArgument(arg: 1, op: .eq, mask: .max, datum: 1),
      ])
      try x86.add(number: 37, action: 0x7fff_0000, arguments: [
        APIArgument(arg: 0, op: .ne, mask: .max, datum: 32), APIArgument(arg: 2, op: .eq, mask: .max, datum: 2),
      ])
    }
  }

  /// The real libseccomp 2.5.4 hangs on `hangs` and `loadHangs` and answers at once on the near misses (runc-oracle.py under a
  /// 5-second deadline).
  @Test func theRealLibseccompHangsOnTheSameProfile() throws {
    guard RuncOracle.isAvailable else {
      print("EndlessMergeTests: \(RuncOracle.skipReason)")
      return
    }
    #expect(try Self.oracleHangs(Self.hangs))
    #expect(try Self.oracleHangs(Self.loadHangs))
    for text in Self.accepted { #expect(try !Self.oracleHangs(text)) }
  }

  static func oracleHangs(_ text: String) throws -> Bool {
    let request = #"{"profileText": \#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self)), "target": {"arch": "SCMP_ARCH_X86_64", "native": "amd64", "caps": [], "kernel": [6, 1], "runtime": "runc"}, "probes": []}"#
    let process = Process()
    process.executableURL = URL(fileURLWithPath: RuncOracle.python)
    process.arguments = [Paths.script("runc-oracle.py")]
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    stdin.fileHandleForWriting.write(Data(request.utf8))
    try stdin.fileHandleForWriting.close()
    // Still running after 5 s: libseccomp is looping. SIGKILL, since a child of the test process inherits its
    // blocked signals (SIGTERM among them).
    let deadline = ContinuousClock.now + .seconds(5)
    while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
    guard process.isRunning else { return false }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return true
  }
}
