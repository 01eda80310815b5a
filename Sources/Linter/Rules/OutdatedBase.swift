import Policy
import ProfileModel

/// SCL210: the profile is a copy of an upstream default and lacks what upstream changed since.
struct OutdatedBase: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL210", name: "outdated-base",
    summary: "The profile copies an old upstream default and lacks a change upstream made since.",
    rationale: """
      **What it does.** With `--base` (auto, or a release such as `moby@20.10.0`), seclint knows which upstream
      default the profile was copied from. This rule reports each syscall upstream changed between that release
      and the newest one (`seclint drift` shows them all) that the profile still decides as the old release did:
      syscalls upstream has since allowed that the profile still denies, and syscalls upstream narrowed for
      security that the profile still allows — with the release that made each change.

      **Why it matters.** Copies rot. Upstream allows new syscalls as libc starts to use them (`clone3`,
      `faccessat2`, `fchmodat2`, `close_range`, the mount API), and a copy that still returns EPERM breaks new
      glibc and musl images. Upstream closes holes (io_uring in moby 25.0, AF_ALG and AF_VSOCK sockets in 29.4),
      and the copy keeps them open.

      **Example.** moby 25.0.3's default plus one edit, linted with `--base auto`: upstream allowed `mseal` in
      28.2.0 and the copy still denies it.

      **Instead.** Take upstream's change (`seclint drift PROFILE` lists them; merge the rule from
      `seclint upstream moby@latest`), or keep the old decision on purpose and baseline the finding.

      **References.** https://github.com/moby/moby/commits/master/profiles/seccomp/default.json;
      https://github.com/moby/profiles; https://github.com/containers/common/commits/main/pkg/seccomp/seccomp.json.
      """,
    defaultSeverity: .warning, tags: ["maintenance", "security"],
    examples: [
      RuleExample(
        #"{"defaultAction": ↓"SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}"#,
        drift: UpstreamDrift(
          base: "moby 25.0.3", target: "moby 29.4.3",
          lacking: [.init(syscall: "mseal", widened: true, release: "moby 28.2.0", upstreamNow: "ALLOW")])),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", ↓"io_uring_setup"], "action": "SCMP_ACT_ALLOW"}]}"#,
        drift: UpstreamDrift(
          base: "moby 23.0.0", target: "moby 29.4.3",
          lacking: [.init(syscall: "io_uring_setup", widened: false, release: "moby 25.0.0", upstreamNow: "ERRNO(EPERM) by default")])),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "mseal"], "action": "SCMP_ACT_ALLOW"}]}"#,
        drift: UpstreamDrift(base: "moby 29.4.3", target: "moby 29.4.3", lacking: [])),
    ])

  func check(_ context: inout LintContext) {
    guard let drift = context.upstreamDrift else { return }
    for change in drift.lacking {
      // At the first rule naming the syscall, or at the default action that decides it.
      let pointer =
        context.namedSyscalls.first { $0.syscall == change.syscall }.map { context.pointer(rule: $0.rule, name: $0.name) }
        ?? JSONPointer(["defaultAction"])
      if change.widened {
        context.report(
          "\(change.syscall) is still denied as in \(drift.base), the default this profile copies; upstream allows it "
            + "since \(change.release) (\(change.upstreamNow)): programs that now use it may fail with EPERM",
          at: pointer, syscalls: [change.syscall],
          fix: "take upstream's rule for \(change.syscall) from \(drift.target) (seclint drift lists every change)")
      } else {
        context.report(
          "\(change.syscall) is still allowed as in \(drift.base), the default this profile copies; upstream narrowed it "
            + "in \(change.release) (now \(change.upstreamNow))",
          at: pointer, syscalls: [change.syscall],
          fix: "take upstream's rule for \(change.syscall) from \(drift.target), or keep it on purpose and baseline it")
      }
    }
  }
}
