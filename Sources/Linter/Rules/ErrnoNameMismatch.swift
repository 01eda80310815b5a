import Policy
import ProfileModel

/// SCL106: Podman's errno names (`defaultErrno`, `errno`) against the numbers Docker and runc use.
///
/// containers/common (Podman, CRI-O) `getErrno(errno, errnoRet)`: an empty name keeps `errnoRet`; a decimal string
/// is the number; otherwise the name is looked up in the host's errno table and an unknown name fails the profile
/// ("unknown errno X"). So the name wins over `errnoRet`. moby's types have neither field: Docker ignores them
/// whatever they hold, and runc sees only `errnoRet` (EPERM when absent).
struct ErrnoNameMismatch: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL106", name: "errno-name-mismatch",
    summary: "A defaultErrno or errno name, read only by Podman and CRI-O, differs from the errno Docker and runc return.",
    rationale: """
      **What it does.** Compares Podman's errno names (`defaultErrno`, a rule's `errno`) with the numeric
      `defaultErrnoRet`/`errnoRet` next to them, for ERRNO and TRACE actions, and reports names that are not errno
      names and values that are not strings.

      **Why it matters.** Podman and CRI-O (containers/common) use the name and prefer it to the number; Docker's
      types have no such field and ignore it, and runc sees only the number (EPERM when absent). A profile with
      `"defaultErrno": "ENOSYS"` and no `defaultErrnoRet` returns ENOSYS under Podman and EPERM under Docker, which
      breaks libc's fallbacks there. An unknown name or a non-string value makes Podman refuse the profile while
      Docker runs it.

      **Example.** `{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": "ENOSYS"}` — EPERM under Docker.

      **Instead.** Give the number Docker reads and the name Podman reads together, and keep them equal:
      `"defaultErrnoRet": 38, "defaultErrno": "ENOSYS"` (as Podman's own profile does), or drop the name.

      **References.** [containers/common `pkg/seccomp`](https://github.com/containers/common/tree/main/pkg/seccomp)
      (errno by name); [moby/profiles
      `seccomp/seccomp.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp.go).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": ↓"ENOSYS"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "defaultErrno": "ENOSYS"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "errno": ↓"ENOSYS"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22, "errno": "EINVAL"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": ↓"ENOSYSS"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": ↓38}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrno": "EPERM", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "errno": "EPERM"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      if case .podmanTypeMismatch = issue.kind { context.report(issue.message, location: issue.location) }
    }
    let profile = context.profile
    compare(
      profile.defaultErrno, with: profile.defaultErrnoRet, action: profile.defaultAction,
      fields: ("defaultErrno", "defaultErrnoRet"), at: JSONPointer(["defaultErrno"]), syscalls: [], &context)
    for (index, rule) in (profile.syscalls ?? []).enumerated() {
      compare(
        rule.errno, with: rule.errnoRet, action: rule.action, fields: ("errno", "errnoRet"),
        at: JSONPointer(["syscalls", String(index), "errno"]), syscalls: rule.effectiveNames, &context)
    }
  }

  private func compare(
    _ name: String?, with number: UInt64?, action: String?, fields: (name: String, number: String),
    at pointer: JSONPointer, syscalls: [String], _ context: inout LintContext
  ) {
    // Go's `omitempty` string: "" is the same as absent, so containers/common keeps the number.
    guard let name, !name.isEmpty else { return }
    guard let podman = Self.podmanErrno(name) else {
      let suggestion = Spelling.closest(to: name, in: Errno.allNames)
      context.report(
        "'\(name)' is not an errno name: Podman and CRI-O (containers/common) refuse the profile (\"unknown errno\")"
          + (fields.name == "errno" ? " wherever the rule applies" : "") + "; Docker ignores \(fields.name)"
          + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
        at: pointer, syscalls: syscalls, fix: suggestion.map { "write '\($0)'" } ?? "use an errno name such as 'EPERM'")
      return
    }
    // The errno matters only for ERRNO and TRACE (runc `getAction`).
    guard action == "SCMP_ACT_ERRNO" || action == "SCMP_ACT_TRACE" else { return }
    let docker = SeccompAction(token: action ?? "", errnoRet: number)?.errno ?? 1
    guard podman != docker else { return }
    let podmanName = Errno.name(podman)
    let dockerName = Errno.name(docker)
    if number == nil {
      context.report(
        "\(fields.name) '\(name)' is read only by Podman and CRI-O (containers/common): there the call fails with "
          + "\(podmanName), while Docker and runc ignore the field and return EPERM (no \(fields.number))",
        at: pointer, syscalls: syscalls, fix: "add \"\(fields.number)\": \(podman) so every engine returns \(podmanName)")
    } else {
      context.report(
        "\(fields.name) '\(name)' (\(podmanName)) disagrees with \(fields.number) \(docker): Podman and CRI-O "
          + "(containers/common) prefer the name and return \(podmanName), Docker and runc return \(dockerName)",
        at: pointer, syscalls: syscalls, fix: "make \(fields.name) and \(fields.number) name the same errno")
    }
  }

  /// The errno containers/common's `getErrno` gives a non-empty name: a decimal number (`strconv.ParseUint(s, 10,
  /// 32)`), else the name's number (asm-generic numbering: x86, arm, s390, ppc, riscv; mips and parisc hosts number
  /// most errors their own way); nil when containers/common refuses it.
  static func podmanErrno(_ name: String) -> Int? {
    if name.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = UInt32(name) {
      return Int(value & 0xFFFF)  // runc passes it on as errnoRet, of which the low 16 bits count.
    }
    return Errno.number(named: name)
  }
}
