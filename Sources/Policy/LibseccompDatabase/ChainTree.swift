/// libseccomp's argument-comparison tree for one syscall (`struct db_arg_chain_tree`, src/db.c), kept in an arena:
/// nodes are shared between parents and levels and counted by reference exactly as libseccomp counts them,
/// because the number of live nodes sets a syscall's priority and so the order of the generated program.
package struct ChainNode: Equatable {
  package var arg: Int = 0
  /// The high 32-bit word of a 64-bit argument (`arg_h_flg`).
  package var high = false
  package var offset: Int32 = 0
  package var op: CompareOp = .eq
  /// The operator the rule was written with (`op_orig`), used for ordering nodes on a level.
  package var opOriginal: CompareOp = .eq
  package var mask: UInt32 = 0
  package var datum: UInt32 = 0
  package var datumFull: UInt64 = 0
  package var trueActionSet = false
  package var falseActionSet = false
  package var trueAction: UInt32 = 0
  package var falseAction: UInt32 = 0
  package var levelPrevious: Int?
  package var levelNext: Int?
  package var nextTrue: Int?
  package var nextFalse: Int?
  package var references = 0
  /// The node's position in the chain `_db_rule_gen_64/32` made it in (0 for the first comparison's first word).
  package var depth = 0
  /// Whether the node is counted in its arena's `NodeIndex`.
  package var indexed = false
}

/// libseccomp's `enum scmp_compare` values.
package enum CompareOp: Int, Hashable {
  case ne = 1, lt, le, eq, ge, gt, maskedEq
}

/// Errors libseccomp's database answers with (negative errno in C).
package enum DatabaseError: Error, Equatable {
  case exists  // -EEXIST
  case fault  // -EFAULT
  /// libseccomp never returns: a level's links form a cycle and its walk goes round forever (seen with the real
  /// 2.5.4: `kill` rules `arg0 != 16 && arg1 < 0x100000008 && arg2 == 61`, `arg0 == 16 && arg1 >= 8 &&
  /// arg2 & 0xff == 61`, then `arg0 != 16 && arg2 == 61` on x86_64 hang in `_db_level_clean`).
  case endless
}

/// The node arena and the tree operations of src/db.c (`_db_node_put`, `_db_tree_prune`, `_db_tree_add`, …),
/// written over indexes. Counts returned are freed nodes, as libseccomp returns them.
package struct ChainArena {
  package var nodes: [ChainNode] = []
  /// Whether `_db_tree_add` writes the false action on a 64-bit false-branch conflict (libseccomp 2.6.1), rather
  /// than 2.5.4's true action.
  package var fixedFalseMerge = false
  /// Set when a walk exceeded `stepBudget` (a cycle: libseccomp itself would loop forever there).
  package var endless = false
  /// Set once a rule's tree shares a node between two parents (`_db_rule_gen_64` after a 64-bit `!=` or range
  /// comparison that is not the rule's last). Only then can `_db_tree_add` link one node into two levels, which is
  /// how libseccomp builds the cyclic levels its walks never leave; in a tree without shared nodes every level is a
  /// plain list and every walk ends. `_db_tree_prune` uses this to skip an action check whose answer it does not need.
  package var mayHoldCycles = false
  /// Walks everything libseccomp walks: every `_db_tree_act_check`, needed or not, and no `NodeIndex` shortcut
  /// (the tests compare both ways).
  package var exhaustiveWalks = false
  /// The nodes of the database's trees by what `_db_chain_eq` compares, and their depth.
  package var index = NodeIndex()
  package private(set) var steps = 0
  /// Far more loop steps than any acyclic tree of this arena's size needs.
  private var stepBudget: Int { 1_000_000 + nodes.count * nodes.count * 64 }

  /// Counts one step of a walk; false (and `endless` set) once the budget is spent.
  mutating func step() -> Bool {
    steps += 1
    if steps > stepBudget { endless = true }
    return !endless
  }

  package mutating func make(_ node: ChainNode) -> Int {
    nodes.append(node)
    return nodes.count - 1
  }

  @discardableResult
  package mutating func get(_ node: Int?) -> Int? {
    if let node { nodes[node].references += 1 }
    return node
  }

  /// `__db_chain_arg_priority`
  private func argPriority(_ n: Int) -> Int { (nodes[n].arg << 1) + (nodes[n].high ? 1 : 0) }

  /// `__db_chain_op_priority`
  private static func opPriority(_ op: CompareOp) -> Int {
    switch op {
    case .maskedEq, .eq, .ne: 3
    case .le, .lt: 2
    case .ge, .gt: 1
    }
  }

  /// `_db_chain_lt`
  package func lessThan(_ a: Int, _ b: Int) -> Bool {
    let (aa, ba) = (argPriority(a), argPriority(b))
    if aa != ba { return aa < ba }
    let (ao, bo) = (Self.opPriority(nodes[a].opOriginal), Self.opPriority(nodes[b].opOriginal))
    if ao != bo { return ao < bo }
    switch nodes[a].opOriginal {
    case .le, .lt: return nodes[a].datum > nodes[b].datum
    default: return nodes[a].datum < nodes[b].datum
    }
  }

  /// `_db_chain_eq`: same argument word, operator, datum and mask.
  package func equal(_ a: Int, _ b: Int) -> Bool {
    argPriority(a) == argPriority(b) && nodes[a].op == nodes[b].op && nodes[a].datum == nodes[b].datum
      && nodes[a].mask == nodes[b].mask
  }

  package func isLeaf(_ n: Int) -> Bool { nodes[n].nextTrue == nil && nodes[n].nextFalse == nil }
  package func isZombie(_ n: Int) -> Bool { isLeaf(n) && !nodes[n].trueActionSet && !nodes[n].falseActionSet }

  /// The first node of `n`'s level, for readers of a finished database (at most as many steps as there are
  /// nodes; a database whose rule add went endless is never read).
  package func levelStart(_ n: Int) -> Int {
    var n = n
    var remaining = nodes.count
    while let p = nodes[n].levelPrevious, remaining > 0 {
      n = p
      remaining -= 1
    }
    return n
  }

  /// `while (n->lvl_prv) n = n->lvl_prv;`, the walk every level operation of src/db.c starts with
  /// (`_db_level_clean`, `_db_tree_prune`, `_db_tree_remove`). When a merge has linked a level's previous-links
  /// into a cycle, libseccomp loops there forever: seen with the real 2.5.4 on `kill` rules `arg0 != 32 &&
  /// arg1 == 1` then `arg0 != 32 && arg2 == 2` on x86_64, which hang in `_db_level_clean` when `db_rule_add`
  /// drops the new tree (a `!=` shares its next condition between its two word nodes, and `_db_tree_add` links
  /// that shared node into two levels). An acyclic level has fewer nodes than the arena, so a walk that outlasts
  /// the arena's size is that cycle: it sets `endless`.
  mutating func walkToLevelStart(_ n: Int) -> Int {
    var n = n
    var remaining = nodes.count
    while let p = nodes[n].levelPrevious {
      if remaining == 0 {
        endless = true
        return n
      }
      n = p
      remaining -= 1
    }
    return n
  }

  /// `_db_level_clean`
  package mutating func levelClean(_ node: Int) -> Int {
    let start = walkToLevelStart(node)
    if endless { return 0 }
    var n: Int? = start
    while let current = n, step() {
      let links = (nodes[current].levelPrevious != nil ? 1 : 0) + (nodes[current].levelNext != nil ? 1 : 0)
      if nodes[current].references > links { return 0 }
      n = nodes[current].levelNext
    }
    var count = 0
    n = start
    var guardSteps = 0
    while n != nil, guardSteps < 1_000_000, step() {
      count += put(&n)
      guardSteps += 1
    }
    return count
  }

  /// `_db_tree_put`
  package mutating func treePut(_ tree: inout Int?) -> Int {
    var count = put(&tree)
    if let t = tree { count += levelClean(t) }
    return count
  }

  /// `_db_node_put`: drop one reference; the last one frees the node, splits its level and drops its subtrees.
  @discardableResult
  package mutating func put(_ node: inout Int?) -> Int {
    guard let n = node else { return 0 }
    nodes[n].references -= 1
    guard nodes[n].references == 0 else { return 0 }
    if nodes[n].indexed { index.remove(nodes[n]); nodes[n].indexed = false }
    var count = 0
    var previous = nodes[n].levelPrevious
    var next = nodes[n].levelNext
    var nextTrue = nodes[n].nextTrue
    var nextFalse = nodes[n].nextFalse
    if let p = previous { nodes[p].levelNext = nil }
    if let x = next { nodes[x].levelPrevious = nil }
    if previous != nil { count += put(&previous) }
    if next != nil { count += put(&next) }
    if let p = previous { nodes[p].levelNext = get(next) }
    if let x = next { nodes[x].levelPrevious = get(previous) }
    node = previous ?? next
    count += treePut(&nextTrue)
    count += treePut(&nextFalse)
    nodes[n].levelPrevious = nil
    nodes[n].levelNext = nil
    nodes[n].nextTrue = nil
    nodes[n].nextFalse = nil
    return count + 1
  }

  /// `_db_tree_remove`: removes `target` (and what hangs below it) from the tree, dropping zombie nodes met on
  /// the way.
  package mutating func remove(_ tree: inout Int?, _ target: Int) -> Int {
    guard let t = tree else { return 0 }
    var count = 0
    var c: Int? = walkToLevelStart(t)
    while let current = c, step() {
      var doomedHere = current == target
      if !doomedHere {
        var sub = nodes[current].nextTrue
        count += remove(&sub, target)
        nodes[current].nextTrue = sub
        sub = nodes[current].nextFalse
        count += remove(&sub, target)
        nodes[current].nextFalse = sub
        doomedHere = isZombie(current)
      }
      if doomedHere {
        if current == tree {
          tree = nodes[current].levelPrevious ?? nodes[current].levelNext
        }
        if let p = nodes[current].levelPrevious { nodes[p].levelNext = nodes[current].levelNext }
        if let x = nodes[current].levelNext { nodes[x].levelPrevious = nodes[current].levelPrevious }
        nodes[current].levelPrevious = nil
        nodes[current].levelNext = nil
        var doomed: Int? = current
        count += put(&doomed)
        return count
      }
      c = nodes[current].levelNext
      if count != 0 { break }
    }
    return count
  }

  /// `_db_tree_act_check`: every action in the tree equals `action`.
  package mutating func actionsAll(_ tree: Int?, equal action: UInt32) -> Bool {
    guard let t = tree else { return true }
    var c: Int? = walkToLevelStart(t)
    while let n = c, step() {
      if nodes[n].trueActionSet && nodes[n].trueAction != action { return false }
      if nodes[n].falseActionSet && nodes[n].falseAction != action { return false }
      if !actionsAll(nodes[n].nextTrue, equal: action) || !actionsAll(nodes[n].nextFalse, equal: action) { return false }
      c = nodes[n].levelNext
    }
    return true
  }
}
