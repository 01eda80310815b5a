import Linter
import ProfileModel

/// seclint's JSON contract (schemaVersion 1): adding keys is not a breaking change.
enum JSONReporter {
  struct Envelope: Encodable {
    var schemaVersion = 1
    var tool: Tool
    var diagnostics: [Entry]
    /// Profiles that could not be read or parsed; omitted when there are none.
    var failures: [Failure]?
    var summary: Summary
  }
  struct Failure: Encodable {
    var file: String
    var line: Int?
    var column: Int?
    var message: String
  }
  struct Tool: Encodable {
    var name = "seclint"
    var version: String
  }
  struct Entry: Encodable {
    var rule: String
    var name: String
    var severity: String
    var message: String
    var file: String
    var pointer: String
    var line: Int
    var column: Int
    var syscall: String?
    var syscalls: [String]
    var arches: [String]
    var condition: String?
    var fix: String?
    /// `Fingerprint`: stable across reordering and reformatting (what baselines match).
    var fingerprint: String
    /// With `--base`: `introduced` or `inherited`; absent without a base.
    var origin: String?
    var inheritedFrom: String?
  }
  struct Summary: Encodable {
    var files: Int
    var errors: Int
    var warnings: Int
    var notes: Int
    /// With `--baseline`: findings left out because the baseline records them, and recorded ones no longer found.
    var baselined: Int?
    var staleBaseline: Int?
  }

  static func render(_ report: LintReport) -> String {
    CanonicalJSON.render(
      Envelope(
        tool: Tool(version: report.toolVersion),
        diagnostics: report.diagnostics.map {
          Entry(
            rule: $0.ruleID, name: $0.ruleName, severity: $0.severity.rawValue, message: $0.message, file: $0.file,
            pointer: $0.pointer.description, line: $0.position.line, column: $0.position.column,
            syscall: $0.syscalls.first, syscalls: $0.syscalls, arches: $0.arches, condition: $0.condition, fix: $0.fix,
            fingerprint: $0.fingerprint,
            origin: report.base == nil ? nil : ($0.inheritedFrom == nil ? "introduced" : "inherited"), inheritedFrom: $0.inheritedFrom)
        },
        failures: report.failures.isEmpty
          ? nil
          : report.failures.map {
            Failure(file: $0.file, line: $0.position?.line, column: $0.position?.column, message: $0.message)
          },
        summary: Summary(
          files: report.files.count, errors: report.count(.error), warnings: report.count(.warning),
          notes: report.count(.note), baselined: report.baseline?.baselined, staleBaseline: report.baseline?.stale)))
  }
}
