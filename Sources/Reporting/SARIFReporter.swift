import Linter
import ProfileModel

/// SARIF 2.1.0 for GitHub code scanning: every registered rule in `tool.driver.rules` (stable across runs),
/// results with regions and the finding's `Fingerprint` as `partialFingerprints["seclint/v2"]` (the same value
/// baselines match: stable across reordering rules and names, reformatting and unrelated edits; v1 hashed the
/// pointer, so reordering rules changed it).
enum SARIFReporter {
  struct Log: Encodable {
    var schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var version = "2.1.0"
    var runs: [Run]
    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }
  struct Run: Encodable {
    var tool: Tool
    var invocations: [Invocation]
    /// `%SRCROOT%` when file locations are relative to a root.
    var originalUriBaseIds: [String: ArtifactLocation]?
    /// Columns count Unicode code points, as `SourcePosition` does (SARIF's default is UTF-16 code units).
    var columnKind = "unicodeCodePoints"
    var results: [Result]
  }
  /// Whether the run succeeded; profiles that could not be read are tool execution notifications.
  struct Invocation: Encodable {
    var executionSuccessful: Bool
    var toolExecutionNotifications: [Notification]?
  }
  struct Notification: Encodable {
    var level = "error"
    var message: Text
    var locations: [Location]
  }
  struct Tool: Encodable { var driver: Driver }
  struct Driver: Encodable {
    var name = "seclint"
    var semanticVersion: String
    var informationUri = "https://github.com/seclint/seclint"
    var rules: [RuleEntry]
  }
  struct Text: Encodable {
    var text: String
    var markdown: String?
  }
  struct RuleEntry: Encodable {
    var id: String
    var name: String
    var shortDescription: Text
    var fullDescription: Text
    var help: Text
    /// The rule's page (`Documentation/rules/<name>.md` under `lint --rule-docs-url`).
    var helpUri: String
    var defaultConfiguration: Configuration
    var properties: Properties
  }
  struct Configuration: Encodable { var level: String }
  struct Properties: Encodable {
    var tags: [String]
    var precision = "high"
    var securitySeverity: String
    enum CodingKeys: String, CodingKey {
      case tags, precision
      case securitySeverity = "security-severity"
    }
  }
  struct Result: Encodable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: Text
    var locations: [Location]
    var partialFingerprints: [String: String]
    /// With `--base`: `unchanged` for a finding inherited from the base, `new` for one the profile introduced.
    var baselineState: String?
    /// The edits `lint --fix` makes for this finding (`--unsafe-fixes` for an unsafe one).
    var fixes: [FixEntry]?
  }
  struct FixEntry: Encodable {
    var description: Text
    var artifactChanges: [ArtifactChange]
  }
  struct ArtifactChange: Encodable {
    var artifactLocation: ArtifactLocation
    var replacements: [Replacement]
  }
  struct Replacement: Encodable {
    var deletedRegion: DeletedRegion
    /// Absent for a pure deletion.
    var insertedContent: Content?
  }
  struct DeletedRegion: Encodable {
    var startLine: Int
    var startColumn: Int
    var endLine: Int
    var endColumn: Int
    var byteOffset: Int
    var byteLength: Int
  }
  struct Content: Encodable { var text: String }
  struct Location: Encodable { var physicalLocation: PhysicalLocation }
  struct PhysicalLocation: Encodable {
    var artifactLocation: ArtifactLocation
    /// Always there for results; absent for a file that could not be read at all.
    var region: Region?
  }
  struct ArtifactLocation: Encodable {
    var uri: String
    var uriBaseId: String?
  }
  struct Region: Encodable {
    var startLine: Int
    var startColumn: Int
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .note: "note"
    }
  }

  static func render(_ report: LintReport) -> String {
    let descriptors = RuleRegistry.descriptors
    let rules = descriptors.map { rule in
      RuleEntry(
        id: rule.id, name: rule.name, shortDescription: Text(text: rule.summary),
        fullDescription: Text(text: rule.summary), help: Text(text: rule.rationale, markdown: rule.rationale),
        helpUri: RulePage.url(rule, base: report.ruleDocumentationBase),
        defaultConfiguration: Configuration(level: level(rule.defaultSeverity)),
        properties: Properties(
          tags: rule.tags, securitySeverity: rule.defaultSeverity == .error ? "8.0" : rule.defaultSeverity == .warning ? "5.0" : "2.0"))
    }
    let results = report.diagnostics.map { diagnostic in
      Result(
        ruleId: diagnostic.ruleID, ruleIndex: descriptors.firstIndex { $0.id == diagnostic.ruleID } ?? 0,
        level: level(diagnostic.severity),
        message: Text(
          text: (Diagnostic.profile(of: diagnostic.file).map { "\($0): " } ?? "") + diagnostic.message
            + (diagnostic.fix.map { " (fix: \($0))" } ?? "")),
        locations: [
          Location(
            physicalLocation: PhysicalLocation(
              artifactLocation: SARIFArtifacts.location(diagnostic.file, report),
              region: Region(startLine: diagnostic.position.line, startColumn: diagnostic.position.column)))
        ],
        partialFingerprints: ["seclint/v2": diagnostic.fingerprint],
        baselineState: report.base == nil ? nil : (diagnostic.inheritedFrom == nil ? "new" : "unchanged"),
        fixes: SARIFArtifacts.fix(diagnostic, report).map { [$0] })
    }
    let notifications = report.failures.map { failure in
      Notification(
        message: Text(text: "cannot read the profile: \(failure.message)"),
        locations: [
          Location(
            physicalLocation: PhysicalLocation(
              artifactLocation: SARIFArtifacts.location(failure.file, report),
              region: failure.position.map { Region(startLine: $0.line, startColumn: $0.column) }))
        ])
    }
    let invocation = Invocation(
      executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
    let driver = Driver(semanticVersion: report.toolVersion, rules: rules)
    return CanonicalJSON.render(Log(runs: [Run(tool: Tool(driver: driver), invocations: [invocation], originalUriBaseIds: SARIFArtifacts.baseIDs(report), results: results)]))
  }
}
