extension LibseccompConflicts {
  /// Whether libseccomp's database may link one node into two levels while adding these entries, which is how
  /// its merge builds a cyclic level and never returns (`DatabaseError.endless`).
  ///
  /// `_db_rule_gen_64` (src/db.c, v2.5.4–v2.6.1) gives a condition's next node two parents when the condition is
  /// `!=` (both word nodes' false branches) or an ordering (`<`, `<=`, `>`, `>=`: the high-word and low-word
  /// nodes' shared branch). `_db_tree_add` inserts a new tree's node into the level it merges into, once per
  /// parent, overwriting the first insertion's level links. `_db_rule_gen_32` gives every node one parent, and the
  /// first entry of a number merges into nothing, so only a later entry on a 64-bit ABI with such a condition
  /// before another one can do it. The check only decides whether to ask the database (`exactRefusal`); inside
  /// the database the same criterion, met by any rule, is `ChainArena.mayHoldCycles` (set by `_db_rule_gen_64`'s
  /// linking in `RuleDatabase`), which turns the prune shortcuts off.
  /// The most entries on one syscall number for which a merge that never returns is looked for when nothing else
  /// is suspected: libseccomp's own merge walks the whole tree per rule, so replaying it is quadratic in the rules on
  /// the number (10,000 `arg0 >= N && arg1 <= N` rules: minutes). The hangs seen all need two to four rules; above
  /// the limit only suspected -EEXIST refusals are replayed (a hang there goes unreported, never a false one).
  static let endlessAnalysisLimit = 64

  static func mayShareNodes(_ entries: [Entry], bits: Int) -> Bool {
    guard bits == 64, entries.count > 1 else { return false }
    return entries.dropFirst().contains { entry in
      guard entry.chain.count > 1 else { return false }
      let last = entry.chain.map(\.index).max()
      return entry.chain.contains { $0.index != last && $0.op != .equal && $0.op != .maskedEqual }
    }
  }
}
