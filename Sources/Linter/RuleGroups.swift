import Policy

/// The rules naming one syscall that can apply somewhere (`canEverHold`), grouped by action and split into
/// unconditional and conditional ones, each list in file order.
///
/// `effectiveCondition` and `decidingClaims` look for the rules with *another* action than the one they judge:
/// scanning every rule naming the syscall made 10,000 rules on one syscall cost 10⁸ comparisons (and copies of
/// rules) per rule, so a lint of them took minutes. Grouped, a query visits only the rules that can matter.
struct RuleGroups: Sendable {
  struct Group: Sendable {
    /// nil: an action string runc does not know.
    var action: SeccompAction?
    var unconditional: [Int] = []
    var conditional: [Int] = []
  }

  /// In order of each action's first rule.
  private(set) var groups: [Group] = []
  /// How many chains (`SymbolicRule.chains`) the conditional rules hold together: what bounds `decidingClaims`.
  private(set) var conditionalChains = 0

  /// Groups searched linearly before a dictionary takes over.
  static let linearLimit = 16

  /// Syscalls named by more rules than this have their groups built with the context; the others (nearly all:
  /// a syscall is usually named once) are grouped when a rule asks, at a cost like a lookup's.
  static let storedAbove = 8

  /// For every syscall named by more than `storedAbove` rules, its groups (one pass over the index of rules by
  /// name).
  static func build(
    _ rulesByName: [String: [Int]], _ rules: [SymbolicRule], canEverHold: [Bool]
  ) -> [String: RuleGroups] {
    var result: [String: RuleGroups] = [:]
    for (name, indexes) in rulesByName where indexes.count > storedAbove {
      result[name] = group(indexes, rules, canEverHold: canEverHold)
    }
    return result
  }

  /// The groups of the rules `indexes` (in file order).
  static func group(_ indexes: [Int], _ rules: [SymbolicRule], canEverHold: [Bool]) -> RuleGroups {
    var result = RuleGroups()
    // Real profiles give a syscall a handful of actions: the groups are searched linearly (a dictionary per
    // syscall cost more than the rules that read the groups). Past `linearLimit` groups (a hostile profile
    // with thousands of errno values) a dictionary keeps the build linear.
    var position: [SeccompAction?: Int]?
    for index in indexes where canEverHold[index] {
      // Stored properties read in place: the computed `isUnconditional` copied the whole rule for each index.
      let action = rules[index].action
      let chains = rules[index].chains
      let slot: Int
      if let known = position?[action] ?? (position == nil ? result.groups.firstIndex(where: { $0.action == action }) : nil) {
        slot = known
      } else {
        slot = result.groups.count
        result.groups.append(Group(action: action))
        if position != nil {
          position?[action] = slot
        } else if result.groups.count > Self.linearLimit {
          position = Dictionary(uniqueKeysWithValues: result.groups.indices.map { (result.groups[$0].action, $0) })
        }
      }
      if chains.count == 1 && chains[0].isEmpty {  // `isUnconditional`
        result.groups[slot].unconditional.append(index)
      } else {
        result.groups[slot].conditional.append(index)
        result.conditionalChains += chains.count
      }
    }
    return result
  }

  /// The rules of the groups `include` accepts (unconditional ones, and conditional ones too with
  /// `conditional`), below `before` when given, in file order.
  func rules(
    unconditional: Bool = true, conditional: Bool, before: Int? = nil, where include: (SeccompAction?) -> Bool
  ) -> [Int] {
    var found: [Int] = []
    for group in groups where include(group.action) {
      if unconditional { found += Self.prefix(group.unconditional, below: before) }
      if conditional { found += Self.prefix(group.conditional, below: before) }
    }
    found.sort()
    return found
  }

  private static func prefix(_ indexes: [Int], below limit: Int?) -> ArraySlice<Int> {
    guard let limit else { return indexes[...] }
    // Binary search: the lists are in file order.
    var low = 0
    var high = indexes.count
    while low < high {
      let middle = (low + high) / 2
      if indexes[middle] < limit { low = middle + 1 } else { high = middle }
    }
    return indexes[..<low]
  }
}

extension LintContext {
  /// The rules naming `syscall` that can hold, grouped by action; nil when no rule names it.
  func ruleGroups(of syscall: String) -> RuleGroups? {
    if let stored = crowdedRuleGroups[syscall] { return stored }
    guard let indexes = rulesByName[syscall] else { return nil }
    return RuleGroups.group(indexes, symbolic.rules, canEverHold: canEverHold)
  }

  /// `ruleGroups(of: syscall)?.rules(unconditional:conditional:before:where:) ?? []`. A syscall named by at most
  /// `RuleGroups.storedAbove` rules (nearly every one) has its few rules scanned in file order instead: the same
  /// rules, without building groups (and their arrays) for each question.
  func groupedRules(
    of syscall: String, unconditional: Bool = true, conditional: Bool, before limit: Int? = nil,
    where include: (SeccompAction?) -> Bool
  ) -> [Int] {
    if let stored = crowdedRuleGroups[syscall] {
      return stored.rules(unconditional: unconditional, conditional: conditional, before: limit, where: include)
    }
    var found: [Int] = []
    // `rulesByName` lists each rule once, in file order: the result is sorted as `RuleGroups.rules` sorts it.
    for index in rulesByName[syscall] ?? [] where canEverHold[index] {
      if let limit, index >= limit { break }
      guard self.unconditional[index] ? unconditional : conditional, include(symbolic.rules[index].action) else { continue }
      found.append(index)
    }
    return found
  }
}
