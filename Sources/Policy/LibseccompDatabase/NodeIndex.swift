/// The nodes of a rule database's trees counted by what `_db_chain_eq` compares (argument word, operator, datum,
/// mask) and by depth, so that `_db_tree_prune` can tell without walking that a part of the tree holds nothing the
/// new rule could match.
///
/// libseccomp's prune walks every node of a level and, below each node that sorts before the new one, the whole
/// subtree, looking for a node equal to one of the new rule's: N rules on one argument cost N walks of N nodes (two
/// rules of 10,000 `!=` conditions: seconds per rule set, for every target of a symbolic diff). A walk that meets no
/// equal node changes nothing but the match flag, which follows from the flags alone (`pruneWithoutMatch`).
package struct NodeIndex {
  struct Key: Hashable {
    var arg: Int
    var high: Bool
    var op: CompareOp
    var datum: UInt32
    var mask: UInt32

    init(_ node: ChainNode) { (arg, high, op, datum, mask) = (node.arg, node.high, node.op, node.datum, node.mask) }
  }

  /// Per key, how many indexed nodes sit at each depth.
  private var counts: [Key: [Int]] = [:]
  /// Cleared when a rule failed half-way (its nodes' fate is not tracked): the index is no longer consulted.
  package private(set) var usable = true

  package init() {}

  mutating func insert(_ node: ChainNode) {
    var row = counts[Key(node), default: []]
    if row.count <= node.depth { row.append(contentsOf: repeatElement(0, count: node.depth + 1 - row.count)) }
    row[node.depth] += 1
    counts[Key(node)] = row
  }

  mutating func remove(_ node: ChainNode) {
    guard var row = counts[Key(node)], row.indices.contains(node.depth) else { usable = false; return }
    row[node.depth] -= 1
    counts[Key(node)] = row
  }

  mutating func abandon() { usable = false }

  /// Whether some indexed node equal to `node` sits at `depth` or deeper.
  func holds(_ node: ChainNode, atOrBelow depth: Int) -> Bool {
    guard let row = counts[Key(node)], depth < row.count else { return false }
    return row[depth...].contains { $0 > 0 }
  }
}

extension ChainArena {
  /// Counts the nodes made since `first` that the database kept (the rest were freed when the rule was merged).
  package mutating func indexNodes(from first: Int) {
    for n in first..<nodes.count where nodes[n].references > 0 && !nodes[n].indexed {
      nodes[n].indexed = true
      index.insert(nodes[n])
    }
  }

  /// What `prune(existing, new)` leaves of `flags` when it cannot meet a node equal to one of the new tree's, or nil
  /// when it might (or when that cannot be told: shared nodes, a failed rule, exhaustive walks).
  ///
  /// Without shared nodes each node sits at the depth of its chain position (`_db_tree_add` merges level by level),
  /// so the part `prune` walks, the level of `existing` and everything below it, holds nodes at that level's depth
  /// or deeper only. If none of them equals a node of the new tree, the walk removes nothing and its node
  /// references go up and down in pairs; it ends either at a bail-out (flags unchanged) or at the end of the level
  /// (the match flag cleared). Without the match flag both are the same; without a prefix flag there is no
  /// bail-out. Otherwise the walk decides, and runs.
  func pruneWithoutMatch(_ existing: Int, _ new: Int, _ flags: MergeFlags) -> MergeFlags? {
    guard !mayHoldCycles, !exhaustiveWalks, index.usable, nodes[existing].indexed else { return nil }
    let bails = !flags.isDisjoint(with: [.existingPrefix, .newPrefix])
    if flags.contains(.match) && bails { return nil }
    let depth = nodes[existing].depth
    // The new tree is one chain (without shared nodes each node has at most one child).
    var m: Int? = new
    var remaining = nodes.count
    while let current = m, remaining > 0 {
      if index.holds(nodes[current], atOrBelow: depth) { return nil }
      if nodes[current].nextTrue != nil && nodes[current].nextFalse != nil { return nil }
      m = nodes[current].nextTrue ?? nodes[current].nextFalse
      remaining -= 1
    }
    var result = flags
    result.remove(.match)
    return result
  }
}
