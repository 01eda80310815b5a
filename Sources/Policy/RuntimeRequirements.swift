/// Syscalls runc itself makes after it installs the container's seccomp filter and before `execve` of the
/// container's process, whose failure aborts `runc init`: a profile that blocks one of them makes every
/// container fail to start (kubernetes/website#45460, moby#22252).
///
/// Read from runc's source (opencontainers/runc HEAD 76d9cf5, v1.5.1; and the tags v1.1.11/v1.1.12),
/// `libcontainer/standard_init_linux.go` `(*linuxStandardInit).Init`:
/// - with `NoNewPrivileges` (docker `--security-opt no-new-privileges`, Kubernetes
///   `allowPrivilegeEscalation: false`) `seccomp.InitSeccomp` runs as late as possible, after `exec.LookPath`;
///   what follows it is the `.always` phase below;
/// - without it (Docker's and Kubernetes' default) `seccomp.InitSeccomp` runs before `finalizeNamespace`
///   (`libcontainer/init_linux.go`: capabilities, user, working directory), so those calls must pass too
///   (`.withoutNoNewPrivileges`).
/// Only calls whose error runc returns are listed; calls whose failure runc tolerates (`close_range` falls back
/// to a loop, `fchown` of stdio ignores EPERM, `faccessat2` falls back) are not. The Go runtime's own calls
/// (`futex`, `mmap`, `rt_sigreturn`, …) are not listed: they are not made at a point the source fixes.
package struct RuntimeRequirement: Sendable, Hashable {
  package enum Phase: String, Sendable, Hashable {
    /// After the filter in both orders: required whatever `NoNewPrivileges` is.
    case always
    /// Only when the filter is installed early (no `NoNewPrivileges`, the default).
    case withoutNoNewPrivileges = "without-no-new-privileges"
  }

  package var syscall: String
  /// The argument-0 values runc passes, when a rule could filter on them (prctl's options).
  package var firstArguments: [UInt64]
  package var phase: Phase
  /// The runc function and call that needs it.
  package var site: String
}

/// Which runc's behaviour to model (`--runtime`).
package enum RuncBehaviour: String, Sendable, Hashable, CaseIterable {
  /// runc ≥ 1.1.12 (current).
  case current = "runc"
  /// runc ≤ 1.1.11: before the CVE-2024-21626 fix added `utils.UnsafeCloseFrom` after the late filter.
  case v1_1_11 = "runc-1.1.11"

  package var requirements: [RuntimeRequirement] {
    // v1.1.12 added `UnsafeCloseFrom` (fdRangeFrom over /proc/self/fd: open, `EnsureProcHandle`'s fstatfs,
    // Readdirnames' getdents64) just before exec, so these moved from "early only" (v1.1.11's
    // `CloseExecFrom` in finalizeNamespace) to "always".
    let fdScan: RuntimeRequirement.Phase = self == .current ? .always : .withoutNoNewPrivileges
    let unsafeCloseFrom =
      self == .current
      ? "utils.UnsafeCloseFrom → fdRangeFrom (libcontainer/utils/utils_unix.go), called by linuxStandardInit.Init before exec"
      : "utils.CloseExecFrom (libcontainer/utils/utils_unix.go), called by finalizeNamespace"
    return [
      RuntimeRequirement(
        syscall: "close", firstArguments: [], phase: .always,
        site: "linuxStandardInit.Init: closing the log pipe (\"close log pipe\" error)"),
      RuntimeRequirement(
        syscall: "openat", firstArguments: [], phase: .always,
        site: "linuxStandardInit.Init: reopening the exec fifo through /proc/self/fd (\"reopen exec fifo\"; pathrs.Reopen)"),
      RuntimeRequirement(
        syscall: "write", firstArguments: [], phase: .always, site: "linuxStandardInit.Init: \"write exec fifo\""),
      RuntimeRequirement(
        syscall: "fstatfs", firstArguments: [], phase: fdScan,
        site: "\(unsafeCloseFrom): checks /proc/self/fd is on procfs (\"ensure /proc/self/fd is on procfs\")"),
      RuntimeRequirement(
        syscall: "getdents64", firstArguments: [], phase: fdScan, site: "\(unsafeCloseFrom): reads /proc/self/fd"),
      RuntimeRequirement(
        syscall: "execve", firstArguments: [], phase: .always, site: "linuxStandardInit.Init: linux.Exec of the container process"),
      RuntimeRequirement(
        syscall: "newfstatat", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "linuxStandardInit.Init: exec.LookPath of the process (os.Stat)"),
      RuntimeRequirement(
        syscall: "getppid", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "linuxStandardInit.Init: unix.Getppid() compared with the parent's pid (a mismatch kills the container)"),
      RuntimeRequirement(
        syscall: "chdir", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace (libcontainer/init_linux.go): unix.Chdir to the process cwd"),
      RuntimeRequirement(
        syscall: "getcwd", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → verifyCwd (libcontainer/init_linux.go): linux.Getwd"),
      RuntimeRequirement(
        syscall: "capget", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → capabilities.New / ApplyBoundingSet (moby/sys/capability capsV3.Load, Apply)"),
      RuntimeRequirement(
        syscall: "capset", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → w.ApplyCaps (moby/sys/capability capsV3.Apply)"),
      RuntimeRequirement(
        syscall: "prctl", firstArguments: [24, 8, 47], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace: ApplyBoundingSet (PR_CAPBSET_DROP), system.SetKeepCaps/ClearKeepCaps (PR_SET_KEEPCAPS), ApplyCaps (PR_CAP_AMBIENT)"),
      RuntimeRequirement(
        syscall: "fstat", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → setupUser → fixStdioPermissions (libcontainer/init_linux.go): unix.Fstat of stdio"),
      RuntimeRequirement(
        syscall: "read", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → setupUser (libcontainer/init_linux.go): reading /proc/self/setgroups"),
      RuntimeRequirement(
        syscall: "setgroups", firstArguments: [], phase: .withoutNoNewPrivileges,
        site: "finalizeNamespace → setupUser: unix.Setgroups (skipped only for rootless or setgroups \"deny\")"),
      RuntimeRequirement(
        syscall: "setgid", firstArguments: [], phase: .withoutNoNewPrivileges, site: "finalizeNamespace → setupUser: unix.Setgid"),
      RuntimeRequirement(
        syscall: "setuid", firstArguments: [], phase: .withoutNoNewPrivileges, site: "finalizeNamespace → setupUser: unix.Setuid"),
    ]
  }

  /// The requirement for `syscall`, if runc needs it.
  package func requirement(for syscall: String) -> RuntimeRequirement? { requirements.first { $0.syscall == syscall } }
}
