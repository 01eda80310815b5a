import Fixer
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
    defaultSeverity: .error, fixes: [.unsafe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"opne", ↓"syscall_1f4"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "openat2", "_llseek"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for item in context.namedSyscalls where !item.syscall.isEmpty && item.row == nil {
      var message = "unknown syscall '\(item.syscall)': libseccomp knows it on no architecture, so runc silently skips it"
      var fix: String?
      var autofix: Fix?
      if let number = placeholderNumber(item.syscall) {
        let named = Architecture.withToken("SCMP_ARCH_X86_64").flatMap { SyscallTable.forArchitecture($0).name(forNumber: number) }
        message += "; it looks like a generator's placeholder for syscall number \(number)"
        fix = named.map { "if the number is x86_64's, the name is '\($0)'" }
      } else if let close = Spelling.closest(to: item.syscall, in: Self.syscallNames) {
        message += "; did you mean '\(close)'?"
        fix = "rename it to '\(close)'"
        // Unsafe: the renamed syscall now gets the rule's action.
        autofix = context.fix(.unsafe, context.offset(of: context.pointer(rule: item.rule, name: item.name)).flatMap { context.edits.replaceString(at: $0, with: close) })
      }
      context.report(
        message, at: context.pointer(rule: item.rule, name: item.name), syscalls: [item.syscall], fix: fix, autofix: autofix)
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
      **What it does.** Reports names that exist on some architecture but on no ABI of any filter the rule can be in:
      for every host runc supports (and the rule's `includes`/`excludes.arches` admits), the host's own ABI — runc
      always adds the native arch — plus the profile's `architectures` or the host's `archMap` group.

      **Why it matters.** libseccomp does not emit rules for a syscall an ABI lacks: the rule does nothing. Usually
      the profile was written for another arch (`open` on arm64, which only has `openat`).

      **Example.** moby's arm rule names `sync_file_range2`, which neither arm nor arm64 has (arm's is
      `arm_sync_file_range`). A name only the host's native arch has is not reported: runc adds that arch.

      **Instead.** Name the syscall the covered arches use, or add the arch.

      **References.** [libseccomp `src/syscalls.csv`](https://github.com/seccomp/libseccomp/blob/main/src/syscalls.csv);
      [Linux syscall tables](https://github.com/torvalds/linux/tree/master/arch/x86/entry/syscalls) (one per
      architecture).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}], "syscalls": [{"names": ["arm_fadvise64_64", ↓"sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["sync_file_range2"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["ppc64le"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["open"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  /// The ABIs the filter of one host runc supports holds, and the host's moby name (what arch guards test).
  private struct Filter {
    var native: String?
    var arches: [Architecture]
  }

  func check(_ context: inout LintContext) {
    guard !context.arches.isEmpty else { return }
    let profile = context.profile
    // The ABIs a filter holds on each host runc supports: the host's own — runc always adds the native arch
    // (libseccomp's `seccomp_init` starts every filter with it; runc's `InitSeccomp` only adds the profile's
    // arches, libcontainer/seccomp/seccomp_linux.go) — plus the profile's `architectures`, or the archMap group
    // Docker picks for the host (moby-semantics.md §3.2).
    // A host whose byte order differs from the listed arches cannot load the filter at all (runtime-rejects).
    let listed = (profile.architectures ?? []).compactMap(Architecture.withToken)
    let hosts = Architecture.all.filter { host in host.runcAccepts && listed.allSatisfy { $0.endianness == host.endianness } }
    let filters: [Filter] = hosts.map { host in
      var arches = [host]
      if let listed = profile.architectures, !listed.isEmpty {
        arches += listed.compactMap(Architecture.withToken)
      } else if let group = context.arches.groups.first(where: { $0.host == host.token }) {
        arches += group.arches.compactMap(Architecture.withToken)
      }
      var unique: [Architecture] = []
      for arch in arches where !unique.contains(arch) { unique.append(arch) }
      return Filter(native: host.mobyNativeName, arches: unique)
    }
    // Per rule, the ABIs of the filters its arch guard lets it into (positions in `abis`, in the order the
    // filters list them): worked out once per rule, not once per name. Empty when it applies to no filter (a
    // filter always holds its host's own ABI). Not optionals: an array of optional arrays has its type metadata
    // built at run time, which cost as much as the rest.
    var abis: [Architecture] = []
    var abisByRule: [[Int]] = []
    abisByRule.reserveCapacity(context.symbolic.rules.count)
    var unguardedReach: [Int]?  // the same for every rule without an arch guard (nearly all): worked out once
    for rule in context.symbolic.rules {
      let ruleGuard = rule.guardCondition
      let unguarded = ruleGuard.onlyArches == nil && ruleGuard.notArches.isEmpty
      if unguarded, let known = unguardedReach {
        abisByRule.append(known)
        continue
      }
      var reached: [Int] = []
      for filter in filters where Self.applies(ruleGuard, to: filter) {
        for arch in filter.arches {
          let position = abis.firstIndex(of: arch) ?? {
            abis.append(arch)
            return abis.count - 1
          }()
          if !reached.contains(position) { reached.append(position) }
        }
      }
      abisByRule.append(reached)
      if unguarded { unguardedReach = reached }
    }
    let tables = abis.map(SyscallTable.forArchitecture)
    for item in context.namedSyscalls {
      // A rule that applies nowhere (no ABIs) is never-matching-condition's finding.
      let reached = abisByRule[item.rule]
      guard let row = item.row, !reached.isEmpty, !reached.contains(where: { tables[$0].resolve(row: row).exists })
      else { continue }
      let ruleGuard = context.symbolic.rules[item.rule].guardCondition
      let unguarded = ruleGuard.onlyArches == nil && ruleGuard.notArches.isEmpty
      let arches = reached.map { abis[$0] }
      let present = Architecture.all.filter { SyscallTable.forArchitecture($0).resolve(row: row).exists }.map(\.name)
      let narrowed = !unguarded
      let scope = narrowed ? "the ABIs of the hosts this rule applies to" : "the ABIs any host's filter holds"
      context.report(
        "\(item.syscall) exists on none of \(scope) (\(arches.map(\.token).joined(separator: ", "))); only on \(present.joined(separator: ", ")), so the name does nothing",
        at: context.pointer(rule: item.rule, name: item.name), syscalls: [item.syscall], arches: arches.map(\.token),
        claims: [Claim(item.syscall, .notInFilter, on: TargetCondition(ruleGuard))])
    }
  }

  /// Whether a rule with `ruleGuard` is in `filter` (its `includes`/`excludes.arches` against the host's name).
  private static func applies(_ ruleGuard: Guard, to filter: Filter) -> Bool {
    if ruleGuard.onlyArches == nil && ruleGuard.notArches.isEmpty { return true }
    guard let name = filter.native else { return ruleGuard.onlyArches == nil }
    return !ruleGuard.notArches.contains(name) && (ruleGuard.onlyArches?.contains(name) ?? true)
  }
}
