import Fixer

/// A lint rule's metadata; the public contract is `name` (kebab-case) and `id` (stable, never reused).
package struct RuleDescriptor: Sendable {
  package var id: String
  package var name: String
  /// One sentence ending in ".".
  package var summary: String
  /// Markdown with the headings What it does / Why it matters / Example / Instead / References.
  package var rationale: String
  package var defaultSeverity: Severity
  package var tags: [String]
  /// Snippets that document the rule and run as tests: `↓` marks where each diagnostic must start.
  package var examples: [RuleExample]
  /// The classes of the fixes `lint --fix` can apply for this rule's findings (empty: none); a test checks that
  /// every fix a finding carries is of a class listed here.
  package var fixes: [FixApplicability]

  package init(
    id: String, name: String, summary: String, rationale: String, defaultSeverity: Severity,
    tags: [String] = ["security"], fixes: [FixApplicability] = [], examples: [RuleExample]
  ) {
    self.fixes = fixes
    self.id = id
    self.name = name
    self.summary = summary
    self.rationale = rationale
    self.defaultSeverity = defaultSeverity
    self.tags = tags
    self.examples = examples
  }
}

/// A profile snippet that documents a rule and is run as a test (failures point at the example's line).
package struct RuleExample: Sendable {
  package var json: String
  /// Blocklists the example is linted with (default: the built-in `docker`).
  package var blocklists: [String]
  /// `--docker-version` / `--libseccomp-version` for the example, if it needs one.
  package var dockerVersion: String?
  package var libseccomp: String?
  /// What upstream changed since the example's base (`outdated-base`), as `--base` would compute it.
  package var drift: UpstreamDrift?
  package var fileID: String
  package var filePath: String
  package var line: Int
  package var column: Int

  package init(
    _ json: String, blocklists: [String] = ["docker"], dockerVersion: String? = nil, libseccomp: String? = nil,
    drift: UpstreamDrift? = nil, fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
  ) {
    self.json = json
    self.blocklists = blocklists
    self.dockerVersion = dockerVersion
    self.libseccomp = libseccomp
    self.drift = drift
    self.fileID = fileID
    self.filePath = filePath
    self.line = line
    self.column = column
  }

  /// Whether the example must produce diagnostics.
  package var triggers: Bool { json.contains("↓") }
}

/// A lint rule: metadata plus a check over the context. Rules never choose output or exit codes.
package protocol Rule: Sendable {
  static var descriptor: RuleDescriptor { get }
  /// The host evaluations `check` asks for (`HostQuestion`); empty for rules that evaluate no host.
  static func hostQuestions(_ context: LintContext) -> [HostQuestion]
  init()
  func check(_ context: inout LintContext)
}

extension RuleDescriptor {
  /// "safe", "unsafe", "safe or unsafe" (per finding) or "none": what rule pages and `seclint rules` show.
  package var fixDescription: String {
    switch (fixes.contains(.safe), fixes.contains(.unsafe)) {
    case (true, true): "safe or unsafe (per finding)"
    case (true, false): "safe"
    case (false, true): "unsafe (needs --unsafe-fixes)"
    case (false, false): "none"
    }
  }
}
