import ProfileModel
import SyscallTables

/// A rule as runc adds it to libseccomp: one name, its action and its condition chains (OR of ANDs).
struct AppliedRule {
  var pointer: JSONPointer
  var name: String
  /// The name's row in libseccomp's table.
  var row: Int
  var action: SeccompAction
  var chains: [ConditionChain]
  /// `chains == [[]]`: no conditions at all (most rules). The per-ABI loops test this flag instead of reading the
  /// chains (which retains them).
  var unconditional: Bool
  /// A socket or SysV IPC call (`SyscallData.isSocketOrIPC`): rewritten onto a multiplexer on some ABIs.
  var socketOrIPC: Bool

  init(
    pointer: JSONPointer, name: String, row: Int, action: SeccompAction, chains: [ConditionChain], unconditional: Bool? = nil
  ) {
    self.pointer = pointer
    self.name = name
    self.row = row
    self.action = action
    self.chains = chains
    self.unconditional = unconditional ?? (chains.count == 1 && chains[0].isEmpty)
    socketOrIPC = SyscallData.isSocketOrIPC(row: row)
  }
}

/// runc's `SetupSeccomp` (validation) and `InitSeccomp`/`matchCall` (rule translation), moby-semantics.md §5.
enum RuncStage {
  struct Output {
    var defaultAction: SeccompAction
    var architectures: [Architecture]
    /// The rows of every name of every rule runc received that libseccomp resolves (skipped rules included),
    /// for the ENOSYS stub's maximum.
    var knownRows: [Int]
    var applied: [AppliedRule]
    /// Per ABI of `architectures`, each applied rule's name resolved there (parallel to `applied`,
    /// `LibseccompStage.placements`): resolved once per target, read by every per-ABI check.
    var resolved: [[RowPlacement]]
    var traces: [RuleTrace]
    /// The positions in `applied` of the rules with conditions or on a socket/IPC call: the only ones that can
    /// place a conditional chain on some ABI (`LibseccompStage.conditionalSharedRules`).
    var conditionalRules: [Int]
    /// What `applied` is made of, for the per-ABI answers `PolicyMemo` keeps.
    var key: PolicyMemo.AppliedKey
  }

  static let knownFlags: Set<String> = [
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
  ]

  /// libseccomp accepts `SCMP_ACT_ERRNO(n)` only for n < MAX_ERRNO (4095) (`sys_chk_seccomp_action`).
  static let maxErrno = 4095

  /// - Parameter traces: record every rule's fate in `traces`; callers that only need decisions skip it.
  static func run(
    _ spec: OCISeccomp, for target: Target, traces recordTraces: Bool = true
  ) throws(Refusal) -> Output? {
    var memo = PolicyMemo()
    return try run(spec, for: target, traces: recordTraces, memo: &memo)
  }

  /// The same, with libseccomp's refusal check remembering per-syscall answers in `memo` (`PolicyMemo`).
  static func run(
    _ spec: OCISeccomp, for target: Target, traces recordTraces: Bool = true, memo: inout PolicyMemo
  ) throws(Refusal) -> Output? {
    if spec.defaultAction.isEmpty && spec.rules.isEmpty { return nil }
    // SetupSeccomp: arches, flags, actions and operators must all be known.
    var architectures: [Architecture] = []
    for token in spec.architectures {
      guard let arch = Architecture.withToken(token), arch.runcAccepts else {
        throw Refusal(.runc, "string \(token) is not a valid arch for seccomp", at: "/architectures")
      }
      architectures.append(arch)
    }
    for flag in spec.flags ?? [] where !knownFlags.contains(flag) {
      throw Refusal(.runc, "seccomp flag \(flag) is not known to runc", at: "/flags")
    }
    guard let defaultAction = SeccompAction(token: spec.defaultAction, errnoRet: spec.defaultErrnoRet) else {
      throw Refusal(.runc, "string \(spec.defaultAction) is not a valid action for seccomp", at: "/defaultAction")
    }
    for rule in spec.rules {
      guard rule.parsedAction != nil else {
        throw Refusal(.runc, "string \(rule.action) is not a valid action for seccomp", at: rule.pointer.appending("action"))
      }
      if let index = rule.unknownOperatorIndex {
        throw Refusal(
          .runc, "string \(rule.args[index].op ?? "") is not a valid operator for seccomp",
          at: rule.pointer.appending("args").appending(index).appending("op"))
      }
    }
    // InitSeccomp.
    if defaultAction == .notify {
      throw Refusal(.runc, "SCMP_ACT_NOTIFY cannot be used as default action", at: "/defaultAction")
    }
    if case .errno(let e) = defaultAction, e >= maxErrno {
      throw Refusal(.libseccomp, "default action ERRNO(\(e)): libseccomp accepts errno values below 4095 only", at: "/defaultErrnoRet")
    }
    // The filter holds each ABI once: runc adds every arch with `seccomp_arch_add`, libseccomp answers -EEXIST for
    // one already in the filter (the native arch always is), which libseccomp-golang's `AddArch` ignores ("Succeed
    // silently in this case"), and patchbpf's `findLastSyscalls` skips an arch it has seen. A repeated arch is
    // harmless, so the container starts (lint reports the repeat: duplicate-architecture).
    var filterArches = [target.architecture]
    for arch in architectures where !filterArches.contains(arch) { filterArches.append(arch) }
    if let mismatch = filterArches.first(where: { $0.endianness != target.architecture.endianness }) {
      throw Refusal(
        .libseccomp,
        "error adding architecture to seccomp filter: \(mismatch.token) is \(mismatch.endianness)-endian but the host "
          + "\(target.architecture.token) is \(target.architecture.endianness)-endian (a filter has one byte order)",
        at: "/architectures")
    }
    var applied: [AppliedRule] = []
    var traces: [RuleTrace] = []
    var usesNotify = false
    var knownRows: [Int] = []
    let debugSetcontextLanding: Int? =
      SyscallTable.forArchitecture(target.architecture).resolve("sys_debug_setcontext").exists
      ? nil : SyscallData.row(of: "switch_endian")
    // Compared by row (the name's row in the tables), not by string, for every name of every rule.
    let debugSetcontextRow = debugSetcontextLanding == nil ? nil : SyscallData.row(of: "sys_debug_setcontext")
    // Per name below; what depends only on the rule or the release is worked out once (`Rule`'s prepared facts).
    let everyTableNameKnown = target.libseccomp.unknownNames.isEmpty
    knownRows.reserveCapacity(spec.rules.reduce(0) { $0 + $1.rows.count })
    applied.reserveCapacity(knownRows.capacity)
    for rule in spec.rules {
      let action = rule.parsedAction ?? defaultAction
      let chains = rule.chains
      let sameAsDefault = action == defaultAction
      let notify = action == .notify
      let errnoTooLarge: Int? = if case .errno(let e) = action, e >= maxErrno { e } else { nil }
      // By position: a name's string is touched only where a check or the result needs it (the prepared facts
      // say whether the rule has an empty name or `write` at all).
      for position in rule.names.indices {
        let row = rule.rows.indices.contains(position) ? rule.rows[position] : nil
        let known = row != nil && (everyTableNameKnown || target.libseccomp.knows(rule.names[position], row: row))
        if known, let row { knownRows.append(row) }
        if rule.hasEmptyName && rule.names[position].isEmpty {
          throw Refusal(.runc, "empty string is not a valid syscall", at: rule.pointer.appending("names"))
        }
        if notify && rule.namesWrite && rule.names[position] == "write" {
          throw Refusal(.runc, "SCMP_ACT_NOTIFY cannot be used for the write syscall", at: rule.pointer.appending("action"))
        }
        let skip: Skip? = sameAsDefault ? .sameActionAsDefault : (known ? nil : .unknownName)
        if skip == nil {
          if let index = rule.argumentIndexAbove5 {
            throw Refusal(
              .runc, "error creating seccomp syscall condition for syscall \(rule.names[position]): syscalls only have up to 6 arguments (\(index) given)",
              at: rule.pointer.appending("args"))
          }
          if let e = errnoTooLarge {
            throw Refusal(
              .libseccomp, "rule for \(rule.names[position]): ERRNO(\(e)): libseccomp accepts errno values below 4095 only",
              at: rule.pointer.appending("errnoRet"))
          }
          usesNotify = usesNotify || notify
          if var row {
            var name = rule.names[position]
            // runc resolves names for the host (`GetSyscallFromName`); where `sys_debug_setcontext` is absent
            // there, its pseudo number -10191 is shared with `switch_endian`, and libseccomp translating it for
            // the other ABIs finds `switch_endian` first: the rule lands on switch_endian (checked with 2.5.4's
            // `export_pfc` on ppc64le; include/seccomp-syscalls.h keeps the collision in 2.6.0 and 2.6.1).
            if let debugSetcontextRow, row == debugSetcontextRow, let landing = debugSetcontextLanding {
              (name, row) = ("switch_endian", landing)
            }
            applied.append(
              AppliedRule(pointer: rule.pointer, name: name, row: row, action: action, chains: chains, unconditional: rule.unconditional))
          }
        }
        if recordTraces {
          let fate = skip.map { RuleFate.skippedByRunc($0.reason(defaultAction: defaultAction, release: target.libseccomp)) }
          traces.append(
            RuleTrace(
              pointer: rule.pointer, name: rule.names[position], action: action, conditions: chains, comment: rule.comment,
              fate: fate ?? .applied))
        }
      }
    }
    if usesNotify && spec.listenerPath.isEmpty {
      throw Refusal(.runc, "seccomp listenerPath is not set (rules use SCMP_ACT_NOTIFY)", at: "/listenerPath")
    }
    let key = PolicyMemo.AppliedKey(
      rules: spec.rules, defaultAction: defaultAction, release: target.libseccomp, debugSetcontextLanding: debugSetcontextLanding)
    let resolved = filterArches.map { LibseccompStage.placements(applied, on: $0, release: target.libseccomp) }
    if let refusal = LibseccompConflicts.firstRefusal(
      applied, resolved: resolved, architectures: filterArches, release: target.libseccomp, key: key, memo: &memo)
    {
      throw refusal
    }
    // Class 4(d): filters too long for the kernel, or for libseccomp's 16-bit instruction count.
    if let refusal = FilterSize.refusal(applied, architectures: filterArches, release: target.libseccomp) {
      throw refusal
    }
    return Output(
      defaultAction: defaultAction, architectures: filterArches, knownRows: knownRows,
      applied: applied, resolved: resolved, traces: traces,
      conditionalRules: applied.indices.filter { !applied[$0].unconditional || applied[$0].socketOrIPC }, key: key)
  }

  /// Why runc leaves a rule's name out of the filter.
  enum Skip {
    case sameActionAsDefault, unknownName

    func reason(defaultAction: SeccompAction, release: LibseccompRelease) -> String {
      switch self {
      case .sameActionAsDefault: "same action as the default action \(defaultAction), so runc drops the rule"
      case .unknownName: "name unknown to \(release), so runc ignores it"
      }
    }
  }

  /// runc `matchCall`: conditions AND together, unless an argument index repeats; then every condition becomes
  /// a rule of its own (OR), conditions on other indexes included.
  static func conditionChains(_ args: [SyscallArg]) -> [ConditionChain] {
    let conditions = args.map { arg in
      ArgCondition(
        index: Int(clamping: arg.index ?? 0), op: CompareOperator(rawValue: arg.op ?? "") ?? .equal,
        value: arg.value ?? 0, valueTwo: arg.valueTwo ?? 0)
    }
    let indexes = conditions.map(\.index)
    if Set(indexes).count == indexes.count { return [conditions] }
    return conditions.map { [$0] }
  }
}
