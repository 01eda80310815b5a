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

  /// `%` → `%25`, CR → `%0D`, LF → `%0A`.
  package static func escapeData(_ text: String) -> String {
    text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
  }

  /// Data escaping plus `:` → `%3A` and `,` → `%2C`.
  package static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
  }
}
