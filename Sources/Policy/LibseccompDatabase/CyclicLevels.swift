extension ChainArena {
  /// Whether a level reachable from `root` has links that form a cycle. libseccomp's BPF generator walks to the
  /// start of every level of a syscall's tree and along it (`_gen_bpf_chain`, src/gen_bpf.c v2.5.4–v2.6.1:
  /// `while (c_iter->lvl_prv != NULL)`, then `do … while (c_iter->lvl_nxt)`), so on such a level
  /// `seccomp_load` (and `seccomp_export_bpf`) never return although every `seccomp_rule_add` did: runc hangs
  /// loading the filter. Seen with the real 2.5.4 on three `kill` rules (`arg0 >= 0x100000020 && arg2 >= 2`,
  /// `arg0 != 1 && arg1 < 32 && arg2 < 32`, `arg0 != 32 && arg1 < 32 && arg2 & 0xffffffff == 32` on x86_64).
  /// An acyclic level has fewer nodes than the arena, so a walk that outlasts the arena's size is a cycle.
  package func hasCyclicLevel(from root: Int?) -> Bool {
    guard let root else { return false }
    var visitedStarts = Set<Int>()
    var pending = [root]
    while let node = pending.popLast() {
      var start = node
      var remaining = nodes.count
      while let previous = nodes[start].levelPrevious {
        if remaining == 0 { return true }
        start = previous
        remaining -= 1
      }
      guard visitedStarts.insert(start).inserted else { continue }
      var current: Int? = start
      remaining = nodes.count
      while let n = current {
        if remaining == 0 { return true }
        remaining -= 1
        if let t = nodes[n].nextTrue { pending.append(t) }
        if let f = nodes[n].nextFalse { pending.append(f) }
        current = nodes[n].levelNext
      }
    }
    return false
  }
}
