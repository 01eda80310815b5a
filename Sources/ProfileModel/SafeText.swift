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
    escaped(text, keepingLines: keepingLines) { scalar, out in
      if let byte = FileName.byte(encodedAs: scalar) {
        out.append(contentsOf: "\\x".utf8)
        out.append(contentsOf: hex(UInt32(byte)).utf8)
      } else {
        out.append(contentsOf: "\\u{".utf8)
        out.append(contentsOf: hex(scalar.value).utf8)
        out.append(UInt8(ascii: "}"))
      }
    }
  }

  /// JSON text (as JSONEncoder writes it: C0 controls inside strings already escaped) with the remaining hazards
  /// as JSON escapes (`\u007f`, `\u202e`), file-name bytes as the text `\xFF`. Still valid JSON with the same
  /// values: outside strings, seclint's JSON holds only ASCII punctuation, digits, spaces and line feeds.
  package static func json(_ text: String) -> String {
    escaped(text, keepingLines: true) { scalar, out in
      if let byte = FileName.byte(encodedAs: scalar) {
        out.append(contentsOf: "\\\\x".utf8)
        out.append(contentsOf: hex(UInt32(byte)).utf8)
      } else {
        let digits = hex(scalar.value).lowercased()
        out.append(contentsOf: "\\u".utf8)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, 4 - digits.count)))
        out.append(contentsOf: digits.utf8)
      }
    }
  }

  /// `text` with each hazard replaced by what `escape` writes, in one pass over its UTF-8: runs without a hazard
  /// are copied as bytes (a report of megabytes full of `≥` and `…`, whose lead byte E2 is shared with the bidi
  /// controls, used to be rebuilt scalar by scalar), and only a scalar whose lead byte can start a hazard is
  /// decoded. `text` is returned as it is when nothing needs escaping.
  private static func escaped(
    _ text: String, keepingLines: Bool, _ escape: (Unicode.Scalar, inout [UInt8]) -> Void
  ) -> String {
    guard needsEscaping(text, keepingLines: keepingLines) else { return text }
    var text = text
    let rebuilt = text.withUTF8 { bytes -> String? in
      // Built only once a hazard turns up: text whose only suspect bytes are lead bytes of harmless scalars
      // (`→`, `…`, `≥` start with E2 like the bidi controls) is returned as it is.
      var out: [UInt8] = []
      var copied = 0
      var i = 0
      while i < bytes.count {
        let lead = bytes[i]
        if lead &- 0x20 < 0x5F {  // printable ASCII: never a hazard
          i += 1
          continue
        }
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let hazard: Unicode.Scalar?
        switch lead {
        case 0x0A, 0x09: hazard = keepingLines ? nil : Unicode.Scalar(lead)
        case 0x00...0x1F, 0x7F: hazard = Unicode.Scalar(lead)
        case 0xC2, 0xD8, 0xE2, 0xF4:
          // A String's UTF-8 is valid: the whole scalar is there.
          var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
          for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
          let scalar = Unicode.Scalar(value)
          hazard = scalar.flatMap { isHazard($0) ? $0 : nil }
        default: hazard = nil
        }
        if let hazard {
          if out.isEmpty { out.reserveCapacity(bytes.count + 64) }
          out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
          escape(hazard, &out)
          copied = i + length
        }
        i += length
      }
      guard copied > 0 else { return nil }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
      return String(decoding: out, as: UTF8.self)
    }
    return rebuilt ?? text
  }

  /// Whether `text` holds anything to escape: one pass over its UTF-8 looking for the bytes hazards start with
  /// (C0, DEL, and the lead bytes of C1 (C2), U+061C (D8), the U+20xx controls (E2) and file-name bytes (F4)).
  static func needsEscaping(_ text: String, keepingLines: Bool) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      // Printable ASCII (0x20–0x7E, nearly every byte) is passed over with one comparison.
      for byte in bytes where byte &- 0x20 >= 0x5F {
        switch byte {
        case 0x0A, 0x09: if !keepingLines { return true }
        case 0x00...0x1F, 0x7F, 0xC2, 0xD8, 0xE2, 0xF4: return true
        default: continue
        }
      }
      return false
    }
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count < 2 ? "0" + digits : digits
  }
}
