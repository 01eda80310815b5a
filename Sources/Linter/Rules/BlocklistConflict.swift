import Policy
import ProfileModel
import SyscallTables

/// SCL205: the profile allows what the platform blocklist blocks.
struct BlocklistConflict: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL205", name: "blocklist-conflict",
    summary: "The profile allows a syscall the platform blocklist blocks.",
    rationale: """
      **What it does.** For each syscall on the active blocklists (`--blocklist`, default `docker`), reports rules
      that allow it: an error when the allow is unconditional, a warning when it depends on capabilities, kernel,
      arch or arguments. The condition printed is where the allow really decides the call: earlier unconditional
      denies that override it are subtracted (`allowed with CAP_PERFMON+CAP_SYS_ADMIN`). A gate the platform
      documents (`gatedBy`: Docker's "Also gated by CAP_SYS_TIME") is honoured: an allow only for containers with
      that capability is what the platform does and is not reported; an unconditional allow still is, and where
      moby's own default does the same the message says that Docker's documentation and its profile disagree.
      Syscalls the platform blocks only for some arguments may be allowed for the others: for `blockedFlags`
      entries (Docker's `clone` and its `CLONE_NEW*` flags) the rule's argument filter must admit none of the
      flags, and the flags it lets through are named; for `blockedValues` entries (Docker's `socket`: only AF_UNIX,
      AF_INET, AF_INET6, AF_NETLINK and AF_PACKET pass; `personality`: the BSD persona is blocked) the filter must
      admit no blocked value, and one it lets through is named. For entries described only in words (a custom
      list's `arguments`, or `socketcall`, whose filter sees the subcall, not the family) any argument filter is
      taken as the exemption. A default action that allows blocklisted syscalls is reported once.

      **Why it matters.** The blocklist is the platform's contract ("Docker blocks socketcall"); a profile that
      quietly allows one of its syscalls defeats it, and documentation drifts from the real profile.

      **Example.** moby's default.json since v20.10 allows `socketcall` unconditionally, although Docker documents it
      as blocked — on x86 it bypasses the `socket` address-family filter.

      **Instead.** Remove the allow, or guard it (`includes.caps`) and document why.

      **References.** `Data/blocklists` in this repository (from the Docker and Palantir documentation); [Docker:
      Seccomp security profiles](https://docs.docker.com/engine/security/seccomp/);
      [socketcall(2)](https://man7.org/linux/man-pages/man2/socketcall.2.html).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"socketcall"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [↓"perf_event_open"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_PERFMON"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount", "settimeofday"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_TIME"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [↓"socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}"#, blocklists: ["docker"]),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [↓"setsid"], "action": "SCMP_ACT_ALLOW"}]}"#, blocklists: ["palantir"]),
    ])

  /// Syscalls Docker documents as blocked that moby's own default.json allows unconditionally (corpus: adjtimex
  /// since v17.07, clock_adjtime since v20.10, name_to_handle_at since v20.10.26, socketcall since v1.11): the
  /// documentation and the profile disagree, which the message says.
  static let mobyAllowsDespiteDocs: Set<String> = ["adjtimex", "clock_adjtime", "name_to_handle_at", "socketcall"]

  func check(_ context: inout LintContext) {
    let rules = context.symbolic.rules
    for list in context.blocklists {
      var allowedByDefault: [(name: String, on: TargetCondition)] = []
      for entry in list.syscalls {
        let gatedBy = entry.gatedBy ?? []
        for name in entry.names {
          let indexes = context.rulesByName[name] ?? []
          var decidedByRules = false
          for index in indexes where rules[index].action?.permits == true {
            let effective = context.effectiveCondition(of: index, for: name, evenIfDropped: true)
            guard !effective.isNever else { continue }
            decidedByRules = true
            // The platform's documented gate: allowing the call only to containers with the capability is what
            // the platform does ("Also gated by CAP_SYS_TIME"); only the targets without it can conflict. An allow
            // on every target is not gated, whatever the platform says.
            let gated = gatedBy.isEmpty || effective.isAlways ? effective : effective.and(Guard(excludedCaps: Set(gatedBy)))
            // Only where a filter has the syscall (socketcall is not on arm64 hosts): elsewhere the allow is moot.
            let condition = gated.isAlways ? gated : context.restricted(gated, toHostsHaving: name)
            guard !condition.isNever else { continue }
            report(name, rule: index, condition: condition, entry: entry, list: list, &context)
          }
          // A deny on every target (for some arguments at least) is the profile's own decision, not the default's.
          let deniedAlways = indexes.contains { rules[$0].action.map { !$0.permits } ?? false && context.alwaysHolds[$0] }
          if !decidedByRules, !deniedAlways, context.symbolic.defaultAction?.permits == true {
            let on = context.restricted(context.allowedCondition(name), toHostsHaving: name)
            if !on.isNever { allowedByDefault.append((name, on)) }
          }
        }
      }
      if !allowedByDefault.isEmpty {
        let names = allowedByDefault.map(\.name)
        let shown = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", …" : "")
        context.report(
          "the default action allows \(names.count) syscalls the \(list.name) blocklist blocks: \(shown)",
          at: "/defaultAction", syscalls: names, fix: "deny by default, or deny these syscalls explicitly",
          claims: allowedByDefault.map { Claim($0.name, .allowed, on: $0.on) })
      }
    }
  }

  private func report(
    _ name: String, rule index: Int, condition: TargetCondition, entry: Blocklist.Entry, list: Blocklist,
    _ context: inout LintContext
  ) {
    let rule = context.symbolic.rules[index]
    let pointer = context.namePointer(rule, name)
    let gateText = (entry.gatedBy ?? []).isEmpty ? "" : " and documents allowing it only with \(entry.gatedBy!.joined(separator: " or "))"
    if rule.isUnconditional {
      if condition.isAlways {
        let disagreement = list.name == "docker" && Self.mobyAllowsDespiteDocs.contains(name)
          ? " (moby's own default profile allows it unconditionally too: Docker's documentation and its profile disagree)" : ""
        context.report(
          "\(name) is allowed unconditionally although the \(list.name) blocklist blocks it\(gateText): \(entry.reason)\(disagreement)",
          at: pointer, syscalls: [name], fix: "remove \(name) from this rule, or guard it and document why",
          claims: [Claim(name, .allowed)])
      } else {
        context.report(
          "\(name) is allowed \(condition) although the \(list.name) blocklist blocks it\(gateText): \(entry.reason)",
          at: pointer, syscalls: [name], condition: condition.description, severity: .warning,
          claims: [Claim(name, .allowed, on: condition)])
      }
      return
    }
    if let flags = entry.blockedFlags {
      reportAdmittedFlags(name, rule: index, condition: condition, flags: flags, entry: entry, list: list, gateText, &context)
      return
    }
    if let values = entry.blockedValues, values.syscalls.contains(name) {
      reportAdmittedValues(name, rule: index, condition: condition, blocked: values, entry: entry, list: list, gateText, &context)
      return
    }
    // The platform blocks the call only for some arguments and says which in words only (a custom list without
    // `blockedFlags`/`blockedValues`, or socketcall, whose filter sees the subcall, not the family): an argument
    // filter is taken as the platform's own exemption.
    if entry.arguments != nil { return }
    let chains = rule.chains.filter { $0.isSatisfiable(alsoThirtyTwo: context.hasThirtyTwoBitABIs) }
    let when = "when " + chains.map { $0.conditionText }.joined(separator: " or ")
    let text = condition.isAlways ? when : "\(condition), \(when)"
    let deciding = Self.deciding(name, rule: index, chains: chains, on: condition, context)
    context.report(
      "\(name) is allowed \(text) although the \(list.name) blocklist blocks it\(gateText): \(entry.reason)"
        + Self.overlapNote(deciding.unavoidable) + Self.unanalysedNote(deciding.unanalysed),
      at: pointer, syscalls: [name], condition: text, severity: .warning, claims: deciding.claims)
  }

  /// Syscalls whose `blockedValues` moby's own default lets through too (socket: every address family but
  /// AF_VSOCK since v20.10, while Docker documents only AF_UNIX, AF_INET, AF_INET6, AF_NETLINK and AF_PACKET).
  static let mobyAdmitsDespiteDocs: Set<String> = ["socket"]

  /// An argument filter the platform's exemption covers only when it admits none of the blocked values (Docker:
  /// personality's BSD persona) or nothing but the values let through (Docker: socket's five address families).
  private func reportAdmittedValues(
    _ name: String, rule index: Int, condition: TargetCondition, blocked: Blocklist.BlockedValues, entry: Blocklist.Entry,
    list: Blocklist, _ gateText: String, _ context: inout LintContext
  ) {
    let rule = context.symbolic.rules[index]
    let argument = blocked.index
    // What the filter lets through, as text, and the chain (with the test) that lets it through: two arrays in
    // step, not an array of pairs (whose generic metadata, built at run time, costs more than the rest).
    var admittedTexts: [String] = []
    var admittedChains: [ConditionChain] = []
    // What does not depend on the chain, built once: the values let through and the blocked values, sorted.
    let outsideExcept = blocked.except.map { except in
      except.values.sorted().map { ArgCondition(index: argument, op: .notEqual, value: $0) }
    }
    let blockedValues = (blocked.values ?? [:]).sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) })
    for chain in rule.chains where chain.isSatisfiable(alsoThirtyTwo: context.hasThirtyTwoBitABIs) {
      if let outsideExcept {
        let outside = chain + outsideExcept
        if let witness = outside.witness(bits: 64) {
          admittedTexts.append("arg\(argument) == \(witness[argument])")
          admittedChains.append(outside)
        }
      }
      for (valueName, value) in blockedValues {
        let test = blocked.mask.map { ArgCondition(index: argument, op: .maskedEqual, value: $0, valueTwo: value & $0) }
          ?? ArgCondition(index: argument, op: .equal, value: value)
        if (chain + [test]).isSatisfiable() {
          admittedTexts.append("\(valueName) (\(ArgCondition.hex(value)))")
          admittedChains.append(chain + [test])
        }
      }
    }
    guard !admittedTexts.isEmpty else { return }
    let filter = rule.chains.map { $0.conditionText }.joined(separator: " or ")
    let targets = condition.isAlways ? "" : " \(condition)"
    let what: String
    let fix: String
    if let except = blocked.except {
      let passing = except.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
      what = "values of arg\(argument) other than \(passing) (e.g. \(admittedTexts[0]))"
      fix = "allow only \(passing) in arg\(argument)"
    } else {
      what = Set(admittedTexts).sorted().joined(separator: ", ") + " in arg\(argument)"
      fix = "exclude \(what) from the argument filter"
    }
    let disagreement = list.name == "docker" && Self.mobyAdmitsDespiteDocs.contains(name)
      ? " (moby's own default profile lets them through too: Docker's documentation and its profile disagree)" : ""
    let deciding = Self.deciding(name, rule: index, chains: admittedChains, on: condition, context)
    context.report(
      "\(name) is allowed\(targets) with \(what): the argument filter (\(filter)) lets them through, although the \(list.name) blocklist blocks it\(gateText): \(entry.reason)\(disagreement)"
        + Self.overlapNote(deciding.unavoidable) + Self.unanalysedNote(deciding.unanalysed),
      at: context.namePointer(rule, name), syscalls: [name], condition: condition.isAlways ? nil : condition.description,
      fix: fix, severity: .warning, claims: deciding.claims)
  }

  /// `decidingClaims` of the allow on each chain, concatenated in chain order: the claims, and the rules it could
  /// not avoid or did not compare (three arrays, not an array of triples).
  private static func deciding(
    _ name: String, rule index: Int, chains: [ConditionChain], on condition: TargetCondition, _ context: LintContext
  ) -> (claims: [Claim], unavoidable: [SymbolicRule], unanalysed: [SymbolicRule]) {
    var claims: [Claim] = []
    var unavoidable: [SymbolicRule] = []
    var unanalysed: [SymbolicRule] = []
    for chain in chains {
      let one = context.decidingClaims(name, rule: index, chain: chain, on: condition, verdict: .allowed)
      claims += one.claims
      unavoidable += one.unavoidable
      unanalysed += one.unanalysed
    }
    return (claims, unavoidable, unanalysed)
  }

  /// Where a conditional rule with another action matches the same arguments, libseccomp's tree decides.
  /// Rules with another action that `decidingClaims` did not compare (its work bound): said as such.
  static func unanalysedNote(_ rules: [SymbolicRule]) -> String {
    guard !rules.isEmpty else { return "" }
    let pointers = Set(rules.map { $0.pointer.description }).sorted()
    let shown = pointers.prefix(5).joined(separator: ", ") + (pointers.count > 5 ? " and \(pointers.count - 5) more" : "")
    return " (not compared with \(shown): too many argument conditions on this syscall to analyse, so these arguments are undecided where \(pointers.count == 1 ? "it applies" : "they apply"))"
  }

  static func overlapNote(_ rules: [SymbolicRule]) -> String {
    guard !rules.isEmpty else { return "" }
    let pointers = Set(rules.map { $0.pointer.description }).sorted()
    return " (where \(pointers.joined(separator: ", ")) also \(pointers.count == 1 ? "applies" : "apply") to these arguments, libseccomp's decision tree picks)"
  }

  /// An argument filter the platform's own exemption covers only when it admits none of the blocked flags
  /// (Docker: clone without `CLONE_NEW*`). Reports the flags it lets through, per argument layout (clone's flags
  /// are argument 1 on s390 and s390x).
  private func reportAdmittedFlags(
    _ name: String, rule index: Int, condition: TargetCondition, flags: Blocklist.BlockedFlags, entry: Blocklist.Entry,
    list: Blocklist, _ gateText: String, _ context: inout LintContext
  ) {
    let rule = context.symbolic.rules[index]
    let special = flags.indexOnArches ?? [:]
    // Hosts whose byte order differs from the listed `architectures` cannot load the profile (runtime-rejects).
    let listed = (context.profile.architectures ?? []).compactMap(Architecture.withToken)
    let condition = listed.isEmpty ? condition : condition.and(Guard(onlyArches: Set(Architecture.all.filter { host in
      host.runcAccepts && listed.allSatisfy { $0.endianness == host.endianness } }.compactMap(\.mobyNativeName))))
    var layouts: [(condition: TargetCondition, index: Int)] = [(condition.and(Guard(notArches: Set(special.keys))), flags.index)]
    // Other layouts only where the profile covers such a host (as missing-arch-guard does): a profile written for
    // x86 is not judged for s390x hosts.
    let covered = Set(context.arches.all.compactMap(\.mobyNativeName))
    for index in Set(special.filter { covered.contains($0.key) }.values).sorted() {
      layouts.append((condition.and(Guard(onlyArches: Set(special.filter { $0.value == index && covered.contains($0.key) }.keys))), index))
    }
    let named = flags.flags.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
    for (where_, argument) in layouts where !where_.isNever {
      var admitted: [(flag: String, value: UInt64, chain: ConditionChain)] = []
      for (flag, value) in named {
        for chain in rule.chains {
          let with = chain + [ArgCondition(index: argument, op: .maskedEqual, value: value, valueTwo: value)]
          if with.isSatisfiable() {
            admitted.append((flag, value, with))
            break
          }
        }
      }
      guard !admitted.isEmpty else { continue }
      let flagText = admitted.map { "\($0.flag) (\(ArgCondition.hex($0.value)))" }.joined(separator: ", ")
      let filter = rule.chains.map { $0.conditionText }.joined(separator: " or ")
      let targets = where_.isAlways ? "" : " \(where_)"
      let all = admitted.count == named.count
      let deciding = Self.deciding(name, rule: index, chains: admitted.map { $0.chain }, on: where_, context)
      context.report(
        "\(name) is allowed\(targets) with \(all ? "every blocked flag" : admitted.count == 1 ? "the flag" : "the flags") \(flagText) in arg\(argument): the argument filter (\(filter)) lets \(admitted.count == 1 ? "it" : "them") through, although the \(list.name) blocklist blocks it\(gateText): \(entry.reason)"
          + Self.overlapNote(deciding.unavoidable) + Self.unanalysedNote(deciding.unanalysed),
        at: context.namePointer(rule, name), syscalls: [name], condition: where_.isAlways ? nil : where_.description,
        fix: "mask every blocked flag in the argument filter (\(ArgCondition.hex(named.reduce(0) { $0 | $1.value })))",
        severity: .warning, claims: deciding.claims)
    }
  }
}
