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
  }

  private struct Accumulator {
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
    guard let chains = entry.chains else { return Run(action: entry.action) }
    var stale = false
    let outcome = level(
      chains, generated: Accumulator(word: nil, mask: .max), value: 0, held: Accumulator(word: nil, mask: .max),
      arguments: arguments, stale: &stale)
    if case .action(let action) = outcome { return Run(action: action, stale: stale) }
    return Run(action: nil, stale: stale)
  }

  private static func word(_ word: Int, of arguments: [UInt64]) -> UInt32 {
    let index = word / 2
    let value = arguments.indices.contains(index) ? arguments[index] : 0
    return UInt32(truncatingIfNeeded: word % 2 == 1 ? value >> 32 : value)
  }

  /// One level: `generated` is the accumulator state the code was generated for, `value`/`held` what the
  /// accumulator really holds at run time.
  private static func level(
    _ start: Node, generated: Accumulator, value: UInt32, held: Accumulator, arguments: [UInt64], stale: inout Bool
  ) -> Outcome {
    var first = start
    while let previous = first.levelPrevious { first = previous }
    var state = generated
    var value = value
    var held = held
    var current: Node? = first
    while let node = current {
      if state.word != node.word || (node.mask & state.mask) != node.mask {
        state = Accumulator(word: node.word, mask: .max)
        value = word(node.word, of: arguments)
        held = state
      } else if held.word != state.word || held.mask != state.mask {
        stale = true
      }
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
        switch level(next, generated: state, value: value, held: held, arguments: arguments, stale: &stale) {
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
}
