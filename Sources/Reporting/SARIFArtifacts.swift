import Linter
import Fixer
import ProfileModel

/// Where SARIF says a file is: relative to `%SRCROOT%` (the `--sarif-root`, by default the git top level) when
/// the file is under it, else an absolute `file://` URI, else the name as given; always a valid URI reference
/// (RFC 3986: every byte outside the unreserved set and `/` percent-encoded).
enum SARIFArtifacts {
  static let rootID = "%SRCROOT%"

  static func location(_ file: String, _ report: LintReport) -> SARIFReporter.ArtifactLocation {
    if file == "-" { return .init(uri: "stdin") }
    let path = Diagnostic.path(of: file)
    guard let absolute = report.absolutePath(path) else { return .init(uri: encode(path)) }
    if let root = report.sarifRoot {
      let prefix = root == "/" ? "/" : root + "/"
      if absolute.hasPrefix(prefix) { return .init(uri: encode(String(absolute.dropFirst(prefix.count))), uriBaseId: rootID) }
    }
    return .init(uri: "file://" + encode(absolute))
  }

  /// `originalUriBaseIds` for the run: `%SRCROOT%` as a `file://` URI ending in `/` (SARIF §3.14.14).
  static func baseIDs(_ report: LintReport) -> [String: SARIFReporter.ArtifactLocation]? {
    guard let root = report.sarifRoot else { return nil }
    return [rootID: .init(uri: "file://" + encode(root == "/" ? "/" : root + "/"))]
  }

  static func encode(_ path: String) -> String {
    var out = ""
    for byte in FileName.bytes(path) {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }

  /// A finding's fix as a SARIF `fix`: one `artifactChange` with a `replacement` per edit, regions in lines and
  /// Unicode code points (the run's `columnKind`) and in bytes; nil when the file's bytes are not at hand.
  /// `positions` keeps each file's line index between findings (keyed by the diagnostic's file).
  static func fix(
    _ diagnostic: Diagnostic, _ report: LintReport, positions: inout [String: SourcePositions]
  ) -> SARIFReporter.FixEntry? {
    guard let autofix = diagnostic.autofix, let text = diagnostic.fix else { return nil }
    let file = Diagnostic.path(of: diagnostic.file)
    guard let bytes = report.sourceBytes(diagnostic.file) ?? report.sourceBytes(file) else { return nil }
    let lines: SourcePositions
    if let known = positions[diagnostic.file] {
      lines = known
    } else {
      lines = SourcePositions(bytes)
      positions[diagnostic.file] = lines
    }
    var replacements: [SARIFReporter.Replacement] = []
    for edit in autofix.edits {
      guard edit.end <= bytes.count else { return nil }
      let start = lines.position(edit.start), end = lines.position(edit.end)
      replacements.append(
        .init(
          deletedRegion: .init(
            startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, byteOffset: edit.start,
            byteLength: edit.end - edit.start),
          insertedContent: edit.replacement.isEmpty ? nil : .init(text: edit.replacement)))
    }
    let kind = autofix.applicability == .safe ? "safe: nothing Docker enforces changes (seclint lint --fix)" : "unsafe: changes the filter (seclint lint --fix --unsafe-fixes)"
    return .init(
      description: .init(text: "\(text) — \(kind)"),
      artifactChanges: [.init(artifactLocation: location(diagnostic.file, report), replacements: replacements)])
  }
}
