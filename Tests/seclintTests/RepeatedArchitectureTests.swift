import Foundation
import Testing
import TestSupport
@testable import seclint

/// A profile naming one architecture twice used to trap `blocked --format json` (`Dictionary(uniqueKeysWithValues:)`
/// over the filter's ABIs). runc adds each arch once (libseccomp's EEXIST is ignored by libseccomp-golang, and
/// moby applies only the first archMap entry of a host), so every command answers exactly as for the profile
/// without the repeat, and lint reports the repeat (duplicate-architecture).
@Suite struct RepeatedArchitectureTests {
  static let rules = #""syscalls": [{"names": ["read", "write", "openat"], "action": "SCMP_ACT_ALLOW"}, {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]"#

  /// (case, the repeated spelling, the same profile without the repeat)
  static let cases: [(String, String, String)] = [
    ("architectures",
     #""architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32"]"#,
     #""architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]"#),
    ("subArchitectures",
     #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X86"]}]"#,
     #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]"#),
    ("two archMap entries for one host",
     #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}, {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}]"#,
     #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}]"#),
  ]

  func profile(_ arches: String) throws -> String {
    try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", \#(arches), \#(Self.rules)}"#)
  }

  @Test(arguments: cases.map(\.0))
  func blockedAndExplainAnswerAsWithoutTheRepeat(_ name: String) throws {
    let (_, repeated, clean) = try #require(Self.cases.first { $0.0 == name })
    let (repeatedPath, cleanPath) = (try profile(repeated), try profile(clean))
    for arguments in [["blocked", "--arch", "amd64", "--format", "json"], ["blocked", "--arch", "amd64", "--all"], ["explain", "--arch", "amd64"]] {
      let suffix = arguments[0] == "explain" ? ["socket", "read", "socketcall"] : []
      let a = runCLI(Array(arguments.prefix(1)) + [repeatedPath] + arguments.dropFirst() + suffix)
      let b = runCLI(Array(arguments.prefix(1)) + [cleanPath] + arguments.dropFirst() + suffix)
      #expect(a.code == .success, "\(arguments): \(a.stderr)")
      #expect(b.code == .success, "\(arguments): \(b.stderr)")
      #expect(a.stdout.replacingOccurrences(of: repeatedPath, with: "P") == b.stdout.replacingOccurrences(of: cleanPath, with: "P"), "\(arguments)")
    }
    let json = runCLI(["blocked", repeatedPath, "--arch", "amd64", "--format", "json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let abis = try #require((report["target"] as? [String: Any])?["abis"] as? [String])
    #expect(abis.count == Set(abis).count && abis.first == "SCMP_ARCH_X86_64", "\(abis)")
    let enosys = try #require(report["enosysAbove"] as? [String: Int])
    #expect(Set(enosys.keys) == Set(abis))
  }

  @Test(arguments: cases.map(\.0))
  func diffSeesNoChangeAndLintReportsTheRepeat(_ name: String) throws {
    let (_, repeated, clean) = try #require(Self.cases.first { $0.0 == name })
    let (repeatedPath, cleanPath) = (try profile(repeated), try profile(clean))
    #expect(runCLI(["diff", cleanPath, repeatedPath]).code == .success)
    #expect(runCLI(["diff", "--arch", "amd64", cleanPath, repeatedPath]).code == .success)
    let lint = runCLI(["lint", repeatedPath, "--format", "json"])
    #expect(lint.stdout.contains(#""rule" : "duplicate-architecture""#) || lint.stdout.contains(#""rule":"duplicate-architecture""#)
      || lint.stdout.contains("duplicate-architecture"), "\(lint.stdout)")
    #expect(!runCLI(["lint", cleanPath, "--format", "json"]).stdout.contains("duplicate-architecture"))
    // Every command on the repeated profile ends normally in every format.
    for format in ["text", "json", "sarif", "github"] {
      #expect([ExitCode.success, .findings].contains(runCLI(["lint", repeatedPath, "--format", format]).code), "\(format)")
    }
  }

  @Test func aDeadArchMapEntryIsAWarningAndARepeatANote() throws {
    let path = try profile(Self.cases[2].1)
    let run = runCLI(["lint", path, "--color", "never"])
    #expect(run.stdout.contains("warning: a second archMap entry for SCMP_ARCH_X86_64 (the first is /archMap/0): moby applies only the first, so SCMP_ARCH_X32 never reach the filter"), "\(run.stdout)")
    let repeated = runCLI(["lint", try profile(Self.cases[0].1), "--color", "never"])
    #expect(repeated.stdout.contains("note: SCMP_ARCH_X86 is already listed at /architectures/1: runc adds each architecture to the filter once"), "\(repeated.stdout)")
    #expect(repeated.stdout.contains("note: SCMP_ARCH_X86_64 is already listed at /architectures/0"), "\(repeated.stdout)")
  }

  /// Lint evaluates each archMap host once: two entries for one host do not double the evaluation's findings.
  @Test func findingsAreNotDoubledByARepeatedHost() throws {
    let withRepeat = runCLI(["lint", try profile(Self.cases[2].1), "--format", "json", "--disable", "duplicate-architecture"])
    let without = runCLI(["lint", try profile(Self.cases[2].2), "--format", "json", "--disable", "duplicate-architecture"])
    func count(_ text: String) -> Int { text.components(separatedBy: #""ruleId""#).count + text.components(separatedBy: #""rule""#).count }
    #expect(count(withRepeat.stdout) == count(without.stdout))
  }
}
