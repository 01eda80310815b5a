import Fixer
import Policy
import ProfileModel
import SyscallTables

/// SCL203: rules equal to the default action.
struct RedundantRule: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL203", name: "redundant-rule",
    summary: "A rule's action and errno equal the default action, so runc drops it.",
    rationale: """
      **What it does.** Reports rules whose action (with its errno) is the default action.

      **Why it matters.** runc skips such rules, and libseccomp would refuse them: an explicit "deny" with the
      default's errno has no effect and cannot override an earlier allow. It still raises runc's ENOSYS threshold.

      **Example.** `{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ERRNO"}]}`

      **Instead.** Remove the rule, or deny with a different errno (moby uses `"errnoRet": 38` for exactly this).

      **References.** [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`); [moby/profiles 7158007](https://github.com/moby/profiles/commit/7158007).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socketcall"], "action": ↓"SCMP_ACT_ERRNO"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}"#),
    ])

  func check(_ context: inout LintContext) {
    guard let defaultAction = context.symbolic.defaultAction else { return }
    for rule in context.symbolic.rules where rule.action == defaultAction {
      context.report(
        "the rule's action \(defaultAction) equals the default action, so runc drops it",
        at: rule.pointer.appending("action"), syscalls: rule.names,
        fix: defaultAction.errno != nil ? "remove the rule, or give it another errnoRet (e.g. 38, ENOSYS)" : "remove the rule")
    }
  }
}

/// SCL204: one syscall, several rules.
struct ConflictingRules: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL204", name: "conflicting-rules",
    summary: "A syscall has rules with different actions that can apply together, or is listed twice.",
    rationale: """
      **What it does.** Reports a syscall named again by a later rule whose conditions (capabilities, kernel, arch,
      arguments) can hold together with an earlier one's — argument conditions are solved, so `arg2 != 9` and
      `arg0 == 16 && arg2 == 9` never overlap — on some target where no unconditional rule overrides both, and plain
      duplicates. Rules runc drops (their action is the default's) conflict with nothing.

      **Why it matters.** libseccomp resolves the conflict silently: the first unconditional rule wins and beats every
      conditional one; between overlapping conditional rules its decision tree picks, which file order does not
      predict. Duplicates hide which rule a reviewer should read.

      **Example.** `ptrace` allowed by one rule and killed by a later one.

      **Instead.** Keep one rule per syscall and condition.

      **References.** [seccomp_rule_add(3)](https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html); [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`).
      """,
    defaultSeverity: .warning, fixes: [.safe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW"}, {"names": [↓"ptrace"], "action": "SCMP_ACT_KILL"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}, {"names": [↓"read"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#),
    ])

  func check(_ context: inout LintContext) {
    let rules = context.symbolic.rules
    let allIndexes = context.rulesByName
    for (name, naming) in allIndexes where !name.isEmpty && naming.count > 1 {
      // A rule whose guard can never hold (an unknown capability, …) overlaps nothing, nor does one runc drops
      // because its action is the default action (redundant-rule reports those).
      let live = naming.filter { context.canEverHold[$0] && rules[$0].action != context.symbolic.defaultAction }
      for (j, i) in Self.firstOverlaps(live, rules) {
        // Where both rules decide: neither is overridden by an unconditional rule with another action.
        let overlap = context.effectiveCondition(of: i, for: name, anyAction: true, ignoring: j)
          .and(context.effectiveCondition(of: j, for: name, anyAction: true, ignoring: i))
        // Only where a filter has the syscall: rules on socketcall for arm64 hosts conflict nowhere.
        let both = overlap.isAlways ? overlap : context.restricted(overlap, toHostsHaving: name)
        guard !both.isNever else { continue }
        report(name, earlier: rules[i], later: rules[j], both: both, &context)
      }
    }
  }

  /// For each rule naming a syscall, the first earlier rule naming it whose conditions can hold together with its
  /// own. Rules that pin one argument (`arg0 == AF_INET`, or `arg0 & 0xff == 3`) are bucketed by the values they
  /// allow there, since rules with no value in common never overlap: thousands of such rules cost linear time
  /// instead of comparing every pair.
  ///
  /// A syscall usually has a few rules: up to `indexAbove` of them are compared pairwise, which also spares the
  /// run-time cost of the index's dictionary types (their first use scans the binary's conformances).
  static func firstOverlaps(_ naming: [Int], _ rules: [SymbolicRule], indexAbove: Int = 16) -> [(later: Int, earlier: Int)] {
    guard naming.count > indexAbove else {
      return naming.indices.compactMap { position in
        let j = naming[position]
        return naming[..<position].first { overlap(rules[$0], rules[j]) }.map { (j, $0) }
      }
    }
    let pivot = Pivot.mostPinned(naming.map { rules[$0] })
    var byValue: [UInt64: [Int]] = [:]
    var unpinned: [Int] = []
    var all: [Int] = []
    var found: [(later: Int, earlier: Int)] = []
    for j in naming {
      let values = pivot?.values(rules[j])
      var first: Int?
      if let values {
        var pinned = values.flatMap { byValue[$0] ?? [] }
        pinned.sort()
        first = pinned.first { overlap(rules[$0], rules[j]) }
        // Earlier rules that pin nothing can overlap too; only those before the one found matter.
        let limit = first ?? Int.max
        if let i = unpinned.lazy.prefix(while: { $0 < limit }).first(where: { overlap(rules[$0], rules[j]) }) { first = i }
        for value in values { byValue[value, default: []].append(j) }
      } else {
        first = all.first { overlap(rules[$0], rules[j]) }
        unpinned.append(j)
      }
      if let first { found.append((j, first)) }
      all.append(j)
    }
    return found
  }

  /// One argument and how rules pin it: `==` (`mask` nil, the value) or `MASKED_EQ` with one mask (the result).
  struct Pivot: Hashable {
    var index: Int
    var mask: UInt64?

    /// The values `rule` allows at this argument (one per chain), or nil when some chain leaves it free.
    func values(_ rule: SymbolicRule) -> [UInt64]? {
      var values: [UInt64] = []
      for chain in rule.chains {
        guard let condition = chain.first(where: { pins($0) }) else { return nil }
        let value = mask == nil ? condition.value : condition.valueTwo
        if !values.contains(value) { values.append(value) }
      }
      return values.isEmpty ? nil : values
    }

    private func pins(_ condition: ArgCondition) -> Bool {
      guard condition.index == index else { return false }
      if let mask { return condition.op == .maskedEqual && condition.value == mask }
      return condition.op == .equal
    }

    /// The pivot most of `rules` pin (candidates come from each rule's first chain), nil when none pins any.
    static func mostPinned(_ rules: [SymbolicRule]) -> Pivot? {
      var counts: [Pivot: Int] = [:]
      for rule in rules {
        var candidates: [Pivot] = []
        for condition in rule.chains.first ?? [] where condition.index < 6 {
          let pivot: Pivot? = switch condition.op {
          case .equal: Pivot(index: condition.index, mask: nil)
          case .maskedEqual: Pivot(index: condition.index, mask: condition.value)
          default: nil
          }
          if let pivot, !candidates.contains(pivot), pivot.values(rule) != nil { candidates.append(pivot) }
        }
        for pivot in candidates { counts[pivot, default: 0] += 1 }
      }
      // Ties go to the lowest index, `==` first, so the choice does not depend on hashing.
      return counts.max { a, b in
        (a.value, -a.key.index, a.key.mask == nil ? 1 : 0, a.key.mask ?? 0) < (b.value, -b.key.index, b.key.mask == nil ? 1 : 0, b.key.mask ?? 0)
      }?.key
    }
  }

  private static func overlap(_ a: SymbolicRule, _ b: SymbolicRule) -> Bool {
    a.guardCondition.canHoldTogether(with: b.guardCondition) && argumentsOverlap(a, b)
  }

  private func report(
    _ name: String, earlier: SymbolicRule, later: SymbolicRule, both: TargetCondition, _ context: inout LintContext
  ) {
    let pointer = later.pointer.appending("names").appending(later.names.firstIndex(of: name) ?? 0)
    let bothText = earlier.guardCondition == later.guardCondition ? "" : " (where both apply: \(earlier.guardCondition) and \(later.guardCondition))"
    if earlier.action == later.action && earlier.chains == later.chains && earlier.guardCondition == later.guardCondition {
      // Safe: an identical rule (action, arguments, conditions) still names it. The name goes from a `names`
      // list of two or more; a rule naming only it goes as a whole (it adds nothing the earlier rule does not).
      var edits: [TextEdit]?
      if let offset = context.offset(of: pointer), context.edits.node(atOffset: offset)?.string == name,
        let index = Int(later.pointer.tokens.last ?? ""), let rule = context.profile.syscalls?[index], rule.name == nil
      {
        let count = rule.names?.count ?? 0
        edits = count > 1 ? context.edits.remove(at: offset) : count == 1 ? context.offset(of: later.pointer).flatMap(context.edits.remove(at:)) : nil
      }
      context.report(
        "\(name) is listed again with the same action (duplicate of \(earlier.pointer))", at: pointer, syscalls: [name],
        fix: "remove the duplicate", autofix: context.fix(.safe, edits), severity: .note)
    } else if earlier.action != later.action {
      let arguments = Self.overlappingChains(earlier, later) ?? []
      let verdict: Claim.Verdict? =
        earlier.isUnconditional ? earlier.action.map { .outcome($0) }
        : later.isUnconditional ? later.action.map { .outcome($0) } : .undecided
      let unconditional = earlier.isUnconditional
      let winner = unconditional
        ? "the earlier unconditional rule wins (\(earlier.action?.description ?? earlier.actionToken))"
        : (later.isUnconditional ? "this unconditional rule beats the earlier conditional one" : "libseccomp's decision tree picks, whatever the file order")
      context.report(
        "\(name) is \(later.action?.description ?? later.actionToken) here but \(earlier.action?.description ?? earlier.actionToken) at \(earlier.pointer)\(bothText); \(winner)",
        at: pointer, syscalls: [name], condition: bothText.isEmpty ? nil : "\(earlier.guardCondition) / \(later.guardCondition)",
        claims: verdict.map { [Claim(name, $0, on: both, arguments: arguments)] } ?? [])
    }
  }

  /// Argument chains overlap when some arguments meet a chain of each: their conditions together are satisfiable
  /// (`arg2 != 9` and `arg0 == 16 && arg2 == 9` never hold together), on a 64-bit ABI or, where the profile has
  /// them, a 32-bit one (which compares only the low halves).
  static func argumentsOverlap(_ a: SymbolicRule, _ b: SymbolicRule) -> Bool {
    overlappingChains(a, b) != nil
  }

  /// The first pair of chains of `a` and `b` that can hold together, joined.
  static func overlappingChains(_ a: SymbolicRule, _ b: SymbolicRule) -> ConditionChain? {
    for x in a.chains {
      for y in b.chains where (x + y).isSatisfiable(alsoThirtyTwo: true) { return x + y }
    }
    return nil
  }
}

extension Guard {
  /// Whether some target satisfies both guards.
  func canHoldTogether(with other: Guard) -> Bool {
    guard canEverHold, other.canEverHold else { return false }
    if !requiredCaps.isDisjoint(with: other.excludedCaps) || !other.requiredCaps.isDisjoint(with: excludedCaps) { return false }
    var arches = onlyArches
    if let o = other.onlyArches { arches = arches.map { $0.intersection(o) } ?? o }
    if let arches, arches.subtracting(notArches).subtracting(other.notArches).isEmpty { return false }
    // The later of the two lower kernel bounds and the earlier of the two upper ones (no arrays of optionals:
    // their run-time type metadata cost more than the comparison).
    var low = minKernel
    if let bound = other.minKernel { low = low.map { Swift.max($0, bound) } ?? bound }
    var high = belowKernel
    if let bound = other.belowKernel { high = high.map { Swift.min($0, bound) } ?? bound }
    if let low, let high, low >= high { return false }
    return true
  }
}
