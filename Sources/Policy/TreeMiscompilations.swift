import ProfileModel
import SyscallTables

/// Classes 4(b) and 4(c): syscalls whose rules libseccomp merges into an argument tree that answers some calls
/// differently from the profile. For every syscall number with two or more conditional rules, the release's tree
/// (`LibseccompTree`) is run on argument vectors made of each condition's interesting values and compared with
/// what the profile says (`Decision.outcome`, undecided where matching rules disagree). A difference is
///   - 4(b) when the release has `_db_tree_add`'s false-branch typo and the fixed merge agrees with the profile
///     (GHSA-4q85-33p6-j5g6, fixed in 2.6.1);
///   - 4(c) when the wrong answer came from a comparison on a stale accumulator (`_gen_bpf_chain`, every release);
///   - 4(e) otherwise: the merged tree itself leads the call into another rule's remaining tests after one of that
///     rule's conditions failed. `_db_rule_gen_64` makes a 64-bit comparison's word nodes share their next node
///     (both words of an `!=` jump to the rule's next test on false); `_db_tree_add` links a new rule's node into
///     the level it joins, so the shared node's other parent reaches the existing rule's tests too (differential
///     case 9130: `socket(0x80000000, -9)` on mips64el trapped by a rule whose `arg0 != 0x80000000` it fails).
enum TreeMiscompilations {
  static let typoReleases = "2.4.0–2.6.0 (the 64-bit node merge of 2.4.0; fixed in 2.6.1)"
  static let typoReference =
    "GHSA-4q85-33p6-j5g6, https://github.com/seccomp/libseccomp/security/advisories/GHSA-4q85-33p6-j5g6 (libseccomp src/db.c _db_tree_add: `x_iter->act_t = n_iter->act_t` where act_f was meant; fixed by commit 700b140 in 2.6.1)"
  static let staleReleases = "2.5.4–2.6.1 (every release seclint knows; src/gen_bpf.c _gen_bpf_chain is unchanged in 2.6.1)"
  static let staleReference =
    "libseccomp src/gen_bpf.c _gen_bpf_chain/_gen_bpf_node (a level's siblings share one accumulator state; a subtree that loads another argument falls through to the next sibling, which does not reload)"

  static let sharedReference =
    "libseccomp src/db.c _db_rule_gen_64 (the high- and low-word nodes of one comparison jump to the same next node) and _db_tree_add (a new node is linked into the existing level it lands on: `n_iter->lvl_prv`/`lvl_nxt`, so every parent of the shared node now reaches that level)"

  /// At most this many argument vectors per syscall number.
  static let vectorLimit = 2048

  static func find(_ runc: RuncStage.Output, for target: Target, memo: inout PolicyMemo) -> [Miscompilation] {
    var found: [Miscompilation] = []
    for (abi, architecture) in runc.architectures.enumerated() {
      // Each ABI's findings depend only on the applied rules (`runc.key`) and the ABI: remembered for the
      // profile's other targets.
      if let known = memo.treeFindings.first(where: { $0.architecture == architecture && $0.key == runc.key }) {
        found += known.found
        continue
      }
      let onABI = find(runc, abi: abi, for: target, memo: &memo)
      memo.treeFindings.append((runc.key, architecture, onABI))
      found += onABI
    }
    return found
  }

  /// The findings on the ABI at `abi` of `runc.architectures`.
  private static func find(_ runc: RuncStage.Output, abi: Int, for target: Target, memo: inout PolicyMemo) -> [Miscompilation] {
    var found: [Miscompilation] = []
    let typo = LibseccompTree.hasMergeTypo(target.libseccomp)
    let architecture = runc.architectures[abi]
    do {
      let bits = architecture.bits
      for (number, onNumber) in LibseccompStage.conditionalSharedRules(
        runc.applied, resolved: runc.resolved[abi], bits: bits, conditionalRules: runc.conditionalRules) {
        // An unconditional rule replaces the tree whatever its place (`db_rule_add`); fewer than two conditional
        // rules build no siblings.
        guard !onNumber.contains(where: { $0.chain.isEmpty }) else { continue }
        let ordered = Array(onNumber)
        guard ordered.count > 1 else { continue }
        let key = PolicyMemo.Key(
          bits: bits, typo: typo, defaultAction: runc.defaultAction, rules: ordered.map { .init(chain: $0.chain, action: $0.action) })
        let searched: Finding?
        if let known = memo.trees.first(where: { $0.key == key }) {
          searched = known.finding
        } else {
          searched = search(ordered, bits: bits, typo: typo, defaultAction: runc.defaultAction)
          memo.trees.append((key, searched))
        }
        guard let finding = searched else { continue }
        let (vector, run, expected, actual, fixedAction) = (finding.vector, finding.run, finding.expected, finding.actual, finding.fixedAction)
        let table = SyscallTable.forArchitecture(architecture)
        let name = table.name(forNumber: number) ?? "syscall \(number)"
        let matching = finding.matching.map { ordered[$0] }
        let culprit = matching ?? ordered.first { $0.action == actual } ?? ordered[0]
        let call = "\(name)(\(vector.prefix(max(1, (ordered.flatMap(\.chain).map(\.index).max() ?? 0) + 1)).map(Self.format).joined(separator: ", ")))"
        let witness = Miscompilation.Witness(number: number, arguments: vector, action: actual)
        let said: String
        if let expected {
          said = matching == nil ? "no rule matches it (the default action \(runc.defaultAction) applies)" : "the profile gives it \(expected)"
        } else {
          said = "libseccomp 2.6.1 gives it \(fixedAction ?? actual) (several rules with different actions match it)"
        }
        if finding.isTypo {
          found.append(
            Miscompilation(
              architectures: [architecture], pointer: culprit.pointer, syscall: name,
              message: "libseccomp \(target.libseccomp.version) merges the rules on \(name) for \(architecture.token) wrongly: \(call) gets \(actual) where the fixed merge (2.6.1) gives \(fixedAction ?? actual)\(expected == nil ? " (several rules with different actions match it)" : ""); "
                + "two rules with LT/LE/NE conditions on one argument whose values share the high 32 bits keep the first rule's action where the other was meant",
              fix: "use libseccomp 2.6.1 or later, or give these rules the same action, or express them without LT/LE/NE on values that share their high 32 bits (for example EQ on each value)",
              releases: typoReleases, reference: typoReference, onlySyscall: true, issueClass: "4(b)", witness: witness))
        } else if !run.stale {
          found.append(
            Miscompilation(
              architectures: [architecture], pointer: culprit.pointer, syscall: name,
              message: "libseccomp \(target.libseccomp.version) compiles the rules on \(name) for \(architecture.token) so that \(call) gets \(actual) although \(said): "
                + "the merged argument tree reaches another rule's remaining tests after a condition of that rule failed (a 64-bit condition's word tests share their "
                + "next node, and merging links the other rule's tests beside that shared node)",
              fix: "no other spelling of these conditions avoids it (an SCMP_CMP_LT/SCMP_CMP_GT pair shares its word nodes the same way, checked with seclint's model of 2.5.4); "
                + "check the program with `seclint bpf`, and where the call matters use one rule per value (SCMP_CMP_EQ) instead of the `!=` or range condition on the argument the rules share",
              releases: staleReleases, reference: sharedReference, onlySyscall: true, issueClass: "4(e)", witness: witness))
        } else {
          found.append(
            Miscompilation(
              architectures: [architecture], pointer: culprit.pointer, syscall: name,
              message: "libseccomp \(target.libseccomp.version) compiles the rules on \(name) for \(architecture.token) so that \(call) gets \(actual) although \(said): "
                + "the merged argument tree compares a stale argument (a test that follows another rule's subtree reuses the argument that subtree loaded)",
              fix: "write the `!=` condition on arg\(run.staleArgument ?? 0) of the rules on \(name) as two rules, one with SCMP_CMP_LT and one with SCMP_CMP_GT on the same value "
                + "(libseccomp hangs a `!=` test's further conditions on its false branch and, when they fail, goes on to the next test of that argument without reloading it; "
                + "the LT/GT pair does not, checked against libseccomp 2.5.4)",
              releases: staleReleases, reference: staleReference, onlySyscall: true, issueClass: "4(c)", witness: witness))
        }
      }
    }
    return found
  }

  /// The first argument vector on which the release's tree for one syscall number's rules does not do what the
  /// profile says. It depends only on the rules' chains and actions, the ABI's width, the release's merge and the
  /// default action — not on which ABI or host — so lint remembers it across hosts (`PolicyMemo`).
  struct Finding: Sendable {
    var vector: [UInt64]
    var run: LibseccompTree.Run
    var expected: SeccompAction?
    var actual: SeccompAction
    var fixedAction: SeccompAction?
    var isTypo: Bool
    /// The first rule (index into the rules searched) whose conditions the vector meets.
    var matching: Int?
  }

  static func search(_ ordered: [LibseccompStage.FilterRule], bits: Int, typo: Bool, defaultAction: SeccompAction) -> Finding? {
    let pairs = ordered.map { (chain: $0.chain, action: $0.action) }
    var hit = false
    guard let tree = try? LibseccompTree.build(pairs, bits: bits, typo: typo, typoHit: &hit) else { return nil }
    var fixedHit = false
    var runner = LibseccompTree.Runner(tree)
    var fixed = (hit ? try? LibseccompTree.build(pairs, bits: bits, typo: false, typoHit: &fixedHit) : nil).map(LibseccompTree.Runner.init)
    let decision = LibseccompStage.decide(ordered, defaultAction: defaultAction)
    for vector in vectors(ordered.map(\.chain), bits: bits) {
      let expected = decision.outcome(for: vector, bits: bits)
      let run = runner.run(vector)
      guard !run.endless else { return nil }
      let actual = run.action ?? defaultAction
      // 4(b): the release's merge and the fixed one answer differently (often where several rules match, which
      // the profile leaves to libseccomp; 2.6.1 gives the narrower range's action there).
      var fixedAction: SeccompAction?
      if fixed != nil { fixedAction = fixed?.run(vector).action ?? defaultAction }
      let isTypo = fixedAction.map { $0 != actual } ?? false
      guard isTypo || (expected != nil && actual != expected) else { continue }
      let matching = ordered.firstIndex { $0.chain.allSatisfy { $0.matches(vector[$0.index], bits: bits) } }
      return Finding(
        vector: vector, run: run, expected: expected, actual: actual, fixedAction: fixedAction, isTypo: isTypo, matching: matching)
    }
    return nil
  }

  static func format(_ value: UInt64) -> String { value < 0x10000 ? String(value) : "0x" + String(value, radix: 16) }

  /// Argument vectors from each condition's interesting values (the value, either side of it, its low and high
  /// words alone, with a high bit added, and MASKED_EQ's matching and non-matching values), all combinations up
  /// to `vectorLimit`.
  static func vectors(_ chains: [ConditionChain], bits: Int) -> [[UInt64]] {
    // By argument index (0-5): an array, not a dictionary (whose generic type alone costs more to set up at run
    // time than the few values it would hold).
    var values = [[UInt64]](repeating: [], count: 6)
    // `values` as sets too: thousands of conditions on one index made a linear membership test quadratic. The
    // sets are created only once a list grows past a few values (small profiles never pay for them).
    var seen = [Set<UInt64>](repeating: [], count: 6)
    for condition in chains.joined() where condition.index >= 0 && condition.index < 6 {
      let datum = condition.op == .maskedEqual ? condition.valueTwo & condition.value : condition.value
      var candidates: [UInt64] = [0, datum, datum &+ 1, datum &- 1, datum & 0xFFFF_FFFF, datum & 0xFFFF_FFFF_0000_0000,
                                  datum ^ 0x1_0000_0000, (datum & 0xFFFF_FFFF_0000_0000) &+ 0x1_0000_0000 | (datum & 0xFFFF_FFFF),
                                  datum &+ 0x1_0000_0000 &- 1]
      if condition.op == .maskedEqual { candidates += [datum | ~condition.value, datum ^ condition.value] }
      let width: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
      for candidate in candidates {
        let value = candidate & width
        if values[condition.index].count < 32 {
          guard !values[condition.index].contains(value) else { continue }
          if values[condition.index].count == 31 { seen[condition.index] = Set(values[condition.index] + [value]) }
        } else {
          guard seen[condition.index].insert(value).inserted else { continue }
        }
        values[condition.index].append(value)
      }
    }
    var result: [[UInt64]] = [[UInt64](repeating: 0, count: 6)]
    for (index, options) in values.enumerated() where !options.isEmpty {
      var next: [[UInt64]] = []
      for vector in result {
        for option in options {
          var copy = vector
          copy[index] = option
          next.append(copy)
          if next.count >= vectorLimit { break }
        }
        if next.count >= vectorLimit { break }
      }
      result = next
    }
    return result
  }
}
