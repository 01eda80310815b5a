import Policy
import ProfileModel
import SyscallTables

/// SCL206: a block defeated by a sibling syscall that does the same job.
struct BypassSibling: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL206", name: "bypass-sibling",
    summary: "A syscall is deliberately blocked while a sibling that does the same job is allowed.",
    rationale: """
      **What it does.** Checks families of syscalls that reach the same kernel operation — the mount API (`mount`
      vs `fsopen`/`fsmount`/`move_mount`/`open_tree`), kexec, clock setting (`settimeofday`, `clock_settime` vs
      `adjtimex`, `clock_adjtime`), chmod, chown, xattrs, keyrings, modules, process memory (`ptrace` vs
      `process_vm_*`, `pidfd_getfd`), umount, open, rename, link, signals, uid/gid changes, NUMA, quotas — and
      reports a member that is explicitly denied or on the active blocklist while another member is allowed on
      every target, on the targets where the block holds. Where the kernel itself demands a capability for the
      family's operation through every member (setting the clock: CAP_SYS_TIME; kexec: CAP_SYS_BOOT; modules:
      CAP_SYS_MODULE; mounting: CAP_SYS_ADMIN unless the profile lets the container create user namespaces; I/O
      privilege: CAP_SYS_RAWIO; quotas: CAP_SYS_ADMIN), only containers with it can bypass, so a block that is lifted
      for them (moby allows `settimeofday` with CAP_SYS_TIME) is not reported. `clone` filtered for namespace flags is checked against `clone3` and `unshare`. A deny with
      ENOSYS is not a block (it tells libc to fall back to the older call) and is not reported.

      **Why it matters.** The block is bypassable: the workload (or an attacker) calls the sibling. Allowlist
      profiles that simply do not list a syscall are not reported.

      **Example.** `{"names": ["chmod"], "action": "SCMP_ACT_ERRNO"}` under a default that allows `fchmodat`.

      **Instead.** Block the whole family, or document why the sibling is fine.

      **References.** [moby/moby#22632](https://github.com/moby/moby/issues/22632); [moby/profiles
      `seccomp/default.json`](https://github.com/moby/profiles/blob/main/seccomp/default.json).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": [↓"chmod", "fchmod", "fchmodat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}, {"names": [↓"unshare"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"adjtimex"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["chmod", "fchmod", "fchmodat", "fchmodat2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "openat"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  /// Syscalls that reach the same kernel operation (`job`). Tables of structs, not of tuples: an array of tuples
  /// (or a dictionary of them) has its type metadata built at run time, on every lint.
  struct Family {
    var job: String
    var members: [String]
  }

  /// The capability the kernel demands for a family's operation (see `kernelGates`).
  struct KernelGate {
    var job: String
    var capability: String
    /// Whether a capability in a user namespace the container creates satisfies it.
    var namespaced: Bool
  }

  /// Families whose members reach the same operation (arch-hazards.md §10).
  static let families: [Family] = [
    Family(job: "mount a filesystem", members: ["mount", "fsopen", "fsconfig", "fsmount", "move_mount", "open_tree", "open_tree_attr", "fspick", "mount_setattr"]),
    Family(job: "unmount", members: ["umount", "umount2"]),
    Family(job: "load a new kernel", members: ["kexec_load", "kexec_file_load"]),
    Family(job: "set the clock", members: ["settimeofday", "stime", "clock_settime", "clock_settime64", "adjtimex", "clock_adjtime", "clock_adjtime64"]),
    Family(job: "load kernel modules", members: ["init_module", "finit_module"]),
    Family(job: "use the kernel keyring", members: ["keyctl", "add_key", "request_key"]),
    Family(job: "change file modes", members: ["chmod", "fchmod", "fchmodat", "fchmodat2"]),
    Family(job: "change file owners", members: ["chown", "lchown", "fchown", "fchownat", "chown32", "lchown32", "fchown32"]),
    Family(job: "set extended attributes", members: ["setxattr", "lsetxattr", "fsetxattr", "setxattrat"]),
    Family(job: "remove extended attributes", members: ["removexattr", "lremovexattr", "fremovexattr", "removexattrat"]),
    Family(job: "read or write another process's memory", members: ["ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"]),
    Family(job: "open files", members: ["open", "creat", "openat", "openat2"]),
    Family(job: "execute programs", members: ["execve", "execveat"]),
    Family(job: "rename files", members: ["rename", "renameat", "renameat2"]),
    Family(job: "remove files", members: ["unlink", "unlinkat", "rmdir"]),
    Family(job: "create hard links", members: ["link", "linkat"]),
    Family(job: "create symlinks", members: ["symlink", "symlinkat"]),
    Family(job: "create device nodes", members: ["mknod", "mknodat"]),
    Family(job: "signal other processes", members: ["kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal"]),
    Family(job: "change user ids", members: ["setuid", "setuid32", "setreuid", "setreuid32", "setresuid", "setresuid32", "setfsuid", "setfsuid32"]),
    Family(job: "change group ids", members: ["setgid", "setgid32", "setregid", "setregid32", "setresgid", "setresgid32", "setfsgid", "setfsgid32", "setgroups", "setgroups32"]),
    Family(job: "change NUMA memory policy", members: ["mbind", "set_mempolicy", "set_mempolicy_home_node", "migrate_pages", "move_pages"]),
    Family(job: "change disk quotas", members: ["quotactl", "quotactl_fd"]),
    Family(job: "change memory protection", members: ["mprotect", "pkey_mprotect"]),
    Family(job: "change I/O privilege", members: ["iopl", "ioperm"]),
  ]

  /// The capability the kernel demands before any member of a family performs the family's operation: without
  /// it the sibling cannot do the job either, so a block is bypassable only for containers that have it.
  /// - set the clock: `settimeofday`/`stime`/`clock_settime` → `security_settime64` → `cap_settime`
  ///   (security/commoncap.c: `capable(CAP_SYS_TIME)`); `adjtimex`/`clock_adjtime` →
  ///   `timekeeping_validate_timex` (kernel/time/timekeeping.c: `if (txc->modes && !capable(CAP_SYS_TIME))
  ///   return -EPERM`; with modes 0 they only read the clock).
  /// - load a new kernel: `kexec_load_check` (kernel/kexec.c, shared by kexec_file_load): `capable(CAP_SYS_BOOT)`.
  /// - load kernel modules: `may_init_module` (kernel/module/main.c): `capable(CAP_SYS_MODULE)`.
  /// - mount, unmount: `may_mount` (fs/namespace.c, for mount, umount, move_mount, mount_setattr, open_tree's
  ///   OPEN_TREE_CLONE) and fs/fsopen.c (fsopen, fspick, fsmount): `ns_capable(mnt_ns->user_ns, CAP_SYS_ADMIN)`
  ///   — satisfiable in a user namespace the container creates, so the gate is void where `unshare` is allowed.
  /// - change I/O privilege: arch/x86/kernel/ioport.c (`ksys_ioperm`, `iopl`): `capable(CAP_SYS_RAWIO)`.
  /// - change disk quotas: `check_quotactl_permission` (fs/quota/quota.c): `capable(CAP_SYS_ADMIN)` for every
  ///   command that changes quotas.
  static let kernelGates: [KernelGate] = [
    KernelGate(job: "set the clock", capability: "CAP_SYS_TIME", namespaced: false),
    KernelGate(job: "load a new kernel", capability: "CAP_SYS_BOOT", namespaced: false),
    KernelGate(job: "load kernel modules", capability: "CAP_SYS_MODULE", namespaced: false),
    KernelGate(job: "mount a filesystem", capability: "CAP_SYS_ADMIN", namespaced: true),
    KernelGate(job: "unmount", capability: "CAP_SYS_ADMIN", namespaced: true),
    KernelGate(job: "change I/O privilege", capability: "CAP_SYS_RAWIO", namespaced: false),
    KernelGate(job: "change disk quotas", capability: "CAP_SYS_ADMIN", namespaced: false),
  ]

  func check(_ context: inout LintContext) {
    let blocklisted = Set(context.blocklists.flatMap(\.names))
    let userNamespaces = context.allowedEverywhere("unshare")
    for family in Self.families {
      // Where the kernel gates the operation, only containers with the capability can bypass the block.
      let gate = Self.kernelGates.first { $0.job == family.job }.flatMap { $0.namespaced && userNamespaces ? nil : $0.capability }
      let present = family.members.filter(SyscallData.isKnown)
      let open = present.filter { context.allowedEverywhere($0) }
      guard !open.isEmpty else { continue }
      // Blocked members, grouped by where the finding goes: the rule denying them, else the sibling's allow.
      var groups: [(pointer: JSONPointer, members: [String], siblings: [String], denied: Bool, bypass: TargetCondition, arguments: [ConditionChain])] = []
      for member in present where !context.allowedEverywhere(member) {
        // The targets where the member is blocked and the sibling can do the job (the kernel's gate holds).
        var bypass = context.allowedCondition(member).complement
        if let gate { bypass = bypass.and(Guard(requiredCaps: [gate])) }
        guard !bypass.isNever else { continue }
        // ERRNO(ENOSYS) is not a block but "fall back to the older call" (clone3 → clone): not a finding.
        // (`context.denying(member)`, as positions in `symbolic.rules`: no copies of the rules to compare.)
        let members = context.rulesByName[member] ?? []
        let denyingIndexes = members.filter { context.canEverHold[$0] && context.symbolic.rules[$0].action?.permits == false }
        let denialIndex = denyingIndexes.first { context.symbolic.rules[$0].action != .errno(38) }
        if denialIndex == nil, !denyingIndexes.isEmpty { continue }
        let denial = denialIndex.map { context.symbolic.rules[$0] }
        // Blocked only where the block decides: where the denying rule applies and no rule overrides it; a member
        // blocked by the default alone is not blocked where a rule allows it (for some arguments at least).
        if let index = denialIndex {
          bypass = bypass.and(context.effectiveCondition(of: index, for: member, evenIfDropped: true))
        } else {
          for index in members where context.symbolic.rules[index].action?.permits == true {
            bypass = bypass.and(context.effectiveCondition(of: index, for: member).complement)
          }
        }
        guard !bypass.isNever else { continue }
        guard denial != nil || blocklisted.contains(member) else { continue }
        // Twins (chown/chown32) are missing-arch-guard's; skip siblings that differ only by such a suffix.
        // Siblings that exist where the bypass is: on a host of the condition or an ABI its filter adds.
        let siblings = open.filter { !isTwin($0, of: member) && existsSomewhere($0, bypass, context) }
        guard let first = siblings.first else { continue }
        let pointer =
          denial.map { context.namePointer($0, member) } ?? context.permitting(first).first.map { context.namePointer($0, first) }
          ?? "/defaultAction"
        let groupPointer = denial?.pointer ?? pointer
        if let i = groups.firstIndex(where: { $0.pointer == groupPointer && $0.siblings == siblings && $0.bypass == bypass }) {
          groups[i].members.append(member)
          groups[i].arguments.append(denial?.chains.first ?? [])
        } else {
          groups.append((denial == nil ? pointer : groupPointer, [member], siblings, denial != nil, bypass, [denial?.chains.first ?? []]))
        }
      }
      for group in groups {
        let who = group.members.joined(separator: ", ")
        let verb = group.members.count == 1 ? "is" : "are"
        let why = group.denied ? "\(verb) denied" : "\(verb) on the \(context.blocklists.first { !$0.names.isDisjoint(with: group.members) }?.name ?? "active") blocklist"
        let kernel = gate.map { " (the kernel lets them \(family.job) only with \($0))" } ?? ""
        let scope = group.bypass.isAlways ? "" : " \(group.bypass)"
        let message = "\(who) \(why), but \(group.siblings.joined(separator: ", ")) can \(family.job) too and \(group.siblings.count == 1 ? "is" : "are") allowed: the block is bypassable\(scope)\(kernel)"
        var pointer = group.pointer
        if group.denied, let rule = context.symbolic.rules.first(where: { $0.pointer == group.pointer }) {
          pointer = context.namePointer(rule, group.members[0])
        }
        context.report(
          message, at: pointer, syscalls: group.members + group.siblings, condition: group.bypass.isAlways ? nil : group.bypass.description,
          fix: "deny \(group.siblings.joined(separator: ", ")) as well",
          claims: zip(group.members, group.arguments).map { Claim($0, .denied, on: group.bypass, arguments: $1) }
            // Each sibling where a filter has it (stime is on no arm64 host's filter).
            + group.siblings.map { Claim($0, .allowed, on: context.restricted(group.bypass, toHostsHaving: $0)) }.filter { !$0.targets.isNever })
      }
    }
    checkCloneFlags(&context)
  }

  /// clone allowed only with argument filters (namespace flags) while clone3 or unshare is allowed outright.
  private func checkCloneFlags(_ context: inout LintContext) {
    let cloneRules = context.permitting("clone")
    guard !cloneRules.isEmpty, cloneRules.allSatisfy({ !$0.isUnconditional }) else { return }
    for sibling in ["clone3", "unshare"] where context.allowedEverywhere(sibling) {
      let what = sibling == "clone3" ? "clone3's flags live in a struct seccomp cannot read" : "unshare creates namespaces directly"
      let message = "clone is filtered for namespace flags, but \(sibling) is allowed on every target and \(what): the filter is bypassable"
      if let allow = context.permitting(sibling).first {
        context.report(message, at: context.namePointer(allow, sibling), syscalls: ["clone", sibling],
          fix: sibling == "clone3" ? "return ENOSYS for clone3 (\"errnoRet\": 38) so libc falls back to clone" : "allow unshare only with CAP_SYS_ADMIN")
      } else {
        context.report(message, at: "/defaultAction", syscalls: ["clone", sibling])
      }
    }
  }

  private func existsSomewhere(_ syscall: String, _ condition: TargetCondition, _ context: LintContext) -> Bool {
    guard let row = SyscallData.row(of: syscall) else { return false }
    return condition.alternatives.contains { alternative in
      Architecture.all.contains { host in
        guard host.runcAccepts, let name = host.mobyNativeName, !alternative.notArches.contains(name),
          alternative.onlyArches?.contains(name) ?? true
        else { return false }
        let group = context.arches.groups.first { $0.host == host.token }?.arches.compactMap(Architecture.withToken) ?? []
        let listed = (context.profile.architectures ?? []).compactMap(Architecture.withToken)
        return ([host] + group + listed).contains { SyscallTable.forArchitecture($0).resolve(row: row).exists }
      }
    }
  }

  private func isTwin(_ a: String, of b: String) -> Bool {
    for suffix in ["32", "64", "_time64"] where a == b + suffix || b == a + suffix { return true }
    return false
  }
}

/// SCL207: io_uring allowed.
struct IOUringAllowed: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL207", name: "io-uring-allowed",
    summary: "io_uring is allowed, so the filter does not see the opens, reads and connects it performs.",
    rationale: """
      **What it does.** Reports `io_uring_setup`, `io_uring_enter` and `io_uring_register` allowed on some target.

      **Why it matters.** io_uring submits openat, read, write, connect, accept, … as ring operations: no syscall
      is made for them, so per-syscall filtering (and argument filters on those calls) is moot while io_uring is
      allowed. Docker removed io_uring from its default profile in v25 for this reason.

      **Example.** moby's default.json v20.10–v24 allows io_uring.

      **Instead.** Leave io_uring out (libraries fall back to epoll), or allow it knowingly for the workloads that
      need it.

      **References.** [moby/moby 891241e7e7](https://github.com/moby/moby/commit/891241e7e7);
      [moby/moby#46762](https://github.com/moby/moby/issues/46762);
      [moby/moby#47532](https://github.com/moby/moby/issues/47532);
      [io_uring(7)](https://man7.org/linux/man-pages/man7/io_uring.7.html).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"io_uring_setup", ↓"io_uring_enter"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "epoll_wait"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    var viaDefault: [String] = []
    for name in ["io_uring_setup", "io_uring_enter", "io_uring_register"] {
      let rules = context.permitting(name)
      for rule in rules {
        let condition = rule.guardCondition.isAlways ? nil : rule.guardCondition.description
        context.report(
          "\(name) is allowed\(condition.map { " " + $0 } ?? ""): operations submitted through io_uring (openat, read, connect, …) never pass the seccomp filter",
          at: context.namePointer(rule, name), syscalls: [name], condition: condition,
          fix: "remove io_uring unless the workload needs it")
      }
      if rules.isEmpty && context.allowedSomewhere(name) { viaDefault.append(name) }
    }
    if !viaDefault.isEmpty {
      context.report(
        "the default action allows \(viaDefault.joined(separator: ", ")): operations submitted through io_uring never pass the seccomp filter",
        at: "/defaultAction", syscalls: viaDefault, fix: "deny io_uring_setup")
    }
  }
}
