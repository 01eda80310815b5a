import Policy

/// `Decision.outcome(for:bits:)` for many probes without testing every branch on each: a profile can give one
/// syscall tens of thousands of branches (`arg0 == N` rules, one rule with 20,000 `!=` conditions, masks), and the
/// symbolic diff probes it with a few vectors per branch, so testing every branch per probe is quadratic.
///
/// The outcome only needs, per distinct action, whether any of its branches matches (the matching branches'
/// common action, nil when they disagree, the decision's action when none matches), so branches are grouped by
/// action and each group answers "does any branch match" from an index:
/// - a branch of one condition is folded into a per-argument summary: the set of `==` values, the masks and
///   datums of `& mask ==`, the two smallest distinct `!=` values (some value other than the argument exists
///   unless all equal it), and the loosest bound of `<`, `<=`, `>`, `>=`;
/// - a longer chain is filed under one `==` or `& mask ==` of it (looked up by the argument's value), or, with
///   neither, tested in full — its conditions are then ranges or `!=`, which most probes match, so the scan stops
///   at the first branch that matches.
struct BranchIndex {
  let decision: Decision
  let bits: Int
  /// nil for a few branches (up to 16), which are simply all tested: that spares the dictionary type's run-time
  /// set-up (its first use scans the binary's conformances) on every ordinary diff.
  private let groups: [Group]?

  init(_ decision: Decision, bits: Int) {
    self.decision = decision
    self.bits = bits
    guard decision.branches.count > 16 else {
      groups = nil
      return
    }
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var groups: [Group] = []
    var position: [SeccompAction: Int] = [:]
    for branch in decision.branches {
      let slot: Int
      if let known = position[branch.action] {
        slot = known
      } else {
        slot = groups.count
        position[branch.action] = slot
        groups.append(Group(action: branch.action))
      }
      groups[slot].add(branch.conditions, mask: mask)
    }
    self.groups = groups
  }

  /// What `decision.outcome(for:bits:)` answers.
  func outcome(for arguments: [UInt64]) -> SeccompAction? {
    guard let groups else { return decision.outcome(for: arguments, bits: bits) }
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var matched: SeccompAction?
    for group in groups where group.anyMatches(arguments, mask: mask, bits: bits) {
      if matched != nil { return nil }
      matched = group.action
    }
    return matched ?? decision.action
  }

  /// The branches of one action.
  private struct Group {
    let action: SeccompAction
    /// One-condition branches, by argument index.
    var single: [Int: Summary] = [:]
    /// Longer chains filed under one of their `==` conditions: index → value → chains.
    var byEqual: [Int: [UInt64: [ConditionChain]]] = [:]
    /// Longer chains filed under one of their `& mask ==` conditions: index → mask → masked datum → chains.
    var byMask: [Int: [UInt64: [UInt64: [ConditionChain]]]] = [:]
    /// Longer chains with neither (and an empty chain: it always matches).
    var rest: [ConditionChain] = []

    init(action: SeccompAction) { self.action = action }

    mutating func add(_ chain: ConditionChain, mask: UInt64) {
      if chain.count == 1 {
        single[chain[0].index, default: Summary()].add(chain[0], mask: mask)
      } else if let key = chain.first(where: { $0.op == .equal }) {
        byEqual[key.index, default: [:]][key.value & mask, default: []].append(chain)
      } else if let key = chain.first(where: { $0.op == .maskedEqual }) {
        let m = key.value & mask
        byMask[key.index, default: [:]][m, default: [:]][key.valueTwo & m, default: []].append(chain)
      } else {
        rest.append(chain)
      }
    }

    func anyMatches(_ arguments: [UInt64], mask: UInt64, bits: Int) -> Bool {
      func argument(_ index: Int) -> UInt64 { arguments.indices.contains(index) ? arguments[index] : 0 }
      func all(_ chain: ConditionChain) -> Bool { chain.allSatisfy { $0.matches(argument($0.index), bits: bits) } }
      for (index, summary) in single where summary.matches(argument(index) & mask) { return true }
      for (index, chains) in byEqual {
        if let candidates = chains[argument(index) & mask], candidates.contains(where: all) { return true }
      }
      for (index, masks) in byMask {
        let value = argument(index) & mask
        for (m, datums) in masks {
          if let candidates = datums[value & m], candidates.contains(where: all) { return true }
        }
      }
      return rest.contains(where: all)
    }
  }

  /// The one-condition branches on one argument, folded: whether any matches a value (already cut to the ABI's
  /// width) is answered without visiting them.
  private struct Summary {
    var equal: Set<UInt64> = []
    /// mask → the datums compared under it (each already masked, as libseccomp stores it).
    var masked: [UInt64: Set<UInt64>] = [:]
    /// The first two distinct `!=` values: a value differs from one of them unless it is the only one.
    var notEqual: [UInt64] = []
    /// The largest `<` bound and `<=` bound, the smallest `>` and `>=` bound.
    var below: UInt64?
    var atMost: UInt64?
    var above: UInt64?
    var atLeast: UInt64?

    mutating func add(_ condition: ArgCondition, mask: UInt64) {
      let v = condition.value & mask
      switch condition.op {
      case .equal: equal.insert(v)
      case .maskedEqual: masked[v, default: []].insert(condition.valueTwo & v)
      case .notEqual: if notEqual.count < 2, !notEqual.contains(v) { notEqual.append(v) }
      case .lessThan: below = max(below ?? 0, v)
      case .lessOrEqual: atMost = max(atMost ?? 0, v)
      case .greaterThan: above = min(above ?? .max, v)
      case .greaterOrEqual: atLeast = min(atLeast ?? .max, v)
      }
    }

    func matches(_ a: UInt64) -> Bool {
      if notEqual.count == 2 || notEqual.first.map({ $0 != a }) == true { return true }
      if let below, a < below { return true }
      if let atMost, a <= atMost { return true }
      if let above, a > above { return true }
      if let atLeast, a >= atLeast { return true }
      if equal.contains(a) { return true }
      return masked.contains { m, datums in datums.contains(a & m) }
    }
  }
}
