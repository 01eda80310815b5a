#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Linter
import ProfileModel

/// SARIF 2.1.0 for GitHub code scanning: every registered rule in `tool.driver.rules` (stable across runs),
/// results with regions and the finding's `Fingerprint` as `partialFingerprints["seclint/v2"]` (the same value
/// baselines match: stable across reordering rules and names, reformatting and unrelated edits; v1 hashed the
/// pointer, so reordering rules changed it).
package enum SARIFReporter {
  package struct Log: Encodable {
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
    var columnKind = Run.columnKindValue
    var results: [Result]
    static let columnKindValue = "unicodeCodePoints"
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

  /// The log, written a result at a time: the envelope by hand in the encoder's layout (pretty, sorted keys),
  /// each result, the invocations and the tool encoded alone and indented to their depth. Byte for byte what
  /// `CanonicalJSON.render(document(report))` writes (a test holds them equal), without the encoder's tree of the
  /// whole log: 200,000 findings took 1.2 GB that way.
  package static func render(_ report: LintReport) -> String {
    let descriptors = RuleRegistry.descriptors
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let log = Log(runs: [])
    var out = "{\n  \"$schema\" : " + nested(log.schema, encoder, depth: 1) + ",\n  \"runs\" : [\n    {\n"
    out += "      \"columnKind\" : " + nested(Run.columnKindValue, encoder, depth: 3) + ",\n"
    out += "      \"invocations\" : " + nested([invocation(report)], encoder, depth: 3) + ",\n"
    if let baseIDs = SARIFArtifacts.baseIDs(report) {
      out += "      \"originalUriBaseIds\" : " + nested(baseIDs, encoder, depth: 3) + ",\n"
    }
    out += "      \"results\" : "
    if report.diagnostics.isEmpty {
      out += nested([Result](), encoder, depth: 3)
    } else {
      // A few hundred results per encoding: one at a time pays the encoder's set-up per finding.
      out += "[\n"
      let diagnostics = report.diagnostics
      var positions: [String: SourcePositions] = [:]
      for start in stride(from: 0, to: diagnostics.count, by: resultsPerChunk) {
        let chunk = diagnostics[start..<min(start + resultsPerChunk, diagnostics.count)].map {
          result($0, report, descriptors, positions: &positions)
        }
        // The chunk as an array three levels deep, without its brackets: its results, at depth 4.
        let array = nested(chunk, encoder, depth: 3)
        out += array.dropFirst("[\n".count).dropLast("\n      ]".count)
        out += start + resultsPerChunk >= diagnostics.count ? "\n" : ",\n"
      }
      out += "      ]"
    }
    out += ",\n      \"tool\" : " + nested(tool(report, descriptors), encoder, depth: 3) + "\n    }\n  ],\n"
    out += "  \"version\" : " + nested(log.version, encoder, depth: 1) + "\n}\n"
    return out
  }

  static let resultsPerChunk = 256

  /// The whole log as one value (what `render` writes, for the test that holds the two equal).
  package static func document(_ report: LintReport) -> Log {
    let descriptors = RuleRegistry.descriptors
    var positions: [String: SourcePositions] = [:]
    return Log(runs: [
      Run(
        tool: tool(report, descriptors), invocations: [invocation(report)], originalUriBaseIds: SARIFArtifacts.baseIDs(report),
        results: report.diagnostics.map { result($0, report, descriptors, positions: &positions) })
    ])
  }

  /// `value` as the encoder writes it `depth` levels deep: its lines after the first indented two spaces a level.
  private static func nested(_ value: some Encodable, _ encoder: JSONEncoder, depth: Int) -> String {
    guard let data = try? encoder.encode(value) else { return "{}" }
    // Strings are escaped (a newline in one is `\n`), so every line break is the layout's; an empty line (an
    // empty array or object) stays empty, as the encoder writes it.
    let newline = UInt8(ascii: "\n")
    var bytes: [UInt8] = []
    bytes.reserveCapacity(data.count + data.count / 8)
    var lineStart = false
    for byte in data {
      if lineStart && byte != newline {
        for _ in 0..<(2 * depth) { bytes.append(UInt8(ascii: " ")) }
      }
      bytes.append(byte)
      lineStart = byte == newline
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func tool(_ report: LintReport, _ descriptors: [RuleDescriptor]) -> Tool {
    let rules = descriptors.map { rule in
      RuleEntry(
        id: rule.id, name: rule.name, shortDescription: Text(text: rule.summary),
        fullDescription: Text(text: rule.summary), help: Text(text: rule.rationale, markdown: rule.rationale),
        helpUri: RulePage.url(rule, base: report.ruleDocumentationBase),
        defaultConfiguration: Configuration(level: level(rule.defaultSeverity)),
        properties: Properties(
          tags: rule.tags, securitySeverity: rule.defaultSeverity == .error ? "8.0" : rule.defaultSeverity == .warning ? "5.0" : "2.0"))
    }
    return Tool(driver: Driver(semanticVersion: report.toolVersion, rules: rules))
  }

  private static func result(
    _ diagnostic: Diagnostic, _ report: LintReport, _ descriptors: [RuleDescriptor], positions: inout [String: SourcePositions]
  ) -> Result {
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
      fixes: SARIFArtifacts.fix(diagnostic, report, positions: &positions).map { [$0] })
  }

  private static func invocation(_ report: LintReport) -> Invocation {
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
    return Invocation(
      executionSuccessful: notifications.isEmpty, toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
  }
}
