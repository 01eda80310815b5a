import ProfileModel
import SyscallTables

/// When Docker keeps a rule: its `includes`/`excludes` as conditions over the target instead of evaluated
/// (moby-semantics.md §3.3), so lint and diff can reason over every target at once.
package struct Guard: Sendable, Hashable, CustomStringConvertible {
  /// `includes.caps`: all must be in the bounding set.
  package var requiredCaps: Set<String> = []
  /// `excludes.caps`: any of them in the bounding set drops the rule.
  package var excludedCaps: Set<String> = []
  /// `includes.arches` (moby native names): the host must be one of them.
  package var onlyArches: Set<String>?
  /// `excludes.arches`.
  package var notArches: Set<String> = []
  /// `includes.minKernel`: kernel ≥ this.
  package var minKernel: MobyKernelVersion?
  /// `excludes.minKernel`: kernel < this.
  package var belowKernel: MobyKernelVersion?

  package init() {}

  /// The guard of a profile rule (unparsable `minKernel` values are left out: Docker refuses those profiles).
  package init(_ rule: SyscallRule) {
    if let includes = rule.includes {
      requiredCaps = Set(includes.caps ?? [])
      if let arches = includes.arches, !arches.isEmpty { onlyArches = Set(arches) }
      minKernel = includes.minKernel.flatMap { try? MobyKernelVersion.parse($0).get() }
    }
    if let excludes = rule.excludes {
      excludedCaps = Set(excludes.caps ?? [])
      notArches = Set(excludes.arches ?? [])
      belowKernel = excludes.minKernel.flatMap { try? MobyKernelVersion.parse($0).get() }
    }
  }

  /// Whether the rule applies on every target.
  package var isAlways: Bool { self == Guard() }

  /// Whether some target satisfies the guard: required capabilities must be real ones, and `includes.arches`
  /// must name at least one host Docker can run on (moby's `goToNative` names).
  package var canEverHold: Bool {
    guard requiredCaps.allSatisfy(Capabilities.isKnown) else { return false }
    if let onlyArches, onlyArches.subtracting(notArches).isDisjoint(with: Self.hostNames) { return false }
    if let minKernel, let belowKernel, minKernel >= belowKernel { return false }
    return true
  }

  /// The strings moby's `goToNative` produces for a host (moby-semantics.md §3.2).
  package static let hostNames: Set<String> = [
    "x86", "amd64", "arm", "arm64", "loongarch64", "mips64", "mips64n32", "mipsel64", "mips3l64n32", "mipsel", "ppc",
    "ppc64", "ppc64le", "riscv64", "s390", "s390x",
  ]

  /// Whether Docker keeps the rule for `target`: `dropReason(for:) == nil` without building the reason.
  package func holds(for target: Target) -> Bool {
    let native = target.mobyNativeName
    let kernel = MobyKernelVersion(kernel: target.kernel.major, major: target.kernel.minor)
    if notArches.contains(native) || !excludedCaps.isDisjoint(with: target.capabilities) { return false }
    if let belowKernel, kernel >= belowKernel { return false }
    if let onlyArches, !onlyArches.contains(native) { return false }
    if !requiredCaps.isSubset(of: target.capabilities) { return false }
    if let minKernel, kernel < minKernel { return false }
    return true
  }

  /// Why moby's `setupSeccomp` drops the rule for `target` (`excludes` first, then `includes`, §3.3), or nil
  /// when it keeps it. Comparisons are exact, as in moby: `x86_64` or `SYS_ADMIN` never match.
  package func dropReason(for target: Target) -> String? {
    let native = target.mobyNativeName
    let kernel = MobyKernelVersion(kernel: target.kernel.major, major: target.kernel.minor)
    if notArches.contains(native) { return "excludes.arches lists \(native), this host's arch" }
    if let cap = excludedCaps.sorted().first(where: { target.capabilities.contains($0) }) {
      return "excluded because the container has \(cap)"
    }
    if let belowKernel, kernel >= belowKernel { return "excluded on kernel \(kernel) ≥ \(belowKernel)" }
    if let onlyArches, !onlyArches.contains(native) {
      let host = native.isEmpty ? "this host has no moby arch name" : "this host is \(native)"
      return "only for arches \(onlyArches.sorted().joined(separator: ", ")); \(host)"
    }
    let missing = requiredCaps.subtracting(target.capabilities).sorted()
    if !missing.isEmpty { return "needs \(missing.joined(separator: ", "))" }
    if let minKernel, kernel < minKernel { return "kernel \(kernel) < minKernel \(minKernel)" }
    return nil
  }

  /// `with CAP_SYS_PTRACE, on kernel ≥ 4.8, on amd64/x32 hosts`, or `always`.
  package var description: String {
    var parts: [String] = []
    if !requiredCaps.isEmpty { parts.append("with " + requiredCaps.sorted().joined(separator: "+")) }
    if !excludedCaps.isEmpty { parts.append("without " + excludedCaps.sorted().joined(separator: "/")) }
    if let minKernel { parts.append("on kernel ≥ \(minKernel)") }
    if let belowKernel { parts.append("on kernel < \(belowKernel)") }
    if let onlyArches { parts.append("on " + onlyArches.sorted().joined(separator: "/") + " hosts") }
    if !notArches.isEmpty { parts.append("not on " + notArches.sorted().joined(separator: "/") + " hosts") }
    return parts.isEmpty ? "always" : parts.joined(separator: ", ")
  }
}

/// One profile rule with its Docker guard kept symbolic.
package struct SymbolicRule: Sendable, Hashable {
  package var pointer: JSONPointer
  package var names: [String]
  /// nil when the action string is not one runc knows.
  package var action: SeccompAction?
  package var actionToken: String
  /// runc's condition chains (OR of ANDs); `[[]]` when unconditional.
  package var chains: [ConditionChain]
  package var guardCondition: Guard
  package var comment: String?

  /// `chains == [[]]` without building the literal: one chain with no condition.
  package var isUnconditional: Bool { chains.count == 1 && chains[0].isEmpty }
}

/// The profile as rules over all targets: what each syscall gets, and under which capability, kernel and arch
/// conditions, before any target is chosen.
package struct SymbolicPolicy: Sendable, Hashable {
  package var defaultAction: SeccompAction?
  package var rules: [SymbolicRule]

  package init(_ profile: Profile) {
    defaultAction = SeccompAction(token: profile.defaultAction ?? "", errnoRet: profile.defaultErrnoRet)
    rules = (profile.syscalls ?? []).enumerated().map { index, rule in
      let conditions = (rule.args ?? []).map { arg in
        ArgCondition(
          index: Int(clamping: arg.index ?? 0), op: CompareOperator(rawValue: arg.op ?? "") ?? .equal,
          value: arg.value ?? 0, valueTwo: arg.valueTwo ?? 0)
      }
      let indexes = conditions.map(\.index)
      return SymbolicRule(
        pointer: JSONPointer(["syscalls", String(index)]), names: rule.effectiveNames,
        action: SeccompAction(token: rule.action ?? "", errnoRet: rule.errnoRet), actionToken: rule.action ?? "",
        chains: Set(indexes).count == indexes.count ? [conditions] : conditions.map { [$0] },
        guardCondition: Guard(rule), comment: rule.comment)
    }
  }

  /// The rules that name `syscall`, in file order.
  package func rules(naming syscall: String) -> [SymbolicRule] { rules.filter { $0.names.contains(syscall) } }

  /// For every name, the positions of the rules naming it, in file order (each rule once), in one pass: asking
  /// `rules(naming:)` name by name costs rules × names.
  package func ruleIndexesByName(reservingCapacity capacity: Int = 0) -> [String: [Int]] {
    var index: [String: [Int]] = [:]
    index.reserveCapacity(capacity)
    for position in rules.indices {
      for name in rules[position].names {
        // Rules are visited in order, so a name listed twice in one rule already ends with this position.
        index[name, default: []].appendUnlessLast(position)
      }
    }
    return index
  }

  /// `rules(naming:)` for every name at once.
  package func rulesByName() -> [String: [SymbolicRule]] { ruleIndexesByName().mapValues { $0.map { rules[$0] } } }

  /// Every name any rule mentions, sorted.
  package var names: [String] { Set(rules.flatMap(\.names)).sorted() }
}

extension Array where Element == Int {
  fileprivate mutating func appendUnlessLast(_ value: Int) {
    if last != value { append(value) }
  }
}
