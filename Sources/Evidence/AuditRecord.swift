import SyscallTables

/// A kernel audit record of a seccomp decision (formats.md §6): auditd's `type=SECCOMP msg=audit(…): …`, the
/// kernel log's `audit: type=1326 audit(…): …`, journald's `audit[PID]: SECCOMP …`, and `ausearch -i`'s
/// interpreted form (`arch=aarch64 syscall=faccessat code=kill-thread`).
struct AuditRecord {
  var architecture: Architecture
  /// The number on `architecture` (x32 numbers keep bit 30), when the record gives a number.
  var number: Int?
  /// The name, when the record is interpreted (`syscall=faccessat`) or the table names the number.
  var name: String?
  var action: RecordedAction?
  var command: String?

  enum Outcome {
    case record(AuditRecord)
    /// An audit record of another type (SYSCALL, ANOM_ABEND, …): not a seccomp decision.
    case otherRecord
    case malformed(String)
  }

  /// Whether the line looks like an audit record at all (for format detection).
  static func looksLikeAudit(_ line: Line) -> Bool {
    line.find("type=SECCOMP") != nil || line.find("type=1326") != nil || line.find("]: SECCOMP ") != nil
      || (line.find("type=") != nil && line.find("audit(") != nil)
  }

  static func parse(_ line: Line) -> Outcome {
    let body: Int
    if let anchor = line.find("type=SECCOMP ") {
      body = anchor + 13
    } else if let anchor = line.find("type=1326 ") {
      body = anchor + 10
    } else if let anchor = line.find("]: SECCOMP ") {
      body = anchor + 11
    } else {
      return line.find("type=") != nil ? .otherRecord : .malformed("not an audit record")
    }
    let fields = keyValues(line, from: body)
    guard let archText = fields["arch"] else { return .malformed("seccomp record without arch=") }
    guard let syscallText = fields["syscall"] else { return .malformed("seccomp record without syscall=") }
    var number: Int?
    var name: String?
    if let value = Int(syscallText) { number = value } else if SyscallData.isKnown(syscallText) { name = syscallText }
    guard number != nil || name != nil else { return .malformed("unreadable syscall=\(syscallText)") }
    // arch is lower-case hex without 0x (`%x`), or a name in interpreted output.
    let architecture: Architecture?
    if let audit = UInt32(archText, radix: 16), archText.count >= 6 {
      architecture = Self.architecture(audit: audit, number: number)
    } else {
      architecture = Self.architecture(named: archText)
    }
    guard let architecture else { return .malformed("unknown audit arch \(archText)") }
    var action: RecordedAction?
    if let code = fields["code"] {
      if code.hasPrefix("0x"), let value = UInt32(code.dropFirst(2), radix: 16) {
        action = RecordedAction(code: value)
      } else {
        action = RecordedAction(interpreted: code)
      }
      guard action != nil else { return .malformed("unreadable code=\(code)") }
    }
    if name == nil, let number {
      name = SyscallTable.forArchitecture(architecture).name(forNumber: number)
    }
    return .record(AuditRecord(architecture: architecture, number: number, name: name, action: action, command: fields["comm"]))
  }

  /// The ABI of `AUDIT_ARCH_*` value `audit`: x32 shares AUDIT_ARCH_X86_64 and sets bit 30 in the number
  /// (`__X32_SYSCALL_BIT`, arch-hazards.md §4).
  static func architecture(audit: UInt32, number: Int?) -> Architecture? {
    let candidates = Architecture.all.filter { $0.auditArch == audit }
    if candidates.count > 1, let number {
      return candidates.first { ($0.numberBits != 0) == (number & 0x4000_0000 != 0) }
    }
    return candidates.first { $0.numberBits == 0 } ?? candidates.first
  }

  /// auparse's names for `arch=` (`x86_64`, `i386`, `aarch64`, `armeb`, …) and libseccomp's.
  static func architecture(named name: String) -> Architecture? {
    switch name {
    case "i386", "i486", "i586", "i686": return Architecture.parse("x86")
    case "armeb", "armv7l", "arm": return Architecture.parse("arm")
    default: return Architecture.parse(name)
    }
  }

  /// `key=value` pairs split on spaces outside double quotes; quoted values lose their quotes, unquoted hex
  /// values of `comm`/`exe` are decoded (the kernel hex-encodes untrusted strings with spaces or quotes).
  static func keyValues(_ line: Line, from start: Int) -> [String: String] {
    var fields: [String: String] = [:]
    var i = start
    while i < line.count {
      i = line.skippingBlanks(from: i)
      let keyStart = i
      while i < line.count, line[i] != .equals, !line[i].isBlank { i += 1 }
      guard i < line.count, line[i] == .equals else {
        // A word without `=`, e.g. the "(complain)" of an AppArmor subj: skip it.
        while i < line.count, !line[i].isBlank { i += 1 }
        continue
      }
      let key = line.string(keyStart..<i)
      i += 1
      var value: String
      if i < line.count, line[i] == .quote {
        let valueStart = i + 1
        i += 1
        while i < line.count, line[i] != .quote { i += 1 }
        value = line.string(valueStart..<min(i, line.count))
        i += 1
      } else {
        let valueStart = i
        while i < line.count, !line[i].isBlank, line[i] != 0x1D { i += 1 }
        value = line.string(valueStart..<i)
        if key == "comm" || key == "exe", value.count % 2 == 0, !value.isEmpty,
          value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) })
        {
          var bytes: [UInt8] = []
          var index = value.startIndex
          while index < value.endIndex {
            let next = value.index(index, offsetBy: 2)
            bytes.append(UInt8(value[index..<next], radix: 16) ?? 0x3F)
            index = next
          }
          value = String(decoding: bytes.map { $0 < 0x20 ? 0x3F : $0 }, as: UTF8.self)
        }
      }
      // ENRICHED format: the interpreted copy after 0x1D repeats keys in upper case; keep the raw ones.
      if fields[key] == nil { fields[key] = value }
      if i < line.count, line[i] == 0x1D { break }
    }
    return fields
  }
}
