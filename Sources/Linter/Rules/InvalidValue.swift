import Policy
import ProfileModel
import SyscallTables

/// SCL003: values Docker or runc refuse, or silently ignore.
struct InvalidValue: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL003", name: "invalid-value",
    summary: "A value has the wrong type or is not one Docker, runc or libseccomp accept.",
    rationale: """
      **What it does.** Reports wrong JSON types and out-of-range numbers (Docker fails to decode the profile), `null`
      rules, unknown actions, operators, architecture tokens and flags (runc refuses them), malformed `minKernel`,
      argument indexes above 5, errno values libseccomp refuses (4095 and up), and values that are ignored
      (`valueTwo` on operators other than `SCMP_CMP_MASKED_EQ`, `errnoRet` on actions that have no errno).

      **Why it matters.** Most of these stop the container at start with a terse runtime error; the ignored ones
      mean the profile does not say what its author thinks.

      **Example.** `{"names": ["syslog"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12345}` (moby's own test fixture:
      libseccomp refuses ERRNO(12345)).

      **Instead.** Use the exact `SCMP_ACT_*`, `SCMP_CMP_*`, `SCMP_ARCH_*` tokens, `"minKernel": "X.Y"`, errno values
      below 4095.

      **References.** [moby/profiles
      `seccomp/seccomp.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp.go); [runc
      `libcontainer/seccomp/config.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/config.go);
      [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`);
      [seccomp_rule_add(3)](https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["syslog"], "action": "SCMP_ACT_ERRNO", "errnoRet": ↓12345}]}"#),
      RuleExample(#"{"defaultAction": ↓"SCMP_ACT_DENY"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": ↓-1}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": ↓"4"}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": ↓6, "value": 0, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 1, "valueTwo": ↓2, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": [↓"SCMP_ARCH_AMD64"], "flags": [↓"SECCOMP_FILTER_FLAG_X"]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [↓null, {"names": ["read"], "action": ↓"SCMP_ACT_ALLOWED"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 0, "value": 1, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ"}]}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      switch issue.kind {
      case .typeMismatch, .nullElement: context.report(issue.message, location: issue.location)
      case .invalidUTF8: context.report(issue.message, location: issue.location, severity: .warning)
      default: continue
      }
    }
    let profile = context.profile
    if let action = profile.defaultAction, !action.isEmpty { checkAction(action, at: "/defaultAction", &context) }
    if (profile.defaultAction ?? "").isEmpty && !(profile.syscalls ?? []).isEmpty {
      context.report("missing defaultAction: runc refuses the profile ('string  is not a valid action')", at: .root)
    }
    checkErrno(profile.defaultErrnoRet, action: profile.defaultAction, at: "/defaultErrnoRet", &context)
    for (index, token) in (profile.architectures ?? []).enumerated() {
      checkArch(token, at: JSONPointer(["architectures", String(index)]), &context)
    }
    for (index, entry) in (profile.archMap ?? []).enumerated() {
      let base = JSONPointer(["archMap", String(index)])
      checkArch(entry.architecture ?? "", at: base.appending("architecture"), &context)
      for (sub, token) in (entry.subArchitectures ?? []).enumerated() {
        checkArch(token, at: base.appending("subArchitectures").appending(sub), &context)
      }
    }
    let knownFlags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]
    for (index, flag) in (profile.flags ?? []).enumerated() where !knownFlags.contains(flag) {
      let hint = Spelling.closest(to: flag, in: knownFlags).map { "; did you mean '\($0)'?" } ?? ""
      context.report("unknown flag '\(flag)': runc refuses it\(hint)", at: JSONPointer(["flags", String(index)]))
    }
    // Rules that are not objects are reported above (their decode issue); don't pile on.
    let broken = Set(context.document.issues.compactMap { issue -> Int? in
      let tokens = issue.location.pointer.tokens
      guard tokens.count == 2, GoKeyMatching.binds(tokens[0], to: "syscalls") else { return nil }
      return Int(tokens[1])
    })
    for (index, rule) in (profile.syscalls ?? []).enumerated() where !broken.contains(index) {
      checkRule(rule, at: JSONPointer(["syscalls", String(index)]), &context)
    }
  }

  private func checkRule(_ rule: SyscallRule, at base: JSONPointer, _ context: inout LintContext) {
    if let action = rule.action, !action.isEmpty {
      checkAction(action, at: base.appending("action"), &context)
    } else if context.document.issues.allSatisfy({ $0.location.pointer.description != base.appending("action").description }) {
      context.report("rule has no action: runc refuses the profile", at: base, syscalls: rule.effectiveNames)
    }
    checkErrno(rule.errnoRet, action: rule.action, at: base.appending("errnoRet"), &context)
    for (index, arg) in (rule.args ?? []).enumerated() {
      // Pointers are built only for a report (nearly every value is valid).
      let pointer = { base.appending("args").appending(index) }
      if let argIndex = arg.index, argIndex > 5 {
        context.report(
          "argument index \(argIndex): syscalls have 6 arguments (0-5); runc refuses the profile",
          at: pointer().appending("index"), syscalls: rule.effectiveNames)
      }
      let op = arg.op ?? ""
      if CompareOperator(rawValue: op) == nil {
        let hint = Spelling.closest(to: op, in: CompareOperator.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
        context.report("unknown operator '\(op)': runc refuses it\(hint)", at: arg.op == nil ? pointer() : pointer().appending("op"))
      } else if op != CompareOperator.maskedEqual.rawValue, let two = arg.valueTwo, two != 0 {
        context.report(
          "valueTwo \(two) is ignored by \(op) (only SCMP_CMP_MASKED_EQ uses it)", at: pointer().appending("valueTwo"),
          syscalls: rule.effectiveNames, fix: "remove valueTwo", severity: .warning)
      }
    }
    checkMinKernel(rule.includes, key: "includes", at: base, &context)
    checkMinKernel(rule.excludes, key: "excludes", at: base, &context)
  }

  /// An `includes`/`excludes` minKernel Docker cannot parse.
  private func checkMinKernel(_ filter: RuleFilter?, key: String, at base: JSONPointer, _ context: inout LintContext) {
    guard let text = filter?.minKernel, case .failure(let error) = MobyKernelVersion.parse(text) else { return }
    context.report(
      "invalid minKernel \"\(text)\": \(error.reason); Docker refuses the profile",
      at: base.appending(key).appending("minKernel"), fix: "write \"X.Y\", e.g. \"4.8\"")
  }

  private func checkAction(_ action: String, at pointer: @autoclosure () -> JSONPointer, _ context: inout LintContext) {
    guard SeccompAction(token: action, errnoRet: nil) == nil else { return }
    let hint = Spelling.closest(to: action, in: SeccompAction.tokens).map { "; did you mean '\($0)'?" } ?? ""
    context.report("unknown action '\(action)': runc refuses it\(hint)", at: pointer())
  }

  private func checkErrno(
    _ errno: UInt64?, action: String?, at pointer: @autoclosure () -> JSONPointer, _ context: inout LintContext
  ) {
    guard let errno else { return }
    guard action == "SCMP_ACT_ERRNO" || action == "SCMP_ACT_TRACE" else {
      context.report(
        "errno \(errno) is ignored: \(action ?? "no action") has no errno", at: pointer(), severity: .warning)
      return
    }
    let effective = errno & 0xFFFF
    if effective >= 4095 {
      let truncated = effective == errno ? "" : " (\(effective) after runc keeps the low 16 bits)"
      context.report(
        "errno \(errno)\(truncated): libseccomp accepts errno values below 4095 only, so the container does not start",
        at: pointer())
    } else if errno > 0xFFFF {
      context.report("errno \(errno) is truncated to \(effective) by runc (low 16 bits)", at: pointer(), severity: .warning)
    }
  }

  private func checkArch(_ token: String, at pointer: @autoclosure () -> JSONPointer, _ context: inout LintContext) {
    guard Architecture.withToken(token) == nil else { return }
    var hint = ""
    if let arch = Architecture.parse(token) {
      hint = "; did you mean '\(arch.token)'?"
    } else if let close = Spelling.closest(to: token, in: Architecture.all.map(\.token)) {
      hint = "; did you mean '\(close)'?"
    }
    context.report("unknown architecture '\(token)': runc refuses it\(hint)", at: pointer())
  }
}
