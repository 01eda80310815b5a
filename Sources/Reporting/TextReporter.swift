import Linter
import ProfileModel

/// `file:line:col: severity: message [SCL201 unknown-syscall]`, the source line and a caret; colour on request.
struct TextReporter {
  var color: Bool

  func render(_ report: LintReport) -> String {
    // Built as UTF-8 bytes: appending pieces to a String re-checks grapheme boundaries at every junction.
    var out: [UInt8] = []
    out.reserveCapacity(report.diagnostics.count * 256)
    func write(_ pieces: String...) { for piece in pieces { out.append(contentsOf: piece.utf8) } }
    for diagnostic in report.diagnostics {
      let severityCode = code(for: diagnostic.severity)
      write(
        paint("\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column)", "1"), ": ",
        paint(diagnostic.severity.rawValue, severityCode), ": ", diagnostic.message, " [", diagnostic.ruleID, " ",
        diagnostic.ruleName, "]\n")
      if let line = report.sourceLine(diagnostic.file, diagnostic.position.line), diagnostic.position.column - 1 <= 200 {
        // At most 200 UTF-8 bytes is at most 200 characters: only longer lines need counting.
        write("    ", line.utf8.count > 200 && line.count > 200 ? String(line.prefix(200)) + "…" : line, "\n    ")
        // The caret's indent keeps the line's tabs so it lines up in any tab width.
        for scalar in line.unicodeScalars.prefix(max(0, diagnostic.position.column - 1)) {
          out.append(scalar == "\t" ? UInt8(ascii: "\t") : UInt8(ascii: " "))
        }
        write(paint("^", severityCode), "\n")
      }
      if let condition = diagnostic.condition { write("    when: ", condition, "\n") }
      if let fix = diagnostic.fix { write("    fix: ", fix, "\n") }
    }
    return String(decoding: out, as: UTF8.self)
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
