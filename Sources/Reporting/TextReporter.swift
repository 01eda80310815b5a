import Linter
import ProfileModel

/// `file:line:col: severity: message [SCL201 unknown-syscall]`, the source line and a caret; colour on request.
struct TextReporter {
  var color: Bool

  func render(_ report: LintReport) -> String {
    var out = ""
    out.reserveCapacity(report.diagnostics.count * 256)
    for diagnostic in report.diagnostics {
      let severity = paint(diagnostic.severity.rawValue, code(for: diagnostic.severity))
      let place = "\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column)"
      out += "\(paint(place, "1")): \(severity): \(diagnostic.message) [\(diagnostic.ruleID) \(diagnostic.ruleName)]\n"
      if let line = report.sourceLine(diagnostic.file, diagnostic.position.line) {
        // The caret's indent keeps the line's tabs so it lines up in any tab width.
        var indent = ""
        for scalar in line.unicodeScalars.prefix(max(0, diagnostic.position.column - 1)) {
          indent.append(scalar == "\t" ? "\t" : " ")
        }
        // At most 200 UTF-8 bytes is at most 200 characters: only longer lines need counting.
        let shown = line.utf8.count > 200 && line.count > 200 ? String(line.prefix(200)) + "…" : line
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
