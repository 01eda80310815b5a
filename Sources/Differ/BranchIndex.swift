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
    for slot in groups.indices { groups[slot].finish() }
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
    /// Chains of two bounds (`arg0 >= N && arg1 <= M`), by which arguments they bound and how.
    var boundPairs: [BoundPairs.Kind: BoundPairs] = [:]
    /// Longer chains with none of the above (and an empty chain: it always matches).
    var rest: [ConditionChain] = []

    init(action: SeccompAction) { self.action = action }

    mutating func finish() {
      for kind in boundPairs.keys { boundPairs[kind]?.finish() }
    }

    mutating func add(_ chain: ConditionChain, mask: UInt64) {
      if chain.count == 1 {
        single[chain[0].index, default: Summary()].add(chain[0], mask: mask)
      } else if let key = chain.first(where: { $0.op == .equal }) {
        byEqual[key.index, default: [:]][key.value & mask, default: []].append(chain)
      } else if let key = chain.first(where: { $0.op == .maskedEqual }) {
        let m = key.value & mask
        byMask[key.index, default: [:]][m, default: [:]][key.valueTwo & m, default: []].append(chain)
      } else if chain.count == 2, case let (first, true) = Bound.of(chain[0], mask: mask),
        case let (second, true) = Bound.of(chain[1], mask: mask)
      {
        // A bound no value meets (`> max`, `< 0`): the chain matches nothing and is left out.
        if let first, let second {
          let kind = BoundPairs.Kind(first: first.index, firstLower: first.lower, second: second.index, secondLower: second.lower)
          boundPairs[kind, default: BoundPairs(kind)].pairs.append((first.value, second.value))
        }
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
      for (kind, pairs) in boundPairs where pairs.anyMatches(first: argument(kind.first) & mask, second: argument(kind.second) & mask) {
        return true
      }
      return rest.contains(where: all)
    }
  }

  /// A `>=`/`>` (lower) or `<=`/`<` (upper) condition as an inclusive bound on the argument cut to the ABI's width.
  private struct Bound {
    var index: Int
    var lower: Bool
    var value: UInt64

    /// `isBound` false for any other operator; `bound` nil for a bound no value meets (`a > max`, `a < 0`).
    static func of(_ condition: ArgCondition, mask: UInt64) -> (bound: Bound?, isBound: Bool) {
      let v = condition.value & mask
      switch condition.op {
      case .greaterOrEqual: return (Bound(index: condition.index, lower: true, value: v), true)
      case .lessOrEqual: return (Bound(index: condition.index, lower: false, value: v), true)
      case .greaterThan: return (v == mask ? nil : Bound(index: condition.index, lower: true, value: v + 1), true)
      case .lessThan: return (v == 0 ? nil : Bound(index: condition.index, lower: false, value: v - 1), true)
      default: return (nil, false)
      }
    }
  }

  /// Chains of two bounds of one kind, answering "does any match" by binary search: sorted so the chains whose
  /// first bound admits a value are a prefix, with the loosest second bound of every prefix kept beside them.
  /// 10,000 `arg0 >= N && arg1 <= N` rules were tested one by one per probe: 15 s of a symbolic diff.
  private struct BoundPairs {
    struct Kind: Hashable {
      var first: Int
      var firstLower: Bool
      var second: Int
      var secondLower: Bool
    }
    let kind: Kind
    var pairs: [(first: UInt64, second: UInt64)] = []
    /// Per prefix of `pairs`, its loosest second bound (the smallest lower bound, the largest upper bound).
    var loosest: [UInt64] = []

    init(_ kind: Kind) { self.kind = kind }

    mutating func finish() {
      let lower = kind.firstLower
      pairs.sort { lower ? $0.first < $1.first : $0.first > $1.first }
      loosest = []
      loosest.reserveCapacity(pairs.count)
      for pair in pairs {
        guard let last = loosest.last else {
          loosest.append(pair.second)
          continue
        }
        loosest.append(kind.secondLower ? min(last, pair.second) : max(last, pair.second))
      }
    }

    func anyMatches(first a: UInt64, second b: UInt64) -> Bool {
      // How many chains' first bound admits `a`: a prefix, found by binary search.
      var low = 0
      var high = pairs.count
      while low < high {
        let middle = (low + high) / 2
        let bound = pairs[middle].first
        if kind.firstLower ? bound <= a : bound >= a { low = middle + 1 } else { high = middle }
      }
      guard low > 0 else { return false }
      let second = loosest[low - 1]
      return kind.secondLower ? second <= b : second >= b
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
