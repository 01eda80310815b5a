import Dialects
import Differ
import Linter
import Policy
import ProfileModel
import SyscallTables

/// Everything seclint does with a profile, for the fuzzer and for replaying its findings as regression tests:
/// load, lint with every rule, evaluate for two hosts, explain-style re-evaluation, and diff against itself and
/// against a small reference profile; then the commands themselves, checking what they print.
package enum FuzzHarness {
  static let reference: ProfileDocument? = try? ProfileLoader.load(
    text: #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["read", "socket"], "action": "SCMP_ACT_ALLOW"}]}"#,
    file: "reference.json")

  /// Runs everything on `bytes` and returns the output invariants it broke (`OutputInvariants`); a trap is a
  /// crash the fuzzer saves, and so is a non-empty answer (seclint-fuzz aborts on it).
  @discardableResult
  package static func run(_ bytes: [UInt8]) -> [String] {
    exercise(bytes)
    return OutputInvariants.check(bytes)
  }

  static func exercise(_ bytes: [UInt8]) {
    // Every dialect, YAML included: each profile the file holds is linted and evaluated too.
    if let load = try? DialectLoader.load(bytes: bytes, file: "fuzz.yaml", options: DialectOptions(spoMerge: bytes.count % 2 == 0 ? .released : .head)) {
      for document in load.documents.prefix(4) where document.dialect != .docker {
        _ = Linter.lint(document, options: LintOptions(blocklists: []))
        if let architecture = Architecture.withToken("SCMP_ARCH_X86_64") {
          _ = Evaluator.evaluate(document, for: Target(architecture: architecture))
          if let reference { _ = ProfileDiff.evaluated(old: reference, new: document, target: Target(architecture: architecture)) }
        }
      }
    }
    guard let document = try? ProfileLoader.load(bytes: bytes, file: "fuzz.json") else { return }
    let blocklists = [Blocklist.docker, Blocklist.palantir].compactMap { $0 }
    _ = Linter.lint(
      document,
      options: LintOptions(blocklists: blocklists, dockerVersion: DockerVersion("19.03"), libseccomp: .debian2_5_4))
    for token in ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"] {
      guard let architecture = Architecture.withToken(token) else { continue }
      let target = Target(architecture: architecture, kernel: KernelVersion(4, 4))
      let policy = Evaluator.evaluate(document, for: target)
      for abi in policy.abis {
        for syscall in abi.syscalls.prefix(50) {
          _ = syscall.decision.outcome(for: [UInt64.max, 0, 1, 2, 3, 4], bits: abi.architecture.bits)
        }
      }
      if let reference { _ = ProfileDiff.evaluated(old: reference, new: document, target: target) }
    }
    if let reference, bytes.count < 4096 { _ = ProfileDiff.symbolic(old: reference, new: document) }
    for rule in document.profile.syscalls?.prefix(3) ?? [] {
      for name in rule.effectiveNames.prefix(2) { _ = SyscallTable.forArchitecture(Architecture.all[0]).resolve(name) }
    }
  }
}
