import Policy
import SyscallTables

/// What a finding says the filter does, in a form the evaluator can check: the finding→`explain` property test
/// builds a target meeting `targets` and arguments meeting `arguments`, evaluates the profile and compares.
package struct Claim: Sendable, Hashable {
  package enum Verdict: Sendable, Hashable {
    /// The call runs.
    case allowed
    /// The call is blocked (an errno, kill, trap…).
    case denied
    /// The filter returns exactly this action.
    case outcome(SeccompAction)
    /// Matching rules with different actions: libseccomp's decision tree picks.
    case undecided
    /// On no host does the filter have a number for the syscall where the rule applies.
    case notInFilter
  }

  package var syscall: String
  package var verdict: Verdict
  /// The targets the finding speaks of (each alternative is checked).
  package var targets: TargetCondition
  /// The call's arguments meet every condition (empty: any arguments).
  package var arguments: ConditionChain

  package init(_ syscall: String, _ verdict: Verdict, on targets: TargetCondition = .always, arguments: ConditionChain = []) {
    self.syscall = syscall
    self.verdict = verdict
    self.targets = targets
    self.arguments = arguments
  }
}

extension LintContext {
  /// The targets on which rule `index` decides `syscall` for the arguments its chains admit: its guard, minus the
  /// targets where a rule runc keeps overrides it with the opposite verdict. libseccomp's first unconditional
  /// rule on a syscall beats every conditional rule and every later rule (`LibseccompStage.decide`, observed with
  /// the oracle, arch-hazards.md §9); runc drops a rule whose action is the default action (`RuncStage`,
  /// moby-semantics.md §5.3), so such a rule decides and overrides nothing.
  ///
  /// With `evenIfDropped`, a rule whose action is the default action still counts where nothing overrides it:
  /// runc drops it, but the default then does what it says.
  /// With `anyAction`, every unconditional rule with another action overrides, not only the opposite verdict.
  package func effectiveCondition(
    of index: Int, for syscall: String, evenIfDropped: Bool = false, anyAction: Bool = false, ignoring: Int? = nil
  ) -> TargetCondition {
    // The rule's stored properties are read in place (a copy of the whole rule per call cost more than most).
    let rules = symbolic.rules
    guard canEverHold[index], let action = rules[index].action, evenIfDropped || action != symbolic.defaultAction,
      rules[index].chains.contains(where: { $0.isSatisfiable(alsoThirtyTwo: hasThirtyTwoBitABIs) })
    else { return .never }
    // A rule runc drops (its action is the default's) is not in the filter: every kept rule with the opposite
    // verdict wins over the default it relies on, wherever it sits and whatever its arguments.
    let dropped = action == symbolic.defaultAction
    if dropped && !unconditional[index] { return .never }
    var condition = TargetCondition(rules[index].guardCondition)
    // Overriders: rules runc keeps with the opposite verdict (another action with `anyAction`) — unconditional
    // ones, and earlier ones when this rule is unconditional itself (the first unconditional rule wins); any kept
    // rule when this one is dropped. Looked up by action group, so thousands of rules with the same action on one
    // syscall cost nothing here.
    let defaultAction = symbolic.defaultAction  // (a closure reading `self` copied the whole context)
    let overriders = groupedRules(
      of: syscall, conditional: dropped, before: dropped || !unconditional[index] ? nil : index
    ) { verdict in
      guard let verdict, verdict != defaultAction else { return false }
      return anyAction ? verdict != action : verdict.permits != action.permits
    }
    for other in overriders where other != index && other != ignoring {
      condition = condition.subtracting(rules[other].guardCondition)
      if condition.isNever { break }
    }
    return condition
  }

  /// The targets on which `syscall` is allowed whatever its arguments: where an unconditional allow decides it, or
  /// (default allow) where no unconditional deny that runc keeps applies.
  package func allowedCondition(_ syscall: String) -> TargetCondition {
    var allowed = TargetCondition.never
    for index in rulesByName[syscall] ?? [] where symbolic.rules[index].isUnconditional && symbolic.rules[index].action?.permits == true {
      allowed = allowed.or(effectiveCondition(of: index, for: syscall))
    }
    if symbolic.defaultAction?.permits == true {
      var byDefault = TargetCondition.always
      for index in rulesByName[syscall] ?? [] where canEverHold[index] {
        let rule = symbolic.rules[index]
        if rule.action?.permits == false, rule.action != symbolic.defaultAction { byDefault = byDefault.subtracting(rule.guardCondition) }
      }
      allowed = allowed.or(byDefault)
    }
    return allowed
  }

  /// Whether the profile covers 32-bit ABIs (where libseccomp compares only the low halves of arguments).
  var hasThirtyTwoBitABIs: Bool { arches.all.contains { $0.bits == 32 } }
}
