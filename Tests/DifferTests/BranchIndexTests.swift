@testable import Differ
import Policy
import ProfileModel
import Testing

/// `BranchIndex` (past 16 branches: grouped by action, one-condition branches folded per argument, longer chains
/// filed under an equality or a mask) answers exactly what `Decision.outcome` answers, on random decisions mixing
/// equalities, ranges, `!=` and masks, one condition or several, 32- and 64-bit.
@Suite struct BranchIndexTests {
  @Test(arguments: [32, 64])
  func agreesWithDecisionOutcome(bits: Int) {
    var random = Generator(seed: UInt64(bits))
    let operators = CompareOperator.allCases
    let actions: [SeccompAction] = [.allow, .errno(1), .errno(38), .killProcess]
    for round in 0..<600 {
      // Half the rounds: mostly one-condition branches with any operator (the folded summaries), on arguments
      // past the sixth too (compared with 0, as the probes have six).
      let single = round % 2 == 0
      let branches = (0..<random.next(60)).map { _ in
        let conditions = (0..<(single ? (random.next(4) == 0 ? 2 : 1) : random.next(3))).map { _ in
          ArgCondition(
            index: random.next(8) == 0 ? 7 : random.next(3),
            op: random.next(single ? 2 : 3) == 0 ? operators[random.next(operators.count)] : .equal,
            value: random.value(), valueTwo: random.value())
        }
        return Branch(conditions: conditions, action: actions[random.next(actions.count)], rule: "/syscalls/0")
      }
      let decision = Decision(action: .errno(1), origin: .defaultAction, branches: branches)
      let index = BranchIndex(decision, bits: bits)
      for arguments in PermitComparison.vectors(decision, decision, bits: bits) + [(0..<6).map { _ in random.value() }] {
        #expect(index.outcome(for: arguments) == decision.outcome(for: arguments, bits: bits), "\(branches) \(arguments)")
      }
    }
  }

  /// Chains of two bounds (`>=`, `>`, `<=`, `<` on one or two arguments) are answered by binary search over
  /// sorted bounds with prefix extremes; bounds no value meets (`> max`, `< 0`) match nothing.
  @Test(arguments: [32, 64])
  func twoBoundChainsAgreeWithDecisionOutcome(bits: Int) {
    var random = Generator(seed: UInt64(bits) &+ 7)
    let bounds: [CompareOperator] = [.greaterOrEqual, .greaterThan, .lessOrEqual, .lessThan]
    let actions: [SeccompAction] = [.allow, .errno(38), .log]
    let edges: [UInt64] = [0, 1, 2, 0xFFFF_FFFF, 0x1_0000_0000, .max, .max - 1]
    for _ in 0..<400 {
      let branches = (0..<(17 + random.next(40))).map { _ in
        let conditions = (0..<2).map { _ in
          ArgCondition(
            index: random.next(3), op: bounds[random.next(bounds.count)],
            value: random.next(3) == 0 ? edges[random.next(edges.count)] : UInt64(random.next(9)))
        }
        return Branch(conditions: conditions, action: actions[random.next(actions.count)], rule: "/syscalls/0")
      }
      let decision = Decision(action: .errno(1), origin: .defaultAction, branches: branches)
      let index = BranchIndex(decision, bits: bits)
      let probes = PermitComparison.vectors(decision, decision, bits: bits)
        + (0..<20).map { _ in (0..<6).map { _ in random.next(2) == 0 ? edges[random.next(edges.count)] : UInt64(random.next(10)) } }
      for arguments in probes {
        #expect(index.outcome(for: arguments) == decision.outcome(for: arguments, bits: bits), "\(branches) \(arguments)")
      }
    }
  }

  struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x5EC1 }

    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }

    /// Small values collide often; some have high bits set, which 32-bit ABIs strip.
    mutating func value() -> UInt64 {
      let small = UInt64(next(4))
      return next(4) == 0 ? small | 0x1_0000_0000 : small
    }
  }
}
