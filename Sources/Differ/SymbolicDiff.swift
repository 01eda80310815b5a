import Policy
import ProfileModel
import SyscallTables

extension ProfileDiff {
  /// Over every target: per syscall, the rules' decisions with their capability, kernel, arch and argument
  /// conditions before and after; plus top-level changes. Reordering, regrouping, legacy `name`, comments, rules
  /// runc drops as redundant and equivalent spellings (`SCMP_ACT_KILL` = `SCMP_ACT_KILL_THREAD`) change nothing.
  /// The direction comes from evaluating both profiles on a grid of hosts, capability sets and kernels.
  package static func symbolic(old: ProfileDocument, new: ProfileDocument) -> ProfileDiff {
    let a = SymbolicPolicy(old.profile)
    let b = SymbolicPolicy(new.profile)
    var diff = ProfileDiff(oldFile: old.file, newFile: new.file, target: nil, top: topChanges(old.profile, new.profile), changes: [])
    var changed: [(String, DecisionSide, DecisionSide, [Entry], [Entry])] = []
    let (aByName, bByName) = (a.rulesByName(), b.rulesByName())
    // Names libseccomp knows on no arch are skipped by runc whatever rule lists them: no behaviour to compare
    // (`lint` reports them as unknown-syscall).
    for name in Set(aByName.keys).union(bByName.keys).sorted() where SyscallData.isKnown(name) {
      let before = entries(aByName[name] ?? [], a.defaultAction)
      let after = entries(bByName[name] ?? [], b.defaultAction)
      guard before != after else { continue }
      changed.append((name, side(before, a.defaultAction), side(after, b.defaultAction), before, after))
    }
    guard !changed.isEmpty else { return diff }
    let grid = targets(old.profile, new.profile, capabilities: capabilitySets(changed.map { (aByName[$0.0] ?? []) + (bByName[$0.0] ?? []) }))
    let (oldPrepared, newPrepared) = (PreparedProfile(old), PreparedProfile(new))
    // Only the changed syscalls are decided (a test keeps partial and full evaluations deciding alike).
    let only = Set(changed.map(\.0))
    // One memo per profile across the grid: targets put the same rules on ABIs of the same width, and libseccomp's
    // refusal check on them (quadratic in a syscall's rules, as libseccomp's own prune is) is answered once.
    var (oldMemo, newMemo) = (PolicyMemo(), PolicyMemo())
    let policies = grid.map {
      (Evaluator.evaluate(EvaluationStages(old, for: $0, prepared: oldPrepared, traces: false, memo: &oldMemo), only: only),
       Evaluator.evaluate(EvaluationStages(new, for: $0, prepared: newPrepared, traces: false, memo: &newMemo), only: only))
    }
    diff.top += refusalChanges(policies)
    // Per target and ABI both loaded, each syscall's decisions before and after, looked up by name.
    var pairs: [(bits: Int, old: [String: Decision], new: [String: Decision])] = []
    for (p, q) in policies {
      guard case .enforced = p.status, case .enforced = q.status else { continue }
      for abi in p.abis {
        guard let other = q.abi(abi.architecture) else { continue }
        pairs.append((abi.architecture.bits, Self.decisionsByName(abi), Self.decisionsByName(other)))
      }
    }
    for (name, before, after, oldEntries, newEntries) in changed {
      var comparison = PermitComparison()
      // Most targets decide a syscall alike: each distinct pair of decisions is probed once (the comparison only
      // accumulates, so a repeat adds nothing; probing it again cost a full probe per target and ABI).
      var probed: Set<DecisionPair> = []
      for pair in pairs {
        guard let x = pair.old[name], let y = pair.new[name] else { continue }
        guard probed.insert(DecisionPair(old: x, new: y, bits: pair.bits)).inserted else { continue }
        comparison.add(old: x, new: y, bits: pair.bits)
      }
      if comparison.direction == nil {
        // Rules differ but every target sees the same behaviour (an explicit deny equal to the old default, …).
        if comparison.observed { continue }
        // No target that loads both profiles decides the syscall on an ABI both filters have (one is refused
        // everywhere, or the syscall exists only on an ABI one side's filter lacks): compare what the rules say,
        // every rule counted as applying.
        comparison.add(old: decision(oldEntries, a.defaultAction), new: decision(newEntries, b.defaultAction), bits: 64)
      }
      diff.changes.append(SyscallChange(syscall: name, arch: nil, old: before, new: after, direction: comparison.direction ?? .changed))
    }
    return diff
  }

  /// The first decision for each syscall name on an ABI (what `syscalls.first { $0.name == name }` finds).
  static func decisionsByName(_ abi: ABIPolicy) -> [String: Decision] {
    var decisions: [String: Decision] = [:]
    for syscall in abi.syscalls where decisions[syscall.name] == nil { decisions[syscall.name] = syscall.decision }
    return decisions
  }

  /// Two decisions on one ABI width, as probed together.
  struct DecisionPair: Hashable {
    var old: Decision
    var new: Decision
    var bits: Int
  }

  /// A rule as it matters for one syscall: guard, action, argument chains; redundant rules left out.
  struct Entry: Hashable, Comparable {
    var guardText: String
    var action: String
    var chains: String
    var permits: Bool
    var value: SeccompAction?
    var chainValues: [ConditionChain]
    static func < (x: Self, y: Self) -> Bool { (x.guardText, x.action, x.chains) < (y.guardText, y.action, y.chains) }
  }

  static func entries(_ naming: [SymbolicRule], _ defaultAction: SeccompAction?) -> [Entry] {
    let entries = naming.compactMap { rule -> Entry? in
      guard rule.action != defaultAction, rule.guardCondition.canEverHold else { return nil }
      // A chain given twice (runc splits repeated argument indexes into one rule per condition) is one
      // alternative: libseccomp merges identical rules, and the text names each alternative once.
      var seen: Set<ConditionChain> = []
      let chains = rule.chains.map { $0.sorted() }.filter { seen.insert($0).inserted }
        .map { (text: $0.conditionText, chain: $0) }.sorted { $0.text < $1.text }
      return Entry(
        guardText: rule.guardCondition.isAlways ? "" : rule.guardCondition.description,
        action: rule.action?.description ?? rule.actionToken,
        chains: rule.chains == [[]] ? "" : chains.map(\.text).joined(separator: " or "),
        permits: rule.action?.permits ?? false, value: rule.action, chainValues: chains.map(\.chain))
    }
    return Array(Set(entries)).sorted()
  }

  /// The entries as one decision, guards ignored (only for the direction when no target can load a profile).
  static func decision(_ entries: [Entry], _ defaultAction: SeccompAction?) -> Decision {
    let fallback = defaultAction ?? .allow
    if let unconditional = entries.first(where: { $0.chainValues == [[]] }), let action = unconditional.value {
      return Decision(action: action, origin: .defaultAction)
    }
    let branches = entries.flatMap { entry in
      entry.chainValues.map { Branch(conditions: $0, action: entry.value ?? fallback, rule: .root) }
    }
    return Decision(action: fallback, origin: .defaultAction, branches: branches, ambiguous: Set(branches.map(\.action)).count > 1)
  }

  /// A profile that no target can load (or that was loadable and is not any more) is a change of its own.
  static func refusalChanges(_ policies: [(EffectivePolicy, EffectivePolicy)]) -> [TopChange] {
    func refusal(_ policy: EffectivePolicy) -> Refusal? { if case .refused(let r) = policy.status { r } else { nil } }
    let oldRefused = policies.allSatisfy { refusal($0.0) != nil }
    let newRefused = policies.allSatisfy { refusal($0.1) != nil }
    guard oldRefused != newRefused, let first = policies.first else { return [] }
    let message = { (r: Refusal?) in r.map { "container does not start (\($0.stage): \($0.message))" } ?? "filter loaded" }
    return [TopChange(field: "status", old: message(refusal(first.0)), new: message(refusal(first.1)), direction: .changed)]
  }

  static func side(_ entries: [Entry], _ defaultAction: SeccompAction?) -> DecisionSide {
    let fallback = defaultAction?.description ?? "no default action"
    if let only = entries.first, entries.count == 1, only.guardText.isEmpty, only.chains.isEmpty {
      return DecisionSide(action: only.value, branches: nil, condition: nil, summary: only.action)
    }
    if entries.isEmpty {
      return DecisionSide(action: defaultAction, branches: nil, condition: nil, summary: "\(fallback) by default")
    }
    let parts = entries.map { entry -> String in
      var text = entry.action
      if !entry.guardText.isEmpty { text += " " + entry.guardText }
      if !entry.chains.isEmpty { text += " when " + entry.chains }
      return text
    }
    let condition = parts.joined(separator: "; ") + "; otherwise \(fallback)"
    return DecisionSide(action: defaultAction, branches: nil, condition: condition, summary: condition)
  }

  /// Docker's default set, every capability, and the default set with each capability the changed syscalls'
  /// rules require added (or exclude removed), so a rule moving from one capability to another shows.
  static func capabilitySets(_ changedRules: [[SymbolicRule]]) -> [Set<String>] {
    var sets: [Set<String>] = [Capabilities.dockerDefault, Set(Capabilities.all)]
    for naming in changedRules {
      for rule in naming {
        for cap in rule.guardCondition.requiredCaps.union(rule.guardCondition.excludedCaps) where Capabilities.isKnown(cap) {
          let variant = Capabilities.dockerDefault.contains(cap) ? Capabilities.dockerDefault.subtracting([cap]) : Capabilities.dockerDefault.union([cap])
          if !sets.contains(variant) { sets.append(variant) }
        }
      }
    }
    return sets
  }

  /// Hosts Docker runs on, the given capability sets, and kernels around every minKernel.
  static func targets(_ a: Profile, _ b: Profile, capabilities: [Set<String>]) -> [Target] {
    var kernels: Set<KernelVersion> = [KernelVersion(3, 10), SyscallData.newestKernel]
    for rule in (a.syscalls ?? []) + (b.syscalls ?? []) {
      for text in [rule.includes?.minKernel, rule.excludes?.minKernel].compactMap({ $0 }) {
        guard let version = try? MobyKernelVersion.parse(text).get() else { continue }
        kernels.insert(KernelVersion(version.kernel, version.major))
        kernels.insert(version.major > 0 ? KernelVersion(version.kernel, version.major - 1) : KernelVersion(max(0, version.kernel - 1), 99))
      }
    }
    let hosts = ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64", "SCMP_ARCH_S390X", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64"]
      .compactMap(Architecture.withToken)
    return hosts.flatMap { host in
      capabilities.flatMap { caps in
        kernels.sorted().map { Target(architecture: host, capabilities: caps, kernel: $0) }
      }
    }
  }

  static func topChanges(_ a: Profile, _ b: Profile) -> [TopChange] {
    var changes: [TopChange] = []
    let oldDefault = SeccompAction(token: a.defaultAction ?? "", errnoRet: a.defaultErrnoRet)
    let newDefault = SeccompAction(token: b.defaultAction ?? "", errnoRet: b.defaultErrnoRet)
    if oldDefault != newDefault {
      var comparison = PermitComparison()
      comparison.add(old: oldDefault, new: newDefault)
      changes.append(
        TopChange(
          field: "defaultAction", old: oldDefault?.description ?? (a.defaultAction ?? "none"),
          new: newDefault?.description ?? (b.defaultAction ?? "none"), direction: comparison.direction ?? .changed))
    }
    changes += architectureChanges(a, b)
    func set(_ values: [String]?) -> String { (values ?? []).sorted().joined(separator: ", ") }
    if set(a.flags) != set(b.flags) {
      changes.append(TopChange(field: "flags", old: set(a.flags), new: set(b.flags), direction: .changed))
    }
    for (field, x, y) in [("listenerPath", a.listenerPath, b.listenerPath), ("listenerMetadata", a.listenerMetadata, b.listenerMetadata)]
    where (x ?? "") != (y ?? "") {
      changes.append(TopChange(field: field, old: x ?? "", new: y ?? "", direction: .changed))
    }
    return changes
  }

  /// `architectures` as a set when both profiles list them; otherwise, per host, what archMap adds there
  /// (hosts with the same change share one line).
  static func architectureChanges(_ a: Profile, _ b: Profile) -> [TopChange] {
    func delta(_ before: Set<String>, _ after: Set<String>) -> (String, Direction)? {
      let added = after.subtracting(before).sorted()
      let removed = before.subtracting(after).sorted()
      guard !added.isEmpty || !removed.isEmpty else { return nil }
      let text = (removed.map { "-\($0)" } + added.map { "+\($0)" }).joined(separator: " ")
      // An ABI added to the filter was killed before (bad-arch action): its calls now reach the rules.
      return (text, removed.isEmpty ? .widened : added.isEmpty ? .narrowed : .changed)
    }
    if !(a.architectures ?? []).isEmpty && !(b.architectures ?? []).isEmpty {
      guard let (text, direction) = delta(Set(a.architectures ?? []), Set(b.architectures ?? [])) else { return [] }
      return [TopChange(field: "architectures", old: (a.architectures ?? []).joined(separator: ", "), new: text, direction: direction)]
    }
    var byChange: [(String, Direction, [String])] = []
    for host in Architecture.all where host.mobyNativeName != nil && host.runcAccepts {
      let target = Target(architecture: host)
      guard let (text, direction) = delta(abis(a, target), abis(b, target)) else { continue }
      if let i = byChange.firstIndex(where: { $0.0 == text }) {
        byChange[i].2.append(host.mobyNativeName ?? host.token)
      } else {
        byChange.append((text, direction, [host.mobyNativeName ?? host.token]))
      }
    }
    return byChange.map { text, direction, hosts in
      TopChange(field: "filter ABIs on \(hosts.joined(separator: ", ")) hosts", old: "", new: text, direction: direction)
    }
  }

  /// The filter's ABIs on `target`'s host: the native arch plus what `architectures`/`archMap` add there.
  static func abis(_ profile: Profile, _ target: Target) -> Set<String> {
    Set([target.architecture.token] + Evaluator.dockerArchitectures(profile, for: target))
  }
}
