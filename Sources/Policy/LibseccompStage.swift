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

    /// The numbers with two or more rules, ascending (call `finish()` first).
    var sharedNumbers: [Int] {
      var result: [Int] = []
      for position in numbers.indices.dropFirst() where numbers[position] == numbers[position - 1] {
        if result.last != numbers[position] { result.append(numbers[position]) }
      }
      return result
    }

    mutating func finish() {
      guard !sorted else { return }
      // Sorts (number, position) pairs — plain integers, so no rule (a chain and a pointer to retain) moves at
      // every comparison — then puts the rules in that order once.
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

  /// The rules that land on each syscall number of `architecture`, in the order runc added them.
  static func rules(
    _ applied: [AppliedRule], on architecture: Architecture, release: LibseccompRelease
  ) -> RulesByNumber {
    let table = SyscallTable.forArchitecture(architecture)
    let bits = architecture.bits
    var byNumber = RulesByNumber(capacity: applied.count)
    for rule in applied {
      let resolution = release.resolve(row: rule.row, name: rule.name, in: table)
      for original in rule.chains {
        // Conditions libseccomp drops as always true (a MASKED_EQ with no mask bit this ABI compares); a chain
        // left empty is an unconditional rule.
        let chain = original.contains { $0.isTautology(bits: bits) } ? original.filter { !$0.isTautology(bits: bits) } : original
        switch resolution.kind {
        case .direct:
          byNumber.append(FilterRule(action: rule.action, chain: chain, pointer: rule.pointer), on: resolution.number)
        case .multiplexed(_, let multiplexer, let subcall):
          // `abi_rule_add`: a rule on the multiplexer with arg0 == sub-call (the rule's own arg0 condition is
          // overwritten; its conditions on args 1-5 now test the multiplexer's arguments), plus the direct
          // syscall with the original conditions where the ABI has one.
          let rewritten = [ArgCondition(index: 0, op: .equal, value: UInt64(subcall))] + chain.filter { $0.index != 0 }
          byNumber.append(FilterRule(action: rule.action, chain: rewritten, pointer: rule.pointer), on: multiplexer)
          if let direct = resolution.directNumber {
            byNumber.append(FilterRule(action: rule.action, chain: chain, pointer: rule.pointer), on: direct)
          }
        case .absent, .unknown:
          continue  // not emitted for this ABI (`_skip_syscall` / runc skips unknown names)
        }
      }
    }
    byNumber.finish()
    return byNumber
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
