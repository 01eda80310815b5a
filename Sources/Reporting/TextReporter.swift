import Linter
import ProfileModel

/// `file:line:col: severity: message [SCL201 unknown-syscall]`, the source line and a caret; colour on request.
struct TextReporter {
  var color: Bool

  /// Every value (file name, message, condition, fix) is escaped whole by `TerminalText.Builder`: a control
  /// character from a profile cannot colour, move or erase anything, nor a line feed start a finding of its own.
  func render(_ report: LintReport) -> TerminalText {
    var out = TerminalText.Builder(color: color, capacity: report.diagnostics.count * 256)
    // Diagnostics come sorted by file and offset, so consecutive ones share a line: it is indexed once.
    var cached: (file: String, number: Int, line: SourceLine)?
    for diagnostic in report.diagnostics {
      let severityCode = code(for: diagnostic.severity)
      out.painted("\(diagnostic.file):\(diagnostic.position.line):\(diagnostic.position.column)", "1")
      out.text(": ")
      out.painted(diagnostic.severity.rawValue, severityCode)
      out.text(": ")
      out.value(diagnostic.message)
      out.text(" [", diagnostic.ruleID, " ", diagnostic.ruleName, "]\n")
      if cached?.file != diagnostic.file || cached?.number != diagnostic.position.line {
        cached = report.sourceLine(diagnostic.file, diagnostic.position.line).map {
          (diagnostic.file, diagnostic.position.line, SourceLine($0))
        }
      }
      if let line = cached?.line {
        let excerpt = Excerpt(line: line, column: diagnostic.position.column)
        // The excerpt keeps its tabs (the caret's indent copies them, so it lines up in any tab width).
        out.text("    ", excerpt.text, "\n    ", String(decoding: excerpt.caretIndent, as: UTF8.self))
        out.painted("^", severityCode)
        out.text("\n")
      }
      if let condition = diagnostic.condition {
        out.text("    when: ")
        out.value(condition)
        out.text("\n")
      }
      if let fix = diagnostic.fix {
        out.text("    fix: ")
        out.value(fix)
        out.text("\n")
      }
    }
    return out.result
  }

  private func code(for severity: Severity) -> String {
    switch severity {
    case .error: "1;31"
    case .warning: "1;33"
    case .note: "1;36"
    }
  }
}

/// A source line as UTF-8 bytes, with where each Unicode scalar starts when the line is long enough to be cut.
struct SourceLine {
  let bytes: [UInt8]
  /// Byte offset of each scalar, plus the end (only for lines longer than `Excerpt.width` bytes).
  let scalarStarts: [Int]

  init(_ text: String) {
    let bytes = Array(text.utf8)
    self.bytes = bytes
    guard bytes.count > Excerpt.width else {
      scalarStarts = []
      return
    }
    // A scalar starts at every byte that is not a UTF-8 continuation byte (10xxxxxx).
    scalarStarts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 } + [bytes.count]
  }
}

/// At most `width` scalars of a source line around a column: long lines (minified profiles) are cut with `…`,
/// keeping the column in view. Costs the excerpt's length, not the line's.
struct Excerpt {
  static let width = 200
  var text: String
  /// Spaces (and the line's own tabs) up to the column, in the excerpt.
  var caretIndent: [UInt8]

  init(line: SourceLine, column: Int) {
    let before = max(0, column - 1)
    guard !line.scalarStarts.isEmpty else {
      // At most `width` bytes: the whole line.
      text = String(decoding: line.bytes, as: UTF8.self)
      caretIndent = Self.indent(text.unicodeScalars.prefix(before))
      return
    }
    let scalarCount = line.scalarStarts.count - 1
    let first = min(before < Self.width - 40 ? 0 : before - Self.width / 2, scalarCount)
    let last = min(first + Self.width, scalarCount)
    let shown = String(decoding: line.bytes[line.scalarStarts[first]..<line.scalarStarts[last]], as: UTF8.self)
    text = (first > 0 ? "…" : "") + shown + (last < scalarCount ? "…" : "")
    caretIndent = (first > 0 ? [UInt8(ascii: " ")] : []) + Self.indent(shown.unicodeScalars.prefix(max(0, before - first)))
  }

  private static func indent(_ scalars: some Sequence<Unicode.Scalar>) -> [UInt8] {
    scalars.map { $0 == "\t" ? UInt8(ascii: "\t") : UInt8(ascii: " ") }
  }
}
