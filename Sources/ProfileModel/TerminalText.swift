/// Output that is safe to show on a terminal or in a CI log: the only way to make one is through `SafeText`, and
/// the CLI writes nothing else to standard output, standard error or an `--output` file. Colour is the one escape
/// sequence seclint writes itself, and only `Builder.painted` adds it, around text it has escaped.
package struct TerminalText: Sendable, Equatable {
  package private(set) var text: String

  private init(verbatim text: String) { self.text = text }

  /// Human-readable text seclint composed (lines, tabs) with values from profiles and file names in it: every
  /// other control, C1 and bidi character is shown escaped.
  package static func plain(_ text: String) -> TerminalText { TerminalText(verbatim: SafeText.visible(text, keepingLines: true)) }

  /// JSON (SARIF included) from JSONEncoder, with the hazards it leaves raw (DEL, C1, bidi) as JSON escapes.
  package static func json(_ text: String) -> TerminalText { TerminalText(verbatim: SafeText.json(text)) }

  package static func + (lhs: TerminalText, rhs: TerminalText) -> TerminalText { TerminalText(verbatim: lhs.text + rhs.text) }

  /// Builds text piece by piece: seclint's own text, values (escaped whole: a line feed in a name cannot start a
  /// line of its own) and coloured pieces. Kept as UTF-8 bytes: appending to a String re-checks grapheme
  /// boundaries at every junction.
  package struct Builder {
    package var color: Bool
    private var bytes: [UInt8] = []

    package init(color: Bool, capacity: Int = 0) {
      self.color = color
      bytes.reserveCapacity(capacity)
    }

    /// Text seclint wrote (line feeds and tabs kept).
    package mutating func text(_ pieces: String...) {
      for piece in pieces { text(piece) }
    }

    /// One piece of text seclint wrote (the variadic form builds an array of its pieces for each call).
    package mutating func text(_ piece: String) { appendUTF8(SafeText.visible(piece, keepingLines: true)) }

    /// A value from a profile, a file name or an option: every control shown escaped, line feeds and tabs too.
    package mutating func value(_ piece: String) { appendUTF8(SafeText.visible(piece)) }

    /// Bytes already made safe (copied from another builder's output).
    package mutating func append(_ other: TerminalText) { appendUTF8(other.text) }

    /// A string's UTF-8, copied from its contiguous storage (appending the view byte by byte cost more than
    /// the escaping).
    private mutating func appendUTF8(_ string: String) {
      if string.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
        bytes.append(contentsOf: string.utf8)
      }
    }

    /// A value in an SGR colour (`1;31` bold red), when colour is on.
    package mutating func painted(_ piece: String, _ code: String) {
      guard color else { return value(piece) }
      bytes.append(contentsOf: "\u{1B}[\(code)m".utf8)
      value(piece)
      bytes.append(contentsOf: "\u{1B}[0m".utf8)
    }

    package var result: TerminalText { TerminalText(verbatim: String(decoding: bytes, as: UTF8.self)) }
  }
}
