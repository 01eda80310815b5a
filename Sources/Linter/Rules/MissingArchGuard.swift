import Policy
import ProfileModel
import SyscallTables

/// SCL301: rules whose meaning changes on some arch of the profile.
struct MissingArchGuard: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL301", name: "missing-arch-guard",
    summary: "A rule means something else on one of the profile's architectures and is not guarded for it.",
    rationale: """
      **What it does.** Reports (1) `clone` flag filters on argument 0 that also apply on s390/s390x, where the
      flags are argument 1; (2) argument filters on socket and SysV IPC calls for ABIs where libseccomp routes them
      through `socketcall`/`ipc`, whose arguments are a pointer — bypassable when those multiplexers are allowed;
      (3) denies that miss the 32-bit twin of the syscall (`chown32`, `setuid32`, `fcntl64`, `*_time64`) on an ABI
      that has it while the twin stays allowed; (4) argument filters on calls whose layout differs per ABI: `mmap`
      on x86-32 and s390 (`old_mmap` takes a pointer), `fadvise64_64` on x86 (advice is argument 5),
      `sync_file_range` where ppc, sh and arm use `sync_file_range2`/`arm_sync_file_range`.

      **Why it matters.** The filter silently tests the wrong argument, or the blocked operation stays reachable by
      another syscall number on a sub-architecture.

      **Example.** moby's `socket` address-family filter on x86, where `socketcall(SYS_SOCKET, …)` is allowed.

      **Instead.** Guard per arch (`excludes.arches: ["s390", "s390x"]` plus an argument-1 twin rule, as moby does);
      deny `socketcall`/`ipc` or accept the bypass; deny the twins too.

      **References.** [opencontainers/runtime-tools#699](https://github.com/opencontainers/runtime-tools/issues/699);
      [libseccomp `src/syscalls.csv`](https://github.com/seccomp/libseccomp/blob/main/src/syscalls.csv);
      [syscall(2)](https://man7.org/linux/man-pages/man2/syscall.2.html) (architecture calling conventions).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_S390X", "subArchitectures": ["SCMP_ARCH_S390"]}], "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [↓{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_S390X", "subArchitectures": ["SCMP_ARCH_S390"]}], "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}], "excludes": {"arches": ["s390", "s390x"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["socketcall"], "action": "SCMP_ACT_ALLOW"}, {"names": [↓"socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": [↓"chown", ↓"setuid"], "action": "SCMP_ACT_ERRNO"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"], "syscalls": [{"names": [↓"mmap"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 4, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}]}"#),
    ])

  func check(_ context: inout LintContext) {
    let arches = context.arches.all
    guard !arches.isEmpty else { return }
    let rules = context.symbolic.rules
    // Names of the denying rules, read in place (filtering the rules copied each one).
    var denied: Set<String> = []
    for index in rules.indices where !(rules[index].action?.permits ?? true) { denied.formUnion(rules[index].names) }
    let allowedMultiplexers = Set(
      ["socketcall", "ipc"].filter { name in context.rules(naming: name).contains { $0.action?.permits == true && $0.isUnconditional } })
    // The moby host names that can carry each arch (its own, and its archMap parents').
    // A few names per arch: searched in a list (an array of sets has its type metadata built at run time).
    let hosts = arches.map { arch in
      [arch.mobyNativeName].compactMap { $0 } + arch.mobyArchMapParents.compactMap { Architecture.withToken($0)?.mobyNativeName }
    }
    for rule in rules {
      // Each check below sees only the arches this rule can apply on.
      let applicable = applicable(rule, arches, hosts)
      cloneArgument(rule, applicable, &context)
      multiplexedArguments(rule, applicable, allowedMultiplexers, &context)
      twins(rule, applicable, denied, &context)
      argumentLayouts(rule, applicable, &context)
    }
  }

  /// Calls whose arguments mean something else on some ABIs (arch-hazards.md §3).
  private func argumentLayouts(_ rule: SymbolicRule, _ arches: [Architecture], _ context: inout LintContext) {
    guard !rule.isUnconditional else { return }
    let applicable = arches
    for (position, name) in rule.names.enumerated() {
      var hazard: (arches: [Architecture], text: String)?
      switch name {
      case "mmap":
        // x86-32 and s390 nr 90 is old_mmap(struct *): one pointer argument.
        let pointerABIs = applicable.filter { $0.token == "SCMP_ARCH_X86" || $0.table.hasPrefix("s390") }
        if !pointerABIs.isEmpty { hazard = (pointerABIs, "mmap there is old_mmap(struct mmap_arg_struct *): its one argument is a pointer, so these conditions test the pointer") }
      case "fadvise64_64":
        // advice is arg5 on x86-32 and arg1 on ppc32 (ppc_fadvise64_64), arg3 for fadvise64 elsewhere.
        let x86 = applicable.filter { $0.token == "SCMP_ARCH_X86" }
        if !x86.isEmpty, rule.chains.flatMap({ $0 }).contains(where: { $0.index != 5 }) {
          hazard = (x86, "fadvise64_64's advice is argument 5 on x86 (offsets and lengths take two slots each)")
        }
      case "sync_file_range":
        let others = applicable.filter { ["ppc", "ppc64", "sh", "arm"].contains($0.table) }
        if !others.isEmpty { hazard = (others, "these ABIs have sync_file_range2 or arm_sync_file_range instead, with flags as argument 1") }
      default: break
      }
      guard let hazard else { continue }
      context.report(
        "argument filter on \(name): on \(hazard.arches.map(\.token).joined(separator: ", ")) \(hazard.text)",
        at: rule.pointer.appending("names").appending(position), syscalls: [name], arches: hazard.arches.map(\.token))
    }
  }

  /// The arches of the profile a rule can apply on (its guard's host names, when it has them); `hosts[i]` are the
  /// host names that can carry `arches[i]`.
  private func applicable(_ rule: SymbolicRule, _ arches: [Architecture], _ hosts: [[String]]) -> [Architecture] {
    let ruleGuard = rule.guardCondition
    if ruleGuard.notArches.isEmpty && ruleGuard.onlyArches == nil { return arches }
    // A sub-arch is filtered on hosts of its group; the guard tests the host's name. Keep an arch unless every
    // host that can carry it is excluded. (A plain loop: zip-filter-map built an array of pairs.)
    var kept: [Architecture] = []
    for (arch, archHosts) in zip(arches, hosts)
    where archHosts.contains(where: { !ruleGuard.notArches.contains($0) && (ruleGuard.onlyArches?.contains($0) ?? true) }) {
      kept.append(arch)
    }
    return kept
  }

  private func cloneArgument(_ rule: SymbolicRule, _ arches: [Architecture], _ context: inout LintContext) {
    // A symbolic rule's pointer is `/syscalls/N` of this profile; checked all the same rather than trusted.
    let profileRules = context.profile.syscalls ?? []
    guard rule.names.contains("clone"), rule.pointer.tokens.count == 2, let ruleIndex = Int(rule.pointer.tokens[1]),
      profileRules.indices.contains(ruleIndex), let args = profileRules[ruleIndex].args
    else { return }
    let s390 = arches.filter { $0.table.hasPrefix("s390") }
    let others = arches.filter { !$0.table.hasPrefix("s390") }
    for (index, arg) in args.enumerated() {
      let pointer = rule.pointer.appending("args").appending(index)
      if arg.index == 0, !s390.isEmpty {
        context.report(
          "clone's flags are argument 1 on \(s390.map(\.token).joined(separator: ", ")); this argument-0 filter tests the stack pointer there",
          at: pointer, syscalls: ["clone"], arches: s390.map(\.token),
          fix: "add \"excludes\": {\"arches\": [\"s390\", \"s390x\"]} and an argument-1 twin with \"includes\": {\"arches\": [\"s390\", \"s390x\"]}")
      } else if arg.index == 1, !others.isEmpty, rule.guardCondition.onlyArches == nil {
        context.report(
          "clone's flags are argument 0 except on s390/s390x; this argument-1 filter tests the stack pointer on \(others.map(\.token).joined(separator: ", "))",
          at: pointer, syscalls: ["clone"], arches: others.map(\.token), fix: "add \"includes\": {\"arches\": [\"s390\", \"s390x\"]}")
      }
    }
  }

  private func multiplexedArguments(
    _ rule: SymbolicRule, _ arches: [Architecture], _ allowedMultiplexers: Set<String>, _ context: inout LintContext
  ) {
    guard !rule.isUnconditional else { return }
    let mux = arches.filter(\.multiplexesSocketAndIPC)
    guard !mux.isEmpty else { return }
    for (position, name) in rule.names.enumerated() {
      guard let arch = mux.first, case .multiplexed(let multiplexer, _, let subcall) = SyscallTable.forArchitecture(arch).resolve(name).kind
      else { continue }
      let allowed = allowedMultiplexers.contains(multiplexer) || (context.symbolic.defaultAction?.permits == true)
      let tokens = mux.map(\.token).joined(separator: ", ")
      let message = allowed
        ? "on \(tokens) \(name) is also reachable as \(multiplexer)(\(subcall), …), which this profile allows: the argument filter is bypassable there"
        : "on \(tokens) libseccomp applies this rule to \(multiplexer)(\(subcall), …), whose arguments are a pointer: the argument conditions cannot be enforced there"
      context.report(
        message, at: rule.pointer.appending("names").appending(position), syscalls: [name, multiplexer],
        arches: mux.map(\.token), fix: allowed ? "deny \(multiplexer) (with an errno other than the default) or accept the bypass" : nil)
    }
  }

  private func twins(_ rule: SymbolicRule, _ arches: [Architecture], _ denied: Set<String>, _ context: inout LintContext) {
    guard let action = rule.action, !action.permits else { return }
    let defaultPermits = context.symbolic.defaultAction?.permits == true
    for (position, name) in rule.names.enumerated() {
      for twin in [name + "32", name + "64", name + "_time64"] where SyscallData.isKnown(twin) && !denied.contains(twin) {
        let on = arches.filter { SyscallTable.forArchitecture($0).resolve(twin).exists }
        let allowed = defaultPermits || context.rules(naming: twin).contains { $0.action?.permits == true }
        guard !on.isEmpty, allowed else { continue }
        context.report(
          "\(name) is denied but its twin \(twin) stays allowed on \(on.map(\.token).joined(separator: ", ")): the block is bypassable there",
          at: rule.pointer.appending("names").appending(position), syscalls: [name, twin], arches: on.map(\.token),
          fix: "deny \(twin) as well")
      }
    }
  }
}

/// SCL901: suppressions that match nothing.
struct UnusedSuppression: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL901", name: "unused-suppression",
    summary: "A seclint:ignore comment or config ignore matches no finding, or gives no reason.",
    rationale: """
      **What it does.** Reports `"comment": "seclint:ignore <rule> <reason>"` suppressions and `.seclint.json`
      `ignore` entries that suppress nothing, name an unknown rule, or have no reason.

      **Why it matters.** Stale suppressions hide future findings on the same rule and mislead reviewers.

      **Example.** `"comment": "seclint:ignore unknown-syscall"` on a rule whose names are all valid.

      **Instead.** Remove the suppression, or give the reason it is needed.

      **References.** [SwiftLint
      `superfluous_disable_command`](https://realm.github.io/SwiftLint/superfluous_disable_command.html);
      [Periphery](https://github.com/peripheryapp/periphery) (`superfluousIgnoreCommand`).
      """,
    defaultSeverity: .warning, tags: ["maintenance"],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": ↓"seclint:ignore unknown-syscall vendored list"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW", "comment": "seclint:ignore unknown-syscall kept for an old kernel"}]}"#),
    ])

  /// Produced by `Linter` after suppressions are applied.
  func check(_ context: inout LintContext) {}
}
