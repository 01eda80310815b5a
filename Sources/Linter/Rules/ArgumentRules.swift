import Policy
import ProfileModel
import SyscallTables

/// SCL303: repeated argument indexes are ORed by runc.
struct ArgOrSemantics: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL303", name: "arg-or-semantics",
    summary: "A rule tests one argument more than once, so runc ORs its conditions instead of ANDing them.",
    rationale: """
      **What it does.** Reports rules whose `args` repeat an index (other than a plain list of `SCMP_CMP_EQ`
      values for one argument, which is the intended "one of" allowlist) and says what the rule really allows.

      **Why it matters.** runc adds every condition as its own rule when an index repeats, so the conditions are
      ORed — including those on other indexes, which lose their AND. `arg0 != 38, arg0 != 40` allows everything.
      moby/profiles' AF_ALG attempt (dec315c) failed this way.

      **Example.** `"args": [{"index": 0, "value": 38, "op": "SCMP_CMP_NE"}, {"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]`

      **Instead.** One rule per allowed range (`arg0 < 38`, `arg0 == 39`, `arg0 > 40`, as moby does), or only
      equalities on the repeated index.

      **References.** [runc
      `libcontainer/seccomp/seccomp_linux.go`](https://github.com/opencontainers/runc/blob/main/libcontainer/seccomp/seccomp_linux.go)
      (`InitSeccomp`, `matchCall`);
      [seccomp_rule_add(3)](https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": ↓[{"index": 0, "value": 38, "op": "SCMP_CMP_NE"}, {"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": ↓[{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for (index, rule) in (context.profile.syscalls ?? []).enumerated() {
      let args = rule.args ?? []
      let indexes = args.compactMap(\.index)
      guard Set(indexes).count < indexes.count else { continue }
      // Counted in one pass: a filter per index made a rule of 20,000 args cost 4·10⁸ comparisons.
      var counts: [UInt64: Int] = [:]
      for i in indexes { counts[i, default: 0] += 1 }
      let repeated = Set(counts.filter { $0.value > 1 }.keys)
      let onlyEqualities = Set(indexes).count == 1 && args.allSatisfy { $0.op == CompareOperator.equal.rawValue }
      guard !onlyEqualities else { continue }
      let conditions = args.map { arg in
        ArgCondition(
          index: Int(clamping: arg.index ?? 0), op: CompareOperator(rawValue: arg.op ?? "") ?? .equal,
          value: arg.value ?? 0, valueTwo: arg.valueTwo ?? 0)
      }
      let repeatedIndexes = Set(repeated.compactMap { Int(exactly: $0) })
      var notEqualValues: [Int: Set<UInt64>] = [:]
      for condition in conditions where condition.op == .notEqual && repeatedIndexes.contains(condition.index) {
        notEqualValues[condition.index, default: []].insert(condition.value)
      }
      let alwaysTrue = notEqualValues.values.contains { $0.count > 1 }
      var message = "arg\(repeated.sorted().map(String.init).joined(separator: ", arg")) is tested more than once, so runc adds each condition as its own rule: the call is allowed when "
        + conditions.map(\.description).joined(separator: " OR ")
      if alwaysTrue { message += " — that is, always" }
      if Set(indexes).count > 1 { message += "; conditions on other arguments no longer hold together" }
      context.report(
        message, at: JSONPointer(["syscalls", String(index), "args"]), syscalls: rule.effectiveNames,
        fix: "split into one rule per allowed range, or use only SCMP_CMP_EQ on the repeated argument")
    }
  }
}

/// SCL304: 32-bit int arguments compared as 64 bits.
struct IntArgHighBits: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL304", name: "int-arg-high-bits",
    summary: "An argument filter on a 32-bit int can be bypassed through the upper 32 bits of the register.",
    rationale: """
      **What it does.** Reports allow rules that exclude values of an `int` argument with `SCMP_CMP_NE`, `GT` or
      `GE` ("everything but X"), and deny rules that match it with `SCMP_CMP_EQ`, when the profile covers 64-bit
      ABIs; and comparison values above 32 bits, which 32-bit ABIs (x86, arm, x32, mips n32, …) truncate.

      **Why it matters.** seccomp sees the full 64-bit register while the kernel uses only the low 32 bits of an
      `int`: `socket(0x1_0000_0028, …)` passes moby's `arg0 > 40` and creates an AF_VSOCK (40) socket. Equality
      allowlists (`SCMP_CMP_EQ`) and `LT`/`LE` allows are not affected.

      **Example.** `{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}`

      **Instead.** Allow the wanted values with `SCMP_CMP_EQ`, or add `SCMP_CMP_MASKED_EQ` with mask
      `0xffffffff00000000` and value 0 to the rule.

      **References.** [seccomp(2)](https://man7.org/linux/man-pages/man2/seccomp.2.html) (Caveats);
      [seccomp_rule_add(3)](https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [↓{"index": 0, "value": 40, "op": "SCMP_CMP_GT"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_AARCH64"], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97, "args": [↓{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_LT"}]}, {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"], "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [↓{"index": 0, "value": 4294967296, "op": "SCMP_CMP_EQ"}]}]}"#),
    ])

  /// Arguments the kernel declares as 32-bit (`int`/`unsigned int`), for the syscalls profiles filter on.
  static let intArguments: [String: [Int]] = [  // arrays: a Set<Int> would cost a run-time conformance scan on first use
    "socket": [0, 1, 2], "socketpair": [0, 1, 2], "personality": [0], "prctl": [0], "fcntl": [1], "fcntl64": [1],
    "ioctl": [1], "setsockopt": [0, 1, 2], "getsockopt": [0, 1, 2], "kill": [1], "tkill": [1], "tgkill": [2],
    "open": [1], "openat": [2], "clone3": [], "unshare": [0], "setns": [1], "flock": [1], "dup3": [2],
    "accept4": [3], "mknod": [1], "mknodat": [2], "bpf": [0], "seccomp": [0], "keyctl": [0], "sched_setscheduler": [1],
  ]

  func check(_ context: inout LintContext) {
    let arches = context.arches.all
    let has64 = arches.isEmpty || arches.contains { $0.bits == 64 }
    let has32 = arches.contains { $0.bits == 32 }
    let rules = context.profile.syscalls ?? []
    // Most rules have no arguments: passed over before anything is worked out about them.
    for ruleIndex in rules.indices where !(rules[ruleIndex].args ?? []).isEmpty {
      let rule = rules[ruleIndex]
      let permits = SeccompAction(token: rule.action ?? "", errnoRet: rule.errnoRet)?.permits
      for (argIndex, arg) in (rule.args ?? []).enumerated() {
        let pointer = JSONPointer(["syscalls", String(ruleIndex), "args", String(argIndex)])
        let index = Int(clamping: arg.index ?? 0)
        let value = arg.value ?? 0
        if has32 && value > 0xFFFF_FFFF && arg.op != CompareOperator.maskedEqual.rawValue {
          context.report(
            "value \(ArgCondition.hex(value)) does not fit in 32 bits: 32-bit ABIs (\(arches.filter { $0.bits == 32 }.map(\.token).joined(separator: ", "))) compare only its low half, \(ArgCondition.hex(value & 0xFFFF_FFFF))",
            at: pointer, syscalls: rule.effectiveNames, arches: arches.filter { $0.bits == 32 }.map(\.token))
        }
        guard has64, let permits else { continue }
        let ints = rule.effectiveNames.filter { Self.intArguments[$0]?.contains(index) == true }
        guard !ints.isEmpty, value <= 0xFFFF_FFFF else { continue }
        let bypass = ArgCondition.hex(value | 0x1_0000_0000)
        let op = CompareOperator(rawValue: arg.op ?? "")
        let where64 = arches.isEmpty ? "on 64-bit hosts" : "on " + arches.filter { $0.bits == 64 }.map(\.token).joined(separator: ", ")
        if permits, op == .notEqual || op == .greaterThan || op == .greaterOrEqual {
          context.report(
            "\(ints.joined(separator: ", ")) arg\(index) is a 32-bit int but the filter compares 64 bits \(where64): \(bypass) passes this condition and the kernel sees \(value)",
            at: pointer, syscalls: ints, condition: ArgCondition(index: index, op: op ?? .notEqual, value: value).description,
            fix: "allow the wanted values with SCMP_CMP_EQ instead")
        } else if !permits, op == .equal {
          context.report(
            "\(ints.joined(separator: ", ")) arg\(index) is a 32-bit int but the filter compares 64 bits \(where64): \(bypass) escapes this deny and the kernel sees \(value)",
            at: pointer, syscalls: ints, condition: ArgCondition(index: index, op: .equal, value: value).description,
            fix: "deny with SCMP_CMP_MASKED_EQ, value (the mask) 0xffffffff and valueTwo \(value)")
        }
      }
    }
  }
}
