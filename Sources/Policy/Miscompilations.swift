import ProfileModel
import SyscallTables

/// Where a libseccomp release's compiled filter does not do what the profile says (reported by the
/// `libseccomp-miscompiles` lint rule; `Evaluator` itself models what the profile says).
package struct Miscompilation: Sendable, Hashable {
  /// The ABIs of the affected filter section (x86_64 and x32 share one when both are in the filter).
  package var architectures: [Architecture]
  /// The rule that triggers it.
  package var pointer: JSONPointer
  package var syscall: String
  package var message: String
  package var fix: String
  /// The releases affected, and the upstream report.
  package var releases: String
  package var reference: String
  /// Whether only `syscall` on `architectures` is affected (classes 4(b), 4(c)) rather than the whole section.
  package var onlySyscall: Bool = false
  /// The class of issue #19 it belongs to: 4(a) section without a number load, 4(b) 64-bit merge typo,
  /// 4(c) stale accumulator, 4(e) a merged tree that leads into another rule's tests.
  package var issueClass: String = "4(a)"
  /// For classes 4(b), 4(c), 4(e): a call the release's filter answers as the message says (syscall number on the
  /// first architecture, arguments, the filter's action), so it can be checked against the compiled program.
  package var witness: Witness?

  package struct Witness: Sendable, Hashable {
    package var number: Int
    package var arguments: [UInt64]
    package var action: SeccompAction
  }
}

/// Class 4(a): a filter section whose first syscall block is a pseudo syscall never loads the syscall number.
///
/// libseccomp sorts a section's syscalls by priority (fewest argument-tree nodes first; ties by number, the
/// primary ABI's before the secondary's: `_sys_priority_sort`) and only the first block reloads the syscall
/// number into the accumulator after the arch check (`_gen_bpf_syscalls`: `s_iter == s_head ? acc_reset : false`).
/// When that first entry is a name absent from the ABI (a negative pseudo number, e.g. `vm86` on x86_64 or
/// x32), `_skip_syscall` drops its block and no block loads the number: every comparison sees the arch token,
/// and every syscall of the section gets the default action. Sections that skip the reload (x86_64 or x32 alone,
/// whose x32-bit check loads the number first) are safe. Present in src/gen_bpf.c of v2.5.4, v2.6.0 and v2.6.1.
package enum MiscompilationCheck {
  package static let releases = "2.5.4–2.6.1 (every release seclint knows; the loop is unchanged in 2.6.1)"

  package static func find(_ document: ProfileDocument, for target: Target, prepared: PreparedProfile? = nil) -> [Miscompilation] {
    find(EvaluationStages(document, for: target, prepared: prepared))
  }

  /// From stages already run for the target (lint shares them with its evaluations of the same host).
  package static func find(_ stages: EvaluationStages) -> [Miscompilation] {
    var memo = PolicyMemo()
    return find(stages, memo: &memo)
  }

  /// The same, remembering per-syscall results in `memo` for the other targets of the same profile.
  package static func find(_ stages: EvaluationStages, memo: inout PolicyMemo) -> [Miscompilation] {
    guard let runc = stages.runc else { return [] }
    let target = stages.target
    let arches = runc.architectures
    var sections: [[Architecture]] = []
    for arch in arches {
      let pairedX86 = arch.token == "SCMP_ARCH_X86_64" || arch.token == "SCMP_ARCH_X32"
      if pairedX86, let index = sections.firstIndex(where: { $0.contains { ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"].contains($0.token) } }) {
        sections[index].append(arch)
      } else {
        sections.append([arch])
      }
    }
    var found: [Miscompilation] = []
    // Each section's answer depends only on the applied rules (`runc.key`) and the section: remembered for the
    // profile's other targets.
    for section in sections {
      if let known = memo.sections.first(where: { $0.section == section && $0.key == runc.key }) {
        found += known.found
        continue
      }
      let inSection = sectionMiscompilations(section, runc, target: target)
      memo.sections.append((runc.key, section, inSection))
      found += inSection
    }
    found += TreeMiscompilations.find(runc, for: target, memo: &memo)
    return found
  }

  /// Class 4(a) in one filter section.
  private static func sectionMiscompilations(_ section: [Architecture], _ runc: RuncStage.Output, target: Target) -> [Miscompilation] {
    var found: [Miscompilation] = []
    let release = target.libseccomp
    do {
      // x86_64 or x32 alone: the section loads the number itself before its x32-bit check.
      if section.count == 1, ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"].contains(section[0].token) { return [] }
      // The first block's number; its rule is looked up only when the number is a pseudo one (rare).
      let head: (number: Int, rule: Int)
      if let number = firstUnconditionalNumber(section, runc, release: release) {
        guard number.value < 0 else { return [] }
        head = (number.value, firstRule(on: number.value, of: number.architecture, runc, release: release))
      } else {
        guard let weighted = firstWeightedBlock(section, runc, release: release), weighted.number < 0 else { return [] }
        head = weighted
      }
      // Some real syscall of the section has a rule that does something else than the default action.
      var nonDefault = false
      for architecture in section where !nonDefault {
        forEachPlacement(runc, on: architecture, release: release) { number, rule, _, _ in
          if number >= 0 && runc.applied[rule].action != runc.defaultAction { nonDefault = true }
        }
      }
      guard nonDefault else { return [] }
      let rule = runc.applied[head.rule]
      let names = section.map(\.token).joined(separator: "/")
      found.append(
        Miscompilation(
          architectures: section, pointer: rule.pointer, syscall: rule.name,
          message: "libseccomp \(target.libseccomp.version) miscompiles the \(names) section: its first syscall block is '\(rule.name)', "
            + "which does not exist there, so the syscall number is never loaded and every syscall of \(names) gets the default action "
            + "\(runc.defaultAction) (the profile's other rules do nothing on these ABIs)",
          fix: "add a syscall that exists on \(names) to a rule without conditions (for example to this rule's names), so the section's first block is a real syscall",
          releases: releases,
          reference: "libseccomp src/gen_bpf.c _gen_bpf_syscalls (acc_reset only on the first, possibly skipped, syscall)"))
    }
    return found
  }

  /// Each (syscall number, rule index in `runc.applied`, chain index in its `chains`, sub-call) libseccomp stores
  /// for runc's rules on `architecture`, in the order runc adds them; `subcall` is set where the chain is rewritten
  /// onto the socket/IPC multiplexer (`placedChain` builds that chain: most callers never need it).
  private static func forEachPlacement(
    _ runc: RuncStage.Output, on architecture: Architecture, release: LibseccompRelease,
    _ body: (_ number: Int, _ rule: Int, _ chain: Int, _ subcall: Int?) -> Void
  ) {
    let resolved = resolved(runc, on: architecture, release: release)
    let multiplexes = architecture.multiplexesSocketAndIPC
    for index in runc.applied.indices {
      let resolution = resolved[index]
      for chain in 0..<(runc.applied[index].unconditional ? 1 : runc.applied[index].chains.count) {
        switch resolution.kind {
        case .absent where multiplexes:
          continue  // `abi_rule_add` drops it (not strict): no entry at all
        case .direct, .absent: body(resolution.number, index, chain, nil)
        case .multiplexed:
          body(resolution.multiplexer, index, chain, resolution.subcall)
          // `abi_rule_add` also adds the rule on the direct number `_abi_syscall_demux` returns: for a call
          // without a direct syscall on this ABI that is its pseudo number (`semop` -201 on x86 and MIPS o32),
          // an entry `_skip_syscall` drops (src/syscalls.c, v2.5.4–v2.6.1; seen in 2.5.4's export_pfc).
          if let direct = resolution.directNumber {
            body(direct, index, chain, nil)
          } else if resolution.number < 0 {
            body(resolution.number, index, chain, nil)
          }
        case .unknown: continue
        }
      }
    }
  }

  /// The names as resolved for the target's filter on `architecture` (`RuncStage.Output.resolved`), else resolved here.
  private static func resolved(_ runc: RuncStage.Output, on architecture: Architecture, release: LibseccompRelease) -> [RowPlacement] {
    runc.architectures.firstIndex(of: architecture).flatMap { runc.resolved.indices.contains($0) ? runc.resolved[$0] : nil }
      ?? LibseccompStage.placements(runc.applied, on: architecture, release: release)
  }

  /// The chain a placement stores: the rule's own, or on the multiplexer `arg0 == subcall` first and the rule's
  /// conditions on arguments 1-5.
  private static func placedChain(_ runc: RuncStage.Output, rule: Int, chain: Int, subcall: Int?) -> ConditionChain {
    let original = runc.applied[rule].chains[chain]
    guard let subcall else { return original }
    return [ArgCondition(index: 0, op: .equal, value: UInt64(subcall))] + original.filter { $0.index != 0 }
  }

  /// libseccomp's order of a section's syscall entries (`_sys_priority_sort`): by priority, then by unsigned number
  /// (pseudo, negative, numbers last), the section's ABIs in turn. An entry with an unconditional rule has priority
  /// 0, lower than any conditional entry's (at least one node), so when the section has one, the first block is the
  /// first such entry: found by scanning the rules, without grouping them by number. Returns the entry's number and
  /// its ABI; nil when no entry is unconditional.
  static func firstUnconditionalNumber(
    _ section: [Architecture], _ runc: RuncStage.Output, release: LibseccompRelease
  ) -> (value: Int, architecture: Architecture)? {
    for architecture in section {
      let bits = architecture.bits
      let resolved = resolved(runc, on: architecture, release: release)
      let multiplexes = architecture.multiplexesSocketAndIPC
      var lowest: (key: UInt32, number: Int)?
      // `forEachPlacement`'s entries without a sub-call, by rule: only a rule with a chain that is unconditional on
      // this ABI can give one (conditions libseccomp drops as always true leave an unconditional rule; a chain on
      // the multiplexer always keeps its `arg0 == subcall`), and all its chains land on the same number.
      for index in runc.applied.indices {
        let resolution = resolved[index]
        let number: Int
        switch resolution.kind {
        case .absent where multiplexes, .unknown: continue
        case .direct, .absent: number = resolution.number
        case .multiplexed:
          guard let direct = resolution.directNumber ?? (resolution.number < 0 ? resolution.number : nil) else { continue }
          number = direct
        }
        let key = UInt32(truncatingIfNeeded: number)
        guard lowest.map({ key < $0.key }) ?? true,
          runc.applied[index].unconditional
            || runc.applied[index].chains.contains(where: { $0.allSatisfy { $0.isTautology(bits: bits) } })
        else { continue }
        lowest = (key, number)
      }
      if let lowest { return (lowest.number, architecture) }
    }
    return nil
  }

  /// The first rule stored on `number` of `architecture` (the rule libseccomp's entry for it names).
  static func firstRule(on number: Int, of architecture: Architecture, _ runc: RuncStage.Output, release: LibseccompRelease) -> Int {
    var first: Int?
    forEachPlacement(runc, on: architecture, release: release) { placed, rule, _, _ in
      if first == nil && placed == number { first = rule }
    }
    return first ?? 0
  }

  /// The first block when every entry of the section is conditional: each number's priority is libseccomp's
  /// `node_cnt`, and a stable sort by it keeps the order by unsigned number.
  static func firstWeightedBlock(
    _ section: [Architecture], _ runc: RuncStage.Output, release: LibseccompRelease
  ) -> (number: Int, rule: Int)? {
    var entries: [(number: Int, nodes: Int, rule: Int)] = []
    for architecture in section {
      var perNumber: [Int: (prefixes: Set<[LibseccompConflicts.Node]>, rule: Int)] = [:]
      forEachPlacement(runc, on: architecture, release: release) { number, rule, chain, subcall in
        let nodes = LibseccompConflicts.nodes(placedChain(runc, rule: rule, chain: chain, subcall: subcall), bits: architecture.bits)
        var entry = perNumber[number] ?? (prefixes: [], rule: rule)
        // Every distinct prefix is one tree node (64-bit comparisons take 2-3 BPF nodes each).
        for length in 1...max(nodes.count, 1) where !nodes.isEmpty { entry.prefixes.insert(Array(nodes.prefix(length))) }
        perNumber[number] = entry
      }
      // Numbers as libseccomp's unsigned `num` sorts them: pseudo (negative) numbers last.
      let numbers = perNumber.keys.sorted { UInt32(truncatingIfNeeded: $0) < UInt32(truncatingIfNeeded: $1) }
      for number in numbers {
        guard let entry = perNumber[number] else { continue }
        // libseccomp's `node_cnt`: a 64-bit comparison is 2 nodes (EQ, NE, MASKED_EQ) or 3 (GT, GE, LT, LE) in
        // `_db_rule_gen_64`, a 32-bit one 1; shared prefixes count once.
        let weight = entry.prefixes.reduce(0) { total, prefix in
          guard let last = prefix.last else { return total }
          if architecture.bits != 64 { return total + 1 }
          return total + ([.equal, .maskedEqual].contains(last.op) ? 2 : 3)
        }
        entries.append((number, weight, entry.rule))
      }
    }
    guard let lightest = entries.map(\.nodes).min(), let head = entries.first(where: { $0.nodes == lightest }) else { return nil }
    return (head.number, head.rule)
  }
}
