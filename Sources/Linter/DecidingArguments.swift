import Policy

extension ArgCondition {
  /// The condition that holds exactly when this one does not, where one operator says it (MASKED_EQ has none).
  var negated: ArgCondition? {
    switch op {
    case .equal: ArgCondition(index: index, op: .notEqual, value: value)
    case .notEqual: ArgCondition(index: index, op: .equal, value: value)
    case .lessThan: ArgCondition(index: index, op: .greaterOrEqual, value: value)
    case .greaterOrEqual: ArgCondition(index: index, op: .lessThan, value: value)
    case .lessOrEqual: ArgCondition(index: index, op: .greaterThan, value: value)
    case .greaterThan: ArgCondition(index: index, op: .lessOrEqual, value: value)
    case .maskedEqual: nil
    }
  }
}

extension LintContext {
  /// The overlap tests `decidingClaims` makes for one syscall at most (see there).
  static let pairBudget = 2_000_000

  /// Claims that rule `index` decides `syscall` (`verdict`) for arguments meeting `chain` on `condition`.
  ///
  /// runc hands libseccomp every conditional rule of a syscall (a rule with two conditions on one argument becomes
  /// one rule per condition: `SymbolicRule.chains`); where a rule with another action also matches the arguments,
  /// libseccomp's decision tree picks, not file order (`LibseccompStage.decide` marks the decision ambiguous,
  /// arch-hazards.md §9). So the claim keeps the arguments that avoid every such rule, adding the negation of one
  /// of its conditions (`arg2 == 9` against `arg2 != 9`); where no arguments avoid it, the claim is "undecided" on
  /// the targets where that rule applies. Returns the claims and the overlapping rules that could not be avoided.
  func decidingClaims(
    _ syscall: String, rule index: Int, chain: ConditionChain, on condition: TargetCondition, verdict: Claim.Verdict
  ) -> (claims: [Claim], unavoidable: [SymbolicRule], unanalysed: [SymbolicRule]) {
    let rules = symbolic.rules
    let action = rules[index].action
    var chosen = chain
    var unavoidable: [Int] = []
    var unanalysed: [Int] = []
    // Unconditional rules with another action are `effectiveCondition`'s (the first unconditional rule wins);
    // rules runc drops (the default's action) are not in the filter. Looked up by action group: rules with this
    // rule's action are never visited.
    let groups = ruleGroups(of: syscall)  // grouped once for both questions below
    let others = groups?.rules(unconditional: false, conditional: true) {
      $0 != action && $0 != symbolic.defaultAction
    } ?? []
    // Every chain of the syscall asks this question about every chain with another action: quadratic in the
    // chains of one syscall. A rule with 10,000 `!=` conditions on one argument is 10,000 chains (runc adds one
    // libseccomp rule per condition), and two such rules with different actions took minutes. The work per call
    // is bounded so that all calls for the syscall together make at most `pairBudget` overlap tests; rules left
    // untested past that point are `unanalysed`: the claim says "undecided" where they apply, never allowed or
    // denied, and the finding says they were not analysed (not that they overlap).
    // Profiles with fewer than ~1,400 chains on one syscall never reach the bound.
    let chainsOnSyscall = groups?.conditionalChains ?? 0
    var budget = Self.pairBudget / max(1, chainsOnSyscall)
    for other in others where other != index {
      let rule = rules[other]
      guard !condition.and(rule.guardCondition).isNever else { continue }
      budget -= rule.chains.count
      if budget < 0 {
        unanalysed.append(other)
        continue
      }
      for otherChain in rule.chains where (chosen + otherChain).isSatisfiable(alsoThirtyTwo: hasThirtyTwoBitABIs) {
        let avoiding = otherChain.compactMap(\.negated).first { negation in
          let candidate = chosen + [negation]
          return candidate.witness(bits: 64) != nil && (!hasThirtyTwoBitABIs || candidate.witness(bits: 32) != nil)
        }
        if let avoiding {
          chosen.append(avoiding)
        } else if !unavoidable.contains(other) {
          unavoidable.append(other)
        }
      }
    }
    guard !unavoidable.isEmpty || !unanalysed.isEmpty else {
      return ([Claim(syscall, verdict, on: condition, arguments: chosen)], [], [])
    }
    let overlap = (unavoidable + unanalysed).reduce(TargetCondition.never) { $0.or(TargetCondition(rules[$1].guardCondition)) }
    var claims = [Claim(syscall, .undecided, on: condition.and(overlap), arguments: chosen)]
    let elsewhere = condition.and(overlap.complement)
    if !elsewhere.isNever { claims.append(Claim(syscall, verdict, on: elsewhere, arguments: chosen)) }
    return (claims, unavoidable.map { rules[$0] }, unanalysed.map { rules[$0] })
  }
}
