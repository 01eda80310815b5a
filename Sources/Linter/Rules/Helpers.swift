import Policy
import ProfileModel
import SyscallTables

extension LintContext {
  /// Rules that allow `syscall` on some target (their guard can hold).
  func permitting(_ syscall: String) -> [SymbolicRule] {
    (rulesByName[syscall] ?? []).filter { canEverHold[$0] && symbolic.rules[$0].action?.permits == true }.map { symbolic.rules[$0] }
  }

  /// Rules that deny `syscall` explicitly on some target.
  func denying(_ syscall: String) -> [SymbolicRule] {
    (rulesByName[syscall] ?? []).filter { canEverHold[$0] && symbolic.rules[$0].action?.permits == false }.map { symbolic.rules[$0] }
  }

  /// Allowed on every target and for every argument: the first unconditional rule that can apply allows it
  /// (libseccomp: the first unconditional rule wins), or the default allows it and no rule denies it. A rule
  /// whose action is the default action is not in the filter (runc drops it, moby-semantics.md §5.3): under a
  /// default that allows, `{"names": ["chmod"], "action": "SCMP_ACT_ALLOW"}` does not beat a later deny.
  func allowedEverywhere(_ syscall: String) -> Bool {
    // One pass in file order (no list of the naming rules, no copy of a rule): an unconditional deny before the
    // first unconditional allow that always holds decides "no"; that allow decides "yes"; else the default does,
    // unless some rule denies.
    let defaultAction = symbolic.defaultAction
    var denied = false
    var deniedUnconditionally = false
    for index in rulesByName[syscall] ?? [] where canEverHold[index] {
      let action = symbolic.rules[index].action
      guard action != defaultAction else { continue }
      let permits = action?.permits
      let unconditional = self.unconditional[index]
      if unconditional, alwaysHolds[index], permits == true { return !deniedUnconditionally }
      if permits == false {
        denied = true
        if unconditional { deniedUnconditionally = true }
      }
    }
    return defaultAction?.permits == true && !denied
  }

  /// Allowed on at least one target for some arguments.
  func allowedSomewhere(_ syscall: String) -> Bool {
    !permitting(syscall).isEmpty || (symbolic.defaultAction?.permits == true && !denying(syscall).contains { $0.isUnconditional && $0.guardCondition.isAlways })
  }

  /// The pointer of `syscall` in `rule`'s names.
  func namePointer(_ rule: SymbolicRule, _ syscall: String) -> JSONPointer {
    rule.pointer.appending("names").appending(rule.names.firstIndex(of: syscall) ?? 0)
  }

  /// The hosts to evaluate the profile on: its archMap hosts, the first of its `architectures`, else x86_64.
  var evaluationHosts: [Architecture] {
    if let list = profile.architectures, let first = list.first.flatMap(Architecture.withToken) { return [first] }
    // Each host once: moby uses the first archMap entry for a host (a second one is dead: duplicate-architecture).
    var hosts: [Architecture] = []
    for entry in profile.archMap ?? [] {
      guard let host = entry.architecture.flatMap(Architecture.withToken), host.runcAccepts, !hosts.contains(host) else { continue }
      hosts.append(host)
    }
    return hosts.isEmpty ? [Architecture.withToken("SCMP_ARCH_X86_64")].compactMap { $0 } : hosts
  }
}
