import Fixer
import Policy
import ProfileModel
import SyscallTables

/// SCL208: syscalls with a libc fallback get EPERM instead of ENOSYS.
struct EpermForFallback: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL208", name: "eperm-for-fallback",
    summary: "A syscall that libc falls back from on ENOSYS is blocked with another error, which breaks the fallback.",
    rationale: """
      **What it does.** Evaluates the profile for its hosts (Docker's default capabilities, the newest kernel,
      runc) and reports syscalls that glibc or musl try first and replace on ENOSYS — `clone3`, `faccessat2`,
      `openat2`, `statx`, `close_range`, `epoll_pwait2`, `fchmodat2`, `copy_file_range`, `preadv2`, `pwritev2`,
      `renameat2`, `getrandom`, `pidfd_open` — when they are blocked with EPERM or another error than ENOSYS on
      some ABI, taking runc's ENOSYS stub boundary into account.

      **Why it matters.** The fallback runs only on ENOSYS; EPERM is fatal. glibc 2.34 broke threads under
      Docker's old profile (clone3 → EPERM); musl 1.2.2 broke on faccessat2.

      **Example.** An allowlist that names a syscall newer than `clone3`, so runc's stub no longer covers 435, and
      does not list `clone3`.

      **Instead.** Return ENOSYS for these calls: `{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}`.

      **References.** [moby/moby#42680](https://github.com/moby/moby/issues/42680); [moby/moby
      9f6b562dd1](https://github.com/moby/moby/commit/9f6b562dd1);
      [docker-library/php#1177](https://github.com/docker-library/php/issues/1177); [runc
      `libcontainer/seccomp/patchbpf/enosys_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/patchbpf/enosys_linux.go).
      """,
    defaultSeverity: .warning, fixes: [.unsafe],
    examples: [
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "futex_waitv"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "futex_waitv"], "action": "SCMP_ACT_ALLOW"}, {"names": ["clone3"], "action": ↓"SCMP_ACT_ERRNO", "errnoRet": 13}, {"names": ["faccessat2", "openat2", "statx", "close_range", "epoll_pwait2", "fchmodat2", "copy_file_range", "preadv2", "pwritev2", "renameat2", "getrandom", "pidfd_open"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "futex_waitv"], "action": "SCMP_ACT_ALLOW"}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}, {"names": ["faccessat2", "openat2", "statx", "close_range", "epoll_pwait2", "fchmodat2", "copy_file_range", "preadv2", "pwritev2", "renameat2", "getrandom", "pidfd_open"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  static let fallbacks = [
    "clone3", "faccessat2", "openat2", "statx", "close_range", "epoll_pwait2", "fchmodat2", "copy_file_range",
    "preadv2", "pwritev2", "renameat2", "getrandom", "pidfd_open",
  ]

  /// `fallbacks` as the set `Evaluator.evaluate(_:only:)` decides.
  static let fallbackSet = Set(fallbacks)

  /// Each host's decisions on the fallback syscalls.
  static func hostQuestions(_ context: LintContext) -> [HostQuestion] {
    context.evaluationHosts.map { HostQuestion(Target(architecture: $0), .evaluation(only: fallbackSet, nativeOnly: false)) }
  }

  /// Why one fallback syscall does not get ENOSYS, and on which arches.
  private struct Finding: Equatable {
    var origin: DecisionOrigin
    var action: SeccompAction
    var arches: [String]
  }

  /// One finding per cause: the syscalls sharing a finding.
  private struct Group {
    var finding: Finding
    var names: [String]
  }

  func check(_ context: inout LintContext) {
    // Per position in `fallbacks` (a handful of names: no dictionary).
    var findings = [Finding?](repeating: nil, count: Self.fallbacks.count)
    for host in context.evaluationHosts {
      let policy = context.evaluate(for: Target(architecture: host), only: Self.fallbackSet)
      guard case .enforced = policy.status else { continue }
      for abi in policy.abis {
        let enosys = Errno.enosys(on: abi.architecture)
        for syscall in abi.syscalls {
          guard let position = Self.fallbacks.firstIndex(of: syscall.name) else { continue }
          let decision = syscall.decision
          guard decision.branches.isEmpty, !decision.action.permits, decision.action != .errno(enosys) else { continue }
          var entry = findings[position] ?? Finding(origin: decision.origin, action: decision.action, arches: [])
          if !entry.arches.contains(abi.architecture.token) { entry.arches.append(abi.architecture.token) }
          findings[position] = entry
        }
      }
    }
    // One finding per cause: the rule (or the default action) and the arches, listing the syscalls.
    var groups: [Group] = []
    for (name, finding) in zip(Self.fallbacks, findings) {
      guard let finding else { continue }
      if case .enosysStub = finding.origin { continue }
      if let i = groups.firstIndex(where: { $0.finding == finding }) {
        groups[i].names.append(name)
      } else {
        groups.append(Group(finding: finding, names: [name]))
      }
    }
    for group in groups {
      let how: String
      let pointer: JSONPointer
      if case .rule(let rule) = group.finding.origin {
        how = "the rule at \(rule)"
        pointer = rule.appending("action")
      } else {
        how = "the default action: runc's ENOSYS stub stops below \(group.names.count == 1 ? "it" : "them")"
        pointer = "/defaultAction"
      }
      let verb = group.names.count == 1 ? "returns" : "return"
      // errno numbers are per arch: 38 is ENOSYS on x86, arm, s390, ppc, riscv, but not on mips (89).
      let mips = group.finding.arches.allSatisfy { $0.hasPrefix("SCMP_ARCH_MIPS") }
      let action = mips ? "\(group.finding.action.token)(\(group.finding.action.errno.map(String.init) ?? "-"))" : group.finding.action.description
      // Unsafe: the rule now returns ENOSYS (38) for the syscalls the finding names — only when the rule is an
      // SCMP_ACT_ERRNO rule naming nothing else and the profile has no MIPS arch (where 38 is another errno).
      var autofix: Fix?
      if case .rule(let rulePointer) = group.finding.origin, let index = Int(rulePointer.tokens.last ?? ""),
        let rule = context.profile.syscalls?[index], rule.action == "SCMP_ACT_ERRNO",
        Set(rule.effectiveNames).isSubset(of: Set(group.names)),
        !context.arches.all.contains(where: { Errno.enosys(on: $0) != 38 }),
        let offset = context.offset(of: rulePointer)
      {
        autofix = context.fix(.unsafe, context.edits.setMember("errnoRet", toJSON: "38", inObjectAt: offset))
      }
      context.report(
        "\(group.names.joined(separator: ", ")) \(verb) \(action)\(mips ? " (ENOSYS is 89 on MIPS)" : "") instead of ENOSYS on \(group.finding.arches.joined(separator: ", ")) (\(how)); libc falls back to older syscalls only on ENOSYS",
        at: pointer, syscalls: group.names, arches: group.finding.arches, condition: "Docker's default capabilities, newest kernel",
        fix: "return ENOSYS for them ({\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 38}), or allow them", autofix: autofix)
    }
  }
}

/// SCL105: fields the chosen Docker version ignores.
struct DockerVersionCompat: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL105", name: "docker-version-compat",
    summary: "With --docker-version, reports fields that Docker release ignores and what that changes.",
    rationale: """
      **What it does.** For the Docker Engine given with `--docker-version`, reports fields it does not know:
      `names`, `archMap`, `includes`/`excludes` before 1.13; `minKernel` before 19.03; per-rule `errnoRet` before
      20.10.10; `defaultErrnoRet`, `flags`, `listenerPath` and `listenerMetadata` before 22.06/23.0. Silent without
      the option.

      **Why it matters.** Go ignores unknown keys, so an older daemon runs the profile without them: conditional
      rules become unconditional, ENOSYS rules become EPERM (and then equal the default, so runc drops them), a
      `names`-only profile has empty names and fails on Docker 1.12 (`empty string is not a valid syscall`).

      **Example.** `"includes": {"minKernel": "4.8"}` on Docker 18.09: ptrace is allowed on every kernel.

      **Instead.** Ship a profile per Docker generation, or avoid the newer fields.

      **References.** [moby/moby#27224](https://github.com/moby/moby/issues/27224); [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`);
      [moby/moby `profiles/seccomp` history](https://github.com/moby/moby/commits/master/profiles/seccomp).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": ↓"4.8"}}]}"#, dockerVersion: "18.09"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": ↓1, "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ↓38}]}"#, dockerVersion: "20.10.9"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ↓["read"], "action": "SCMP_ACT_ALLOW"}]}"#, dockerVersion: "1.12"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}]}"#, dockerVersion: "23.0"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}]}"#),
    ])

  func check(_ context: inout LintContext) {
    guard let version = context.dockerVersion else { return }
    let profile = context.profile
    let v1_13 = DockerVersion(1, 13), v19_03 = DockerVersion(19, 3), v20_10_10 = DockerVersion(20, 10, 10), v22_06 = DockerVersion(22, 6)
    if version < v22_06 {
      for (key, present) in [
        ("defaultErrnoRet", profile.defaultErrnoRet != nil), ("flags", profile.flags != nil),
        ("listenerPath", profile.listenerPath != nil), ("listenerMetadata", profile.listenerMetadata != nil),
      ] where present {
        let effect = key == "defaultErrnoRet" ? "the default errno is EPERM there" : "it is not passed to the runtime"
        context.report("Docker \(version) ignores '\(key)' (supported from 22.06/23.0): \(effect)", at: JSONPointer([key]))
      }
    }
    if version < v1_13, !(profile.archMap ?? []).isEmpty {
      context.report("Docker \(version) ignores 'archMap' (from 1.13): only the native ABI is in the filter", at: "/archMap")
    }
    for (index, rule) in (profile.syscalls ?? []).enumerated() {
      let base = JSONPointer(["syscalls", String(index)])
      if version < v1_13 {
        if rule.names != nil && (rule.name ?? "").isEmpty {
          context.report(
            "Docker \(version) reads only 'name' (names arrived in 1.13): this rule has an empty name there and the daemon fails with 'empty string is not a valid syscall'",
            at: base.appending("names"), syscalls: rule.names ?? [])
        }
        for key in ["includes", "excludes"] where (key == "includes" ? rule.includes : rule.excludes) != nil {
          context.report("Docker \(version) ignores '\(key)' (from 1.13): the rule applies to every container", at: base.appending(key), syscalls: rule.effectiveNames)
        }
      } else if version < v19_03 {
        for (key, filter) in [("includes", rule.includes), ("excludes", rule.excludes)] where filter?.minKernel != nil {
          context.report(
            "Docker \(version) ignores 'minKernel' (from 19.03): the rule is \(key == "includes" ? "applied" : "dropped") on every kernel",
            at: base.appending(key).appending("minKernel"), syscalls: rule.effectiveNames)
        }
      }
      if version < v20_10_10, let errno = rule.errnoRet {
        let defaultIsEPERM = profile.defaultAction == "SCMP_ACT_ERRNO" && (profile.defaultErrnoRet == nil || profile.defaultErrnoRet == 1 || version < v22_06)
        let dropped = rule.action == "SCMP_ACT_ERRNO" && defaultIsEPERM ? ", so the rule equals the default action and runc drops it" : ""
        context.report(
          "Docker \(version) ignores 'errnoRet' (from 20.10.10): the rule returns EPERM instead of \(Errno.name(Int(errno & 0xFFFF)))\(dropped)",
          at: base.appending("errnoRet"), syscalls: rule.effectiveNames)
      }
    }
  }
}

/// SCL209: names the chosen libseccomp does not know.
struct UnsupportedByLibseccomp: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL209", name: "unsupported-by-libseccomp",
    summary: "With --libseccomp-version, reports syscall names that libseccomp release does not know.",
    rationale: """
      **What it does.** For the libseccomp given with `--libseccomp-version` (2.6.1, 2.6.0, or Debian bookworm's
      2.5.4), reports names it cannot resolve. Silent without the option.

      **Why it matters.** runc skips such names silently: the syscall falls to the default action or, above the
      largest name the library does know, to runc's ENOSYS stub — the same profile gives different filters on
      hosts with different libseccomp.

      **Example.** `mseal`, `statmount`, `listmount` on Debian 12's libseccomp 2.5.4.

      **Instead.** Know which libseccomp your hosts' runc links; upgrade it, or expect those calls to fail.

      **References.** [libseccomp `src/syscalls.csv`](https://github.com/seccomp/libseccomp/blob/main/src/syscalls.csv);
      [opencontainers/runtime-spec#972](https://github.com/opencontainers/runtime-spec/issues/972); [libseccomp
      releases](https://github.com/seccomp/libseccomp/releases).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ↓"mseal", ↓"statmount"], "action": "SCMP_ACT_ALLOW"}]}"#, libseccomp: "2.5.4"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "mseal"], "action": "SCMP_ACT_ALLOW"}]}"#, libseccomp: "2.6.1"),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "mseal"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    guard let release = context.libseccomp else { return }
    for item in context.namedSyscalls where item.row != nil && !release.knows(item.syscall) {
      context.report(
        "\(item.syscall) is unknown to \(release): runc skips this name there, and the call falls to the default action or runc's ENOSYS stub",
        at: context.pointer(rule: item.rule, name: item.name), syscalls: [item.syscall])
    }
  }
}
