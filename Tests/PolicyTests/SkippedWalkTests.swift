import Foundation
@testable import Policy
import ProfileModel
import SyscallTables
import Testing

/// `_db_tree_prune` runs `_db_tree_act_check` (a walk of a whole level and everything below it) at every node it
/// matches, but reads the answer only when the match makes one tree a prefix of the other; and it walks every
/// subtree that sorts before the new rule looking for a node equal to one of its own. seclint's replay skips the
/// action check when its answer is not read and the walk when `NodeIndex` shows nothing there can match, unless the
/// arena may hold a cyclic level (`ChainArena.mayHoldCycles`), where libseccomp's walks would never return. These
/// tests hold the skipping to libseccomp's own behaviour: the same database (every node, link, reference count and
/// syscall entry), the same errors and the same endless merges as walking everything.
struct SkippedWalkTests {
  static let rounds = Int(ProcessInfo.processInfo.environment["SECLINT_REPLAY_ROUNDS"] ?? "") ?? 3000

  /// A small deterministic generator (the tests must not depend on the system's random source).
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  /// Few comparisons per argument, so that rules share prefixes, subsets and equal nodes (the ones the replay test of
  /// `RefusalPruningTests` reaches cyclic levels with, and their neighbours).
  static let pool: [APIArgument] = [
    APIArgument(arg: 0, op: .eq, mask: .max, datum: 16), APIArgument(arg: 0, op: .ne, mask: .max, datum: 16),
    APIArgument(arg: 0, op: .maskedEq, mask: 0xFF, datum: 16),
    APIArgument(arg: 1, op: .ge, mask: .max, datum: 8), APIArgument(arg: 1, op: .lt, mask: .max, datum: 0x1_0000_0008),
    APIArgument(arg: 1, op: .eq, mask: .max, datum: 8), APIArgument(arg: 1, op: .gt, mask: .max, datum: 0x1_0000_0008),
    APIArgument(arg: 1, op: .le, mask: .max, datum: 8),
    APIArgument(arg: 2, op: .eq, mask: .max, datum: 61), APIArgument(arg: 2, op: .maskedEq, mask: 0xFF, datum: 61),
    APIArgument(arg: 2, op: .ne, mask: .max, datum: 61),
  ]

  /// Adds the same rules to a database that walks everything and to one that skips the walks it can, and
  /// compares them after every rule. Half the rounds use chains without shared nodes (only the last comparison may
  /// be `!=` or a range), where walks are skipped.
  @Test func skippedWalksChangeNothing() {
    var random = Generator(state: 0x13_2000)
    let abis = [ABI(Architecture.withToken("SCMP_ARCH_X86_64")!), ABI(Architecture.withToken("SCMP_ARCH_X86")!)]
    let actions: [UInt32] = [SeccompAction.allow.libseccompValue, SeccompAction.errno(1).libseccompValue, SeccompAction.trace(0).libseccompValue]
    var (skipped, endless, refused) = (0, 0, 0)
    for round in 0..<Self.rounds {
      let unshared = round % 2 == 0
      var eager = RuleDatabase(abi: abis[round / 2 % 2], fixedFalseMerge: round % 7 == 0)
      eager.arena.exhaustiveWalks = true
      var lazy = RuleDatabase(abi: eager.abi, fixedFalseMerge: round % 7 == 0)
      for _ in 0..<(2 + random.next(8)) {
        var arguments: [APIArgument] = []
        for arg in 0..<3 where random.next(2) == 0 {
          let choices = Self.pool.filter { $0.arg == arg }
          arguments.append(choices[random.next(choices.count)])
        }
        // Fresh values too, which no node holds yet (the index then spares the walk).
        if round % 4 == 0, !arguments.isEmpty {
          arguments[random.next(arguments.count)].datum = UInt64(random.next(40))
        }
        if unshared {
          // Only the last comparison may hang its successor below two nodes.
          for position in arguments.indices.dropLast() where arguments[position].op != .eq && arguments[position].op != .maskedEq {
            arguments[position].op = .eq
          }
        }
        let (number, action) = (Int32(random.next(round % 3 == 0 ? 2 : 1)), actions[random.next(actions.count)])
        let eagerResult = Result { () throws(DatabaseError) in try eager.add(number: number, action: action, arguments: arguments) }
        let lazyResult = Result { () throws(DatabaseError) in try lazy.add(number: number, action: action, arguments: arguments) }
        #expect(eagerResult.error == lazyResult.error, "round \(round)")
        #expect(eager.syscalls == lazy.syscalls && eager.arena.nodes == lazy.arena.nodes, "round \(round)")
        #expect(eager.arena.endless == lazy.arena.endless, "round \(round)")
        // Without shared nodes no walk meets a cycle.
        if !lazy.arena.mayHoldCycles { #expect(!eager.arena.endless, "round \(round)") }
        if eagerResult.error == .exists { refused += 1 }
        if eager.arena.endless { break }
      }
      if !lazy.arena.mayHoldCycles { skipped += 1 }
      if eager.arena.endless { endless += 1 }
    }
    // The rounds reach both kinds of arena and refusals. (Endless merges are compared too when they happen; these
    // rounds do not build one, `RefusalPruningTests.mergesThatLoopInLibseccompReturnInSeclint` checks the budget.)
    #expect(skipped > Self.rounds / 3 && Self.rounds - skipped > Self.rounds / 10 && refused > Self.rounds / 10, "\(skipped) skipping walks, \(refused) refused, \(endless) endless")
  }

  /// Two rules of many `!=` conditions each on one syscall (runc splits them into one rule per condition), with
  /// different actions: libseccomp refuses the second rule's first condition. Merging the first rule's conditions
  /// does not walk the whole tree per condition: the work grows with the conditions, not with their square.
  @Test func manyNotEqualConditionsMergeWithoutWalkingTheTree() throws {
    func steps(_ count: Int) throws -> (steps: Int, refusal: (failing: Int, existing: Int, endless: Bool, atLoad: Bool)?) {
      let chains = (0..<count).map { [ArgCondition(index: $0 % 6, op: .notEqual, value: UInt64($0))] }
      let entries = (chains + chains).enumerated().map { position, chain in
        LibseccompConflicts.Entry(order: position, rule: position < count ? 0 : 1, nodes: LibseccompConflicts.nodes(chain, bits: 64), chain: chain)
      }
      let architecture = Architecture.withToken("SCMP_ARCH_X86_64")!
      var database = RuleDatabase(abi: ABI(architecture))
      for entry in entries.prefix(count) {
        try database.add(number: 0, action: SeccompAction.allow.libseccompValue, arguments: entry.chain.map(APIArgument.init))
      }
      let refusal = LibseccompConflicts.exactRefusal(entries, actions: [.allow, .trace(0)], architecture: architecture, release: .debian2_5_4)
      return (database.arena.steps, refusal)
    }
    let (small, large) = (try steps(600), try steps(1200))
    #expect(small.refusal?.failing == 600 && small.refusal?.existing == 599 && small.refusal?.endless == false)
    #expect(large.refusal?.failing == 1200 && large.refusal?.existing == 1199 && large.refusal?.endless == false)
    // libseccomp's action checks and subtree walks visit the whole tree per condition.
    var eager = RuleDatabase(abi: ABI(Architecture.withToken("SCMP_ARCH_X86_64")!))
    eager.arena.exhaustiveWalks = true
    for position in 0..<1200 {
      try eager.add(number: 0, action: SeccompAction.allow.libseccompValue, arguments: [APIArgument(arg: position % 6, op: .ne, mask: .max, datum: UInt64(position))])
    }
    #expect(large.steps * 20 < eager.arena.steps, "\(large.steps) steps, \(eager.arena.steps) walking everything")
    // Twice the conditions, about twice the steps.
    #expect(large.steps < small.steps * 3, "\(small.steps) steps for 600 conditions, \(large.steps) for 1,200")
  }
}

extension Result {
  fileprivate var error: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
