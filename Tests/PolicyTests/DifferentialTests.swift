import Foundation
import Policy
import Testing
import TestSupport

/// seclint's evaluator against the real libseccomp 2.5.4 + runc's stub on generated hostile-but-valid profiles.
/// The suite runs a small fixed sample; `Scripts/differential.sh CASES SEED` runs long ones (same code, through
/// `SECLINT_DIFF_CASES` / `SECLINT_DIFF_SEED`) and prints agreement by class.
@Suite(.enabled(if: RuncOracle.isAvailable, "needs python3-seccomp for /usr/bin/python3.11; skipped"))
struct DifferentialTests {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  @Test func generatedProfilesAgreeWithLibseccomp() throws {
    let count = Int(Self.environment["SECLINT_DIFF_CASES"] ?? "") ?? 120
    let seed = UInt64(Self.environment["SECLINT_DIFF_SEED"] ?? "") ?? 19
    let cases = ProfileGenerator.cases(seed: seed, count: count)
    let summary = try Differential.run(cases)
    print("differential: seed \(seed), \(summary)")
    for (kind, total) in summary.total.sorted(by: { $0.key < $1.key }) {
      print("differential: class \(kind): \(summary.agreeing[kind, default: 0])/\(total) cases agree")
    }
    for disagreement in summary.disagreements.prefix(Int(Self.environment["SECLINT_DIFF_SHOW"] ?? "") ?? 40) {
      print("differential: \(disagreement)")
    }
    #expect(summary.cases == count)
    #expect(summary.probes > count * 5, "probes actually ran")
    // Known, unmodelled (libseccomp's argument tree for overlapping rules, classes 4(b)/4(c): a merged tree that
    // re-tests a sibling against a stale accumulator, and -EEXIST between overlapping range rules on one
    // argument). Seed 19: cases 45 (refusal), 46 and 116 (argument probes) of the first 120. Any other case that
    // disagrees is a regression.
    let known: Set<Int> = seed == 19 ? [45, 46, 116, 207, 279] : []
    let unexpected = summary.disagreements.filter { !known.contains($0.caseIndex) }
    #expect(unexpected.isEmpty, "\(unexpected.count) disagreements; first: \(unexpected.first.map(String.init(describing:)) ?? "")")
  }

  @Test func generatorIsDeterministic() {
    let a = ProfileGenerator.cases(seed: 7, count: 20).map(\.profileText)
    let b = ProfileGenerator.cases(seed: 7, count: 20).map(\.profileText)
    #expect(a == b)
    #expect(Set(a).count == 20)
  }
}
