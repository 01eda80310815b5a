import ProfileModel
import SyscallTables

/// Classes 4(b) and 4(c): syscalls whose rules libseccomp merges into an argument tree that answers some calls
/// differently from the profile. For every syscall number with two or more conditional rules, the release's tree
/// (`LibseccompTree`) is run on argument vectors made of each condition's interesting values and compared with
/// what the profile says (`Decision.outcome`, undecided where matching rules disagree). A difference is
///   - 4(b) when the release has `_db_tree_add`'s false-branch typo and the fixed merge agrees with the profile
///     (GHSA-4q85-33p6-j5g6, fixed in 2.6.1);
///   - 4(c) when the wrong answer came from a comparison on a stale accumulator (`_gen_bpf_chain`, every release).
enum TreeMiscompilations {
  static let typoReleases = "2.4.0–2.6.0 (the 64-bit node merge of 2.4.0; fixed in 2.6.1)"
  static let typoReference =
    "GHSA-4q85-33p6-j5g6, https://github.com/seccomp/libseccomp/security/advisories/GHSA-4q85-33p6-j5g6 (libseccomp src/db.c _db_tree_add: `x_iter->act_t = n_iter->act_t` where act_f was meant; fixed by commit 700b140 in 2.6.1)"
  static let staleReleases = "2.5.4–2.6.1 (every release seclint knows; src/gen_bpf.c _gen_bpf_chain is unchanged in 2.6.1)"
  static let staleReference =
    "libseccomp src/gen_bpf.c _gen_bpf_chain/_gen_bpf_node (a level's siblings share one accumulator state; a subtree that loads another argument falls through to the next sibling, which does not reload)"

  /// At most this many argument vectors per syscall number.
  static let vectorLimit = 2048

  static func find(_ runc: RuncStage.Output, for target: Target) -> [Miscompilation] {
    var found: [Miscompilation] = []
    let typo = LibseccompTree.hasMergeTypo(target.libseccomp)
    for architecture in runc.architectures {
      let bits = architecture.bits
      let rules = LibseccompStage.rules(runc.applied, on: architecture, release: target.libseccomp)
      for number in rules.sharedNumbers {
        let onNumber = rules[number]
        // An unconditional rule replaces the tree whatever its place (`db_rule_add`); fewer than two conditional
        // rules build no siblings.
        guard !onNumber.contains(where: { $0.chain.isEmpty }) else { continue }
        let ordered = Array(onNumber)
        guard ordered.count > 1 else { continue }
        let pairs = ordered.map { (chain: $0.chain, action: $0.action) }
        var hit = false
        guard let tree = try? LibseccompTree.build(pairs, bits: bits, typo: typo, typoHit: &hit) else { continue }
        var fixedHit = false
        let fixed = hit ? try? LibseccompTree.build(pairs, bits: bits, typo: false, typoHit: &fixedHit) : nil
        let decision = LibseccompStage.decide(onNumber, defaultAction: runc.defaultAction)
        var layout = LibseccompTree.Layout()
        var fixedLayout = LibseccompTree.Layout()
        for vector in vectors(ordered.map(\.chain), bits: bits) {
          let expected = decision.outcome(for: vector, bits: bits)
          let run = LibseccompTree.run(tree, arguments: vector, layout: &layout)
          let actual = run.action ?? runc.defaultAction
          // 4(b): the release's merge and the fixed one answer differently (often where several rules match, which
          // the profile leaves to libseccomp; 2.6.1 gives the narrower range's action there).
          let fixedAction = fixed.map { LibseccompTree.run($0, arguments: vector, layout: &fixedLayout).action ?? runc.defaultAction }
          let isTypo = fixedAction.map { $0 != actual } ?? false
          guard isTypo || (expected != nil && actual != expected && run.stale) else { continue }
          let table = SyscallTable.forArchitecture(architecture)
          let name = table.name(forNumber: number) ?? "syscall \(number)"
          let matching = ordered.first { $0.chain.allSatisfy { $0.matches(vector[$0.index], bits: bits) } }
          let culprit = matching ?? ordered.first { $0.action == actual } ?? ordered[0]
          let call = "\(name)(\(vector.prefix(max(1, (ordered.flatMap(\.chain).map(\.index).max() ?? 0) + 1)).map(Self.format).joined(separator: ", ")))"
          let said: String
          if let expected {
            said = matching == nil ? "no rule matches it (the default action \(runc.defaultAction) applies)" : "the profile gives it \(expected)"
          } else {
            said = "libseccomp 2.6.1 gives it \(fixedAction ?? actual) (several rules with different actions match it)"
          }
          if isTypo {
            found.append(
              Miscompilation(
                architectures: [architecture], pointer: culprit.pointer, syscall: name,
                message: "libseccomp \(target.libseccomp.version) merges the rules on \(name) for \(architecture.token) wrongly: \(call) gets \(actual) where the fixed merge (2.6.1) gives \(fixedAction ?? actual)\(expected == nil ? " (several rules with different actions match it)" : ""); "
                  + "two rules with LT/LE/NE conditions on one argument whose values share the high 32 bits keep the first rule's action where the other was meant",
                fix: "use libseccomp 2.6.1 or later, or give these rules the same action, or express them without LT/LE/NE on values that share their high 32 bits (for example EQ on each value)",
                releases: typoReleases, reference: typoReference, onlySyscall: true, issueClass: "4(b)"))
          } else {
            found.append(
              Miscompilation(
                architectures: [architecture], pointer: culprit.pointer, syscall: name,
                message: "libseccomp \(target.libseccomp.version) compiles the rules on \(name) for \(architecture.token) so that \(call) gets \(actual) although \(said): "
                  + "the merged argument tree compares a stale argument (a test that follows another rule's subtree reuses the argument that subtree loaded)",
                fix: "write the `!=` condition on arg\(run.staleArgument ?? 0) of the rules on \(name) as two rules, one with SCMP_CMP_LT and one with SCMP_CMP_GT on the same value "
                  + "(libseccomp hangs a `!=` test's further conditions on its false branch and, when they fail, goes on to the next test of that argument without reloading it; "
                  + "the LT/GT pair does not, checked against libseccomp 2.5.4)",
                releases: staleReleases, reference: staleReference, onlySyscall: true, issueClass: "4(c)"))
          }
          break
        }
      }
    }
    return found
  }

  static func format(_ value: UInt64) -> String { value < 0x10000 ? String(value) : "0x" + String(value, radix: 16) }

  /// Argument vectors from each condition's interesting values (the value, either side of it, its low and high
  /// words alone, with a high bit added, and MASKED_EQ's matching and non-matching values), all combinations up
  /// to `vectorLimit`.
  static func vectors(_ chains: [ConditionChain], bits: Int) -> [[UInt64]] {
    var values: [Int: [UInt64]] = [:]
    var seen: [Int: Set<UInt64>] = [:]  // `values` as sets: thousands of conditions made the membership test quadratic
    for condition in chains.joined() where condition.index < 6 {
      let datum = condition.op == .maskedEqual ? condition.valueTwo & condition.value : condition.value
      var candidates: [UInt64] = [0, datum, datum &+ 1, datum &- 1, datum & 0xFFFF_FFFF, datum & 0xFFFF_FFFF_0000_0000,
                                  datum ^ 0x1_0000_0000, (datum & 0xFFFF_FFFF_0000_0000) &+ 0x1_0000_0000 | (datum & 0xFFFF_FFFF),
                                  datum &+ 0x1_0000_0000 &- 1]
      if condition.op == .maskedEqual { candidates += [datum | ~condition.value, datum ^ condition.value] }
      let width: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
      for candidate in candidates where seen[condition.index, default: []].insert(candidate & width).inserted {
        values[condition.index, default: []].append(candidate & width)
      }
    }
    var result: [[UInt64]] = [[UInt64](repeating: 0, count: 6)]
    for (index, options) in values.sorted(by: { $0.key < $1.key }) {
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
