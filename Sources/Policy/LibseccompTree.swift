import ProfileModel

/// libseccomp's per-syscall argument tree (src/db.c), built the way a release builds it, so seclint can see
/// where the tree — not the profile — decides (classes 4(b) and 4(c) of issue #19).
///
/// What is modelled, from libseccomp's source (v2.5.4 and v2.6.1 differ only where noted):
/// - `_db_rule_gen_64` / `_db_rule_gen_32`: a 64-bit ABI splits every comparison into 32-bit nodes on the
///   argument's high and low words (EQ/NE/MASKED_EQ: `hi == H` then `lo == L`; GT/GE/LT/LE: `hi > H`, `hi == H`,
///   then `lo >`/`>=` `L`), the false branch carrying NE/LT/LE; a 32-bit ABI keeps one node on the low word;
///   MASKED_EQ masks the datum (`_db_node_mask_fixup`); nodes of a GT/GE/LT/LE are shared (a DAG).
/// - `_db_tree_add`: the merge of a rule into the syscall's tree, node by node (`_db_chain_eq`: same argument
///   word, operator, datum and mask; siblings ordered by `_db_chain_lt`), with its -EEXIST cases. Up to v2.6.0 a
///   copy-and-paste error in the false-branch case (`x_iter->act_t = n_iter->act_t` where `act_f` was meant,
///   fixed by libseccomp commit 700b140, GHSA-4q85-33p6-j5g6) leaves the existing false action in place and
///   overwrites the node's true action instead.
/// - The first unconditional rule for a syscall replaces the tree and wins (`db_rule_add`).
/// `_db_tree_prune` is not replayed: it only removes subtrees whose outcome the merge keeps anyway.
/// The tree is a graph of shared, mutated nodes, as in libseccomp, hence reference types kept inside this file.
enum LibseccompTree {
  /// `struct db_arg_chain_tree`: one 32-bit comparison.
  final class Node {
    let arg: Int
    let high: Bool
    /// EQ, MASKED_EQ, GT or GE (the operator compiled); `original` is the profile's.
    let op: CompareOperator
    let original: CompareOperator
    let datum: UInt32
    let mask: UInt32
    let datumFull: UInt64
    var actTrue: SeccompAction?
    var actFalse: SeccompAction?
    /// The node's `act_t` value when `act_t_flg` is false (zero: SCMP_ACT_KILL_THREAD); written by v2.5.4's typo.
    var shadowTrue: SeccompAction = .killThread
    var nextTrue: Node?
    var nextFalse: Node?
    weak var levelPrevious: Node?
    var levelNext: Node?
    /// The level's shared facts, for `add`'s fast path (nil until the node joins a level of two).
    var level: Level?

    init(arg: Int, high: Bool, op: CompareOperator, original: CompareOperator, datum: UInt32, mask: UInt32, full: UInt64) {
      (self.arg, self.high, self.op, self.original) = (arg, high, op, original)
      (self.mask, self.datumFull) = (mask, full)
      self.datum = datum & mask
    }

    var isLeaf: Bool { nextTrue == nil && nextFalse == nil }
    /// `__db_chain_arg_priority`, which is also the accumulator offset's identity (argument word).
    var word: Int { arg * 2 + (high ? 1 : 0) }
    /// The action value the node stores for its true branch (`act_t`), set or not.
    var trueValue: SeccompAction { actTrue ?? shadowTrue }

    func equals(_ other: Node) -> Bool {
      word == other.word && op == other.op && datum == other.datum && mask == other.mask
    }

    /// What `equals` compares.
    var identity: Identity { Identity(word: word, op: op, datum: datum, mask: mask) }

    struct Identity: Hashable {
      var word: Int
      var op: CompareOperator
      var datum: UInt32
      var mask: UInt32
    }

    /// `_db_chain_lt`.
    func lessThan(_ other: Node) -> Bool {
      if word != other.word { return word < other.word }
      let a = Self.priority(original)
      let b = Self.priority(other.original)
      if a != b { return a < b }
      switch original {
      case .lessThan, .lessOrEqual: return datum > other.datum
      default: return datum < other.datum
      }
    }

    static func priority(_ op: CompareOperator) -> Int {
      switch op {
      case .maskedEqual, .equal, .notEqual: 3
      case .lessOrEqual, .lessThan: 2
      case .greaterOrEqual, .greaterThan: 1
      }
    }
  }

  /// The siblings of one level, as `add` needs them to skip its walk: `_db_tree_add` walks a level from the
  /// node it starts at to the first node equal to the new one or ordered before it (`_db_chain_lt`), so adding
  /// thousands of rules that all land at the end (`arg1 <= N` for growing N) walks the whole level each time.
  /// While the level is in `_db_chain_lt` order (each node placed after every node it does not precede, which
  /// only a walk starting mid-level — a node shared by two parents — can break) and no node equals the new one,
  /// that walk ends at the tail exactly when the tail does not precede the new node: then it is appended at once.
  final class Level {
    weak var tail: Node?
    var identities: Set<Node.Identity> = []
    var ordered = true

    init(_ node: Node) {
      tail = node
      identities.insert(node.identity)
      node.level = self
    }

    func join(_ node: Node, asTail: Bool) {
      identities.insert(node.identity)
      node.level = self
      if asTail { tail = node }
    }
  }

  /// One syscall's entry: unconditional (`chains == nil`, `action`) or a tree.
  struct Entry {
    var action: SeccompAction?
    var chains: Node?
  }

  /// Why a rule could not be added.
  struct Exists: Error {
    /// The position (in the rules given to `build`) of the rule libseccomp refuses.
    var index = 0
  }

  /// Whether `release` carries the `_db_tree_add` false-branch typo (every release before 2.6.1).
  static func hasMergeTypo(_ release: LibseccompRelease) -> Bool {
    // The known releases answered without splitting the version (asked once per syscall number and ABI).
    switch release.version {
    case "2.6.1": return false
    case "2.6.0", "2.5.4": return true
    default: return release.version.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes([2, 6, 1])
    }
  }

  /// The nodes of one rule (`_db_rule_gen_64` / `_db_rule_gen_32`); nil for a rule without conditions.
  static func chain(_ conditions: ConditionChain, action: SeccompAction, bits: Int) -> Node? {
    var head: Node?
    var previous: (nodes: [Node], op: CompareOperator)?
    var last: (nodes: [Node], op: CompareOperator)?
    for condition in conditions.sorted(by: { $0.index < $1.index }) {
      let mask = condition.op == .maskedEqual ? condition.value : .max
      let datum = condition.op == .maskedEqual ? condition.valueTwo : condition.value
      if bits == 32 {
        guard UInt32(truncatingIfNeeded: mask) != 0 || condition.op != .maskedEqual else { continue }
        let op: CompareOperator
        switch condition.op {
        case .notEqual: op = .equal
        case .lessThan: op = .greaterOrEqual
        case .lessOrEqual: op = .greaterThan
        default: op = condition.op
        }
        let node = Node(
          arg: condition.index, high: false, op: op, original: condition.op, datum: UInt32(truncatingIfNeeded: datum),
          mask: UInt32(truncatingIfNeeded: mask), full: datum)
        if let previous {
          if [.notEqual, .lessThan, .lessOrEqual].contains(previous.op) { previous.nodes[0].nextFalse = node } else {
            previous.nodes[0].nextTrue = node
          }
        } else {
          head = node
        }
        previous = ([node], condition.op)
        last = previous
        continue
      }
      guard mask != 0 || condition.op != .maskedEqual else { continue }
      let hiMask = UInt32(truncatingIfNeeded: mask >> 32)
      let loMask = UInt32(truncatingIfNeeded: mask)
      let hiDatum = UInt32(truncatingIfNeeded: datum >> 32)
      let loDatum = UInt32(truncatingIfNeeded: datum)
      var nodes: [Node]
      switch condition.op {
      case .greaterThan, .greaterOrEqual, .lessThan, .lessOrEqual:
        let gt = Node(arg: condition.index, high: true, op: .greaterThan, original: condition.op, datum: hiDatum, mask: hiMask, full: datum)
        let eq = Node(arg: condition.index, high: true, op: .equal, original: condition.op, datum: hiDatum, mask: hiMask, full: datum)
        let loOp: CompareOperator = [.greaterThan, .lessOrEqual].contains(condition.op) ? .greaterThan : .greaterOrEqual
        let lo = Node(arg: condition.index, high: false, op: loOp, original: condition.op, datum: loDatum, mask: loMask, full: datum)
        gt.nextFalse = eq
        eq.nextTrue = lo
        nodes = [gt, eq, lo]
      default:
        let op: CompareOperator = condition.op == .maskedEqual ? .maskedEqual : .equal
        let hi = Node(arg: condition.index, high: true, op: op, original: condition.op, datum: hiDatum, mask: hiMask, full: datum)
        let lo = Node(arg: condition.index, high: false, op: op, original: condition.op, datum: loDatum, mask: loMask, full: datum)
        hi.nextTrue = lo
        nodes = [hi, lo]
      }
      if let previous {
        switch previous.op {
        case .greaterThan, .greaterOrEqual:
          previous.nodes[0].nextTrue = nodes[0]
          previous.nodes[2].nextTrue = nodes[0]
        case .equal, .maskedEqual:
          previous.nodes[1].nextTrue = nodes[0]
        case .lessThan, .lessOrEqual:
          previous.nodes[1].nextFalse = nodes[0]
          previous.nodes[2].nextFalse = nodes[0]
        case .notEqual:
          previous.nodes[0].nextFalse = nodes[0]
          previous.nodes[1].nextFalse = nodes[0]
        }
      } else {
        head = nodes[0]
      }
      previous = (nodes, condition.op)
      last = previous
    }
    guard let last else { return nil }
    if bits == 32 {
      if [.notEqual, .lessThan, .lessOrEqual].contains(last.op) { last.nodes[0].actFalse = action } else {
        last.nodes[0].actTrue = action
      }
      return head
    }
    switch last.op {
    case .greaterThan, .greaterOrEqual:
      last.nodes[0].actTrue = action
      last.nodes[2].actTrue = action
    case .lessThan, .lessOrEqual:
      last.nodes[1].actFalse = action
      last.nodes[2].actFalse = action
    case .equal, .maskedEqual:
      last.nodes[1].actTrue = action
    case .notEqual:
      last.nodes[0].actFalse = action
      last.nodes[1].actFalse = action
    }
    return head
  }

  /// The tree of one syscall after adding `rules` in order; throws `Exists` where libseccomp returns -EEXIST.
  /// `typoHit` is set when the release's false-branch typo changed a node.
  static func build(
    _ rules: some Collection<(chain: ConditionChain, action: SeccompAction)>, bits: Int, typo: Bool, typoHit: inout Bool
  ) throws -> Entry {
    var entry: Entry?
    for (index, rule) in rules.enumerated() {
      let new = chain(rule.chain, action: rule.action, bits: bits)
      guard var existing = entry else {
        entry = new == nil ? Entry(action: rule.action, chains: nil) : Entry(action: nil, chains: new)
        continue
      }
      if existing.chains == nil { continue }  // an unconditional rule is already there
      guard let new else {
        entry = Entry(action: rule.action, chains: nil)
        continue
      }
      var head = existing.chains!
      do { try add(&head, new, typo: typo, typoHit: &typoHit) } catch { throw Exists(index: index) }
      existing.chains = head
      entry = existing
    }
    return entry ?? Entry(action: nil, chains: nil)
  }

  /// `_db_tree_act_check`: -EEXIST when any action in the subtree differs from `action`.
  static func actionsDiffer(_ tree: Node?, from action: SeccompAction) -> Bool {
    var visited: Set<ObjectIdentifier> = []
    var steps = 0
    return actionsDiffer(tree, from: action, visited: &visited, steps: &steps)
  }

  /// Node visits after which a walk is taken to be going round a cycle: a merge can link one node into two levels,
  /// so a level's links go round for ever (libseccomp's own `_db_tree_act_check` loops there). Answering "differs"
  /// makes the caller suspect a refusal, which `LibseccompConflicts.exactRefusal` then decides.
  static let actionCheckBudget = 1_000_000

  /// Each level once: the tree is a DAG (a GT/GE/LT/LE's nodes share their successor), and walking it as a tree
  /// visits a level once per path to it — 2^n paths for n chained ranges (22 two-range rules took minutes).
  private static func actionsDiffer(
    _ tree: Node?, from action: SeccompAction, visited: inout Set<ObjectIdentifier>, steps: inout Int
  ) -> Bool {
    guard var node = tree else { return false }
    while let previous = node.levelPrevious {
      steps += 1
      if steps > actionCheckBudget { return true }
      node = previous
    }
    guard visited.insert(ObjectIdentifier(node)).inserted else { return false }
    var current: Node? = node
    while let at = current {
      steps += 1
      if steps > actionCheckBudget { return true }
      if let t = at.actTrue, t != action { return true }
      if let f = at.actFalse, f != action { return true }
      if actionsDiffer(at.nextTrue, from: action, visited: &visited, steps: &steps)
        || actionsDiffer(at.nextFalse, from: action, visited: &visited, steps: &steps)
      {
        return true
      }
      current = at.levelNext
    }
    return false
  }

  /// `_db_tree_add`.
  static func add(_ existing: inout Node, _ new: Node, typo: Bool, typoHit: inout Bool) throws {
    let n = new
    // A node without a level has no siblings: levels are only formed here.
    let level = existing.level ?? Level(existing)
    if level.ordered, let tail = level.tail, !level.identities.contains(n.identity), !tail.lessThan(n) {
      // The walk below would pass every node from `existing` on (none equals `n`, none precedes it) and append.
      n.levelPrevious = tail
      tail.levelNext = n
      level.join(n, asTail: true)
      return
    }
    var x: Node? = existing
    var steps = 0
    while let xi = x {
      // A level whose links form a cycle (libseccomp loops forever there): treated as a refusal to look at, which
      // `LibseccompConflicts.exactRefusal` then decides.
      steps += 1
      if steps > 100_000 { throw Exists() }
      if xi.equals(n) {
        if let nt = n.actTrue {
          if xi.actTrue == nil {
            if actionsDiffer(xi.nextTrue, from: nt) { throw Exists() }
            xi.nextTrue = nil
            xi.actTrue = nt
          } else if nt != xi.actTrue {
            if n.high && n.datumFull > xi.datumFull { xi.actTrue = nt }
            if xi.isLeaf || n.isLeaf { throw Exists() }
          }
        }
        if let nf = n.actFalse {
          if xi.actFalse == nil {
            if actionsDiffer(xi.nextFalse, from: nf) { throw Exists() }
            xi.nextFalse = nil
            xi.actFalse = nf
          } else if nf != xi.actFalse {
            if n.high && n.datumFull < xi.datumFull {
              if typo {
                // v2.5.4: `x_iter->act_t = n_iter->act_t` (the value, without its flag).
                typoHit = true
                if xi.actTrue != nil { xi.actTrue = n.trueValue } else { xi.shadowTrue = n.trueValue }
              } else {
                xi.actFalse = nf
              }
            }
            if xi.isLeaf || n.isLeaf { throw Exists() }
          }
        }
        if let nt = n.nextTrue {
          if var xt = xi.nextTrue {
            try add(&xt, nt, typo: typo, typoHit: &typoHit)
            xi.nextTrue = xt
          } else if xi.actTrue == nil {
            xi.nextTrue = nt
          } else {
            return
          }
        }
        if let nf = n.nextFalse {
          if var xf = xi.nextFalse {
            try add(&xf, nf, typo: typo, typoHit: &typoHit)
            xi.nextFalse = xf
          } else if xi.actFalse == nil {
            xi.nextFalse = nf
          } else {
            return
          }
        }
        return
      } else if !xi.lessThan(n) {
        if let next = xi.levelNext {
          x = next
        } else {
          n.levelPrevious = xi
          xi.levelNext = n
          level.join(n, asTail: true)
          return
        }
      } else {
        level.join(n, asTail: false)
        if let previous = xi.levelPrevious {
          // A walk that started after `previous` did not check it: the level may now be out of order.
          if previous.lessThan(n) { level.ordered = false }
          previous.levelNext = n
          n.levelPrevious = previous
          xi.levelPrevious = n
          n.levelNext = xi
        } else {
          xi.levelPrevious = n
          n.levelNext = xi
        }
        if existing === xi { existing = n }
        return
      }
    }
  }
}
