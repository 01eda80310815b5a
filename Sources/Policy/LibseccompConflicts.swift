import ProfileModel
import SyscallTables

/// The rules libseccomp refuses with -EEXIST, which runc reports as `error adding seccomp filter rule for syscall
/// NAME: file exists` before the container starts (arch-hazards.md §9).
///
/// libseccomp keeps, per ABI and syscall number, a tree of argument comparisons (src/db.c, `db_rule_add`,
/// `_db_tree_add`, v2.5.4–v2.6.1). seclint replays the part of it that decides refusals:
/// - a rule without conditions replaces the tree; once a syscall has one, later rules on it are ignored;
/// - a rule whose comparisons are a prefix of an existing rule's (or equal to them) but whose action differs
///   fails: `_db_tree_act_check` finds the existing deeper action, or both leaves carry different actions;
/// - a rule that extends an existing shorter rule is dropped ("existing tree is shorter").
/// Comparisons are taken as libseccomp stores them: NE/LT/LE become EQ/GE/GT on the false branch, MASKED_EQ
/// masks its datum (`_db_node_mask_fixup`), 32-bit ABIs keep 32 bits, and always-true MASKED_EQs are dropped.
/// Socket and IPC rules on multiplexing ABIs are rewritten onto `socketcall`/`ipc` with `arg0 == sub-call`
/// first, so two unconditional rules on `socket` with different actions collide there (x86 in moby's amd64
/// archMap), and names with the same pseudo number share one entry (`sys_debug_setcontext` and
/// `switch_endian` are both -10191 in include/seccomp-syscalls.h of 2.5.4, 2.6.0 and 2.6.1).
enum LibseccompConflicts {
  /// One stored comparison: argument, operator after libseccomp's rewrite, datum and mask, and the branch
  /// (true or false) the rest of the rule hangs on.
  struct Node: Hashable {
    var index: Int
    var op: CompareOperator
    var datum: UInt64
    var mask: UInt64
    var onTrue: Bool
  }

  /// Names sharing a pseudo number in every release seclint knows.
  static let pseudoCollisions: Set<String> = ["sys_debug_setcontext", "switch_endian"]

  static func nodes(_ chain: ConditionChain, bits: Int) -> [Node] {
    // Most rules are unconditional: no filtering, sorting or mapping to allocate for.
    if chain.isEmpty { return [] }
    let width: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    return chain.filter { !$0.isTautology(bits: bits) }.sorted { $0.index < $1.index }.map { condition in
      let mask = (condition.op == .maskedEqual ? condition.value : .max) & width
      let datum = (condition.op == .maskedEqual ? condition.valueTwo : condition.value) & mask
      switch condition.op {
      case .notEqual: return Node(index: condition.index, op: .equal, datum: datum, mask: mask, onTrue: false)
      case .lessThan: return Node(index: condition.index, op: .greaterOrEqual, datum: datum, mask: mask, onTrue: false)
      case .lessOrEqual: return Node(index: condition.index, op: .greaterThan, datum: datum, mask: mask, onTrue: false)
      default: return Node(index: condition.index, op: condition.op, datum: datum, mask: mask, onTrue: true)
      }
    }
  }

  /// One chain of one applied rule (by its position in `applied`: copying the rule itself per entry cost a
  /// retain of each of its fields at every step of the replay).
  struct Entry {
    var order: Int
    var rule: Int
    var nodes: [Node]
    var chain: ConditionChain
  }

  /// The rows of `pseudoCollisions` and of the multiplexers, compared as integers instead of hashing every name.
  static let pseudoCollisionRows: [Int] = pseudoCollisions.sorted().compactMap(SyscallData.row(of:))
  static let multiplexerRows: [Int] = ["socketcall", "ipc"].compactMap(SyscallData.row(of:))

  /// Where one chain of one rule lands on an ABI: plain integers (no chain or rule is copied), so an ABI's
  /// placements sort by (number, order) cheaply and each syscall number's entries end up adjacent, in rule order.
  struct Placement {
    var number: Int
    var order: Int
    /// The rule's position in `applied`, and the chain's in its `chains`.
    var rule: Int
    var chain: Int
    /// The socket/IPC sub-call when the chain is rewritten onto `socketcall`/`ipc` (`arg0 == subcall` first).
    var subcall: Int?

  }

  /// The placements on the numbers that hold two or more, by number (ascending) and, within a number, in the order
  /// given — runc's order, in which each ABI's placements are generated — which is what sorting all of them by
  /// (number, order) and dropping lone numbers gives. Most numbers hold one placement: the repeated ones are found
  /// with a small open-addressing table of integers, and only they are sorted (past a few, every placement is).
  static func grouped(_ placements: [Placement]) -> [Placement] {
    var size = 16
    while size < placements.count * 2 { size <<= 1 }
    let shift = UInt64(64 - size.trailingZeroBitCount)
    var slots = [Int](repeating: .min, count: size)  // no syscall number is Int.min
    var counts = [UInt8](repeating: 0, count: size)
    for placement in placements {
      var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(placement.number)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while slots[slot] != .min && slots[slot] != placement.number { slot = (slot + 1) & (size - 1) }
      slots[slot] = placement.number
      if counts[slot] < 2 { counts[slot] += 1 }
    }
    var repeated: [Int] = []
    for slot in slots.indices where counts[slot] > 1 { repeated.append(slots[slot]) }
    guard !repeated.isEmpty else { return [] }
    // Many repeated numbers (thousands of rules sharing syscalls): a sort, not one scan per number.
    guard repeated.count <= 8 else { return placements.sorted { ($0.number, $0.order) < ($1.number, $1.order) } }
    repeated.sort()
    var result: [Placement] = []
    for number in repeated {
      for placement in placements where placement.number == number { result.append(placement) }
    }
    return result
  }

  /// The first rule (in the order runc adds them) libseccomp refuses, if any.
  static func firstRefusal(
    _ applied: [AppliedRule], architectures: [Architecture], release: LibseccompRelease
  ) -> Refusal? {
    var memo = PolicyMemo()
    let resolved = architectures.map { LibseccompStage.placements(applied, on: $0, release: release) }
    return firstRefusal(applied, resolved: resolved, architectures: architectures, release: release, memo: &memo)
  }

  /// The same, remembering each syscall number's answer in `memo` for the profile's other targets; `resolved`
  /// holds, per ABI of `architectures`, each applied rule's name resolved there (`LibseccompStage.placements`).
  static func firstRefusal(
    _ applied: [AppliedRule], resolved: [[RowPlacement]], architectures: [Architecture], release: LibseccompRelease,
    key: PolicyMemo.AppliedKey? = nil, memo: inout PolicyMemo
  ) -> Refusal? {
    guard applied.count > 1 else { return nil }
    // Per ABI, the first refused chain (the earliest in runc's order; on a tie, the first found: ABIs in filter
    // order, numbers ascending); the profile's first refusal is the earliest of them, the first ABI's on a tie.
    // With `key`, each ABI's answer is remembered for the profile's other targets with the same applied rules.
    var best: (order: Int, refusal: Refusal)?
    func consider(_ found: (order: Int, refusal: Refusal)?) {
      guard let found else { return }
      if let best, best.order <= found.order { return }
      best = found
    }
    if let key {
      var known: [(order: Int, refusal: Refusal)?] = []
      for architecture in architectures {
        guard let entry = memo.refusals.first(where: { $0.architecture == architecture && $0.key == key }) else { break }
        known.append(entry.refusal)
      }
      if known.count == architectures.count {
        known.forEach(consider)
        return best?.refusal
      }
    }
    // Only a syscall with two or more rules can collide; rows are small indexes, counted without hashing.
    var chainsPerRow = [Int](repeating: 0, count: SyscallData.names.count)
    // By position throughout: copying a rule out of `applied` retains and releases each of its fields.
    for index in applied.indices where chainsPerRow.indices.contains(applied[index].row) {
      chainsPerRow[applied[index].row] += applied[index].unconditional ? 1 : applied[index].chains.count
    }
    // The rules that can collide on every ABI (a shared row, a pseudo-number collision), and those that can only on
    // ABIs that multiplex socket/IPC calls (a socket/IPC name, or the multiplexer itself): each ABI looks at these
    // few instead of every rule (their placements are sorted by number and order, so the order they are taken in
    // does not matter). By position: a closure over each rule would copy it, retaining its fields.
    var anywhere: [Int] = []
    var onMultiplexers: [Int] = []
    var actions: [SeccompAction] = []
    actions.reserveCapacity(applied.count)
    for index in applied.indices {
      let row = applied[index].row
      if (chainsPerRow.indices.contains(row) && chainsPerRow[row] > 1) || pseudoCollisionRows.contains(row) {
        anywhere.append(index)
      } else if applied[index].socketOrIPC || multiplexerRows.contains(row) {
        onMultiplexers.append(index)
      }
      actions.append(applied[index].action)
    }
    // Each rule's first chain's place in the order runc adds chains.
    var firstOrder: [Int] = []
    firstOrder.reserveCapacity(applied.count)
    var total = 0
    for index in applied.indices {
      firstOrder.append(total)
      total += applied[index].unconditional ? 1 : applied[index].chains.count
    }
    // On multiplexing ABIs both lists, in position order (so each ABI's placements come in runc's order).
    let onMultiplexingABIs = (anywhere + onMultiplexers).sorted()
    for (abi, architecture) in architectures.enumerated() {
      if let key, let entry = memo.refusals.first(where: { $0.architecture == architecture && $0.key == key }) {
        consider(entry.refusal)
        continue
      }
      var abiBest: (order: Int, refusal: Refusal)?
      defer {
        if let key { memo.refusals.append((key, architecture, abiBest)) }
        consider(abiBest)
      }
      let resolved = resolved[abi]
      let multiplexes = architecture.multiplexesSocketAndIPC
      var placements: [Placement] = []
      for position in multiplexes ? onMultiplexingABIs : anywhere {
        let order = firstOrder[position]
        let resolution = resolved[position]
        // On ABIs with `abi_rule_add` (those that multiplex socket/IPC calls: x86, MIPS o32, PPC, s390), a rule on
        // a name the ABI does not have (a pseudo number other than a socket/IPC call) is not added at all
        // (src/syscalls.c `abi_rule_add`: `else if (rule->strict) -EDOM`; runc's rules are not strict), so it
        // cannot collide; elsewhere `db_rule_add` stores it under its pseudo number.
        if multiplexes, case .absent = resolution.kind { continue }
        for offset in 0..<(applied[position].unconditional ? 1 : applied[position].chains.count) {
          switch resolution.kind {
          case .direct, .absent:
            placements.append(Placement(number: resolution.number, order: order + offset, rule: position, chain: offset))
          case .multiplexed:
            placements.append(
              Placement(number: resolution.multiplexer, order: order + offset, rule: position, chain: offset, subcall: resolution.subcall))
            // `abi_rule_add` adds the rule on the number `_abi_syscall_demux` returns too: where the ABI has no
            // direct call that is the name's pseudo number (`semop` -201 on x86, MIPS o32, s390, PPC), an entry that
            // is never emitted but can still refuse a rule (src/syscalls.c, v2.5.4–v2.6.1).
            placements.append(Placement(number: resolution.directNumber ?? resolution.number, order: order + offset, rule: position, chain: offset))
          case .unknown:
            continue
          }
        }
      }
      guard placements.count > 1 else { continue }
      placements = grouped(placements)
      var start = 0
      while start < placements.count {
        var end = start + 1
        while end < placements.count, placements[end].number == placements[start].number { end += 1 }
        defer { start = end }
        guard end - start > 1 else { continue }
        // The chains of one syscall number, in rule order.
        let chains = placements[start..<end].map { placement in
          let original = applied[placement.rule].chains[placement.chain]
          return placement.subcall.map { [ArgCondition(index: 0, op: .equal, value: UInt64($0))] + original.filter { $0.index != 0 } } ?? original
        }
        let key = PolicyMemo.Key(
          bits: architecture.bits, typo: LibseccompTree.hasMergeTypo(release), defaultAction: nil,
          rules: zip(chains, placements[start..<end]).map { PolicyMemo.Rule(chain: $0, action: actions[$1.rule]) })
        let answer: PolicyMemo.Conflict?
        var entries: [Entry] = []
        func makeEntries() {
          entries = zip(chains, placements[start..<end]).map { chain, placement in
            Entry(order: placement.order, rule: placement.rule, nodes: nodes(chain, bits: architecture.bits), chain: chain)
          }
        }
        if let known = memo.conflicts.first(where: { $0.key == key }) {
          answer = known.refusal
          if answer != nil { makeEntries() }
        } else {
          makeEntries()
          // The fast replays only suspect; libseccomp's database (with `_db_tree_prune`) decides (`exactRefusal`).
          answer =
            refusal(among: entries, actions: actions, bits: architecture.bits) == nil
              && !(entries.count <= endlessAnalysisLimit && mayShareNodes(entries, bits: architecture.bits))
            ? nil
            : exactRefusal(entries, actions: actions, architecture: architecture, release: release).map {
              PolicyMemo.Conflict(failing: $0.failing, existing: $0.existing, endless: $0.endless, atLoad: $0.atLoad)
            }
          memo.conflicts.append((key, answer))
        }
        guard let answer else { continue }
        let (failing, existing) = (entries[answer.failing], entries[answer.existing])
        let endless = answer.endless
        if let abiBest, abiBest.order <= failing.order { continue }
        let (failingRule, existingRule) = (applied[failing.rule], applied[existing.rule])
        let message =
          "error adding seccomp filter rule for syscall \(failingRule.name): file exists (libseccomp -EEXIST on "
          + "\(architecture.token): the rule at \(existingRule.pointer) \(existingRule.action) has "
          + (failing.nodes == existing.nodes
            ? "the same conditions"
            : existing.nodes.starts(with: failing.nodes) ? "conditions extending these" : "conditions whose 32-bit comparisons overlap these")
          + " with a different action \(failingRule.action))"
        let hangs =
          "adding the seccomp filter rule for syscall \(failingRule.name) never returns: libseccomp's tree merge on \(architecture.token) "
          + "walks a level whose links form a cycle, after the rule at \(existingRule.pointer); runc hangs"
        let loadHangs =
          "loading the seccomp filter never returns: after the rule for syscall \(failingRule.name), libseccomp's merged tree on "
          + "\(architecture.token) has a level whose links form a cycle and its BPF generator walks it forever; runc hangs"
        abiBest = (failing.order, Refusal(.libseccomp, answer.atLoad ? loadHangs : endless ? hangs : message, at: failingRule.pointer))
      }
    }
    return best?.refusal
  }

  /// The refused entry and the one it collides with (positions in `entries`, one syscall number's in rule order),
  /// from the chain-level replay or, failing that, the tree.
  static func refusal(among entries: [Entry], actions: [SeccompAction], bits: Int) -> (failing: Int, existing: Int)? {
    // Without a chain that is a prefix of (or equal to) another, the replay keeps every entry: skip it.
    let replayed: (failing: Entry, existing: Entry)?
    if !entries.contains(where: { $0.nodes.isEmpty }) && !hasPrefixPair(entries) {
      replayed = nil
    } else if entries.count <= directReplayLimit {
      replayed = replayDirectly(entries, actions: actions)
    } else {
      replayed = replay(entries, actions: actions)
    }
    guard let (failing, existing) = replayed ?? treeRefusal(entries, actions: actions, bits: bits) else { return nil }
    // Entries have distinct orders (one per chain of the rules on this number).
    guard let failingPosition = entries.firstIndex(where: { $0.order == failing.order }),
      let existingPosition = entries.firstIndex(where: { $0.order == existing.order })
    else { return nil }
    return (failingPosition, existingPosition)
  }

  /// Whether some entry's nodes are a prefix of (or equal to) another entry's — the only case in which `replay`
  /// drops an entry or finds a clash. In lexicographic order a chain and the chains extending it are adjacent
  /// (everything between them extends it too), so only neighbours are compared.
  static func hasPrefixPair(_ entries: [Entry]) -> Bool {
    guard entries.count > 1 else { return false }
    let sorted = entries.map(\.nodes).sorted(by: precedes)
    for position in sorted.indices.dropFirst() where sorted[position].starts(with: sorted[position - 1]) { return true }
    return false
  }

  /// Lexicographic order of node lists (any fixed order of nodes will do).
  static func precedes(_ a: [Node], _ b: [Node]) -> Bool {
    for (x, y) in zip(a, b) where x != y { return rank(x) < rank(y) }
    return a.count < b.count
  }

  private static func rank(_ node: Node) -> (Int, Int, UInt64, UInt64, Int) {
    let op: Int
    switch node.op {
    case .equal: op = 0
    case .notEqual: op = 1
    case .lessThan: op = 2
    case .lessOrEqual: op = 3
    case .greaterThan: op = 4
    case .greaterOrEqual: op = 5
    case .maskedEqual: op = 6
    }
    return (node.index, op, node.datum, node.mask, node.onTrue ? 1 : 0)
  }

  /// The -EEXIST cases of `_db_tree_add` that the chain-level replay does not see: rules whose conditions differ
  /// but whose 32-bit nodes coincide (overlapping ranges on one argument, an action check deeper in the tree).
  static func treeRefusal(_ entries: [Entry], actions: [SeccompAction], bits: Int) -> (failing: Entry, existing: Entry)? {
    guard entries.contains(where: { !$0.chain.isEmpty }) else { return nil }
    // The tree refuses an add only where two different actions meet (-EEXIST) or where a level loops. With one
    // action throughout and no node shared between two parents (`mayShareNodes`: the only way a level loops) neither
    // can happen, so the tree is not built (moby's `personality` rules, on every ABI of every host).
    if let first = entries.first, entries.allSatisfy({ actions[$0.rule] == actions[first.rule] }), !mayShareNodes(entries, bits: bits) {
      return nil
    }
    var hit = false
    do {
      _ = try LibseccompTree.build(entries.map { (chain: $0.chain, action: actions[$0.rule]) }, bits: bits, typo: false, typoHit: &hit)
      return nil
    } catch let error as LibseccompTree.Exists {
      let failing = entries[error.index]
      let existing = entries[..<error.index].last { actions[$0.rule] != actions[failing.rule] } ?? entries[0]
      return (failing, existing)
    } catch {
      return nil
    }
  }

  /// Up to this many entries, `replayDirectly` compares each chain with every kept one: `replay`'s lookups pay off
  /// only for long lists, and their dictionary types cost more to set up at run time than a few comparisons.
  static let directReplayLimit = 32

  /// `replay` by comparing each new chain with every kept one, as libseccomp's tree walk does (src/db.c
  /// `_db_tree_add`, `_db_tree_act_check`, `_db_tree_prune`): a kept chain that this one is a prefix of (or equal
  /// to) with another action clashes; a kept prefix makes this one redundant; kept extensions with its action are
  /// pruned. Quadratic: for a few entries only (`directReplayLimit`).
  static func replayDirectly(_ entries: [Entry], actions: [SeccompAction]) -> (failing: Entry, existing: Entry)? {
    var kept: [Entry] = []
    for entry in entries {
      // An unconditional rule replaces the tree, and later rules on the syscall are ignored.
      if entry.nodes.isEmpty { return nil }
      let action = actions[entry.rule]
      if let clash = kept.first(where: { actions[$0.rule] != action && $0.nodes.starts(with: entry.nodes) }) {
        return (entry, clash)
      }
      if kept.contains(where: { entry.nodes.starts(with: $0.nodes) }) { continue }
      kept.removeAll { actions[$0.rule] == action && $0.nodes.starts(with: entry.nodes) }
      kept.append(entry)
    }
    return nil
  }

  /// Replays the entries of one syscall number in order; returns the first refused one and the rule it
  /// collides with. `actions[entry.rule]` is an entry's action.
  ///
  /// What libseccomp keeps is prefix-free (a rule with a kept prefix is dropped, and kept extensions of a new rule
  /// either clash with it or are pruned), so each step looks its chain up instead of comparing it with every kept
  /// one (10,000 masked rules on one syscall took seconds per target): the kept chains extending a prefix, and the
  /// kept chains by their exact nodes.
  static func replay(_ entries: [Entry], actions: [SeccompAction]) -> (failing: Entry, existing: Entry)? {
    var kept: [Entry] = []
    var alive: [Bool] = []
    /// Every prefix (the whole chain included) of every kept chain → the kept entries extending it, in order.
    var extending: [[Node]: [Int]] = [:]
    /// Each kept chain → its entry (prefix-free: at most one).
    var exact: [[Node]: Int] = [:]
    for entry in entries {
      if entry.nodes.isEmpty {
        // An unconditional rule replaces the tree, and later rules on the syscall are ignored.
        return nil
      }
      let action = actions[entry.rule]
      // The first kept rule (in kept order) that this one is a prefix of (or equal to) with another action
      // clashes; the others that it is a prefix of share its action and are pruned below (`_db_tree_prune`).
      var covered: [Int] = []
      if let candidates = extending[entry.nodes] {
        for k in candidates where alive[k] {
          if actions[kept[k].rule] != action { return (entry, kept[k]) }
          covered.append(k)
        }
        extending[entry.nodes] = covered
      }
      // An existing rule that is a prefix of this one (or equal to it) makes it redundant.
      if (1...entry.nodes.count).contains(where: { exact[Array(entry.nodes[..<$0])] != nil }) { continue }
      for k in covered {
        alive[k] = false
        exact[kept[k].nodes] = nil
      }
      let k = kept.count
      kept.append(entry)
      alive.append(true)
      exact[entry.nodes] = k
      for length in 1...entry.nodes.count {
        extending[Array(entry.nodes[..<length]), default: []].append(k)
      }
    }
    return nil
  }
}
