/// The one escaping function of every human-readable output: what a profile or a file name contains must never act
/// on the terminal or CI log that shows it (set the title, erase lines, overwrite a line with CR, reorder text with
/// bidi overrides, start a workflow command on a line of its own).
///
/// Hazards are shown visibly, Swift style: `\u{1B}` for a control or bidi scalar, `\xFF` for a byte of a file name
/// that is not UTF-8 (see `FileName`). Backslashes are not doubled: the escapes are for people reading the output,
/// and a name that spells `\u{1B}` literally is harmless either way.
package enum SafeText {
  /// C0 controls, DEL, C1 controls (U+0080–U+009F, NEL and CSI among them), the line and paragraph separators and
  /// the bidi controls (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069).
  package static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
    default: FileName.byte(encodedAs: scalar) != nil
    }
  }

  /// `text` with every hazard shown visibly. `keepingLines`: line feeds and tabs stay (a whole report, whose lines
  /// seclint wrote); otherwise they are escaped too (one value inside a line: a name, a message, a file).
  package static func visible(_ text: String, keepingLines: Bool = false) -> String {
    guard needsEscaping(text, keepingLines: keepingLines) else { return text }
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
    for scalar in text.unicodeScalars {
      if keepingLines, scalar == "\n" || scalar == "\t" {
        out.unicodeScalars.append(scalar)
      } else if let byte = FileName.byte(encodedAs: scalar) {
        out += "\\x" + hex(UInt32(byte))
      } else if isHazard(scalar) {
        out += "\\u{" + hex(scalar.value) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// JSON text (as JSONEncoder writes it: C0 controls inside strings already escaped) with the remaining hazards
  /// as JSON escapes (`\u007f`, `\u202e`), file-name bytes as the text `\xFF`. Still valid JSON with the same
  /// values: outside strings, seclint's JSON holds only ASCII punctuation, digits, spaces and line feeds.
  package static func json(_ text: String) -> String {
    guard needsEscaping(text, keepingLines: true) else { return text }
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\t" {
        out.unicodeScalars.append(scalar)
      } else if let byte = FileName.byte(encodedAs: scalar) {
        out += "\\\\x" + hex(UInt32(byte))
      } else if isHazard(scalar) {
        let digits = hex(scalar.value)
        out += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits.lowercased()
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Whether `text` holds anything to escape: one pass over its UTF-8 looking for the bytes hazards start with
  /// (C0, DEL, and the lead bytes of C1 (C2), U+061C (D8), the U+20xx controls (E2) and file-name bytes (F4)).
  static func needsEscaping(_ text: String, keepingLines: Bool) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      bytes.contains { byte in
        switch byte {
        case 0x0A, 0x09: !keepingLines
        case 0x00...0x1F, 0x7F, 0xC2, 0xD8, 0xE2, 0xF4: true
        default: false
        }
      }
    }
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count < 2 ? "0" + digits : digits
  }
}
