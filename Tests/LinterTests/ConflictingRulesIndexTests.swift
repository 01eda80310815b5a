import Foundation
@testable import Linter
import Policy
import ProfileModel
import Testing

/// `conflicting-rules` buckets rules by the argument values they pin; on random rule sets (equalities, masks,
/// ranges, OR-ed indexes, capability and arch guards) it must find, for every rule, the same first earlier
/// overlapping rule as comparing every pair.
@Suite struct ConflictingRulesIndexTests {
  @Test func agreesWithComparingEveryPair() throws {
    var random = SeededRandom(seed: 7)
    let operators = ["SCMP_CMP_EQ", "SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_GT", "SCMP_CMP_NE"]
    let guards = [
      "", #", "includes": {"caps": ["CAP_SYS_ADMIN"]}"#, #", "excludes": {"caps": ["CAP_SYS_ADMIN"]}"#,
      #", "includes": {"arches": ["s390x"]}"#, #", "includes": {"caps": ["CAP_NOPE"]}"#,
    ]
    for _ in 0..<200 {
      let rules = (0..<random.next(12)).map { _ -> String in
        let args = (0..<random.next(3)).map { _ in
          #"{"index": \#(random.next(2)), "value": \#(random.next(2) == 0 ? 255 : random.next(4)), "valueTwo": \#(random.next(4)), "op": "\#(operators[random.next(operators.count)])"}"#
        }
        let action = random.next(2) == 0 ? "SCMP_ACT_ALLOW" : "SCMP_ACT_ERRNO"
        return #"{"names": ["personality"], "action": "\#(action)", "args": [\#(args.joined(separator: ","))]\#(guards[random.next(guards.count)])}"#
      }
      let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [\#(rules.joined(separator: ","))]}"#
      let symbolic = SymbolicPolicy(try ProfileLoader.load(text: json, file: "p.json").profile).rules
      let naming = Array(symbolic.indices)
      var expected: [Int: Int] = [:]
      for j in naming {
        if let i = naming.prefix(while: { $0 < j }).first(where: { Self.overlap(symbolic[$0], symbolic[j]) }) { expected[j] = i }
      }
      let live = naming.filter { symbolic[$0].guardCondition.canEverHold }
      for threshold in [0, 16] {  // the index, and pairwise comparison for few rules
        let found = ConflictingRules.firstOverlaps(live, symbolic, indexAbove: threshold)
        #expect(Dictionary(uniqueKeysWithValues: found.map { ($0.later, $0.earlier) }) == expected, "\(json)")
      }
    }
  }

  static func overlap(_ a: SymbolicRule, _ b: SymbolicRule) -> Bool {
    a.guardCondition.canHoldTogether(with: b.guardCondition) && ConflictingRules.argumentsOverlap(a, b)
  }
}

/// A deterministic generator (64-bit LCG) so the property test is the same on every run.
struct SeededRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next(_ bound: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(bound))
  }
}
