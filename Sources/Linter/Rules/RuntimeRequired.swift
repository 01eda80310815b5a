import Policy
import ProfileModel
import SyscallTables

/// SCL108: the profile blocks a syscall runc itself makes after installing the filter.
struct RuntimeRequired: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL108", name: "runtime-required",
    summary: "The profile blocks a syscall runc itself makes after installing the filter, so no container starts.",
    rationale: """
      **What it does.** Evaluates the profile for its hosts (Docker's default capabilities, the newest kernel) and
      reports the syscalls `runc init` makes between installing the container's filter and `execve` of the
      container's process, when the profile blocks them on the native ABI: `close`, `openat`, `write`, `fstatfs`,
      `getdents64` and `execve` in every case (runc installs the filter just before exec with
      no-new-privileges), and without no-new-privileges — Docker's and Kubernetes' default, where the filter is
      installed before runc drops capabilities and changes user — also `capget`, `capset`, `prctl`, `chdir`,
      `getcwd`, `getppid`, `fstat`, `newfstatat`, `read`, `setgroups`, `setgid` and `setuid`. `--runtime
      runc-1.1.11` models runc before 1.1.12, which did not scan /proc/self/fd (`fstatfs`, `getdents64`) after a
      late filter. Calls whose failure runc tolerates (`close_range`, `fchown` of stdio, `faccessat2`) are not
      required.

      **Why it matters.** runc fails with "operation not permitted" before the workload runs, for every
      container: Kubernetes' seccomp tutorial profile crash-looped with "ensure /proc/self/fd is on procfs:
      operation not permitted" once runc 1.1.12 added that check.

      **Example.** An allowlist for a static binary that lists its own calls but not `fstatfs`.

      **Instead.** Add the listed syscalls to the allowlist; they are needed by the runtime, not the workload.

      **References.** runc `libcontainer/standard_init_linux.go` `(*linuxStandardInit).Init`,
      `libcontainer/init_linux.go` `finalizeNamespace`/`setupUser`, `libcontainer/utils/utils_unix.go`
      `UnsafeCloseFrom` (https://github.com/opencontainers/runc/blob/main/libcontainer/standard_init_linux.go);
      https://github.com/kubernetes/website/issues/45460; https://github.com/moby/moby/issues/22252.
      """,
    // Calls needed only without no-new-privileges are reported as notes: the profile cannot say how it is run.
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write", "close", "openat", "execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write", "close", "openat", "execve", "fstatfs", "getdents64", "exit_group", "capget", "capset", "chdir", "getcwd", "getppid", "fstat", "newfstatat", "setgroups", "setgid", "setuid"], "action": "SCMP_ACT_ALLOW"}, {"names": ["prctl"], "action": ↓"SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 15, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write", "close", "openat", "execve", "fstatfs", "getdents64", "exit_group", "capget", "capset", "prctl", "chdir", "getcwd", "getppid", "fstat", "newfstatat", "setgroups", "setgid", "setuid"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["keyctl"], "action": "SCMP_ACT_ERRNO"}]}"#),
    ])

  /// Each host's native ABI, for the syscalls runc itself makes after loading the filter.
  static func hostQuestions(_ context: LintContext) -> [HostQuestion] {
    let only = Set(context.runc.requirements.map(\.syscall))
    return context.evaluationHosts.map { HostQuestion(Target(architecture: $0), .evaluation(only: only, nativeOnly: true)) }
  }

  func check(_ context: inout LintContext) {
    let requirements = context.runc.requirements
    let only = Set(requirements.map(\.syscall))
    // One finding per place that blocks (a rule, or the default action with runc's stub): names and arches.
    var findings: [(pointer: JSONPointer, names: [String], arches: [String])] = []
    for host in context.evaluationHosts {
      // The host's native ABI only (the one runc itself runs on).
      let policy = context.evaluate(for: Target(architecture: host), only: only, nativeOnly: true)
      guard case .enforced = policy.status, let abi = policy.abis.first else { continue }
      for requirement in requirements {
        guard let decision = abi.syscalls.first(where: { $0.name == requirement.syscall })?.decision else { continue }
        let firsts = requirement.firstArguments.isEmpty ? [UInt64(0)] : requirement.firstArguments
        // The branch (or fallback) that decides runc's actual call.
        var blockedBy: JSONPointer?
        for first in firsts {
          let registers: [UInt64] = [first, 0, 0, 0, 0, 0]
          guard let action = decision.outcome(for: registers, bits: abi.architecture.bits), !action.permits else { continue }
          let branch = decision.branches.first { $0.conditions.allSatisfy { $0.matches(registers[$0.index], bits: abi.architecture.bits) } }
          if let branch {
            blockedBy = branch.rule.appending("action")
          } else if case .rule(let rule) = decision.origin {
            blockedBy = rule.appending("action")
          } else {
            blockedBy = "/defaultAction"
          }
          break
        }
        guard let pointer = blockedBy else { continue }
        if let i = findings.firstIndex(where: { $0.pointer == pointer }) {
          if !findings[i].names.contains(requirement.syscall) { findings[i].names.append(requirement.syscall) }
          if !findings[i].arches.contains(host.token) { findings[i].arches.append(host.token) }
        } else {
          findings.append((pointer, [requirement.syscall], [host.token]))
        }
      }
    }
    for finding in findings {
      let how = finding.pointer == "/defaultAction" ? "the default action denies" : "the rule at \(JSONPointer(Array(finding.pointer.tokens.dropLast()))) denies"
      let always = finding.names.filter { context.runc.requirement(for: $0)?.phase == .always }
      let early = finding.names.filter { !always.contains($0) }
      var parts: [String] = []
      if !always.isEmpty { parts.append("\(always.joined(separator: ", ")) (called after the filter whatever no-new-privileges is)") }
      if !early.isEmpty {
        parts.append("\(early.joined(separator: ", ")) (called after the filter without no-new-privileges, Docker's and Kubernetes' default)")
      }
      let sites = finding.names.compactMap { context.runc.requirement(for: $0) }.map { "\($0.syscall): \($0.site)" }
      context.report(
        "\(how) syscalls runc itself makes before starting the process, on \(finding.arches.joined(separator: ", ")): \(parts.joined(separator: "; ")); every container fails to start [\(sites.joined(separator: "; "))]",
        at: finding.pointer, syscalls: finding.names, arches: finding.arches, condition: "Docker's default capabilities, newest kernel",
        fix: "allow \(finding.names.joined(separator: ", "))", severity: always.isEmpty ? .note : .error)
    }
  }
}
