import Linter
import ProfileModel

/// GitHub Actions workflow commands, escaped as actions/toolkit's `command.ts` does.
package enum GitHubReporter {
  static func render(_ report: LintReport) -> String {
    let failures = report.failures.map { failure in
      var properties = ["file=\(escapeProperty(failure.file))"]
      if let position = failure.position { properties += ["line=\(position.line)", "col=\(position.column)"] }
      properties.append("title=\(escapeProperty("seclint: cannot read the profile"))")
      return "::error \(properties.joined(separator: ","))::\(escapeData(failure.message))\n"
    }.joined()
    return failures + report.diagnostics.map { diagnostic in
      let level =
        switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
      let properties = [
        "file=\(escapeProperty(Diagnostic.path(of: diagnostic.file)))", "line=\(diagnostic.position.line)",
        "col=\(diagnostic.position.column)", "title=\(escapeProperty("seclint \(diagnostic.ruleID) \(diagnostic.ruleName)"))",
      ].joined(separator: ",")
      var message = "\(diagnostic.message) [\(diagnostic.pointer)]"
      if let profile = Diagnostic.profile(of: diagnostic.file) { message = "\(profile): " + message }
      if let fix = diagnostic.fix { message += "\nfix: \(fix)" }
      return "::\(level) \(properties)::\(escapeData(message))\n"
    }.joined()
  }

  /// `%` → `%25`, CR → `%0D`, LF → `%0A` (actions/toolkit's `escapeData`). Scalar by scalar: Swift treats
  /// "\r\n" as one `Character`, so replacing "\r" and "\n" as Characters would leave a CRLF in place and let a
  /// syscall name start a workflow command of its own.
  package static func escapeData(_ text: String) -> String { escape(text, property: false) }

  /// Data escaping plus `:` → `%3A` and `,` → `%2C` (actions/toolkit's `escapeProperty`).
  package static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

  private static func escape(_ text: String, property: Bool) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out.append(contentsOf: "%25".unicodeScalars)
      case "\r": out.append(contentsOf: "%0D".unicodeScalars)
      case "\n": out.append(contentsOf: "%0A".unicodeScalars)
      case ":" where property: out.append(contentsOf: "%3A".unicodeScalars)
      case "," where property: out.append(contentsOf: "%2C".unicodeScalars)
      default: out.append(scalar)
      }
    }
    return String(out)
  }
}
