extension LibseccompTree {
  /// What the BPF that libseccomp generates from a tree does for one call (src/gen_bpf.c, unchanged from v2.5.4
  /// to v2.6.1), including where it compares a stale accumulator.
  ///
  /// `_gen_bpf_chain` emits a level's sibling nodes one after another, handing the accumulator state from one
  /// node to the next; `_gen_bpf_node` reloads the argument word only when that *generation-time* state names
  /// another word (or a wider mask). A node's subtree is generated from the node's state and, when nothing in it
  /// matches, jumps on to the node's next sibling (`nxt_jump`). If the subtree loaded another word, the sibling
  /// — emitted without a reload because its predecessor had its word loaded — compares that other word: the
  /// "stale argument" of issue #19's class 4(c) (`kill(0, 0, 1)` gets the action of a rule on `arg1 == 1`).
  struct Run {
    var action: SeccompAction?
    /// Whether a comparison on the way used an accumulator that did not hold the word the node tests.
    var stale = false
    /// The argument the first stale comparison meant to test.
    var staleArgument: Int?
  }

  fileprivate struct Accumulator: Hashable {
    /// Argument word (`arg * 2 + high`), nil when undefined (after the syscall-number load).
    var word: Int?
    var mask: UInt32
  }

  private enum Outcome {
    case action(SeccompAction)
    case fallThrough(value: UInt32, held: Accumulator)
  }

  /// The action for `arguments`, or nil where no rule decides (the filter's default action applies).
  static func run(_ entry: Entry, arguments: [UInt64]) -> Run {
    var layout = Layout()
    return run(entry, arguments: arguments, layout: &layout)
  }

  /// `run` for many argument vectors on one tree: `layout` keeps where blocks are placed, which depends on the
  /// tree only (a level of thousands of siblings is then searched once, not once per vector).
  static func run(_ entry: Entry, arguments: [UInt64], layout: inout Layout) -> Run {
    guard let chains = entry.chains else { return Run(action: entry.action) }
    var stale: Int?
    let outcome = level(
      chains, generated: Accumulator(word: nil, mask: .max), value: 0, held: Accumulator(word: nil, mask: .max),
      arguments: arguments, stale: &stale, layout: &layout)
    if case .action(let action) = outcome { return Run(action: action, stale: stale != nil, staleArgument: stale) }
    return Run(action: nil, stale: stale != nil, staleArgument: stale)
  }

  private static func word(_ word: Int, of arguments: [UInt64]) -> UInt32 {
    let index = word / 2
    let value = arguments.indices.contains(index) ? arguments[index] : 0
    return UInt32(truncatingIfNeeded: word % 2 == 1 ? value >> 32 : value)
  }

  /// One level: `generated` is the accumulator state the code was generated for, `value`/`held` what the
  /// accumulator really holds at run time.
  private static func level(
    _ start: Node, generated: Accumulator, value: UInt32, held: Accumulator, arguments: [UInt64], stale: inout Int?, layout: inout Layout
  ) -> Outcome {
    var first = start
    while let previous = first.levelPrevious { first = previous }
    var state = generated
    var value = value
    var held = held
    var current: Node? = first
    var previous: (node: Node, start: Accumulator)?
    while let node = current {
      let start = state
      if state.word != node.word || (node.mask & state.mask) != node.mask {
        state = Accumulator(word: node.word, mask: .max)
        value = word(node.word, of: arguments)
        held = state
      } else if let previous, layout.reloadPrepended(previous.node, start: previous.start, next: node) {
        // `_gen_bpf_build_bpf` prepended a reload: the block that placed this one ended on another word.
        value = word(start.word ?? 0, of: arguments) & start.mask
        held = start
      } else if held.word != state.word || held.mask != state.mask, stale == nil {
        stale = node.arg
      }
      previous = (node, start)
      if node.mask != state.mask {
        state.mask = node.mask
        value &= node.mask
        held.mask = held.mask & node.mask
      }
      let taken: Bool
      switch node.op {
      case .greaterThan: taken = value > node.datum
      case .greaterOrEqual: taken = value >= node.datum
      default: taken = value == node.datum
      }
      let next = taken ? node.nextTrue : node.nextFalse
      if let next {
        switch level(next, generated: state, value: value, held: held, arguments: arguments, stale: &stale, layout: &layout) {
        case .action(let action): return .action(action)
        case .fallThrough(let newValue, let newHeld): (value, held) = (newValue, newHeld)
        }
      } else if let action = taken ? node.actTrue : node.actFalse {
        return .action(action)
      }
      current = node.levelNext
    }
    return .fallThrough(value: value, held: held)
  }

  /// The accumulator state a node's block ends in (`_gen_bpf_node`).
  fileprivate static func end(of node: Node, from state: Accumulator) -> Accumulator {
    var result = state
    if result.word != node.word || (node.mask & result.mask) != node.mask { result = Accumulator(word: node.word, mask: .max) }
    if node.mask != result.mask { result.mask = node.mask }
    return result
  }

  /// Where `_gen_bpf_build_bpf` puts a sibling's block, and so whether it prepends a reload to it: blocks are pulled
  /// into the program depth first from the jumps of the block placed last (true branch before false), and a block
  /// gets a load of its start word when the block that pulled it in ends on another one (src/gen_bpf.c, "do we
  /// need to reload the accumulator?"). A sibling pulled in by its predecessor's own jump (the predecessor's true
  /// branch has neither subtree nor action) gets none, and the predecessor's false-branch subtree then falls
  /// through to it with its own argument loaded: the stale comparison. Checked against libseccomp 2.5.4.
  struct Layout {
    private var known: [Key: Bool] = [:]
    private struct Key: Hashable {
      var node: ObjectIdentifier
      var start: Accumulator
    }

    private enum Jump {
      case node(Node, start: Accumulator, after: JumpAfter)
      case outside
    }
    /// A level's `nxt_jump`: the parent's next sibling (with its start state) or somewhere outside.
    private final class JumpAfter {
      let jump: Jump
      init(_ jump: Jump) { self.jump = jump }
    }

    fileprivate mutating func reloadPrepended(_ previous: Node, start: Accumulator, next: Node) -> Bool {
      let key = Key(node: ObjectIdentifier(previous), start: start)
      if let answer = known[key] { return answer }
      var visited: Set<Key> = []
      let previousEnd = LibseccompTree.end(of: previous, from: start)
      let puller = Self.search(previous, start: start, after: JumpAfter(.outside), target: next, visited: &visited)
      let answer = puller.map { $0 != previousEnd } ?? false
      known[key] = answer
      return answer
    }

    /// The end state of the first block, depth first from `node`, that jumps to `target`.
    private static func search(
      _ node: Node, start: Accumulator, after: JumpAfter, target: Node, visited: inout Set<Key>
    ) -> Accumulator? {
      guard visited.insert(Key(node: ObjectIdentifier(node), start: start)).inserted else { return nil }
      let finish = LibseccompTree.end(of: node, from: start)
      let sibling: Jump = node.levelNext.map { .node($0, start: finish, after: after) } ?? after.jump
      for branch in [true, false] {
        let jump: Jump
        if let next = branch ? node.nextTrue : node.nextFalse {
          var head = next
          while let previous = head.levelPrevious { head = previous }
          jump = .node(head, start: finish, after: JumpAfter(sibling))
        } else if (branch ? node.actTrue : node.actFalse) != nil {
          continue
        } else {
          jump = sibling
        }
        guard case .node(let to, let toStart, let toAfter) = jump else { continue }
        if to === target { return finish }
        if let found = search(to, start: toStart, after: toAfter, target: target, visited: &visited) { return found }
      }
      return nil
    }
  }
}
