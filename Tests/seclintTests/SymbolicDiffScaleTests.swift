import Foundation
import Testing
import TestSupport
@testable import seclint

/// The symbolic diff names each alternative condition once, and probes each distinct pair of decisions once
/// (most targets decide a syscall alike), so a rule with many argument conditions costs its conditions, not
/// conditions × targets.
@Suite struct SymbolicDiffScaleTests {
  func profile(_ args: [(Int, Int)]) throws -> String {
    let conditions = args.map { #"{"index": \#($0.0), "value": \#($0.1), "op": "SCMP_CMP_EQ"}"# }.joined(separator: ", ")
    return try temporaryProfile(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [\#(conditions)]}]}"#)
  }

  @Test func identicalConditionsAreNamedOnce() throws {
    // arg0 repeats, so runc adds one rule per condition: arg0 == 8 three times is one alternative.
    let repeated = try profile([(0, 8), (0, 8), (0, 16), (0, 8)])
    let plain = try profile([(0, 8), (0, 16)])
    let none = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let run = runCLI(["diff", none, repeated])
    #expect(run.code == .findings)
    #expect(run.stdout.contains("ALLOW when arg0 == 16 or arg0 == 8; otherwise"), "\(run.stdout)")
    #expect(!run.stdout.contains("arg0 == 8 or arg0 == 8"), "\(run.stdout)")
    // The same alternatives, spelled without the repeats: no behaviour change, and the same text.
    #expect(runCLI(["diff", plain, repeated]).code == .success)
    let json = runCLI(["diff", none, repeated, "--format", "json"]).stdout
    #expect(json.replacingOccurrences(of: repeated, with: "P") == runCLI(["diff", none, plain, "--format", "json"]).stdout.replacingOccurrences(of: plain, with: "P"))
  }

  @Test func distinctConditionsAreAllNamed() throws {
    let run = runCLI(["diff", try profile([(0, 8)]), try profile([(0, 8), (0, 9), (0, 10)])])
    #expect(run.code == .findings)
    #expect(run.stdout.contains("arg0 == 10 or arg0 == 8 or arg0 == 9") || run.stdout.contains("arg0 == 8 or arg0 == 9 or arg0 == 10"), "\(run.stdout)")
  }

  /// 1,600 conditions on one syscall, every one changed: seconds in a debug build, where probing every target's
  /// copy of the same decisions took minutes.
  @Test func manyConditionsStayLinear() throws {
    let old = try profile((0..<1_600).map { ($0 % 3, $0) })
    let new = try profile((0..<1_600).map { ($0 % 3, $0 + 1) })
    let start = ContinuousClock.now
    let run = runCLI(["diff", old, new, "--format", "json"])
    #expect(run.code == .findings)
    // A regression guard, not a benchmark (Scripts/stress.py measures): quadratic probing took hours here.
    #expect(ContinuousClock.now - start < .seconds(300))
  }
}
