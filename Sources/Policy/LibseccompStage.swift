import ProfileModel
import SyscallTables

/// How libseccomp turns runc's rules into per-ABI decisions (arch-hazards.md §1, §6, §9).
enum LibseccompStage {
  struct FilterRule {
    var action: SeccompAction
    var chain: ConditionChain
    var pointer: JSONPointer
  }

  /// Filter rules by syscall number, each number's in the order runc added them: a sorted array searched by
  /// bisection (a dictionary keyed by `Int` would make the Swift runtime scan every protocol conformance in the
  /// binary on first use, which costs more than an ABI's evaluation).
  struct RulesByNumber {
    /// Parallel arrays: each rule's number, and the rules (sorted by number by `finish()`, stable).
    private var numbers: [Int] = []
    private var rules: [FilterRule] = []
    private var sorted = true

    init(capacity: Int = 0) {
      numbers.reserveCapacity(capacity)
      rules.reserveCapacity(capacity)
    }

    mutating func append(_ rule: FilterRule, on number: Int) {
      if let last = numbers.last, last > number { sorted = false }
      numbers.append(number)
      rules.append(rule)
    }

    /// Every number with a rule, ascending (call `finish()` first).
    var allNumbers: [Int] {
      var result: [Int] = []
      for number in numbers where result.last != number { result.append(number) }
      return result
    }

    mutating func finish() {
      guard !sorted else { return }
      // Sorts (number, position) pairs — plain integers, so no rule (a chain and a pointer to retain) moves at
      // every comparison — then puts the rules in that order once.
      if numbers.count <= Int(UInt32.max), numbers.allSatisfy({ Int32(exactly: $0) != nil }) {
        // (number, position) packed in one integer with the same order (numbers fit 32 bits): a plain integer sort.
        var keys = numbers.indices.map { UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: numbers[$0])) ^ 0x8000_0000) << 32 | UInt64($0) }
        keys.sort()
        let order = keys.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        numbers = order.map { numbers[$0] }
        rules = order.map { rules[$0] }
        sorted = true
        return
      }
      var keys = numbers.indices.map { (number: numbers[$0], position: $0) }
      keys.sort { ($0.number, $0.position) < ($1.number, $1.position) }
      numbers = keys.map(\.number)
      rules = keys.map { rules[$0.position] }
      sorted = true
    }

    /// The rules on `number`, in the order they were added (call `finish()` first); most numbers have none or
    /// one, so the answer is a view, not a new array.
    subscript(number: Int) -> Rules {
      var low = 0
      var high = numbers.count
      while low < high {
        let middle = (low + high) / 2
        if numbers[middle] < number { low = middle + 1 } else { high = middle }
      }
      var end = low
      while end < numbers.count, numbers[end] == number { end += 1 }
      return Rules(rules: rules[low..<end])
    }

    struct Rules: RandomAccessCollection {
      fileprivate let rules: ArraySlice<FilterRule>
      var startIndex: Int { rules.startIndex }
      var endIndex: Int { rules.endIndex }
      subscript(position: Int) -> FilterRule { rules[position] }
    }
  }

  /// Where one chain of one of runc's rules lands on an ABI (plain integers: nothing is copied until the rule is
  /// needed). `subcall`: the chain is rewritten onto the multiplexer `number` with `arg0 == subcall`.
  struct Placement {
    var number: Int
    var rule: Int
    var chain: Int
    var subcall: Int?
  }

  /// Each applied rule's name resolved on `architecture` by `release` (parallel to `applied`): the per-ABI loops
  /// below read these instead of resolving every name again (RuncStage keeps them per ABI in its output).
  static func placements(_ applied: [AppliedRule], on architecture: Architecture, release: LibseccompRelease) -> [RowPlacement] {
    let table = SyscallTable.forArchitecture(architecture)
    if release.absentPairs.isEmpty {
      var rows: [Int] = []
      rows.reserveCapacity(applied.count)
      for index in applied.indices { rows.append(applied[index].row) }
      return table.placements(rows: rows)
    }
    var result: [RowPlacement] = []
    result.reserveCapacity(applied.count)
    for index in applied.indices { result.append(release.placement(row: applied[index].row, name: applied[index].name, in: table)) }
    return result
  }

  /// Every placement of runc's rules on `architecture`, in the order runc added them (see `rules`).
  static func forEachPlacement(
    _ applied: [AppliedRule], on architecture: Architecture, release: LibseccompRelease, _ body: (Placement) -> Void
  ) {
    forEachPlacement(applied, resolved: placements(applied, on: architecture, release: release), body)
  }

  /// The same from the names already resolved on the ABI (`placements`, parallel to `applied`).
  static func forEachPlacement(_ applied: [AppliedRule], resolved: [RowPlacement], _ body: (Placement) -> Void) {
    for index in applied.indices {
      let resolution = resolved[index]
      switch resolution.kind {
      case .direct:
        for chain in 0..<(applied[index].unconditional ? 1 : applied[index].chains.count) {
          body(Placement(number: resolution.number, rule: index, chain: chain))
        }
      case .multiplexed:
        // `abi_rule_add`: a rule on the multiplexer with arg0 == sub-call (the rule's own arg0 condition is
        // overwritten; its conditions on args 1-5 now test the multiplexer's arguments), plus the direct
        // syscall with the original conditions where the ABI has one.
        for chain in 0..<(applied[index].unconditional ? 1 : applied[index].chains.count) {
          body(Placement(number: resolution.multiplexer, rule: index, chain: chain, subcall: resolution.subcall))
          if let direct = resolution.directNumber { body(Placement(number: direct, rule: index, chain: chain)) }
        }
      case .absent, .unknown:
        continue  // not emitted for this ABI (`_skip_syscall` / runc skips unknown names)
      }
    }
  }

  /// The filter rule a placement stores: its chain without the conditions libseccomp drops as always true (a
  /// MASKED_EQ with no mask bit this ABI compares; a chain left empty is an unconditional rule), rewritten for
  /// the multiplexer when it lands there.
  static func filterRule(_ placement: Placement, of applied: [AppliedRule], bits: Int) -> FilterRule {
    let rule = applied[placement.rule]
    let original = rule.chains[placement.chain]
    let chain = original.contains { $0.isTautology(bits: bits) } ? original.filter { !$0.isTautology(bits: bits) } : original
    guard let subcall = placement.subcall else { return FilterRule(action: rule.action, chain: chain, pointer: rule.pointer) }
    let rewritten = [ArgCondition(index: 0, op: .equal, value: UInt64(subcall))] + chain.filter { $0.index != 0 }
    return FilterRule(action: rule.action, chain: rewritten, pointer: rule.pointer)
  }

  /// The rules that land on each syscall number of `architecture`, in the order runc added them.
  static func rules(
    _ applied: [AppliedRule], on architecture: Architecture, release: LibseccompRelease
  ) -> RulesByNumber {
    rules(applied, resolved: placements(applied, on: architecture, release: release), bits: architecture.bits)
  }

  /// The same from the names already resolved on the ABI (`placements`), whose width is `bits`.
  static func rules(_ applied: [AppliedRule], resolved: [RowPlacement], bits: Int) -> RulesByNumber {
    var byNumber = RulesByNumber(capacity: applied.count)
    forEachPlacement(applied, resolved: resolved) { placement in
      byNumber.append(filterRule(placement, of: applied, bits: bits), on: placement.number)
    }
    byNumber.finish()
    return byNumber
  }

  /// `rules(…)` restricted to the numbers with two or more rules, ascending, each with its rules in the order runc
  /// added them: the placements are found as integers, and only the rules on shared numbers are built (the
  /// miscompilation checks look at nothing else).
  static func sharedRules(
    _ applied: [AppliedRule], on architecture: Architecture, release: LibseccompRelease
  ) -> [(number: Int, rules: [FilterRule])] {
    sharedRules(applied, resolved: placements(applied, on: architecture, release: release), bits: architecture.bits)
  }

  /// The same from the names already resolved on the ABI (`placements`), whose width is `bits`.
  static func sharedRules(_ applied: [AppliedRule], resolved: [RowPlacement], bits: Int) -> [(number: Int, rules: [FilterRule])] {
    var placements: [Placement] = []
    placements.reserveCapacity(applied.count)
    forEachPlacement(applied, resolved: resolved) { placements.append($0) }
    // Numbers seen twice, without sorting every placement: bucketed by their low bits first (equal numbers share a
    // bucket), then only the placements of buckets hit twice are sorted, which finds the exact repeats.
    let bucketMask = 0x1FFF
    var hits = [UInt8](repeating: 0, count: bucketMask + 1)
    for placement in placements where hits[placement.number & bucketMask] < 2 { hits[placement.number & bucketMask] += 1 }
    var candidates = placements.compactMap { hits[$0.number & bucketMask] > 1 ? $0.number : nil }
    candidates.sort()
    var shared: [Int] = []
    for position in candidates.indices.dropFirst()
    where candidates[position] == candidates[position - 1] && shared.last != candidates[position] {
      shared.append(candidates[position])
    }
    guard !shared.isEmpty else { return [] }
    var result = shared.map { (number: $0, rules: [FilterRule]()) }
    for placement in placements {
      // `shared` is ascending: find the number by bisection.
      var low = 0
      var high = shared.count
      while low < high {
        let middle = (low + high) / 2
        if shared[middle] < placement.number { low = middle + 1 } else { high = middle }
      }
      guard low < shared.count, shared[low] == placement.number else { continue }
      result[low].rules.append(filterRule(placement, of: applied, bits: bits))
    }
    return result
  }

  /// `sharedRules(…)` restricted to the numbers whose rules all have conditions (a multiplexer's `arg0 == subcall`
  /// counts; conditions libseccomp drops as always true do not): the only numbers the tree-miscompilation search
  /// looks at (an unconditional rule replaces the tree). Most rules are unconditional, so the few conditional
  /// placements are collected first and only their repeated numbers are looked at; no rule is built for the others.
  static func conditionalSharedRules(
    _ applied: [AppliedRule], resolved: [RowPlacement], bits: Int, conditionalRules: [Int]? = nil
  ) -> [(number: Int, rules: [FilterRule])] {
    // `forEachPlacement`'s placements split by whether the chain keeps a condition on this ABI (a multiplexer's
    // `arg0 == subcall` always does). Only the rules of `conditionalRules` (those with conditions or on a
    // socket/IPC call) can place a conditional chain; of the unconditional placements only the number matters.
    var conditionalPlacements: [Placement] = []
    var unconditionalNumbers: [Int] = []
    var candidate = [Bool](repeating: conditionalRules == nil, count: applied.count)
    for index in conditionalRules ?? [] { candidate[index] = true }
    for index in applied.indices where candidate[index] {
      let resolution = resolved[index]
      let multiplexed: Bool
      switch resolution.kind {
      case .direct: multiplexed = false
      case .multiplexed: multiplexed = true
      case .absent, .unknown: continue
      }
      let direct = multiplexed ? resolution.directNumber : resolution.number
      if applied[index].unconditional {
        // One empty chain.
        if multiplexed {
          conditionalPlacements.append(Placement(number: resolution.multiplexer, rule: index, chain: 0, subcall: resolution.subcall))
        }
        if let direct { unconditionalNumbers.append(direct) }
        continue
      }
      let chains = applied[index].chains
      for chain in chains.indices {
        if multiplexed {
          conditionalPlacements.append(Placement(number: resolution.multiplexer, rule: index, chain: chain, subcall: resolution.subcall))
        }
        guard let direct else { continue }
        if chains[chain].contains(where: { !$0.isTautology(bits: bits) }) {
          conditionalPlacements.append(Placement(number: direct, rule: index, chain: chain))
        } else {
          unconditionalNumbers.append(direct)
        }
      }
    }
    guard conditionalPlacements.count > 1 else { return [] }
    var numbers = conditionalPlacements.map(\.number)
    numbers.sort()
    var repeated: [Int] = []
    for position in numbers.indices.dropFirst() where numbers[position] == numbers[position - 1] && repeated.last != numbers[position] {
      repeated.append(numbers[position])
    }
    guard !repeated.isEmpty else { return [] }
    // `repeated` is ascending: numbers found by bisection.
    func find(_ number: Int) -> Int? {
      // Most numbers asked about (every unconditional rule's) are outside the few repeated ones.
      guard number >= repeated[0], number <= repeated[repeated.count - 1] else { return nil }
      var low = 0
      var high = repeated.count
      while low < high {
        let middle = (low + high) / 2
        if repeated[middle] < number { low = middle + 1 } else { high = middle }
      }
      return low < repeated.count && repeated[low] == number ? low : nil
    }
    // A number that also has an unconditional rule is left out.
    var unconditional = [Bool](repeating: false, count: repeated.count)
    for number in unconditionalNumbers { if let index = find(number) { unconditional[index] = true } }
    // The other rules are unconditional and not multiplexed: one placement on their direct number.
    for index in applied.indices where !candidate[index] {
      guard case .direct = resolved[index].kind, let found = find(resolved[index].number) else { continue }
      unconditional[found] = true
    }
    var result = repeated.map { (number: $0, rules: [FilterRule]()) }
    for placement in conditionalPlacements {
      guard let index = find(placement.number), !unconditional[index] else { continue }
      result[index].rules.append(filterRule(placement, of: applied, bits: bits))
    }
    return result.enumerated().filter { !unconditional[$0.offset] }.map(\.element)
  }

  /// libseccomp's combination of the rules on one syscall number (observed with the oracle, §9): the first
  /// unconditional rule wins and beats every conditional rule; otherwise the conditional rules decide per
  /// arguments and everything else gets the default action.
  static func decide(_ rules: some Collection<FilterRule>, defaultAction: SeccompAction) -> Decision {
    if let unconditional = rules.first(where: { $0.chain.isEmpty }) {
      return Decision(action: unconditional.action, origin: .rule(unconditional.pointer), branches: [], ambiguous: false)
    }
    guard let first = rules.first else {
      return Decision(action: defaultAction, origin: .defaultAction, branches: [], ambiguous: false)
    }
    var branches: [Branch] = []
    // Identical (chain, action) pairs are one branch, the first rule's. A syscall usually has a few rules, compared
    // directly; thousands (a hostile profile) go through a set so the work stays linear.
    var seen: Set<BranchKey>? = rules.count > 16 ? [] : nil
    for rule in rules {
      if seen != nil {
        guard seen?.insert(BranchKey(conditions: rule.chain, action: rule.action)).inserted == true else { continue }
      } else if branches.contains(where: { $0.conditions == rule.chain && $0.action == rule.action }) {
        continue
      }
      branches.append(Branch(conditions: rule.chain, action: rule.action, rule: rule.pointer))
    }
    let ambiguous = Set(branches.map(\.action)).count > 1
    return Decision(action: defaultAction, origin: .rule(first.pointer), branches: branches, ambiguous: ambiguous)
  }
}

private struct BranchKey: Hashable {
  var conditions: ConditionChain
  var action: SeccompAction
}

/// runc's ENOSYS stub (`patchbpf/enosys_linux.go`): per ABI in the filter, syscall numbers above the largest
/// one the profile names get `ERRNO(ENOSYS)` before the filter runs.
enum EnosysStub {
  /// The stub is skipped for permissive defaults (ALLOW, LOG, TRACE) and, as written in runc, when
  /// `defaultErrnoRet` equals the whole action value `SCMP_ACT_ERRNO(ENOSYS)` (0x50026), which is never
  /// the case for a real errno.
  static func applies(defaultAction: SeccompAction, defaultErrnoRet: UInt64?) -> Bool {
    if defaultErrnoRet == 0x50026 { return false }
    switch defaultAction {
    case .allow, .log, .trace: return false
    default: return true
    }
  }

  /// `findLastSyscalls`: the largest number any rule name resolves to on each ABI, by OCI token (rules runc skipped as
  /// redundant count too; unknown names and pseudo numbers do not). ABIs with none get no stub section.
  static func maxima(
    rows knownRows: [Int], architectures: [Architecture], release: LibseccompRelease
  ) -> [String: Int] {
    var result: [String: Int] = [:]
    // Distinct rows, without hashing (a row is a small index into the tables).
    var seen = [Bool](repeating: false, count: SyscallData.names.count)
    var rows: [Int] = []
    for row in knownRows where seen.indices.contains(row) && !seen[row] {
      seen[row] = true
      rows.append(row)
    }
    for architecture in architectures {
      let table = SyscallTable.forArchitecture(architecture)
      var largest = 0
      for row in rows {
        let number = table.number(row: row)
        guard number > largest else { continue }
        // An absent pair of this release is a pseudo number: never the largest.
        if !release.absentPairs.isEmpty, release.absentPairs.contains("\(architecture.token) \(SyscallData.names[row])") { continue }
        largest = number
      }
      if largest > 0 { result[architecture.token] = largest }
    }
    return result
  }
}
