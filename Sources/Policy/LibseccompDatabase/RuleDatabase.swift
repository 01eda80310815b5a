/// One argument comparison as libseccomp's API receives it (`struct db_api_arg`): for MASKED_EQ `mask` is the
/// rule's value and `datum` its valueTwo; for the others the mask is all ones.
package struct APIArgument: Hashable {
  package var arg: Int
  package var op: CompareOp
  package var mask: UInt64
  package var datum: UInt64

  package init(arg: Int, op: CompareOp, mask: UInt64, datum: UInt64) {
    (self.arg, self.op, self.mask, self.datum) = (arg, op, mask, datum)
  }
}

/// One syscall's entry in an ABI's database (`struct db_sys_list`).
package struct SyscallEntryDB: Equatable {
  /// The number as libseccomp stores it (`unsigned int`; pseudo numbers are large).
  package var number: UInt32
  package var priority: UInt32
  package var chains: Int?
  package var nodeCount: Int
  package var action: UInt32
  package var valid: Bool
}

/// One ABI's rule database (`struct db_filter`, src/db.c): syscall entries sorted by unsigned number, each with
/// its merged argument tree.
package struct RuleDatabase {
  package let abi: ABI
  package var arena = ChainArena()
  package var syscalls: [SyscallEntryDB] = []

  package static let chainPriorityMask: UInt32 = 0xFFFF

  package init(abi: ABI, fixedFalseMerge: Bool = false) {
    self.abi = abi
    arena.fixedFalseMerge = fixedFalseMerge
  }

  /// `db_rule_add` (with `_db_rule_gen_64`/`_db_rule_gen_32`): adds one rule on `number` with conditions in
  /// argument order.
  package mutating func add(number: Int32, action: UInt32, arguments: [APIArgument]) throws(DatabaseError) {
    let first = arena.nodes.count
    do {
      try insert(number: number, action: action, arguments: arguments)
    } catch {
      arena.index.abandon()
      throw error
    }
    if arena.endless { throw .endless }
    arena.indexNodes(from: first)
  }

  private mutating func insert(number: Int32, action: UInt32, arguments: [APIArgument]) throws(DatabaseError) {
    let generated = abi.is64Bit ? generate64(action: action, arguments: arguments) : generate32(action: action, arguments: arguments)
    let key = UInt32(bitPattern: number)
    var position = 0
    while position < syscalls.count, syscalls[position].number < key { position += 1 }
    let newPriority = Self.chainPriorityMask &- UInt32(truncatingIfNeeded: generated.count)
    var pruned = false
    while true {
      if position == syscalls.count || syscalls[position].number != key {
        syscalls.insert(
          SyscallEntryDB(
            number: key, priority: newPriority, chains: generated.root, nodeCount: generated.count,
            action: generated.root == nil ? action : 0, valid: true), at: position)
        return
      }
      var entry = syscalls[position]
      if entry.chains == nil {
        if pruned || !entry.valid {
          entry.chains = generated.root
          entry.action = generated.root == nil ? action : 0
          entry.nodeCount = generated.count
          if entry.valid { entry.priority = newPriority }
          entry.valid = true
          syscalls[position] = entry
          updatePriority(position)
          return
        }
        var doomed = generated.root
        _ = arena.treePut(&doomed)
        updatePriority(position)
        return
      }
      if generated.root == nil {
        var old = entry.chains
        _ = arena.treePut(&old)
        entry.chains = nil
        entry.nodeCount = 0
        entry.action = action
        syscalls[position] = entry
        updatePriority(position)
        return
      }
      var state = MergeState(flags: [], action: action, root: entry.chains, nodeCount: entry.nodeCount)
      let removed = arena.prune(entry.chains, generated.root, &state)
      entry.chains = state.root
      if removed > 0 {
        pruned = true
        entry.nodeCount -= removed
        syscalls[position] = entry
        if entry.chains == nil { continue }
      } else if state.flags.intersection(.redundant) == .redundant {
        var doomed = generated.root
        _ = arena.treePut(&doomed)
        syscalls[position] = entry
        updatePriority(position)
        return
      }
      var addState = MergeState(flags: [], action: 0, root: entry.chains, nodeCount: entry.nodeCount)
      var root = entry.chains
      try arena.add(&root, generated.root!, &addState)
      entry.chains = root
      entry.nodeCount = addState.nodeCount + generated.count
      var newTree = generated.root
      entry.nodeCount -= arena.treePut(&newTree)
      syscalls[position] = entry
      updatePriority(position)
      return
    }
  }

  private mutating func updatePriority(_ position: Int) {
    var entry = syscalls[position]
    entry.priority &= ~Self.chainPriorityMask
    entry.priority |= (Self.chainPriorityMask &- UInt32(truncatingIfNeeded: entry.nodeCount))
    syscalls[position] = entry
  }

  private func offsetLow(_ arg: Int) -> Int32 { Int32(16 + 8 * arg + (abi.bigEndian ? 4 : 0)) }
  private func offsetHigh(_ arg: Int) -> Int32 { Int32(16 + 8 * arg + (abi.bigEndian ? 0 : 4)) }

  /// `_db_rule_gen_64`: each comparison becomes a high-word and a low-word node (GT/GE/LT/LE three nodes).
  private mutating func generate64(action: UInt32, arguments: [APIArgument]) -> (root: Int?, count: Int) {
    var root: Int?
    var count = 0
    var current: [Int?] = [nil, nil, nil]
    var previous: [Int?] = [nil, nil, nil]
    var previousOp: CompareOp?
    for a in arguments {
      let needHigh = !(a.op == .maskedEq && a.mask >> 32 == 0)
      let needLow = !(a.op == .maskedEq && a.mask & 0xFFFF_FFFF == 0)
      if !needHigh && !needLow { continue }
      func node(high: Bool, op: CompareOp) -> ChainNode {
        var n = ChainNode()
        n.arg = a.arg
        n.high = high
        n.offset = high ? offsetHigh(a.arg) : offsetLow(a.arg)
        n.mask = UInt32(truncatingIfNeeded: high ? a.mask >> 32 : a.mask)
        n.datum = UInt32(truncatingIfNeeded: high ? a.datum >> 32 : a.datum) & n.mask
        n.datumFull = a.datum
        n.op = op
        n.opOriginal = a.op
        return n
      }
      switch a.op {
      case .gt, .ge, .le, .lt:
        let low: CompareOp = (a.op == .gt || a.op == .le) ? .gt : .ge
        let n0 = arena.make(node(high: true, op: .gt))
        let n1 = arena.make(node(high: true, op: .eq))
        let n2 = arena.make(node(high: false, op: low))
        (arena.nodes[n0].depth, arena.nodes[n1].depth, arena.nodes[n2].depth) = (count, count + 1, count + 2)
        arena.nodes[n0].nextFalse = arena.get(n1)
        arena.nodes[n1].nextTrue = arena.get(n2)
        current = [n0, n1, n2]
      case .eq, .maskedEq, .ne:
        let op: CompareOp = a.op == .maskedEq ? .maskedEq : .eq
        let n0 = arena.make(node(high: true, op: op))
        let n1 = arena.make(node(high: false, op: op))
        (arena.nodes[n0].depth, arena.nodes[n1].depth) = (count, count + 1)
        arena.nodes[n0].nextTrue = arena.get(n1)
        current = [n0, n1, nil]
      }
      if previous[0] != nil, let p = previousOp {
        // After a `!=` or a range the next comparison hangs below two nodes of the previous one.
        if p != .eq && p != .maskedEq { arena.mayHoldCycles = true }
        switch p {
        case .gt, .ge:
          arena.nodes[previous[0]!].nextTrue = arena.get(current[0])
          arena.nodes[previous[2]!].nextTrue = arena.get(current[0])
        case .eq, .maskedEq:
          arena.nodes[previous[1]!].nextTrue = arena.get(current[0])
        case .le, .lt:
          arena.nodes[previous[1]!].nextFalse = arena.get(current[0])
          arena.nodes[previous[2]!].nextFalse = arena.get(current[0])
        case .ne:
          arena.nodes[previous[0]!].nextFalse = arena.get(current[0])
          arena.nodes[previous[1]!].nextFalse = arena.get(current[0])
        }
      } else {
        root = arena.get(current[0])
      }
      count += (a.op == .ne || a.op == .eq || a.op == .maskedEq) ? 2 : 3
      previous = current
      previousOp = a.op
    }
    if let last = previousOp {
      switch last {
      case .gt, .ge:
        setTrue(current[0]!, action)
        setTrue(current[2]!, action)
      case .le, .lt:
        setFalse(current[1]!, action)
        setFalse(current[2]!, action)
      case .eq, .maskedEq:
        setTrue(current[1]!, action)
      case .ne:
        setFalse(current[0]!, action)
        setFalse(current[1]!, action)
      }
    }
    return (root, count)
  }

  /// `_db_rule_gen_32`: one node per comparison on the low word; NE/LT/LE become EQ/GE/GT on the false branch.
  private mutating func generate32(action: UInt32, arguments: [APIArgument]) -> (root: Int?, count: Int) {
    var root: Int?
    var count = 0
    var previous: Int?
    var onTrue = true
    for a in arguments {
      if a.op == .maskedEq && a.mask & 0xFFFF_FFFF == 0 { continue }
      var n = ChainNode()
      n.arg = a.arg
      n.offset = offsetLow(a.arg)
      n.op = a.op
      n.opOriginal = a.op
      n.mask = UInt32(truncatingIfNeeded: a.mask)
      n.datum = UInt32(truncatingIfNeeded: a.datum)
      n.datumFull = a.datum
      n.depth = count
      let index = arena.make(n)
      if let p = previous {
        if onTrue { arena.nodes[p].nextTrue = arena.get(index) } else { arena.nodes[p].nextFalse = arena.get(index) }
      } else {
        root = arena.get(index)
      }
      count += 1
      switch a.op {
      case .ne: arena.nodes[index].op = .eq; onTrue = false
      case .lt: arena.nodes[index].op = .ge; onTrue = false
      case .le: arena.nodes[index].op = .gt; onTrue = false
      default: onTrue = true
      }
      arena.nodes[index].datum &= arena.nodes[index].mask
      previous = index
    }
    if let last = previous {
      if onTrue { setTrue(last, action) } else { setFalse(last, action) }
    }
    return (root, count)
  }

  private mutating func setTrue(_ n: Int, _ action: UInt32) {
    arena.nodes[n].trueActionSet = true
    arena.nodes[n].trueAction = action
  }

  private mutating func setFalse(_ n: Int, _ action: UInt32) {
    arena.nodes[n].falseActionSet = true
    arena.nodes[n].falseAction = action
  }
}
