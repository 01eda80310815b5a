@testable import Policy
import Testing

/// `LibseccompConflicts.replay` looks chains up by prefix instead of comparing each with every kept one; it must
/// refuse exactly the rule (and name exactly the existing rule) that the step-by-step model of libseccomp's tree
/// does, on random chains that share prefixes, repeat, extend each other and mix actions.
struct ConflictReplayTests {
  typealias Node = LibseccompConflicts.Node

  /// The model as written first (src/db.c `_db_tree_add`, `_db_tree_act_check`, `_db_tree_prune`): compare the
  /// new chain with every kept one.
  static func reference(_ entries: [LibseccompConflicts.Entry], actions: [SeccompAction]) -> (Int, Int)? {
    var unconditional = false
    var kept: [LibseccompConflicts.Entry] = []
    for entry in entries {
      if unconditional { continue }
      if entry.nodes.isEmpty {
        unconditional = true
        kept = []
        continue
      }
      if let clash = kept.first(where: { actions[$0.rule] != actions[entry.rule] && $0.nodes.starts(with: entry.nodes) }) {
        return (entry.order, clash.order)
      }
      if kept.contains(where: { entry.nodes.starts(with: $0.nodes) }) { continue }
      kept.removeAll { actions[$0.rule] == actions[entry.rule] && $0.nodes.starts(with: entry.nodes) }
      kept.append(entry)
    }
    return nil
  }

  @Test func agreesWithTheStepByStepModel() {
    var state: UInt64 = 0x5EC1_1357
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    // Few distinct nodes, so chains often share prefixes, repeat or extend one another.
    let alphabet = (0..<3).map { Node(index: $0 % 2, op: .equal, datum: UInt64($0), mask: .max, onTrue: $0 != 1) }
    let actionChoices: [SeccompAction] = [.allow, .errno(1), .log]
    var refused = 0
    var withoutPrefixPairs = 0
    for _ in 0..<3000 {
      let count = 1 + next(12)
      // Mostly one action (pruning), sometimes another (clashes).
      let actions = (0..<count).map { _ in next(3) == 0 ? actionChoices[next(3)] : .allow }
      let entries = (0..<count).map { position in
        LibseccompConflicts.Entry(
          order: position, rule: position,
          nodes: next(25) == 0 ? [] : (0..<(1 + next(3))).map { _ in alphabet[next(alphabet.count)] }, chain: [])
      }
      let expected = Self.reference(entries, actions: actions)
      let actual = LibseccompConflicts.replay(entries, actions: actions).map { ($0.failing.order, $0.existing.order) }
      #expect(actual?.0 == expected?.0 && actual?.1 == expected?.1, "\(entries) \(actions)")
      // The direct comparison `firstRefusal` uses for a few entries answers the same.
      let direct = LibseccompConflicts.replayDirectly(entries, actions: actions).map { ($0.failing.order, $0.existing.order) }
      #expect(direct?.0 == expected?.0 && direct?.1 == expected?.1, "\(entries) \(actions)")
      if expected != nil { refused += 1 }
      // `firstRefusal` skips the replay when no chain is a prefix of (or equal to) another: the neighbour check
      // must find every such pair (checked against comparing all pairs).
      let nonEmpty = entries.filter { !$0.nodes.isEmpty }
      let anyPair = nonEmpty.indices.contains { a in nonEmpty.indices.contains { b in a != b && nonEmpty[b].nodes.starts(with: nonEmpty[a].nodes) } }
      #expect(LibseccompConflicts.hasPrefixPair(nonEmpty) == anyPair, "\(nonEmpty)")
      if !anyPair { #expect(LibseccompConflicts.replay(nonEmpty, actions: actions) == nil) }
      if !anyPair { withoutPrefixPairs += 1 }
    }
    // Both outcomes are exercised, and sets of chains without prefix pairs too.
    #expect(refused > 300 && refused < 2700, "\(refused) refusals out of 3000")
    #expect(withoutPrefixPairs > 100, "\(withoutPrefixPairs) sets without prefix pairs")
  }
}
