import Policy

/// Classifies a change by what it permits: the set of (target, argument) probes whose call runs grows (widened),
/// shrinks (narrowed), both or neither while the action differs (changed).
struct PermitComparison {
  private(set) var widens = false
  private(set) var narrows = false
  private(set) var differs = false
  /// Whether any pair was compared.
  private(set) var observed = false

  mutating func add(old: SeccompAction?, new: SeccompAction?) {
    observed = true
    guard let old, let new else {
      differs = differs || old != new
      return
    }
    if !old.permits && new.permits { widens = true }
    if old.permits && !new.permits { narrows = true }
    if old != new { differs = true }
  }

  /// Probes both decisions with argument vectors that exercise every branch of either.
  mutating func add(old: Decision, new: Decision, bits: Int) {
    let (oldBranches, newBranches) = (BranchIndex(old, bits: bits), BranchIndex(new, bits: bits))
    for arguments in Self.vectors(old, new, bits: bits) {
      add(old: oldBranches.outcome(for: arguments), new: newBranches.outcome(for: arguments))
    }
  }

  var direction: Direction? {
    switch (widens, narrows) {
    case (true, false): .widened
    case (false, true): .narrowed
    case (true, true): .changed
    case (false, false): differs ? .changed : nil
    }
  }

  static func vectors(_ a: Decision, _ b: Decision, bits: Int) -> [[UInt64]] {
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var vectors: [[UInt64]] = [Array(repeating: 0, count: 6), Array(repeating: mask, count: 6)]
    var seen = Set(vectors)
    func add(_ vector: [UInt64]) { if seen.insert(vector).inserted { vectors.append(vector) } }
    for branch in a.branches + b.branches {
      var vector = [UInt64](repeating: 0, count: 6)
      for condition in branch.conditions where condition.index < 6 {
        vector[condition.index] = (condition.satisfyingValue ?? 0) & mask
      }
      add(vector)
      for condition in branch.conditions where condition.index < 6 {
        // Around each compared value, too: that is where the other profile's branches may differ.
        for value in [condition.value &- 1, condition.value, condition.value &+ 1, condition.valueTwo] {
          var near = vector
          near[condition.index] = value & mask
          add(near)
        }
      }
    }
    return vectors
  }
}

extension Decision {
  /// The decision without its provenance: equal when the filter answers every call the same way.
  var behaviour: [String] {
    [action.description, ambiguous ? "ambiguous" : ""] + branches.map { "\($0.conditions.conditionText)→\($0.action)" }
  }

  var side: DecisionSide {
    var summary = action.description
    switch origin {
    case .defaultAction where branches.isEmpty: summary += " by default"
    case .enosysStub(let maximum): summary += " (runc ENOSYS stub, above \(maximum))"
    default: break
    }
    if !branches.isEmpty {
      summary = branches.map { "\($0.action) when \($0.conditions.conditionText)" }.joined(separator: "; ")
        + "; otherwise \(action)"
    }
    return DecisionSide(action: action, branches: branches.isEmpty ? nil : branches, condition: nil, summary: summary)
  }
}
