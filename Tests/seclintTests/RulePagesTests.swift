import Foundation
import Linter
import Reporting
import Testing
import TestSupport
@testable import seclint

/// `Documentation/rules/<name>.md`: one generated page per rule, current, citing only what a reader can open.
@Suite struct RulePagesTests {
  static let directory = Paths.packageRoot.appendingPathComponent("Documentation/rules")

  @Test(arguments: RuleRegistry.descriptors.map(\.name))
  func pageIsCurrent(_ name: String) throws {
    let page = runCLI(["rules", name, "--format", "markdown"]).stdout
    let url = Self.directory.appendingPathComponent("\(name).md")
    if ProcessInfo.processInfo.environment["SECLINT_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      try page.write(to: url, atomically: true, encoding: .utf8)
    }
    let committed = try String(contentsOf: url, encoding: .utf8)
    #expect(committed == page, "Documentation/rules/\(name).md is out of date. Run 'swift run seclint rules \(name) --format markdown > Documentation/rules/\(name).md'.")
    for heading in ["## What it does", "## Why it matters", "## Example", "## Instead", "## References"] {
      #expect(page.contains("\n\(heading)\n"), "\(name): \(heading)")
    }
  }

  @Test func noPageWithoutARule() throws {
    let pages = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
    #expect(pages == RuleRegistry.descriptors.map { "\($0.name).md" }.sorted())
  }

  /// Every link is a public https URL or a file in this repository; no citation of notes that are not here.
  @Test(arguments: RuleRegistry.descriptors.map(\.name))
  func referencesExist(_ name: String) throws {
    let rule = try #require(RuleRegistry.descriptor(name))
    let page = RulePage.markdown(rule)
    for match in page.matches(of: /\]\(([^)]*)\)/) {
      let target = String(match.output.1)
      if target.hasPrefix("https://") { continue }
      let file = Self.directory.appendingPathComponent(target).standardizedFileURL
      #expect(FileManager.default.fileExists(atPath: file.path), "\(name): link to \(target), which is not in the repository")
    }
    for private_ in ["moby-semantics.md", "arch-hazards.md", "peers.md", "user-demand.md", "arches.md", "formats.md"] {
      #expect(!page.contains(private_), "\(name) cites \(private_), which is not in this repository")
    }
    let references = try #require(RulePage.sections(rule).first { $0.heading == "References" })
    #expect(references.body.contains("https://"), "\(name): references carry links")
    for path in references.body.matches(of: /`([A-Za-z]+\/[A-Za-z\/]+)` in this repository/) {
      #expect(FileManager.default.fileExists(atPath: Paths.packageRoot.appendingPathComponent(String(path.output.1)).path))
    }
  }

  @Test func rulesNameRendersForATerminal() throws {
    let run = runCLI(["rules", "unknown-key"])
    #expect(run.code == .success)
    let text = run.stdout
    #expect(text.hasPrefix("SCL001 unknown-key (default severity: warning; tags: security)\n"))
    for heading in ["\nWHAT IT DOES\n", "\nWHY IT MATTERS\n", "\nEXAMPLE\n", "\nINSTEAD\n", "\nREFERENCES\n"] {
      #expect(text.contains(heading), "\(heading)")
    }
    #expect(!text.contains("**"), "no Markdown emphasis")
    #expect(!text.contains("]("), "links are rendered as text <url>")
    #expect(text.contains("Go encoding/json: Unmarshal <https://pkg.go.dev/encoding/json#Unmarshal>"))
    #expect(text.contains("\n    {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\""), "examples are indented code")
    #expect(text.hasSuffix("Full page: https://github.com/seclint/seclint/blob/main/Documentation/rules/unknown-key.md\n"))
    for line in text.split(separator: "\n") where !line.hasPrefix("    ") && !line.contains("https://") {
      #expect(line.count <= 80, "wrapped: \(line)")
    }
  }

  @Test func sarifRulesCarryHelpUri() throws {
    let defaultRun = runCLI(["lint", "--format", "sarif", "profiles/flawed.json"], in: Paths.packageRoot)
    #expect(defaultRun.stdout.contains(#""helpUri" : "https://github.com/seclint/seclint/blob/main/Documentation/rules/unknown-syscall.md""#))
    let custom = runCLI(["lint", "--format", "sarif", "--rule-docs-url", "https://docs.example.com/seclint", "profiles/flawed.json"], in: Paths.packageRoot)
    #expect(custom.stdout.contains(#""helpUri" : "https://docs.example.com/seclint/unknown-syscall.md""#))
  }
}
