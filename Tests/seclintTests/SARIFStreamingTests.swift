import Foundation
import Linter
import Policy
import ProfileModel
import Reporting
import Testing
import TestSupport

/// `SARIFReporter.render` writes the log a result at a time (issue #13: 200,000 findings took 1.2 GB through the
/// encoder's tree); it must be byte for byte what the encoder writes for the whole log.
@Suite struct SARIFStreamingTests {
  func report(_ files: [(name: String, text: String)], base: String? = nil, failures: [ProfileLoadError] = []) throws -> LintReport {
    var diagnostics: [Diagnostic] = []
    var bytes: [String: [UInt8]] = [:]
    for file in files {
      let document = try ProfileLoader.load(text: file.text, file: file.name)
      diagnostics += Linter.lint(document, options: LintOptions(blocklists: [Blocklist.docker].compactMap { $0 }))
      bytes[file.name] = Array(file.text.utf8)
    }
    var report = LintReport(diagnostics: diagnostics, files: files.map(\.name), failures: failures, toolVersion: "1.2.3")
    let sources = bytes
    report.sourceBytes = { sources[$0] }
    report.base = base
    return report
  }

  func expectSameBytes(_ report: LintReport, _ comment: Comment) {
    let streamed = SARIFReporter.render(report)
    let whole = CanonicalJSON.render(SARIFReporter.document(report))
    #expect(streamed == whole, comment)
  }

  @Test func flawedProfileWithFixesRootAndBase() throws {
    let text = try String(contentsOfFile: Paths.packageRoot.appendingPathComponent("profiles/flawed.json").path, encoding: .utf8)
    var report = try report([("/checkout/profiles/flawed.json", text)])
    #expect(report.diagnostics.contains { $0.autofix != nil })
    expectSameBytes(report, "no root")
    report.sarifRoot = "/checkout"
    report.absolutePath = { $0 }
    expectSameBytes(report, "with %SRCROOT%")
    report.base = "moby"
    expectSameBytes(report, "with a base")
  }

  @Test func noFindingsAndUnreadableProfiles() throws {
    let clean = try report([])
    #expect(clean.diagnostics.isEmpty)
    expectSameBytes(clean, "no results: the encoder's empty array")
    let failed = try report(
      [], failures: [.unreadable(file: "gone.json", reason: "no such file"), .located(file: "bad\n.json", message: "not a profile \"x\"", position: SourcePosition(line: 1, column: 4, offset: 3))])
    expectSameBytes(failed, "tool execution notifications")
    #expect(SARIFReporter.render(failed).contains("toolExecutionNotifications"))
  }

  @Test func everyCorpusProfileInOneLog() throws {
    guard Corpus.isPresent else {
      print(Corpus.skipReason)
      return
    }
    var files: [(name: String, text: String)] = []
    for relative in Corpus.profiles {
      guard let text = try? String(contentsOfFile: Corpus.path(relative), encoding: .utf8),
        (try? ProfileLoader.load(text: text, file: relative)) != nil
      else { continue }
      files.append((relative, text))
    }
    #expect(files.count > 50)
    let report = try report(files)
    #expect(report.diagnostics.count > 500)
    expectSameBytes(report, "the corpus")
  }
}
