import Policy
import ProfileModel

/// SCL205: the profile allows what the platform blocklist blocks.
struct BlocklistConflict: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL205", name: "blocklist-conflict",
    summary: "The profile allows a syscall the platform blocklist blocks.",
    rationale: """
      **What it does.** For each syscall on the active blocklists (`--blocklist`, default `docker`), reports rules
      that allow it: an error when the allow is unconditional, a warning when it depends on capabilities, kernel,
      arch or arguments (the message says which). A default action that allows blocklisted syscalls is reported
      once. Syscalls the platform itself blocks only for some arguments (Docker's `clone`, `socket`,
      `personality`) may be allowed for other arguments.

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
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [↓"mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#),
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}"#, blocklists: ["docker"]),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [↓"setsid"], "action": "SCMP_ACT_ALLOW"}]}"#, blocklists: ["palantir"]),
    ])

  func check(_ context: inout LintContext) {
    for list in context.blocklists {
      var allowedByDefault: [String] = []
      for entry in list.syscalls {
        for name in entry.names {
          let indexes = context.rulesByName[name] ?? []
          let rules = context.symbolic.rules
          let unconditionalDeny = indexes.firstIndex {
            !(rules[$0].action?.permits ?? true) && rules[$0].isUnconditional && context.alwaysHolds[$0]
          }
          var allowed = false
          for (position, index) in indexes.enumerated() where rules[index].action?.permits == true && context.canEverHold[index] {
            let rule = rules[index]
            // An unconditional deny wins over any conditional allow, and over later unconditional ones.
            if let deny = unconditionalDeny, deny < position || !rule.isUnconditional { continue }
            allowed = true
            let pointer = rule.pointer.appending("names").appending(rule.names.firstIndex(of: name) ?? 0)
            let hasArgs = !rule.isUnconditional
            if !hasArgs && rule.guardCondition.isAlways {
              context.report(
                "\(name) is allowed unconditionally although the \(list.name) blocklist blocks it: \(entry.reason)",
                at: pointer, syscalls: [name], fix: "remove \(name) from this rule, or guard it and document why")
            } else if hasArgs && entry.arguments != nil && rule.guardCondition.isAlways {
              continue  // the platform itself allows some argument values
            } else {
              var parts: [String] = []
              if !rule.guardCondition.isAlways { parts.append(rule.guardCondition.description) }
              if hasArgs { parts.append("when " + rule.chains.map(\.conditionText).joined(separator: " or ")) }
              let condition = parts.joined(separator: ", ")
              context.report(
                "\(name) is allowed \(condition) although the \(list.name) blocklist blocks it: \(entry.reason)",
                at: pointer, syscalls: [name], condition: condition, severity: .warning)
            }
          }
          if !allowed, unconditionalDeny == nil, context.symbolic.defaultAction?.permits == true,
            !indexes.contains(where: { !(rules[$0].action?.permits ?? true) && context.alwaysHolds[$0] })
          {
            allowedByDefault.append(name)
          }
        }
      }
      if !allowedByDefault.isEmpty {
        let shown = allowedByDefault.prefix(12).joined(separator: ", ") + (allowedByDefault.count > 12 ? ", …" : "")
        context.report(
          "the default action allows \(allowedByDefault.count) syscalls the \(list.name) blocklist blocks: \(shown)",
          at: "/defaultAction", syscalls: allowedByDefault, fix: "deny by default, or deny these syscalls explicitly")
      }
    }
  }
}
