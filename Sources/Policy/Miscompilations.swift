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
  /// 4(c) stale accumulator.
  package var issueClass: String = "4(a)"
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
    for section in sections {
      // x86_64 or x32 alone: the section loads the number itself before its x32-bit check.
      if section.count == 1, ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"].contains(section[0].token) { continue }
      var entries: [(number: Int, nodes: Int, rule: AppliedRule?, nonDefault: Bool)] = []
      for architecture in section {
        var perNumber: [Int: (nodes: Set<[LibseccompConflicts.Node]>, unconditional: Bool, rule: AppliedRule, nonDefault: Bool)] = [:]
        let table = SyscallTable.forArchitecture(architecture)
        for rule in runc.applied {
          let resolution = target.libseccomp.resolve(row: rule.row, name: rule.name, in: table)
          for chain in rule.chains {
            var placements: [(Int, ConditionChain)] = []
            switch resolution.kind {
            case .absent where architecture.multiplexesSocketAndIPC:
              continue  // `abi_rule_add` drops it (not strict): no entry at all
            case .direct, .absent: placements.append((resolution.number, chain))
            case .multiplexed(_, let multiplexer, let subcall):
              placements.append((multiplexer, [ArgCondition(index: 0, op: .equal, value: UInt64(subcall))] + chain.filter { $0.index != 0 }))
              // `abi_rule_add` also adds the rule on the direct number `_abi_syscall_demux` returns: for a call
              // without a direct syscall on this ABI that is its pseudo number (`semop` -201 on x86 and MIPS o32),
              // an entry `_skip_syscall` drops (src/syscalls.c, v2.5.4–v2.6.1; seen in 2.5.4's export_pfc).
              if let direct = resolution.directNumber { placements.append((direct, chain)) } else if resolution.number < 0 {
                placements.append((resolution.number, chain))
              }
            case .unknown: continue
            }
            for (number, placed) in placements {
              let nodes = LibseccompConflicts.nodes(placed, bits: architecture.bits)
              var entry = perNumber[number] ?? (nodes: [], unconditional: false, rule: rule, nonDefault: false)
              if nodes.isEmpty { entry.unconditional = true }
              // Every distinct prefix is one tree node (64-bit comparisons take 2-3 BPF nodes each; the
              // ordering below only needs "no conditions" versus "some").
              for length in 1...max(nodes.count, 1) where !nodes.isEmpty { entry.nodes.insert(Array(nodes.prefix(length))) }
              entry.nonDefault = entry.nonDefault || rule.action != runc.defaultAction
              perNumber[number] = entry
            }
          }
        }
        // Numbers as libseccomp's unsigned `num` sorts them: pseudo (negative) numbers last. Only the keys are
        // sorted: sorting the entries moved a set and a rule per comparison (most of `lint`'s time on moby).
        let numbers = perNumber.keys.sorted { UInt32(truncatingIfNeeded: $0) < UInt32(truncatingIfNeeded: $1) }
        for number in numbers {
          guard let entry = perNumber[number] else { continue }
          // libseccomp's `node_cnt` (the priority: fewer first): a 64-bit comparison is 2 nodes (EQ, NE, MASKED_EQ)
          // or 3 (GT, GE, LT, LE) in `_db_rule_gen_64`, a 32-bit one 1; shared prefixes count once.
          let weight = entry.unconditional ? 0 : entry.nodes.reduce(0) { total, prefix in
            guard let last = prefix.last else { return total }
            if architecture.bits != 64 { return total + 1 }
            return total + ([.equal, .maskedEqual].contains(last.op) ? 2 : 3)
          }
          entries.append((number, weight, entry.rule, entry.nonDefault))
        }
      }
      // Stable sort by priority: fewest nodes first.
      guard let lightest = entries.map(\.nodes).min(),
        let head = entries.first(where: { $0.nodes == lightest }), head.number < 0, let rule = head.rule,
        entries.contains(where: { $0.number >= 0 && $0.nonDefault })
      else { continue }
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
    found += TreeMiscompilations.find(runc, for: target)
    return found
  }
}
