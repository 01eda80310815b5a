import Policy
import ProfileModel
import SyscallTables

/// SCL201: names no architecture has.
struct UnknownSyscall: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL201", name: "unknown-syscall",
    summary: "A syscall name exists on no architecture, so runtimes silently skip it.",
    rationale: """
      **What it does.** Reports names that libseccomp does not know on any architecture, with the closest real name.

      **Why it matters.** runc skips unknown names with a debug log only. A typo in an allow rule breaks the
      workload with EPERM; a typo in a deny rule leaves the syscall open. Profile generators also emit event names
      (`procexit`) and placeholders (`syscall_1f4`).

      **Example.** `"names": ["opne"]`

      **Instead.** Use libseccomp's spelling (`seclint syscalls --arch ARCH NAME` checks it).

      **References.** [opencontainers/runtime-spec#972](https://github.com/opencontainers/runtime-spec/issues/972);
      [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`); [libseccomp
      `src/syscalls.csv`](https://github.com/seccomp/libseccomp/blob/main/src/syscalls.csv).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"opne", ↓"syscall_1f4"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "openat2", "_llseek"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for item in context.namedSyscalls where !item.syscall.isEmpty && item.row == nil {
      var message = "unknown syscall '\(item.syscall)': libseccomp knows it on no architecture, so runc silently skips it"
      var fix: String?
      if let number = placeholderNumber(item.syscall) {
        let named = Architecture.withToken("SCMP_ARCH_X86_64").flatMap { SyscallTable.forArchitecture($0).name(forNumber: number) }
        message += "; it looks like a generator's placeholder for syscall number \(number)"
        fix = named.map { "if the number is x86_64's, the name is '\($0)'" }
      } else if let close = Spelling.closest(to: item.syscall, in: Self.syscallNames) {
        message += "; did you mean '\(close)'?"
        fix = "rename it to '\(close)'"
      }
      context.report(message, at: context.pointer(rule: item.rule, name: item.name), syscalls: [item.syscall], fix: fix)
    }
  }

  /// Every syscall name, prepared once for suggestions.
  private static let syscallNames = Spelling.Candidates(SyscallData.names)

  /// `syscall_1f4` (inspektor-gadget's placeholder for an unnamed number) → 500.
  private func placeholderNumber(_ name: String) -> Int? {
    guard name.hasPrefix("syscall_") else { return nil }
    return Int(name.dropFirst("syscall_".count), radix: 16)
  }
}

/// SCL202: names that exist, but on none of the profile's arches.
struct SyscallNotOnArch: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL202", name: "syscall-not-on-arch",
    summary: "A syscall exists, but on none of the architectures the profile covers, so the rule is dead.",
    rationale: """
      **What it does.** Reports names that exist on some architecture but on none of the profile's (its
      `architectures`, its `archMap` groups, and the hosts a rule's `includes.arches` names).

      **Why it matters.** libseccomp does not emit rules for a syscall an ABI lacks: the rule does nothing. Usually
      the profile was written for another arch (`open` on arm64, which only has `openat`).

      **Example.** `"names": ["arm_fadvise64_64"]` in an x86-only profile.

      **Instead.** Name the syscall the covered arches use, or add the arch.

      **References.** [libseccomp `src/syscalls.csv`](https://github.com/seccomp/libseccomp/blob/main/src/syscalls.csv);
      [Linux syscall tables](https://github.com/torvalds/linux/tree/master/arch/x86/entry/syscalls) (one per
      architecture).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_AARCH64"], "syscalls": [{"names": ["openat", ↓"open"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["ppc64le"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["open"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    guard !context.arches.isEmpty else { return }
    let rules = context.profile.syscalls ?? []
    let profileTables = context.arches.all.map(SyscallTable.forArchitecture)
    // Per rule: the arches it covers and their tables, when its `includes.arches` narrows them (else nil).
    let narrowed: [(arches: [Architecture], tables: [SyscallTable])?] = rules.indices.map { index in
      guard rules[index].includes?.arches?.isEmpty == false else { return nil }
      let arches = applicableArches(rules[index], context.arches)
      return (arches, arches.map(SyscallTable.forArchitecture))
    }
    for item in context.namedSyscalls {
      guard let row = item.row else { continue }
      let arches = narrowed[item.rule]?.arches ?? context.arches.all
      let tables = narrowed[item.rule]?.tables ?? profileTables
      // A rule that applies nowhere is never-matching-condition's finding.
      guard !arches.isEmpty, !tables.contains(where: { $0.resolve(row: row).exists }) else { continue }
      let present = Architecture.all.filter { SyscallTable.forArchitecture($0).resolve(row: row).exists }.map(\.name)
      let scope = narrowed[item.rule] != nil ? "the arches this rule applies to" : "the profile's arches"
      context.report(
        "\(item.syscall) exists on none of \(scope) (\(arches.map(\.token).joined(separator: ", "))); only on \(present.joined(separator: ", ")), so the name does nothing",
        at: context.pointer(rule: item.rule, name: item.name), syscalls: [item.syscall], arches: arches.map(\.token))
    }
  }

  /// With `includes.arches`, the hosts named there and the sub-arches their archMap group adds; otherwise every
  /// arch the profile covers.
  private func applicableArches(_ rule: SyscallRule, _ profile: ProfileArches) -> [Architecture] {
    guard let hosts = rule.includes?.arches, !hosts.isEmpty else { return profile.all }
    var result: [Architecture] = []
    for host in Architecture.all where hosts.contains(host.mobyNativeName ?? "\u{0}") {
      let group = profile.groups.first { $0.host == host.token }?.arches.compactMap(Architecture.withToken) ?? []
      for arch in [host] + group where !result.contains(arch) { result.append(arch) }
    }
    return result
  }
}
