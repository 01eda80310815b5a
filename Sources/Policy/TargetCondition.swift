import ProfileModel
import SyscallTables

/// A set of targets as a union of guards (an OR of ANDs): e.g. where an allow survives the rules that override
/// it — its own guard minus the guards of earlier unconditional denies (`with CAP_PERFMON` minus `without
/// CAP_SYS_ADMIN` is `with CAP_PERFMON+CAP_SYS_ADMIN`).
package struct TargetCondition: Sendable, Hashable, CustomStringConvertible {
  /// Satisfiable guards, none implied by another; empty: no target.
  package private(set) var alternatives: [Guard]

  package init(_ guardCondition: Guard) {
    alternatives = []
    add(guardCondition)
  }

  private init(alternatives: [Guard]) {
    self.alternatives = []
    for g in alternatives { add(g) }
  }

  package static let never = TargetCondition(alternatives: [])
  package static let always = TargetCondition(Guard())

  package var isNever: Bool { alternatives.isEmpty }
  package var isAlways: Bool { alternatives.contains(where: \.isAlways) }

  /// The targets of both.
  package func and(_ other: Guard) -> TargetCondition {
    TargetCondition(alternatives: alternatives.compactMap { $0.intersection(other) })
  }

  package func and(_ other: TargetCondition) -> TargetCondition {
    TargetCondition(alternatives: alternatives.flatMap { a in other.alternatives.compactMap { a.intersection($0) } })
  }

  /// The targets of either.
  package func or(_ other: TargetCondition) -> TargetCondition {
    TargetCondition(alternatives: alternatives + other.alternatives)
  }

  /// The targets where this condition does not hold.
  package var complement: TargetCondition {
    alternatives.reduce(TargetCondition.always) { $0.subtracting($1) }
  }

  /// The targets of this condition where `other` does not hold.
  package func subtracting(_ other: Guard) -> TargetCondition {
    and(TargetCondition(alternatives: other.negation))
  }

  private mutating func add(_ g: Guard) {
    guard g.isSatisfiable, !alternatives.contains(where: { g.implies($0) }) else { return }
    alternatives.removeAll { $0.implies(g) }
    alternatives.append(g)
  }

  /// `with CAP_PERFMON+CAP_SYS_ADMIN or with CAP_BPF`, `always`, or `never`.
  package var description: String {
    alternatives.isEmpty ? "never" : alternatives.map(\.description).sorted().joined(separator: " or ")
  }
}

extension Guard {
  /// Whether some target satisfies it (`canEverHold`, and no capability both required and excluded).
  package var isSatisfiable: Bool {
    guard canEverHold, requiredCaps.isDisjoint(with: excludedCaps) else { return false }
    if let onlyArches, onlyArches.subtracting(notArches).isEmpty { return false }
    if Guard.hostNames.isSubset(of: notArches) { return false }
    return true
  }

  /// The targets of both guards, or nil when none.
  package func intersection(_ other: Guard) -> Guard? {
    var result = self
    result.requiredCaps.formUnion(other.requiredCaps)
    result.excludedCaps.formUnion(other.excludedCaps)
    if let o = other.onlyArches { result.onlyArches = result.onlyArches.map { $0.intersection(o) } ?? o }
    result.notArches.formUnion(other.notArches)
    result.minKernel = [minKernel, other.minKernel].compactMap { $0 }.max()
    result.belowKernel = [belowKernel, other.belowKernel].compactMap { $0 }.min()
    return result.isSatisfiable ? result : nil
  }

  /// Whether every target of this guard satisfies `other`.
  package func implies(_ other: Guard) -> Bool {
    guard other.requiredCaps.isSubset(of: requiredCaps), other.excludedCaps.isSubset(of: excludedCaps) else { return false }
    if let o = other.onlyArches {
      guard let mine = onlyArches, mine.subtracting(notArches).isSubset(of: o) else { return false }
    }
    if !other.notArches.isEmpty {
      let excluded = onlyArches.map { Guard.hostNames.subtracting($0).union(notArches) } ?? notArches
      guard other.notArches.isSubset(of: excluded) else { return false }
    }
    if let m = other.minKernel {
      guard let mine = minKernel, mine >= m else { return false }
    }
    if let b = other.belowKernel {
      guard let mine = belowKernel, mine <= b else { return false }
    }
    return true
  }

  /// The targets where the guard does not hold, as guards of one condition each (any of them).
  package var negation: [Guard] {
    var result: [Guard] = []
    for cap in requiredCaps.sorted() { result.append(Guard(excludedCaps: [cap])) }
    for cap in excludedCaps.sorted() { result.append(Guard(requiredCaps: [cap])) }
    if let onlyArches { result.append(Guard(notArches: onlyArches)) }
    if !notArches.isEmpty { result.append(Guard(onlyArches: notArches)) }
    if let minKernel { result.append(Guard(belowKernel: minKernel)) }
    if let belowKernel { result.append(Guard(minKernel: belowKernel)) }
    return result
  }

  package init(
    requiredCaps: Set<String> = [], excludedCaps: Set<String> = [], onlyArches: Set<String>? = nil,
    notArches: Set<String> = [], minKernel: MobyKernelVersion? = nil, belowKernel: MobyKernelVersion? = nil
  ) {
    self.init()
    self.requiredCaps = requiredCaps
    self.excludedCaps = excludedCaps
    self.onlyArches = onlyArches
    self.notArches = notArches
    self.minKernel = minKernel
    self.belowKernel = belowKernel
  }

  /// A target that satisfies the guard, on `host` when the guard allows it (else on the first runc host it
  /// names): Docker's default capabilities plus the required ones minus the excluded ones, the newest kernel
  /// unless the guard wants an older one. nil when no runc-supported host fits.
  package func witnessTarget(preferring host: Architecture) -> Target? {
    let hosts = [host] + Architecture.all.filter(\.runcAccepts)
    guard let arch = hosts.first(where: { h in
      guard let name = h.mobyNativeName, !notArches.contains(name) else { return false }
      return onlyArches?.contains(name) ?? true
    }) else { return nil }
    // `dockerDefault ∪ requiredCaps − excludedCaps`, known capabilities only (every default one is known: only
    // the required ones are checked, not the whole set rebuilt by a filter).
    var caps = Capabilities.dockerDefault
    for cap in requiredCaps where Capabilities.isKnown(cap) { caps.insert(cap) }
    caps.subtract(excludedCaps)
    var kernel = SyscallData.newestKernel
    let newest = MobyKernelVersion(kernel: kernel.major, major: kernel.minor)
    if let belowKernel, newest >= belowKernel {
      guard belowKernel.kernel > 2 || belowKernel.major > 0 else { return nil }
      // The largest kernel below the bound: x.(y-1), or (x-1).99.
      kernel = belowKernel.major > 0
        ? KernelVersion(belowKernel.kernel, belowKernel.major - 1) : KernelVersion(belowKernel.kernel - 1, 99)
    }
    if let minKernel, MobyKernelVersion(kernel: kernel.major, major: kernel.minor) < minKernel {
      guard belowKernel == nil else { return nil }
      kernel = KernelVersion(minKernel.kernel, minKernel.major)
    }
    return Target(architecture: arch, capabilities: caps, kernel: kernel)
  }
}
