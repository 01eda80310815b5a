import Baseline
import Foundation
import Linter
import Testing
import TestSupport
@testable import seclint

/// Adopting seclint on an existing profile (issue #14 item 3): baselines with fingerprints that survive
/// reordering and reformatting, scoped ignores, statistics, quiet runs, directories and named standard input.
@Suite struct BaselineTests {
  /// moby's current default (corpus INDEX.md: docker-v29.4.3 is moby master and Docker 29.4.3–29.7).
  static let moby = "moby/docker-v29.4.3.json"

  /// A fork of moby's default in a fresh directory, with a baseline of today's findings written by seclint.
  func fork() throws -> (directory: URL, profile: [String: Any]) {
    let directory = try Scratch.directory("fork")
    let data = try Data(contentsOf: URL(fileURLWithPath: Corpus.path(Self.moby)))
    try data.write(to: directory.appendingPathComponent("seccomp.json"))
    let written = runCLI(["lint", "seccomp.json", "--write-baseline", "baseline.json"], in: directory)
    #expect(written.code == .success)
    #expect(written.stdout.isEmpty, "writing a baseline reports nothing")
    #expect(written.stderr.hasPrefix("Wrote baseline.json: "))
    let profile = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (directory, profile)
  }

  func write(_ profile: [String: Any], to url: URL, pretty: Bool) throws {
    let options: JSONSerialization.WritingOptions = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
    try JSONSerialization.data(withJSONObject: profile, options: options).write(to: url)
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func forkOfMobyWithABaselineExitsZero() throws {
    let (directory, _) = try fork()
    let plain = runCLI(["lint", "seccomp.json"], in: directory)
    #expect(plain.code == .findings, "moby's default has findings today")
    let run = runCLI(["lint", "seccomp.json", "--baseline", "baseline.json"], in: directory)
    #expect(run.code == .success)
    #expect(run.stdout.isEmpty)
    let total = plain.stderr.split(separator: " ").compactMap { Int($0) }.prefix(3).reduce(0, +)
    #expect(run.stderr == "0 errors, 0 warnings and 0 notes in 1 file; \(total) baselined\n")
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func addingOneBadRuleFailsWithExactlyThatFinding() throws {
    var (directory, profile) = try fork()
    var rules = try #require(profile["syscalls"] as? [[String: Any]])
    rules.append(["names": ["mount"], "action": "SCMP_ACT_ALLOW"])
    profile["syscalls"] = rules
    try write(profile, to: directory.appendingPathComponent("seccomp.json"), pretty: true)
    let run = runCLI(["lint", "seccomp.json", "--baseline", "baseline.json", "--format", "json"], in: directory)
    #expect(run.code == .findings)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?["name"] as? String == "blocklist-conflict")
    #expect(diagnostics.first?["syscalls"] as? [String] == ["mount"])
    #expect(diagnostics.first?["pointer"] as? String == "/syscalls/\(rules.count - 1)/names/0")
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["baselined"] as? Int ?? 0 > 0)
    #expect(summary["staleBaseline"] as? Int == 0)
  }

  /// A generated permutation: rules, names and args shuffled, one rule split in two (names regrouped), an
  /// unrelated rule added, keys sorted and the file minified or re-indented. Every seed keeps exit 0.
  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)), arguments: [1, 2, 3] as [UInt64])
  func reorderedAndReformattedForkStaysClean(seed: UInt64) throws {
    var (directory, profile) = try fork()
    var generator = SplitMix64(seed: seed)
    var rules = try #require(profile["syscalls"] as? [[String: Any]])
    for index in rules.indices {
      if let names = rules[index]["names"] as? [String] { rules[index]["names"] = names.shuffled(using: &generator) }
      if let args = rules[index]["args"] as? [Any] { rules[index]["args"] = args.shuffled(using: &generator) }
    }
    rules.shuffle(using: &generator)
    if let wide = rules.firstIndex(where: { ($0["names"] as? [String])?.count ?? 0 > 3 }), let names = rules[wide]["names"] as? [String] {
      var first = rules[wide]
      var second = rules[wide]
      first["names"] = Array(names.prefix(2))
      second["names"] = Array(names.dropFirst(2))
      rules[wide] = first
      rules.insert(second, at: Int(generator.next() % UInt64(rules.count + 1)))
    }
    rules.insert(["names": ["swapon", "swapoff"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13], at: Int(generator.next() % UInt64(rules.count + 1)))
    profile["syscalls"] = rules
    try write(profile, to: directory.appendingPathComponent("seccomp.json"), pretty: seed % 2 == 0)
    let run = runCLI(["lint", "seccomp.json", "--baseline", "baseline.json"], in: directory)
    #expect(run.code == .success, "\(run.stdout)")
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasSuffix(" baselined\n"))
  }

  /// The negative: a change to what the deciding rule does is not hidden by the baseline.
  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func changingTheDecidingRuleIsNew() throws {
    var (directory, profile) = try fork()
    var rules = try #require(profile["syscalls"] as? [[String: Any]])
    // The rule allowing adjtimex (a baselined blocklist-conflict) now also needs a minimum kernel.
    let index = try #require(rules.firstIndex { ($0["names"] as? [String])?.contains("adjtimex") == true })
    rules[index]["includes"] = ["minKernel": "4.8"]
    profile["syscalls"] = rules
    try write(profile, to: directory.appendingPathComponent("seccomp.json"), pretty: true)
    let run = runCLI(["lint", "seccomp.json", "--baseline", "baseline.json", "--format", "json"], in: directory)
    #expect(run.code == .findings)
    #expect(run.stdout.contains(#""name" : "blocklist-conflict""#))
    #expect(run.stdout.contains(#""adjtimex""#))
  }

  @Test func duplicatesAreCountedAndTheFileIsSorted() throws {
    let directory = try Scratch.directory("baseline")
    let twice = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}, {"names": ["opne", "getpid"], "action": "SCMP_ACT_ALLOW"}]}"#
    try twice.write(to: directory.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
    try twice.write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
    #expect(runCLI(["lint", "b.json", "./a.json", "--write-baseline", "base.json"], in: directory).code == .success)
    let baseline = try BaselineFile.load(path: directory.appendingPathComponent("base.json").path)
    #expect(baseline.entries.map(\.file) == baseline.entries.map(\.file).sorted())
    #expect(baseline.entries.first?.file == "a.json", "paths are normalised")
    let opne = baseline.entries.filter { $0.file == "a.json" && $0.rule == "SCL201" }
    #expect(opne.count == 1 && opne.first?.count == 2, "two unknown-syscall findings in equal rules share a fingerprint")
    #expect(runCLI(["lint", "a.json", "b.json", "--baseline", "base.json"], in: directory).code == .success)
    // One more copy of the same finding is one more than the baseline's count: reported.
    try twice.replacingOccurrences(of: #""getpid"]"#, with: #""getpid"]}, {"names": ["opne"], "action": "SCMP_ACT_ALLOW""#)
      .write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
    let more = runCLI(["lint", "a.json", "--baseline", "base.json", "--format", "json"], in: directory)
    #expect(more.code == .findings)
    #expect(more.stdout.components(separatedBy: #""name" : "unknown-syscall""#).count == 2)
    // A fixed finding is stale: said in the summary, not a failure.
    try #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}]}"#
      .write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
    // (runtime-required would report that this one-syscall profile cannot start a container: not the point here.)
    let fixed = runCLI(["lint", "a.json", "--baseline", "base.json", "--disable", "runtime-required"], in: directory)
    #expect(fixed.code == .success)
    #expect(fixed.stderr.contains("; 0 baselined (") && fixed.stderr.contains("no longer found)"))
  }

  @Test func badBaselinesAreLocatedErrors() throws {
    let cases: [(String, String)] = [
      (#"{"kind": "seclint-baseline", "schemaVersion": 1, "findings": [{"file": "a.json", "fingerprint": "xyz", "count": 1}]}"#, #"1:97: "fingerprint" must be 16 lower-case hex digits"#),
      (#"{"kind": "seclint-baseline", "schemaVersion": 2, "findings": []}"#, "1:47: schemaVersion 2 is not one this seclint reads (1)"),
      (#"{"kind": "something", "schemaVersion": 1, "findings": []}"#, "1:10: not a seclint baseline"),
      (#"{"kind": "seclint-baseline", "schemaVersion": 1, "findings": [{"file": "a.json", "fingerprint": "0123456789abcdef", "count": 0}]}"#, #"1:126: "count" must be a whole number from 1"#),
      (#"{"kind": "seclint-baseline", "schemaVersion": 1, "findings": [], "extra": 1}"#, "1:66: unknown key 'extra' in the baseline"),
      (#"{"kind": "seclint-baseline", "#, "1:30: "),
    ]
    for (text, expected) in cases {
      let file = try temporaryProfile(text)
      let linted = runCLI(["lint", "profiles/webapp.json", "--baseline", file], in: Paths.packageRoot)
      #expect(linted.code == .failure)
      #expect(linted.stderr.hasPrefix("Error: \(file):\(expected)"), "\(linted.stderr)")
      #expect(!linted.stderr.contains("Usage:"))
    }
  }

  @Test func sarifAndJSONCarryTheSameFingerprints() throws {
    let json = runCLI(["lint", "profiles/flawed.json", "--format", "json"], in: Paths.packageRoot)
    let sarif = runCLI(["lint", "profiles/flawed.json", "--format", "sarif"], in: Paths.packageRoot)
    let entries = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["diagnostics"] as? [[String: Any]])
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
    let fromSARIF = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["seclint/v2"] }
    let fromJSON = entries.compactMap { $0["fingerprint"] as? String }
    #expect(fromSARIF.count == results.count && !fromSARIF.isEmpty)
    #expect(fromSARIF.sorted() == fromJSON.sorted())
    #expect(fromJSON.allSatisfy { $0.count == 16 })
  }
}

/// A small seeded generator, so permutations are reproducible.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
