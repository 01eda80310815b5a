import Linter
import ProfileModel

/// `file:line:col: severity: message [SCL201 unknown-syscall]`, the source line and a caret; colour on request.
struct TextReporter {
  var color: Bool

  func render(_ report: LintReport) -> String {
    var out = ""
    for diagnostic in report.diagnostics {
      let severity = paint(diagnostic.severity.rawValue, code(for: diagnostic.severity))
      let place = "\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column)"
      out += "\(paint(place, "1")): \(severity): \(diagnostic.message) [\(diagnostic.ruleID) \(diagnostic.ruleName)]\n"
      if let line = report.sourceLine(diagnostic.file, diagnostic.position.line) {
        let prefix = line.unicodeScalars.prefix(max(0, diagnostic.position.column - 1))
        let indent = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " }))
        let shown = line.count > 200 ? String(line.prefix(200)) + "…" : line
        if diagnostic.position.column - 1 <= 200 {
          out += "    \(shown)\n    \(indent)\(paint("^", code(for: diagnostic.severity)))\n"
        }
      }
      if let condition = diagnostic.condition { out += "    when: \(condition)\n" }
      if let fix = diagnostic.fix { out += "    fix: \(fix)\n" }
    }
    return out
  }

  private func code(for severity: Severity) -> String {
    switch severity {
    case .error: "1;31"
    case .warning: "1;33"
    case .note: "1;36"
    }
  }

  private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}
