/// Merging a new rule's tree into a syscall's existing tree: `_db_tree_prune` and `_db_tree_add` of libseccomp
/// 2.5.4's src/db.c, over `ChainArena` indexes. Their quirks are kept on purpose (they decide the program): a
/// 64-bit comparison's false-branch conflict overwrites the *true* action (`x_iter->act_t = n_iter->act_t`).
struct MergeFlags: OptionSet {
  let rawValue: Int
  static let match = MergeFlags(rawValue: 0x1)
  static let matchOnce = MergeFlags(rawValue: 0x2)
  static let existingFinished = MergeFlags(rawValue: 0x10)
  static let newFinished = MergeFlags(rawValue: 0x20)
  static let existingPrefix = MergeFlags(rawValue: 0x100)
  static let newPrefix = MergeFlags(rawValue: 0x200)
  static let matchSet: MergeFlags = [.match, .matchOnce]
  static let redundant: MergeFlags = [.match, .existingFinished, .newPrefix]
}

struct MergeState {
  var flags: MergeFlags = []
  var action: UInt32 = 0
  /// The syscall's tree root (`state->sx->chains`), which pruning may replace.
  var root: Int?
  /// The syscall's node count (`state->sx->node_cnt`), which adding may lower.
  var nodeCount: Int = 0
}

extension ChainArena {
  /// `_db_tree_prune`: drops parts of the existing tree the new (single-branch) tree makes redundant.
  mutating func prune(_ existing: Int?, _ new: Int?, _ state: inout MergeState) -> Int {
    var count = 0
    var stateNew = state
    guard let newNode = new, let existingNode = existing else { return finishPrune(&state, stateNew, count) }
    if state.flags.intersection(.matchSet) == .matchOnce { return finishPrune(&state, stateNew, count) }
    if let unchanged = pruneWithoutMatch(existingNode, newNode, state.flags) {
      state.flags = unchanged
      return 0
    }
    var x: Int? = walkToLevelStart(existingNode)
    let n = newNode
    while let current = x, step() {
      var xi: Int? = current
      let xNext = nodes[current].levelNext
      if equal(current, n) {
        stateNew.flags.formUnion(.matchSet)
        if isLeaf(n) { stateNew.flags.insert(.newFinished) }
        if isLeaf(current) { stateNew.flags.insert(.existingFinished) }
        if (nodes[current].trueActionSet || nodes[current].nextTrue != nil)
          && !(nodes[n].trueActionSet || nodes[n].nextTrue != nil)
        { return finishPrune(&state, stateNew, count) }
        if (nodes[current].falseActionSet || nodes[current].nextFalse != nil)
          && !(nodes[n].falseActionSet || nodes[n].nextFalse != nil)
        { return finishPrune(&state, stateNew, count) }
        if stateNew.flags.contains(.newFinished) && stateNew.flags.contains(.existingFinished) {
          if nodes[n].trueActionSet != nodes[current].trueActionSet || nodes[n].trueAction != nodes[current].trueAction
            || nodes[n].falseActionSet != nodes[current].falseActionSet
            || nodes[n].falseAction != nodes[current].falseAction
          { return finishPrune(&state, stateNew, count) }
        }
        var skipToNext = false
        for side in [true, false] {
          guard let xc = xi else { break }
          guard let newChild = side ? nodes[n].nextTrue : nodes[n].nextFalse else { continue }
          get(xc)
          var stateNext = state
          stateNext.flags.formUnion(.matchSet)
          count += prune(side ? nodes[xc].nextTrue : nodes[xc].nextFalse, newChild, &stateNext)
          state.root = stateNext.root
          count += put(&xi)
          if stateNext.flags.contains(.match) { stateNew.flags.formUnion(stateNext.flags) }
          stateNew.root = state.root
          if xi == nil { skipToNext = true; break }
        }
        if !skipToNext, let xc = xi {
          // libseccomp runs `_db_tree_act_check` over the whole level and everything below it before looking at the
          // flags; its answer matters only when they call for it. Without shared nodes no walk can be endless
          // (`mayHoldCycles`), so the walk is skipped otherwise: run per insert it made merging N rules cost N x the
          // tree (two socket rules of 10,000 `!=` each: seconds per rule set).
          let shorter = stateNew.flags.isSuperset(of: [.match, .newFinished, .existingPrefix])
          let longer = stateNew.flags.isSuperset(of: [.match, .existingFinished, .newPrefix])
          let allSame = (shorter || longer || mayHoldCycles || exhaustiveWalks) && actionsAll(xc, equal: stateNew.action)
          if allSame && stateNew.flags.contains(.match) && stateNew.flags.contains(.newFinished)
            && stateNew.flags.contains(.existingPrefix)
          {
            var root = state.root
            count += remove(&root, xc)
            state.root = root
            stateNew.root = root
            if root == nil { return finishPrune(&state, stateNew, count) }
          } else if allSame && stateNew.flags.contains(.match) && stateNew.flags.contains(.existingFinished)
            && stateNew.flags.contains(.newPrefix)
          {
            return finishPrune(&state, stateNew, count)
          }
        }
      } else if lessThan(current, n) {
        if state.flags.contains(.newPrefix) { return finishPrune(&state, stateNew, count) }
        for side in [true, false] {
          guard let xc = xi, let child = side ? nodes[xc].nextTrue : nodes[xc].nextFalse else { continue }
          get(xc)
          var stateNext = state
          stateNext.flags.remove(.match)
          stateNext.flags.insert(.existingPrefix)
          count += prune(child, n, &stateNext)
          state.root = stateNext.root
          stateNew.root = state.root
          count += put(&xi)
          if stateNext.flags.contains(.match) {
            stateNew.flags.formUnion(stateNext.flags)
            return finishPrune(&state, stateNew, count)
          }
          if xi == nil { break }
        }
      } else {
        if state.flags.contains(.existingPrefix) { return finishPrune(&state, stateNew, count) }
        for side in [true, false] {
          guard let xc = xi, let newChild = side ? nodes[n].nextTrue : nodes[n].nextFalse else { continue }
          get(xc)
          var stateNext = state
          stateNext.flags.remove(.match)
          stateNext.flags.insert(.newPrefix)
          count += prune(xc, newChild, &stateNext)
          state.root = stateNext.root
          stateNew.root = state.root
          count += put(&xi)
          if stateNext.flags.contains(.match) {
            stateNew.flags.formUnion(stateNext.flags)
            return finishPrune(&state, stateNew, count)
          }
          if xi == nil { break }
        }
      }
      x = xNext
    }
    stateNew.flags.remove(.match)
    return finishPrune(&state, stateNew, count)
  }

  private func finishPrune(_ state: inout MergeState, _ stateNew: MergeState, _ count: Int) -> Int {
    if stateNew.flags.contains(.match) { state.flags.formUnion(stateNew.flags) } else { state.flags.remove(.match) }
    state.root = stateNew.root ?? state.root
    return count
  }

  /// `_db_tree_add`: inserts the new tree into the existing level-ordered tree; -EEXIST on conflicting actions.
  mutating func add(_ existing: inout Int?, _ new: Int, _ state: inout MergeState) throws(DatabaseError) {
    guard var x = existing else { return }
    let n = new
    while step() {
      if equal(x, n) {
        if nodes[n].trueActionSet {
          if !nodes[x].trueActionSet {
            guard actionsAll(nodes[x].nextTrue, equal: nodes[n].trueAction) else { throw .exists }
            var child = nodes[x].nextTrue
            let freed = put(&child)
            nodes[x].nextTrue = nil
            nodes[x].trueAction = nodes[n].trueAction
            nodes[x].trueActionSet = true
            state.nodeCount -= freed
          } else if nodes[n].trueAction != nodes[x].trueAction {
            if nodes[n].high && nodes[n].datumFull > nodes[x].datumFull { nodes[x].trueAction = nodes[n].trueAction }
            if isLeaf(x) || isLeaf(n) { throw .exists }
          }
        }
        if nodes[n].falseActionSet {
          if !nodes[x].falseActionSet {
            guard actionsAll(nodes[x].nextFalse, equal: nodes[n].falseAction) else { throw .exists }
            var child = nodes[x].nextFalse
            let freed = put(&child)
            nodes[x].nextFalse = nil
            nodes[x].falseAction = nodes[n].falseAction
            nodes[x].falseActionSet = true
            state.nodeCount -= freed
          } else if nodes[n].falseAction != nodes[x].falseAction {
            // sic: libseccomp 2.5.4 updates the true action here
            if nodes[n].high && nodes[n].datumFull < nodes[x].datumFull {
              // 2.5.4–2.6.0 write the true action (GHSA-4q85-33p6-j5g6); 2.6.1 (commit 700b140) the false one.
              if fixedFalseMerge { nodes[x].falseAction = nodes[n].falseAction } else { nodes[x].trueAction = nodes[n].trueAction }
            }
            if isLeaf(x) || isLeaf(n) { throw .exists }
          }
        }
        if let newTrue = nodes[n].nextTrue {
          if nodes[x].nextTrue != nil {
            var sub = nodes[x].nextTrue
            try add(&sub, newTrue, &state)
            nodes[x].nextTrue = sub
          } else if !nodes[x].trueActionSet {
            nodes[x].nextTrue = get(newTrue)
          } else {
            return
          }
        }
        if let newFalse = nodes[n].nextFalse {
          if nodes[x].nextFalse != nil {
            var sub = nodes[x].nextFalse
            try add(&sub, newFalse, &state)
            nodes[x].nextFalse = sub
          } else if !nodes[x].falseActionSet {
            nodes[x].nextFalse = get(newFalse)
          } else {
            return
          }
        }
        return
      } else if !lessThan(x, n) {
        if let next = nodes[x].levelNext {
          x = next
        } else {
          noteLinked(n)
          nodes[n].levelPrevious = get(x)
          nodes[x].levelNext = get(n)
          return
        }
      } else {
        noteLinked(n)
        if let p = nodes[x].levelPrevious {
          nodes[p].levelNext = get(n)
          nodes[n].levelPrevious = p
          nodes[x].levelPrevious = get(n)
          nodes[n].levelNext = x
        } else {
          nodes[x].levelPrevious = get(n)
          nodes[n].levelNext = get(x)
        }
        if existing == x {
          existing = get(n)
          var old: Int? = x
          put(&old)
        }
        return
      }
    }
    throw .endless
  }

  /// A node about to be linked into a level that already sits in one: the two levels' links now disagree.
  private mutating func noteLinked(_ n: Int) {
    if nodes[n].levelPrevious != nil || nodes[n].levelNext != nil { mayHoldCycles = true }
  }
}
