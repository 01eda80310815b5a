#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Linter
import ProfileModel

/// The lint output formats; raw values are the CLI spellings.
package enum LintFormat: String, Sendable, CaseIterable {
  case text, json, sarif, github
}

/// What every reporter gets: the diagnostics (sorted) and the source lines for carets.
package struct LintReport: Sendable {
  package var diagnostics: [Diagnostic]
  /// The files linted, in command-line order.
  package var files: [String]
  /// Profiles that could not be read or parsed (the command exits 2); machine formats carry them too.
  package var failures: [ProfileLoadError]
  /// The source line `line` of `file`, for carets in text output.
  package var sourceLine: @Sendable (_ file: String, _ line: Int) -> String?
  package var toolVersion: String
  /// Where the rule pages are (SARIF `helpUri` is this plus `<name>.md`).
  package var ruleDocumentationBase = RulePage.defaultBaseURL
  /// With `--baseline`: how many findings the baseline accounted for (left out of `diagnostics`), and how many
  /// recorded findings no longer occur; nil without a baseline.
  package var baseline: (baselined: Int, stale: Int)?
  /// With `--base`: the base of the linted profiles (one name, or "their bases"), and how many findings they
  /// inherited from it.
  package var base: String?
  package var inheritedCount = 0
  /// The bytes of a linted file, for SARIF fixes' regions (nil: fixes are left out).
  package var sourceBytes: @Sendable (_ file: String) -> [UInt8]? = { _ in nil }
  /// SARIF: where `artifactLocation.uri`s are relative to (`%SRCROOT%`), as an absolute directory; nil: file names
  /// as given.
  package var sarifRoot: String?
  /// SARIF: a file name as given → its absolute path (normalised, no `.`/`..`), to place it under `sarifRoot`.
  package var absolutePath: @Sendable (_ file: String) -> String? = { _ in nil }

  package init(
    diagnostics: [Diagnostic], files: [String], failures: [ProfileLoadError] = [], toolVersion: String,
    sourceLine: @escaping @Sendable (String, Int) -> String? = { _, _ in nil }
  ) {
    self.diagnostics = diagnostics.inReportOrder()
    self.files = files
    self.failures = failures
    self.toolVersion = toolVersion
    self.sourceLine = sourceLine
  }

  package func count(_ severity: Severity) -> Int {
    var count = 0
    for index in diagnostics.indices where diagnostics[index].severity == severity { count += 1 }
    return count
  }

  /// `2 errors, 1 warning and 0 notes in 3 files`.
  package var summary: String {
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    let unread = failures.isEmpty ? "" : "; \(failures.count) could not be read"
    let inherited = inheritedCount == 0 ? "" : "; \(inheritedCount) inherited from \(base ?? "the base") (not counted)"
    var baselined = ""
    if let baseline {
      baselined = "; \(baseline.baselined) baselined"
      if baseline.stale > 0 { baselined += " (\(plural(baseline.stale, "baseline finding")) no longer found)" }
    }
    return "\(plural(count(.error), "error")), \(plural(count(.warning), "warning")) and \(plural(count(.note), "note")) in \(plural(files.count, "file"))\(unread)\(baselined)\(inherited)"
  }

  /// The report in `format`, safe for a terminal or CI log (see `TerminalText`).
  package func render(_ format: LintFormat, color: Bool = false) -> TerminalText {
    switch format {
    case .text: TextReporter(color: color).render(self)
    case .json: .json(JSONReporter.render(self))
    case .sarif: .json(SARIFReporter.render(self))
    // Workflow-command escaping first (a line feed cannot end the command), then the terminal escaping (GitHub's
    // log viewer interprets ANSI sequences).
    case .github: .plain(GitHubReporter.render(self))
    }
  }
}

/// Canonical JSON: pretty, sorted keys, unescaped slashes, trailing newline.
package enum CanonicalJSON {
  package static func render(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
