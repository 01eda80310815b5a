import Foundation
import Policy
import ProfileModel
import SyscallTables

/// Compares seclint's evaluator with the real libseccomp (through `Scripts/runc-oracle.py`) on generated cases,
/// and counts agreement by class:
/// - `refusal`: both agree whether runc starts the container (enforced / unconfined / refused);
/// - `blocked`: every probed syscall with all-zero arguments gets the same action (what `blocked` lists);
/// - `args64` / `args32`: argument probes derived from each rule's conditions on 64-bit / 32-bit ABIs;
/// - `masked`: probes derived from MASKED_EQ conditions.
/// A case counts in a class when it has probes of that class, and agrees when all of them agree. Probes where
/// seclint predicts nothing (overlapping conditional rules; libseccomp's tree decides) are counted as undecided.
package enum Differential {
  package static let classes = ["refusal", "blocked", "args64", "args32", "masked"]

  package struct Disagreement: Sendable, CustomStringConvertible {
    package var caseIndex: Int
    package var kind: String
    package var detail: String
    package var profileText: String
    package var description: String { "case \(caseIndex) [\(kind)] \(detail)\n  profile: \(profileText)" }
  }

  package struct Summary: Sendable, CustomStringConvertible {
    package var cases = 0
    package var total: [String: Int] = [:]
    package var agreeing: [String: Int] = [:]
    package var probes = 0
    package var undecidedProbes = 0
    /// Disagreeing probes on ABIs where seclint reports a libseccomp miscompilation.
    package var explainedProbes = 0
    /// `explainedProbes` by class of issue #19 (4(a), 4(b), 4(c)), and the cases with such probes.
    package var explainedByClass: [String: Int] = [:]
    package var explainedCases: [String: Set<Int>] = [:]
    /// Disagreeing probes the oracle cannot answer as runc on that host would (see `compare`).
    package var oracleLimitedProbes = 0
    package var disagreements: [Disagreement] = []

    package var description: String {
      let parts = Differential.classes.map { "\($0) \(agreeing[$0, default: 0])/\(total[$0, default: 0])" }
      return "\(cases) cases: " + parts.joined(separator: ", ")
        + "; \(probes) probes, \(undecidedProbes) undecided by seclint, \(explainedProbes) differ where seclint reports a miscompilation ("
        + explainedByClass.sorted { $0.key < $1.key }.map { "class \($0.key): \($0.value) probes in \(explainedCases[$0.key]?.count ?? 0) cases" }.joined(separator: ", ")
        + "), \(oracleLimitedProbes) where the oracle resolves names for its own host"
    }

    mutating func merge(_ other: Summary) {
      cases += other.cases
      for (key, value) in other.total { total[key, default: 0] += value }
      for (key, value) in other.agreeing { agreeing[key, default: 0] += value }
      probes += other.probes
      undecidedProbes += other.undecidedProbes
      explainedProbes += other.explainedProbes
      for (key, value) in other.explainedByClass { explainedByClass[key, default: 0] += value }
      for (key, value) in other.explainedCases { explainedCases[key, default: []].formUnion(value) }
      oracleLimitedProbes += other.oracleLimitedProbes
      disagreements += other.disagreements
    }
  }

  struct Planned {
    var probe: RuncOracle.Probe
    var kind: String
    var label: String
    var predicted: SeccompAction?
  }

  /// Runs the cases in batches of `batch` per oracle process.
  package static func run(_ cases: [DifferentialCase], batch: Int = 50) throws -> Summary {
    var summary = Summary()
    var start = 0
    while start < cases.count {
      let slice = Array(cases[start..<min(start + batch, cases.count)])
      let plans = slice.map(plan)
      let answers = try RuncOracle.askBatch(
        slice.enumerated().map { (offset, item) in
          (profileText: item.profileText, target: item.target, probes: plans[offset].probes.map(\.probe))
        })
      for (offset, item) in slice.enumerated() {
        summary.merge(compare(item, plans[offset], answers[offset]))
      }
      start += batch
    }
    return summary
  }

  struct Plan {
    var policy: EffectivePolicy
    var probes: [Planned]
    /// Where `MiscompilationCheck` says the release's filter does not do what the profile says (an ABI token for a
    /// whole section, "TOKEN name" for one syscall) and the class: there a disagreement is the reported libseccomp
    /// bug (class 4), counted as explained.
    var miscompiled: [String: String] = [:]
  }

  static func plan(_ item: DifferentialCase) -> Plan {
    // Generated profiles are valid JSON; a load failure is a harness bug.
    let document = try! ProfileLoader.load(text: item.profileText, file: item.file ?? "case-\(item.index).json")
    let policy = Evaluator.evaluate(document, for: item.target)
    var probes: [Planned] = []
    var random = SeededRandom(seed: UInt64(item.index) &* 7919)
    let named = Set(policy.rules.map(\.name))
    for abi in policy.abis {
      let bits = abi.architecture.bits
      // Every syscall a rule names on this ABI, the multiplexers, and a few others (corpus cases: all of them).
      var chosen = abi.syscalls.filter { item.everySyscall || named.contains($0.name) || $0.name == "socketcall" || $0.name == "ipc" }
      for _ in 0..<(item.everySyscall ? 0 : 6) { if let other = abi.syscalls.randomElement(using: &random) { chosen.append(other) } }
      for syscall in chosen {
        let label = "\(abi.architecture.token) \(syscall.name)(\(syscall.number))"
        let zeros = [UInt64](repeating: 0, count: 6)
        probes.append(
          Planned(
            probe: .init(abi: abi.architecture.token, nr: syscall.number, args: zeros), kind: "blocked",
            label: label + " args 0", predicted: syscall.decision.outcome(for: zeros, bits: bits)))
        for (kind, vector) in argumentProbes(syscall.decision, bits: bits) {
          probes.append(
            Planned(
              probe: .init(abi: abi.architecture.token, nr: syscall.number, args: vector), kind: kind,
              label: label + " args \(vector.map { "0x" + String($0, radix: 16) })",
              predicted: syscall.decision.outcome(for: vector, bits: bits)))
        }
      }
    }
    var miscompiled: [String: String] = [:]
    for found in MiscompilationCheck.find(document, for: item.target) {
      for architecture in found.architectures {
        miscompiled[found.onlySyscall ? "\(architecture.token) \(found.syscall)" : architecture.token] = found.issueClass
      }
    }
    return Plan(policy: policy, probes: probes, miscompiled: miscompiled)
  }

  /// For every branch, vectors built from each condition's interesting values: the rule's value, its low 32 bits,
  /// one either side, and for MASKED_EQ the expected result with and without the mask applied.
  static func argumentProbes(_ decision: Decision, bits: Int) -> [(String, [UInt64])] {
    var result: [(String, [UInt64])] = []
    var seen: Set<[UInt64]> = [[UInt64](repeating: 0, count: 6)]
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    for branch in decision.branches {
      let masked = branch.conditions.contains { $0.op == .maskedEqual }
      let kind = masked ? "masked" : (bits == 32 ? "args32" : "args64")
      for variant in 0..<5 {
        var vector = [UInt64](repeating: 0, count: 6)
        for condition in branch.conditions where condition.index < 6 {
          let candidates: [UInt64]
          if condition.op == .maskedEqual {
            candidates = [condition.valueTwo & condition.value, condition.valueTwo, condition.valueTwo | ~condition.value,
                          (condition.valueTwo & condition.value) ^ 1, 0]
          } else {
            candidates = [condition.value, condition.value &+ 1, condition.value &- 1,
                          condition.value & 0xFFFF_FFFF, condition.value | 0x1_0000_0000]
          }
          vector[condition.index] = candidates[variant] & mask
        }
        if seen.insert(vector).inserted { result.append((kind, vector)) }
      }
    }
    return result
  }

  static func statusName(_ status: EffectivePolicy.Status) -> String {
    switch status {
    case .enforced: "enforced"
    case .unconfined: "unconfined"
    case .refused: "refused"
    }
  }

  static func compare(_ item: DifferentialCase, _ plan: Plan, _ answer: RuncOracle.Answer) -> Summary {
    var summary = Summary()
    summary.cases = 1
    summary.total["refusal"] = 1
    let ours = statusName(plan.policy.status)
    var message = ""
    if case .refused(let refusal) = plan.policy.status { message = refusal.message }
    guard ours == answer.status else {
      summary.disagreements.append(
        Disagreement(
          caseIndex: item.index, kind: "refusal",
          detail: "on \(item.target.architecture.token): seclint \(ours) \(message) vs libseccomp \(answer.status) \(answer.message)",
          profileText: item.file ?? item.profileText))
      return summary
    }
    summary.agreeing["refusal"] = 1
    guard answer.status == "enforced", answer.results.count == plan.probes.count else { return summary }
    var failed: Set<String> = []
    var present: Set<String> = []
    for (planned, result) in zip(plan.probes, answer.results) {
      summary.probes += 1
      present.insert(planned.kind)
      guard let predicted = planned.predicted else {
        summary.undecidedProbes += 1
        continue
      }
      if result.action != predicted.token || result.errno != predicted.errno {
        // The oracle's libseccomp resolves names for ITS host (x86_64), runc for the target host: on hosts that
        // have sys_debug_setcontext (ppc*), the oracle lands it on switch_endian and runc does not.
        if ["sys_debug_setcontext", "switch_endian"].contains(where: planned.label.contains),
          SyscallTable.forArchitecture(item.target.architecture).resolve("sys_debug_setcontext").exists
        {
          summary.oracleLimitedProbes += 1
          continue
        }
        let syscallKey = String(planned.label.prefix { $0 != "(" })
        if let issueClass = plan.miscompiled[planned.probe.abi] ?? plan.miscompiled[syscallKey] {
          summary.explainedProbes += 1
          summary.explainedByClass[issueClass, default: 0] += 1
          summary.explainedCases[issueClass, default: []].insert(item.index)
          continue
        }
        if !failed.contains(planned.kind) {
          summary.disagreements.append(
            Disagreement(
              caseIndex: item.index, kind: planned.kind,
              detail: "host \(item.target.architecture.token) runtime \(item.target.runtime.rawValue): \(planned.label): libseccomp \(result.action)(\(result.errno.map(String.init) ?? "-")) vs seclint \(predicted)",
              profileText: item.file ?? item.profileText))
        }
        failed.insert(planned.kind)
      }
    }
    for kind in present {
      summary.total[kind, default: 0] += 1
      if !failed.contains(kind) { summary.agreeing[kind, default: 0] += 1 }
    }
    return summary
  }
}
