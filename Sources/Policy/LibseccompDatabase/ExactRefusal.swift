import ProfileModel
import SyscallTables

extension CompareOp {
  /// The profile's operator as libseccomp's `enum scmp_compare`.
  package init(_ op: CompareOperator) {
    switch op {
    case .notEqual: self = .ne
    case .lessThan: self = .lt
    case .lessOrEqual: self = .le
    case .equal: self = .eq
    case .greaterOrEqual: self = .ge
    case .greaterThan: self = .gt
    case .maskedEqual: self = .maskedEq
    }
  }
}

extension APIArgument {
  /// One condition as `seccomp_rule_add_array` receives it (`struct scmp_arg_cmp` → `struct db_api_arg`).
  package init(_ condition: ArgCondition) {
    self =
      condition.op == .maskedEqual
      ? APIArgument(arg: condition.index, op: .maskedEq, mask: condition.value, datum: condition.valueTwo)
      : APIArgument(arg: condition.index, op: CompareOp(condition.op), mask: .max, datum: condition.value)
  }
}

extension LibseccompConflicts {
  /// libseccomp's own verdict on the entries of one syscall number: `db_rule_add` (src/db.c) replayed on the rule
  /// database the BPF compiler uses — `_db_rule_gen_32/64`, then `_db_tree_prune` (which drops a new rule an
  /// existing one covers, and existing subtrees a new rule covers with the same action) and `_db_tree_add` with its
  /// -EEXIST cases. Returns the position of the first entry libseccomp refuses and of an earlier entry with another action, or nil.
  ///
  /// The chain-level `replay` and `treeRefusal` only suspect a refusal: neither prunes as libseccomp does, so an
  /// existing rule whose conditions are a subset of a new rule's (`socketcall` with `arg1 >= 8`, then `socketpair`
  /// with the same condition, rewritten to `arg0 == 8 && arg1 >= 8`) would keep the new one, and a later
  /// `arg0 == 8` rule with another action would look refused; libseccomp dropped it as redundant
  /// (`_DB_IST_M_REDUNDANT`) and accepts the profile (v2.5.4–v2.6.1; checked against 2.5.4).
  static func exactRefusal(
    _ entries: [Entry], actions: [SeccompAction], architecture: Architecture, release: LibseccompRelease
  ) -> (failing: Int, existing: Int, endless: Bool, atLoad: Bool)? {
    var database = RuleDatabase(abi: ABI(architecture), fixedFalseMerge: !LibseccompTree.hasMergeTypo(release))
    let sharesNodes = mayShareNodes(entries, bits: architecture.bits)
    for (position, entry) in entries.enumerated() {
      do throws(DatabaseError) {
        try database.add(number: 0, action: actions[entry.rule].libseccompValue, arguments: arguments(entry))
      } catch {
        let action = actions[entry.rule]
        let existing = entries[..<position].lastIndex { actions[$0.rule] != action } ?? 0
        return (position, existing, error == .endless, false)
      }
    }
    // Every rule was added, but `seccomp_load` would loop in `_gen_bpf_chain` (`ChainArena.hasCyclicLevel`): one
    // walk of the final tree; only then is the entry since which the tree stays cyclic looked for.
    guard sharesNodes, database.arena.hasCyclicLevel(from: database.syscalls.first?.chains) else { return nil }
    let since = cyclicSince(entries, actions: actions, architecture: architecture, release: release) ?? entries.count - 1
    return (since, since == 0 ? 0 : since - 1, true, true)
  }

  /// `db_col_rule_add` indexes conditions by argument number, so they are taken in argument order.
  private static func arguments(_ entry: Entry) -> [APIArgument] {
    entry.chain.sorted { $0.index < $1.index }.map(APIArgument.init)
  }

  /// The first entry after whose add the tree has a cyclic level and keeps one to the end (a tree walk per add:
  /// only asked once the final tree is known to be cyclic, and for at most `endlessAnalysisLimit` entries).
  private static func cyclicSince(
    _ entries: [Entry], actions: [SeccompAction], architecture: Architecture, release: LibseccompRelease
  ) -> Int? {
    guard entries.count <= endlessAnalysisLimit else { return nil }
    var database = RuleDatabase(abi: ABI(architecture), fixedFalseMerge: !LibseccompTree.hasMergeTypo(release))
    var since: Int?
    for (position, entry) in entries.enumerated() {
      try? database.add(number: 0, action: actions[entry.rule].libseccompValue, arguments: arguments(entry))
      since = database.arena.hasCyclicLevel(from: database.syscalls.first?.chains) ? (since ?? position) : nil
    }
    return since
  }
}
