#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import SyscallTables

/// Reads evidence files one line at a time (never a whole file), detects each file's format by content and
/// aggregates distinct calls: ABI, syscall, and the values of the arguments the profile's rules test.
package struct EvidenceCollector {
  /// How many malformed lines are kept with their text (all are counted).
  package static let keptMalformed = 5

  /// The ABI of the traced machine (strace's native personality; numbers in plain lists).
  package let host: Architecture
  /// Per syscall name, the argument indexes some rule tests (from the profile); others are not parsed.
  package let testedArguments: [String: [Int]]

  package private(set) var calls: [CallKey: CallStatistics] = [:]
  package private(set) var sources: [EvidenceSource] = []
  package private(set) var malformed: [MalformedLine] = []
  /// Names the evidence gives that libseccomp does not know (typos in lists, strace-only names), with counts.
  package private(set) var unknownNames: [String: (count: Int, file: String, line: Int)] = [:]

  private var state = FileState(file: "")

  private struct FileState {
    var file: String
    var format: EvidenceFormat = .empty
    var line = 0
    var malformed = 0
    var skipped = 0
    /// strace personality per pid (`[ Process PID=N runs in 32 bit mode. ]`); absent: the native one.
    var personalities: [Int: Architecture] = [:]
    /// strace -c: the column of `calls`, and the ABI of the current table.
    var summaryCallsColumn: Int?
    var summaryErrorsColumn: Int?
    var summaryColumns = 0
    var summaryArchitecture: Architecture?
  }

  package init(host: Architecture, testedArguments: [String: [Int]] = [:]) {
    self.host = host
    self.testedArguments = testedArguments
  }

  /// Reads a file. Returns nil, or why it could not be read.
  package mutating func read(path: String, as name: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return "cannot open '\(name)': \(String(cString: strerror(errno)))" }
    defer { close(descriptor) }
    var info = stat()
    if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return "'\(name)' is a directory" }
    begin(name)
    var reader = LineReader()
    let failure = reader.forEachLine(of: descriptor) { line, cut in consume(line, cut: cut) }
    finish()
    return failure.map { "cannot read '\(name)': \(String(cString: strerror($0)))" }
  }

  /// Reads evidence held in memory (standard input, tests).
  package mutating func read(bytes: [UInt8], as name: String) {
    begin(name)
    forEachLine(in: bytes) { line, cut in consume(line, cut: cut) }
    finish()
  }

  private mutating func begin(_ file: String) { state = FileState(file: file) }

  private mutating func finish() {
    sources.append(
      EvidenceSource(file: state.file, format: state.format, lines: state.line, malformed: state.malformed, skipped: state.skipped))
  }

  private mutating func consume(_ raw: Line, cut: Bool) {
    state.line += 1
    if let plain = raw.withoutColour() {
      plain.withUnsafeBufferPointer { consumeLine($0, cut: cut) }
    } else {
      consumeLine(raw, cut: cut)
    }
  }

  private mutating func consumeLine(_ line: Line, cut: Bool) {
    if cut { return reject(line, "line longer than \(LineReader.maximumLine) bytes") }
    if line.isBlankLine { return }
    if state.format == .empty || state.format == .list {
      let detected = Self.detect(line)
      if state.format == .empty {
        guard let detected else { return state.skipped += 1 }
        state.format = detected
      }
    }
    switch state.format {
    case .audit: consumeAudit(line)
    case .strace: consumeStrace(line)
    case .straceSummary: consumeSummary(line)
    case .list: consumeList(line)
    case .empty: break
    }
  }

  /// The format a line suggests; nil for lines that suggest none (comments).
  static func detect(_ line: Line) -> EvidenceFormat? {
    let start = line.skippingBlanks(from: 0)
    if start < line.count, line[start] == .hash { return nil }
    // strace's own messages come before a -c table as well as before a trace.
    if line.hasPrefix("strace:", at: start) || line.hasPrefix("[ Process", at: start) { return nil }
    if AuditRecord.looksLikeAudit(line) { return .audit }
    if line.find("% time") != nil, line.find("syscall") != nil { return .straceSummary }
    if line.hasPrefix("System call usage summary", at: start) { return .straceSummary }
    if ListEntry.parse(line) != nil { return .list }
    return .strace
  }

  private mutating func reject(_ line: Line, _ reason: String) {
    state.malformed += 1
    if malformed.count < Self.keptMalformed || malformed.filter({ $0.file == state.file }).count < 1 {
      malformed.append(MalformedLine(file: state.file, line: state.line, reason: reason, excerpt: line.excerpt))
    }
  }

  // MARK: Recording

  private mutating func record(
    _ architecture: Architecture, name: String?, number: Int?, arguments: [CallKey.ArgumentValue], count: Int = 1,
    recorded: RecordedAction? = nil, error: String? = nil, command: String? = nil
  ) {
    var name = name
    var number = number
    let table = SyscallTable.forArchitecture(architecture)
    if let known = name {
      guard SyscallData.isKnown(known) else {
        var entry = unknownNames[known] ?? (0, state.file, state.line)
        entry.count += count
        unknownNames[known] = entry
        return
      }
      if number == nil { number = table.resolve(known).directNumber }
    } else if let number {
      name = table.name(forNumber: number)
    }
    let key = CallKey(architecture: architecture, name: name, number: number, arguments: arguments)
    // Updated in place: one hash lookup per line, no copy of the statistics' collections.
    Self.update(&calls[key, default: CallStatistics(file: state.file, line: state.line)], count, recorded, error, command)
  }

  private static func update(
    _ statistics: inout CallStatistics, _ count: Int, _ recorded: RecordedAction?, _ error: String?, _ command: String?
  ) {
    statistics.count += count
    if let recorded { statistics.recorded.insert(recorded) }
    if let error { statistics.errors[error, default: 0] += count }
    if let command, statistics.commands.count < 3, !statistics.commands.contains(command) { statistics.commands.append(command) }
  }

  /// Argument values for the indexes the profile tests on `name`; every tested index appears (nil: not shown).
  private func testedValues(for name: String, on architecture: Architecture, _ line: Line, _ range: Range<Int>?)
    -> [CallKey.ArgumentValue]
  {
    guard let indexes = testedArguments[name], !indexes.isEmpty else { return [] }
    var values = indexes.map { CallKey.ArgumentValue(index: $0, value: nil, text: nil) }
    guard let range, let highest = indexes.max() else { return values }
    let texts = StraceArguments.split(line, range, limit: max(highest + 1, 6))
    // strace names clone's arguments (`child_stack=…, flags=…`) in its own order; flags is the kernel's
    // arg0 except on s390/s390x, where the stack comes first (CLONE_BACKWARDS2).
    var byIndex: [Int: Substring] = [:]
    for (position, text) in texts.enumerated() {
      if let equals = text.firstIndex(of: "="), text[..<equals].allSatisfy({ $0.isLetter || $0 == "_" }) {
        let key = text[..<equals]
        if key == "flags" { byIndex[architecture.table.hasPrefix("s390") ? 1 : 0] = text[text.index(after: equals)...] }
        continue
      }
      if byIndex[position] == nil { byIndex[position] = text }
    }
    for k in values.indices {
      guard let text = byIndex[values[k].index] else { continue }
      values[k].value = Symbols.value(of: text)
      values[k].text = String(text.prefix(120))
    }
    return values
  }

  // MARK: strace

  private mutating func consumeStrace(_ line: Line) {
    switch StraceLine.parse(line) {
    case .call(let call):
      let architecture = call.pid.map { state.personalities[$0] ?? host } ?? (state.personalities[-1] ?? host)
      let name: String? = call.name.isEmpty ? nil : call.name
      let arguments = name.map { testedValues(for: $0, on: architecture, line, call.arguments) } ?? []
      record(architecture, name: name, number: call.number, arguments: arguments, error: call.error)
    case .resumed:
      state.skipped += 1  // counted with its `<unfinished ...>` half
    case .personality(let pid, let mode):
      guard let architecture = Self.personality(mode, host: host) else {
        return reject(line, "unknown personality '\(mode)' for host \(host.token)")
      }
      state.personalities[pid] = architecture
      // Without a pid prefix (a single traced process) the message applies to the following lines.
      state.personalities[-1] = architecture
    case .seccompSignal(let pid, let name, let number, let auditArch):
      var architecture = pid.flatMap { state.personalities[$0] } ?? host
      if let auditArch, let named = Self.architecture(auditArchName: auditArch, number: number) { architecture = named }
      record(
        architecture, name: name, number: number,
        arguments: name.map { n in testedArguments[n].map { $0.map { CallKey.ArgumentValue(index: $0, value: nil, text: nil) } } ?? [] } ?? [],
        recorded: .sigsys)
    case .other:
      state.skipped += 1
    case .malformed(let reason):
      reject(line, reason)
    }
  }

  /// strace's personality names (`src/linux/x86_64/arch_defs_.h` …): `64 bit`, `32 bit`, `x32`.
  static func personality(_ mode: String, host: Architecture) -> Architecture? {
    switch mode {
    case "64 bit": return host.bits == 64 ? host : nil
    case "x32": return host.name == "x86_64" ? Architecture.parse("x32") : nil
    case "32 bit":
      let compat = ["x86_64": "x86", "x32": "x86", "aarch64": "arm", "s390x": "s390", "ppc64": "ppc", "ppc64le": "ppc", "mips64": "mips", "mipsel64": "mipsel", "parisc64": "parisc"]
      if host.bits == 32 { return host }
      return compat[host.name].flatMap(Architecture.parse)
    default: return nil
    }
  }

  static func architecture(auditArchName name: String, number: Int?) -> Architecture? {
    let candidates = Architecture.all.filter { $0.auditArchName == name }
    if candidates.count > 1, let number { return candidates.first { ($0.numberBits != 0) == (number & 0x4000_0000 != 0) } }
    return candidates.first { $0.numberBits == 0 } ?? candidates.first
  }

  // MARK: audit

  private mutating func consumeAudit(_ line: Line) {
    switch AuditRecord.parse(line) {
    case .record(let audit):
      let arguments = audit.name.map { n in testedArguments[n].map { $0.map { CallKey.ArgumentValue(index: $0, value: nil, text: nil) } } ?? [] } ?? []
      record(
        audit.architecture, name: audit.name, number: audit.number, arguments: arguments, recorded: audit.action,
        command: audit.command)
    case .otherRecord:
      state.skipped += 1
    case .malformed(let reason):
      // A file of audit records may carry other log lines (journal): only lines that claim to be seccomp
      // records are malformed.
      if AuditRecord.looksLikeAudit(line) { reject(line, reason) } else { state.skipped += 1 }
    }
  }

  // MARK: strace -c

  private mutating func consumeSummary(_ line: Line) {
    let text = line.string(0..<line.count)
    let words = text.split(separator: " ", omittingEmptySubsequences: true)
    if text.hasPrefix("System call usage summary for ") {
      let mode = text.dropFirst(30).replacingOccurrences(" mode:", "")
      guard let architecture = Self.personality(String(mode), host: host) else {
        return reject(line, "unknown personality '\(mode)'")
      }
      state.summaryArchitecture = architecture
      return
    }
    if text.contains("% time") || (words.last == "syscall" && words.contains("calls")) {
      // Header: `% time` is one column written with a space; count columns by their names.
      let names = text.replacingOccurrences("% time", "%time").split(separator: " ")
      state.summaryCallsColumn = names.firstIndex(of: "calls")
      state.summaryErrorsColumn = names.firstIndex(of: "errors")
      state.summaryColumns = names.count
      return
    }
    if words.allSatisfy({ $0.allSatisfy { $0 == "-" } }) || words.last == "total" {
      state.skipped += 1
      return
    }
    guard let callsColumn = state.summaryCallsColumn, let name = words.last else {
      return reject(line, "summary row before a header")
    }
    // `errors` is blank when 0, so a row has one word fewer than the header then; `calls` comes before it.
    guard words.count == state.summaryColumns || words.count == state.summaryColumns - 1,
      callsColumn < words.count - 1, let calls = Int(words[callsColumn])
    else { return reject(line, "unreadable summary row") }
    let architecture = state.summaryArchitecture ?? host
    let nameText = String(name)
    let known: String?
    var number: Int?
    if nameText.hasPrefix("syscall_") {
      let digits = nameText.dropFirst(8)
      number = digits.hasPrefix("0x") ? Int(digits.dropFirst(2), radix: 16) : Int(digits)
      known = nil
    } else {
      known = nameText
    }
    let arguments = known.map { n in testedArguments[n].map { $0.map { CallKey.ArgumentValue(index: $0, value: nil, text: nil) } } ?? [] } ?? []
    record(architecture, name: known, number: number, arguments: arguments, count: max(calls, 1))
  }

  // MARK: lists

  private mutating func consumeList(_ line: Line) {
    guard let entry = ListEntry.parse(line) else { return reject(line, "expected a syscall name or number") }
    switch entry {
    case .comment: state.skipped += 1
    case .name(let name):
      let arguments = testedArguments[name].map { $0.map { CallKey.ArgumentValue(index: $0, value: nil, text: nil) } } ?? []
      record(host, name: name, number: nil, arguments: arguments)
    case .number(let number):
      record(host, name: nil, number: number, arguments: [])
    }
  }
}

/// A line of a plain list: a syscall name or number (first word; the rest, such as a count, is ignored), or a
/// `#` comment.
enum ListEntry {
  case name(String), number(Int), comment

  static func parse(_ line: Line) -> ListEntry? {
    let start = line.skippingBlanks(from: 0)
    guard start < line.count else { return .comment }
    if line[start] == .hash { return .comment }
    var end = start
    while end < line.count, line[end].isIdentifier { end += 1 }
    guard end > start else { return nil }
    // A word followed by '(' or anything but blanks/digits is not a list entry.
    let rest = line.skippingBlanks(from: end)
    if rest < line.count {
      guard end < line.count, line[end].isBlank else { return nil }
      var k = rest
      while k < line.count, line[k].isDigit || line[k].isBlank { k += 1 }
      guard k == line.count else { return nil }
    }
    let word = line.string(start..<end)
    if word.hasPrefix("0x"), let value = Int(word.dropFirst(2), radix: 16) { return .number(value) }
    if word.first!.isNumber { return Int(word).map { .number($0) } }
    return .name(word)
  }
}

extension StringProtocol {
  func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
