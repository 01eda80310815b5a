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

  /// For every syscall named, its groups (one pass over the index of rules by name).
  static func build(
    _ rulesByName: [String: [Int]], _ rules: [SymbolicRule], canEverHold: [Bool]
  ) -> [String: RuleGroups] {
    rulesByName.mapValues { indexes in
      var result = RuleGroups()
      var position: [SeccompAction?: Int] = [:]
      for index in indexes where canEverHold[index] {
        let rule = rules[index]
        let slot: Int
        if let known = position[rule.action] {
          slot = known
        } else {
          slot = result.groups.count
          position[rule.action] = slot
          result.groups.append(Group(action: rule.action))
        }
        if rule.isUnconditional {
          result.groups[slot].unconditional.append(index)
        } else {
          result.groups[slot].conditional.append(index)
          result.conditionalChains += rule.chains.count
        }
      }
      return result
    }
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
