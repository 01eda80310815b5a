import Foundation
import Linter
import Reporting
import Testing
import TestSupport
@testable import seclint

@Suite struct LintCommandTests {
  func lint(_ arguments: [String], stdin: String = "") -> CLIRun {
    runCLI(["lint"] + arguments, stdin: stdin, in: Paths.packageRoot)
  }

  @Test(arguments: LintFormat.allCases)
  func goldenForEveryFormat(_ format: LintFormat) {
    let run = lint(["profiles/flawed.json", "--format", format.rawValue, "--color", "never"])
    #expect(run.code == .findings)
    // SARIF's %SRCROOT% is the checkout's absolute path (its git top level): the golden names it /checkout/.
    let stdout = format == .sarif ? run.stdout.replacingOccurrences(of: "file://\(Paths.packageRoot.path)/", with: "file:///checkout/") : run.stdout
    expectGolden(stdout, "lint-flawed.\(format == .text ? "txt" : format == .github ? "github.txt" : format.rawValue == "sarif" ? "sarif" : "json")")
    if format == .text { #expect(run.stderr == "4 errors, 7 warnings and 0 notes in 1 file\n") }
  }

  /// A minified profile: the excerpt is cut around the column (with `…` on both sides) and the caret stays under it.
  @Test func longLinesAreCutAroundTheColumn() throws {
    let padding = String(repeating: "x", count: 400)
    let json = #"{"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_X86_64"}],"syscalls":[{"comment":"\#(padding)","names":["opne"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["\#(padding)"]}}]}"#
    let run = lint(["-", "--color", "never", "--disable", "eperm-for-fallback", "--disable", "never-matching-condition"], stdin: json)
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let header = try #require(lines.firstIndex { $0.contains("unknown syscall 'opne'") })
    let excerpt = lines[header + 1]
    let caret = lines[header + 2]
    #expect(excerpt.hasPrefix("    …") && excerpt.hasSuffix("…"))
    #expect(excerpt.count <= 4 + 200 + 2)
    let name = try #require(excerpt.range(of: #""opne""#))
    #expect(caret.count == excerpt.distance(from: excerpt.startIndex, to: name.lowerBound) + 1 && caret.hasSuffix("^"))
  }

  @Test func cleanProfileExitsZero() {
    let run = lint(["profiles/webapp.json"])
    #expect(run.code == .success)
    #expect(run.stdout.isEmpty)
  }

  @Test func severityThreshold() {
    #expect(lint(["profiles/flawed.json", "--severity", "error"]).code == .findings)
    #expect(lint(["profiles/flawed.json", "--disable", "unknown-syscall", "--disable", "SCL205", "--disable", "invalid-value", "--severity", "error"]).code == .success)
  }

  @Test func colourOnlyWhenAsked() {
    #expect(lint(["profiles/flawed.json", "--color", "always"]).stdout.contains("\u{1B}[1;31merror\u{1B}[0m"))
    #expect(!lint(["profiles/flawed.json"]).stdout.contains("\u{1B}["))
    #expect(!lint(["profiles/flawed.json", "--color", "always", "--format", "json"]).stdout.contains("\u{1B}["))
  }

  /// Several files are linted in parallel; the report is the same on every run and equals the files linted one
  /// by one (reports sort diagnostics by file, then position).
  @Test func manyFilesGiveTheSameReportAsOneByOne() throws {
    var files = ["profiles/webapp.json", "profiles/flawed.json"]
    if Corpus.isPresent { files += Corpus.profiles.prefix(30).map(Corpus.path) }
    let together = lint(files + ["--format", "json"])
    #expect(together.stdout == lint(files + ["--format", "json"]).stdout)
    let text = lint(files + ["--color", "never"])
    let oneByOne = files.sorted().map { lint([$0, "--color", "never"]).stdout }.joined()
    #expect(text.stdout == oneByOne)
    #expect(text.stdout.contains("profiles/flawed.json:8:34: error: unknown syscall 'opne'"))
  }

  @Test func badFilesDoNotStopTheOthers() throws {
    let broken = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO",}"#)
    let run = lint([broken, "profiles/flawed.json", "/nonexistent.json"])
    #expect(run.code == .failure)
    #expect(run.stderr.contains("\(broken):1:36: trailing comma before '}'"))
    #expect(run.stderr.contains("Error: /nonexistent.json: no such file"))
    #expect(run.stdout.contains("profiles/flawed.json:8:34: error: unknown syscall 'opne'"))
  }

  @Test func standardInput() throws {
    let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"), encoding: .utf8)
    let run = lint(["-", "--format", "github"], stdin: text)
    #expect(run.stdout.hasPrefix("::error file=-,line=8,col=34,title=seclint SCL201 unknown-syscall::"))
  }

  @Test func unknownRuleIsAUsageError() {
    let run = lint(["profiles/flawed.json", "--disable", "unknown-syscal"])
    #expect(run.code == .failure)
    #expect(run.stderr.hasPrefix("Error: Unknown rule 'unknown-syscal'. Did you mean 'unknown-syscall'? See 'seclint rules'."))
  }

  @Test func configurationFileAndSuppressions() throws {
    let directory = try Scratch.directory("config")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try #"{"version": 1, "rules": {"unknown-key": "off", "SCL203": "error"}, "ignore": [{"rule": "blocklist-conflict", "pointer": "/syscalls/2", "reason": "the debug image needs ptrace"}, {"rule": "unknown-syscall", "pointer": "/syscalls/9", "reason": "stale"}]}"#
      .write(to: directory.appendingPathComponent(".seclint.json"), atomically: true, encoding: .utf8)
    let profile = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"), encoding: .utf8)
      .replacingOccurrences(of: #""names": ["mount"],"#, with: #""comment": "seclint:ignore never-matching-condition waiting for the fix", "names": ["mount"],"#)
    let file = directory.appendingPathComponent("sub/profile.json")
    try profile.write(to: file, atomically: true, encoding: .utf8)
    let run = runCLI(["lint", file.path, "--format", "json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
    let names = diagnostics.map { "\($0["name"] ?? "")@\($0["pointer"] ?? "")" }
    #expect(!names.contains { $0.hasPrefix("unknown-key") }, "turned off in the config")
    #expect(!names.contains("blocklist-conflict@/syscalls/2/names/0"), "ignored with a reason")
    #expect(!names.contains("never-matching-condition@/syscalls/3/includes/caps/0"), "suppressed by the rule's comment")
    #expect(names.contains("unused-suppression@/syscalls"), "the config ignore of /syscalls/9 matches nothing")
    #expect(diagnostics.contains { ($0["message"] as? String) == ".seclint.json ignore of unknown-syscall at /syscalls/9 matches no finding" })
    #expect(diagnostics.first { $0["name"] as? String == "redundant-rule" }?["severity"] as? String == "error")
  }

  @Test func suppressionWithoutReasonIsReported() throws {
    let file = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW", "comment": "seclint:ignore unknown-syscall"}]}"#)
    let run = runCLI(["lint", file])
    #expect(run.stdout.contains("seclint:ignore unknown-syscall needs a reason"))
    #expect(run.stdout.contains("unknown syscall 'opne'"), "a suppression without reason suppresses nothing")
  }

  @Test func badConfigurationIsAnError() throws {
    let config = try temporaryProfile(#"{"version": 2}"#)
    let run = lint(["profiles/flawed.json", "--config", config])
    #expect(run.code == .failure)
    #expect(run.stderr.contains("version 2 is newer than this seclint understands (1)"))
    #expect(!run.stderr.contains("Usage:"), "the command line is fine; the file is not")
    let misspelt = try temporaryProfile(#"{"version": 1, "rulez": {"unknown-syscall": "off"}}"#)
    let located = lint(["profiles/flawed.json", "--config", misspelt])
    #expect(located.code == .failure)
    #expect(located.stderr == "Error: \(misspelt):1:16: unknown key 'rulez' in the configuration; did you mean 'rules'? (known: version, blocklists, rules, ignore)\n")
  }
}

@Suite struct RulesCommandTests {
  @Test func catalogue() {
    let run = runCLI(["rules"])
    #expect(run.code == .success)
    expectGolden(run.stdout, "rules.txt")
    #expect(runCLI(["rules", "SCL201"]).stdout.hasPrefix("SCL201 unknown-syscall (default severity: error; tags: security)\n"))
    #expect(runCLI(["rules", "unknown-syscal"]).stderr.hasPrefix("Error: Unknown rule 'unknown-syscal'. Did you mean 'unknown-syscall'?"))
    #expect(runCLI(["rules", "--format", "json"]).stdout.contains(#""name" : "blocklist-conflict""#))
  }

  @Test func documentationIsCurrent() throws {
    let markdown = runCLI(["rules", "--format", "markdown"]).stdout
    let url = Paths.packageRoot.appendingPathComponent("Documentation/Rules.md")
    if ProcessInfo.processInfo.environment["SECLINT_UPDATE_GOLDEN"] == "1" { try markdown.write(to: url, atomically: true, encoding: .utf8) }
    let committed = try String(contentsOf: url, encoding: .utf8)
    #expect(committed == markdown, "Documentation/Rules.md is out of date. Run 'swift run seclint rules --format markdown > Documentation/Rules.md'.")
  }
}
