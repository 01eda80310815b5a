import Policy
import ProfileModel
import SyscallTables

/// SCL101: a denylist profile.
struct DefaultAllow: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL101", name: "default-allow",
    summary: "The default action allows every syscall the profile does not list.",
    rationale: """
      **What it does.** Reports a `defaultAction` of `SCMP_ACT_ALLOW` (or `SCMP_ACT_LOG`, which allows and logs).

      **Why it matters.** The profile is a denylist: every syscall the kernel adds later, and every sibling of a
      denied syscall (`fchmodat2` next to `chmod`, `clone3` next to `clone`), is allowed.

      **Example.** `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}`

      **Instead.** Deny by default (`SCMP_ACT_ERRNO`) and allow what the workload needs.

      **References.** [Docker: Seccomp security profiles](https://docs.docker.com/engine/security/seccomp/);
      [moby/profiles `seccomp/default.json`](https://github.com/moby/profiles/blob/main/seccomp/default.json).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO"}"#),
    ])

  func check(_ context: inout LintContext) {
    switch context.profile.defaultAction {
    case "SCMP_ACT_ALLOW":
      context.report(
        "defaultAction is SCMP_ACT_ALLOW: every syscall not listed, including ones the kernel adds later, is allowed",
        at: "/defaultAction", fix: "deny by default (SCMP_ACT_ERRNO) and allow what the workload needs")
    case "SCMP_ACT_LOG":
      context.report(
        "defaultAction is SCMP_ACT_LOG: unlisted syscalls are allowed (and logged)", at: "/defaultAction",
        fix: "use SCMP_ACT_LOG while developing a profile, then deny by default")
    default: break
    }
  }
}

/// SCL102: no architectures at all.
struct NoArchitectures: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL102", name: "no-architectures",
    summary: "The profile lists no architectures, so only the host's native ABI is allowed.",
    rationale: """
      **What it does.** Reports profiles with neither `architectures` nor `archMap`.

      **Why it matters.** runc's filter then covers the native ABI only; libseccomp's bad-arch action kills every
      other ABI, so 32-bit (i386, arm) and x32 binaries die on their first syscall. With a sub-architecture listed,
      the profile also decides what they may do.

      **Example.** Chrome's classic profile, the runc test profiles.

      **Instead.** Add Docker's `archMap` (x86_64 → x86, x32; aarch64 → arm; …), or list `architectures`.

      **References.** [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`);
      [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`); [libseccomp:
      seccomp_arch_add(3)](https://man7.org/linux/man-pages/man3/seccomp_arch_add.3.html).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"↓{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]}"#),
      RuleExample(#"{}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    guard !(profile.defaultAction ?? "").isEmpty, (profile.architectures ?? []).isEmpty, (profile.archMap ?? []).isEmpty
    else { return }
    context.report(
      "no 'architectures' or 'archMap': the filter covers only the host's native ABI, and 32-bit or x32 binaries are killed on their first syscall",
      at: .root, fix: "add an archMap such as Docker's (SCMP_ARCH_X86_64 → SCMP_ARCH_X86, SCMP_ARCH_X32; SCMP_ARCH_AARCH64 → SCMP_ARCH_ARM)")
  }
}

/// SCL103: things the runtime refuses at container start.
struct RuntimeRejects: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL103", name: "runtime-rejects",
    summary: "The runtime refuses the profile at container start: mixed-endian arches, arches runc does not support, empty syscall names, rules libseccomp refuses (-EEXIST) or never returns from.",
    rationale: """
      **What it does.** Reports architecture lists (or archMap groups) that mix byte orders, architecture tokens
      libseccomp knows but runc refuses (`SCMP_ARCH_PARISC`, `PARISC64`, `M68K`, `SH`, `SHEB`), and empty syscall
      names, and rules libseccomp refuses with -EEXIST: the same conditions (as libseccomp stores them: 32 bits on
      32-bit ABIs, MASKED_EQ values masked) with a different action, and on ABIs that multiplex socket/IPC calls
      (x86 in moby's amd64 archMap) two unconditional rules with different actions on one socket/IPC name. It also
      reports rules whose `seccomp_rule_add` never returns: on 64-bit ABIs libseccomp gives the condition after a
      `!=` or an ordering (`<`, `<=`, `>`, `>=`) two parents, and merging a later rule such as `arg0 != 32 && arg2 == 2`
      after `arg0 != 32 && arg1 == 1` links that node into two levels, whose walk then loops forever (libseccomp
      2.5.4–2.6.1; runc hangs). When every add returns but the merged tree keeps such a level, `seccomp_load` loops
      in the BPF generator instead: reported as loading the filter never returning.

      **Why it matters.** A libseccomp filter has one byte order (`error adding architecture to seccomp filter`);
      runc's arch table has 18 entries (`string SCMP_ARCH_SH is not a valid arch for seccomp`); an empty name fails
      with `empty string is not a valid syscall`. The container does not start.

      **Example.** `"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"]`

      **Instead.** Group architectures per host in `archMap`; drop arches runc cannot load.

      **References.** [runc
      `libcontainer/seccomp/config.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/config.go);
      [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`);
      [seccomp_rule_add(3)](https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", ↓"SCMP_ARCH_S390X"]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": [↓"SCMP_ARCH_PARISC"], "syscalls": [{"names": [↓""], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}, {"architecture": "SCMP_ARCH_S390X", "subArchitectures": ["SCMP_ARCH_S390"]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": ["kill"], "action": ↓"SCMP_ACT_LOG", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW"}, {"names": ["socket"], "action": ↓"SCMP_ACT_LOG"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}, ↓{"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 2, "op": "SCMP_CMP_EQ"}]}]}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    var lists: [(JSONPointer, [String])] = [(JSONPointer(["architectures"]), profile.architectures ?? [])]
    for (index, entry) in (profile.archMap ?? []).enumerated() {
      lists.append((JSONPointer(["archMap", String(index)]), [entry.architecture ?? ""] + (entry.subArchitectures ?? [])))
    }
    for (base, tokens) in lists {
      let arches = tokens.compactMap(Architecture.withToken)
      guard let first = arches.first else { continue }
      for (offset, token) in tokens.enumerated() {
        guard let arch = Architecture.withToken(token) else { continue }
        let pointer = base.tokens.first == "architectures"
          ? base.appending(offset)
          : (offset == 0 ? base.appending("architecture") : base.appending("subArchitectures").appending(offset - 1))
        if !arch.runcAccepts {
          context.report("\(token) is not an architecture runc supports; it refuses the profile", at: pointer, arches: [token])
        } else if arch.endianness != first.endianness {
          context.report(
            "\(token) is \(arch.endianness)-endian but \(first.token) is \(first.endianness)-endian: libseccomp cannot put both in one filter",
            at: pointer, arches: [first.token, token], fix: "use archMap to group arches per host")
        }
      }
    }
    for item in context.namedSyscalls where item.syscall.isEmpty {
      context.report("empty syscall name: runc refuses the profile", at: context.pointer(rule: item.rule, name: item.name))
    }
    reportLibseccompRefusals(&context)
  }

  /// Each host's evaluation of no syscall: whether libseccomp refuses the filter (needs two rules or more).
  static func hostQuestions(_ context: LintContext) -> [HostQuestion] {
    guard (context.profile.syscalls ?? []).count > 1 else { return [] }
    return context.evaluationHosts.map { host in
      HostQuestion(Target(architecture: host, libseccomp: context.libseccomp ?? .v2_6_1), .evaluation(only: [], nativeOnly: false))
    }
  }

  /// libseccomp's -EEXIST (same conditions, different actions; socket/IPC rules colliding on `socketcall`/`ipc`),
  /// per host of the profile, for the chosen release (`Evaluator` refuses the same way).
  func reportLibseccompRefusals(_ context: inout LintContext) {
    var seen: Set<String> = []
    for question in Self.hostQuestions(context) {
      let host = question.target.architecture
      let policy = context.evaluate(for: question.target, only: [])
      guard case .refused(let refusal) = policy.status, let pointer = refusal.pointer, seen.insert(refusal.message).inserted
      else { continue }
      if refusal.message.contains("BPF instructions") || refusal.message.contains("instructions:") || refusal.message.contains("-E2BIG") {
        context.report(
          "runc does not start the container on \(host.token) hosts: \(refusal.message)", at: pointer,
          arches: [host.token],
          fix: "shrink the filter: merge rules that share an action, use ranges (SCMP_CMP_LT/GT) or MASKED_EQ instead of one rule per value, and drop rules that repeat the default action")
        continue
      }
      guard refusal.stage == .libseccomp else { continue }
      if refusal.message.contains("never returns") {
        context.report(
          "runc does not start the container on \(host.token) hosts: \(refusal.message)", at: pointer,
          arches: [host.token],
          fix: "libseccomp gives the condition after a !=, <, <=, > or >= two parents on 64-bit ABIs and links it into two levels when it merges these rules: use == or SCMP_CMP_MASKED_EQ before a rule's last condition (libseccomp orders conditions by argument number), or merge the rules into one")
        continue
      }
      guard refusal.message.contains("file exists") else { continue }
      context.report(
        "runc does not start the container on \(host.token) hosts: \(refusal.message)", at: pointer.appending("action"),
        arches: [host.token], fix: "give rules with the same conditions the same action, or merge them into one rule")
    }
  }
}

/// SCL104: SCMP_ACT_NOTIFY where runc refuses it.
struct NotifyMisuse: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL104", name: "notify-misuse",
    summary: "SCMP_ACT_NOTIFY is used as the default action, on write, or without a listenerPath.",
    rationale: """
      **What it does.** Reports `SCMP_ACT_NOTIFY` as `defaultAction`, on the `write` syscall, and in any profile
      without `listenerPath`.

      **Why it matters.** runc refuses each of them (`SCMP_ACT_NOTIFY cannot be used as default action`, `… for the
      write syscall`, `seccomp listenerPath is not set`): the agent could deadlock writing its own answer.

      **Example.** `{"names": ["mount"], "action": "SCMP_ACT_NOTIFY"}` without `listenerPath`.

      **Instead.** Set `listenerPath` to the seccomp agent's socket; notify only on the calls the agent handles.

      **References.** [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`); [seccomp_unotify(2)](https://man7.org/linux/man-pages/man2/seccomp_unotify.2.html).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": ↓"SCMP_ACT_NOTIFY"}]}"#),
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_NOTIFY", "listenerPath": "/run/agent.sock"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/run/agent.sock", "syscalls": [{"names": ["mount", ↓"write"], "action": "SCMP_ACT_NOTIFY"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/run/agent.sock", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_NOTIFY"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    if profile.defaultAction == "SCMP_ACT_NOTIFY" {
      context.report("SCMP_ACT_NOTIFY cannot be the default action; runc refuses the profile", at: "/defaultAction")
    }
    let hasListener = !(profile.listenerPath ?? "").isEmpty
    for (index, rule) in (profile.syscalls ?? []).enumerated() where rule.action == "SCMP_ACT_NOTIFY" {
      let base = JSONPointer(["syscalls", String(index)])
      if !hasListener {
        context.report(
          "SCMP_ACT_NOTIFY without listenerPath: runc fails at start with 'seccomp listenerPath is not set'",
          at: base.appending("action"), syscalls: rule.effectiveNames, fix: "set listenerPath to the seccomp agent's socket")
      }
      for (nameIndex, name) in (rule.names ?? []).enumerated() where name == "write" {
        context.report(
          "SCMP_ACT_NOTIFY cannot be used for write; runc refuses the profile",
          at: base.appending("names").appending(nameIndex), syscalls: ["write"])
      }
    }
  }
}
