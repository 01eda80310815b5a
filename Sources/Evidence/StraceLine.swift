/// One line of strace output (formats.md §7), parsed at byte level.
///
/// Grammar: `[<pid-prefix>][<timestamp>][<relative-ts>][<[scno]>][<[ip]>]name(args…) = <ret>[ <errno> (<text>)]`,
/// or a `---` signal line, a `+++` exit line, `[ Process PID=N runs in … mode. ]`, `<... name resumed>`,
/// a `strace:` diagnostic (strace `src/strace.c` `printleader`, `src/syscall.c`).
enum StraceLine {
  case call(Call)
  /// `<... name resumed>`: the rest of a call counted at its `<unfinished ...>` half.
  case resumed(pid: Int?, name: String)
  /// `[ Process PID=N runs in 32 bit mode. ]` (strace `update_personality`).
  case personality(pid: Int, mode: String)
  /// `--- SIGSYS {si_code=SYS_SECCOMP, si_syscall=__NR_x | N, si_arch=AUDIT_ARCH_…} ---`: a seccomp trap or kill.
  case seccompSignal(pid: Int?, name: String?, number: Int?, auditArch: String?)
  /// Signals, exits, diagnostics: not syscalls, not errors.
  case other
  case malformed(String)

  struct Call {
    var pid: Int?
    var name: String
    /// `-n`'s `[ 435]`, or the number of `syscall_0x1b4(…)`.
    var number: Int?
    /// The argument text, between the parentheses (up to `<unfinished ...>` for a cut call).
    var arguments: Range<Int>
    /// `= -1 EPERM (…)`: the error symbol.
    var error: String?
    var unfinished: Bool
  }

  static func parse(_ whole: Line) -> StraceLine {
    var line = whole
    // strace writing to stderr splices its own "strace: Process N attached" into the line of the call that
    // created the process; the call's result then comes on the next line as `) = N`.
    var spliced = false
    if let message = whole.find("strace: Process "), message > 0 {
      line = UnsafeBufferPointer(rebasing: whole[0..<message])
      spliced = true
    }
    var i = line.skippingBlanks(from: 0)
    var pid: Int?
    // Pid prefix: `[pid  4242] ` (stderr) or `4242  ` (-o FILE with -f).
    if line.hasPrefix("[pid", at: i) {
      i = line.skippingBlanks(from: i + 4)
      var value = 0
      let start = i
      while i < line.count, line[i].isDigit {
        value = value &* 10 &+ Int(line[i] - 0x30)
        i += 1
      }
      guard i > start, i < line.count, line[i] == .closeBracket else { return .malformed("unreadable [pid N] prefix") }
      pid = value
      i += 1
    }
    // Leading number tokens: a pid (digits only, first, no brackets seen), timestamps (-t/-tt/-ttt/-r).
    var first = pid == nil
    while true {
      i = line.skippingBlanks(from: i)
      let start = i
      var sawSeparator = false
      while i < line.count, line[i].isDigit || line[i] == .dot || line[i] == .colon {
        if !line[i].isDigit { sawSeparator = true }
        i += 1
      }
      if i == start { break }
      guard i == line.count || line[i].isBlank else {
        i = start
        break
      }
      if first, !sawSeparator {
        var value = 0
        for k in start..<i { value = value &* 10 &+ Int(line[k] - 0x30) }
        pid = value
      }
      first = false
    }
    // `-n` `[ 435]` and `-i` `[00007f…]`.
    var number: Int?
    while i < line.count, line[i] == .openBracket, !line.hasPrefix("[ Process", at: i) {
      var k = i + 1
      while k < line.count, line[k] != .closeBracket { k += 1 }
      guard k < line.count else { return .malformed("unclosed [") }
      let inner = line.string(i + 1..<k).trimmingCharacters(" ")
      if !inner.isEmpty, inner.allSatisfy(\.isNumber) { number = Int(inner) }
      i = line.skippingBlanks(from: k + 1)
    }
    guard i < line.count else { return .other }  // a bare leader (a call cut by strace's death)
    if line.hasPrefix("---", at: i) { return signal(line, from: i, pid: pid) }
    if line.hasPrefix("+++", at: i) || line.hasPrefix("strace:", at: i) || line.hasPrefix("????", at: i) { return .other }
    if line.hasPrefix("[ Process PID=", at: i) {
      var k = i + 14
      var value = 0
      while k < line.count, line[k].isDigit {
        value = value &* 10 &+ Int(line[k] - 0x30)
        k += 1
      }
      guard let runs = line.find(" runs in ", from: k), let end = line.find(" mode.", from: runs) else {
        return .malformed("unreadable personality message")
      }
      return .personality(pid: value, mode: line.string(runs + 9..<end))
    }
    if line.hasPrefix("<... ", at: i) {
      let start = i + 5
      var k = start
      while k < line.count, line[k].isIdentifier { k += 1 }
      guard k > start, line.hasPrefix(" resumed>", at: k) else { return .malformed("unreadable <... resumed>") }
      return .resumed(pid: pid, name: line.string(start..<k))
    }
    // The rest of a call cut by a spliced message: `) = 19335`.
    if line[i] == .close, line.find("= ", from: i) != nil { return .other }
    let nameStart = i
    while i < line.count, line[i].isIdentifier { i += 1 }
    guard i > nameStart, i < line.count, line[i] == .open else {
      return .malformed(i > nameStart ? "expected '(' after the syscall name" : "not a syscall line")
    }
    var name = line.string(nameStart..<i)
    if name.hasPrefix("syscall_") {
      // Unknown to strace: `syscall_0x1b4(…)` (hex since strace 4.21), older `syscall_436(…)`.
      let digits = name.dropFirst(8)
      number = digits.hasPrefix("0x") ? Int(digits.dropFirst(2), radix: 16) : Int(digits)
      guard number != nil else { return .malformed("unreadable syscall_N name") }
      name = ""
    }
    let argumentsStart = i + 1
    if spliced {
      return .call(Call(pid: pid, name: name, number: number, arguments: argumentsStart..<line.count, error: nil, unfinished: true))
    }
    if let unfinished = Self.unfinishedMarker(line), unfinished >= argumentsStart
    {
      return .call(Call(pid: pid, name: name, number: number, arguments: argumentsStart..<unfinished, error: nil, unfinished: true))
    }
    // The result: `) = 0`, padded to column 40 (`)          = 0`); `exit_group(0) = ?` has one too, so a line
    // without it was cut.
    guard let (equals, resultStart) = result(line, after: i) else { return .malformed("no ') = ' result") }
    var error: String?
    var k = resultStart
    if line.hasPrefix("-1 ", at: k) || line.hasPrefix("? ", at: k) {
      k += line[k] == .minus ? 3 : 2
      let start = k
      while k < line.count, line[k].isIdentifier { k += 1 }
      if k > start { error = line.string(start..<k) }
    }
    return .call(Call(pid: pid, name: name, number: number, arguments: argumentsStart..<equals, error: error, unfinished: false))
  }

  /// Where `<unfinished ...>` starts (with its leading space when it has one): the last ` <unfinished ...>`,
  /// else the last `<unfinished ...>`. One search for the common case of a line without it.
  private static func unfinishedMarker(_ line: Line) -> Int? {
    guard let last = line.findLast("<unfinished ...>") else { return nil }
    if last > 0, line[last - 1] == .space { return last - 1 }
    return line.findLast(" <unfinished ...>") ?? last
  }

  /// The index of the `)` closing the arguments and of the result after `= `, searching from the end.
  private static func result(_ line: Line, after start: Int) -> (Int, Int)? {
    var k = line.count - 2
    while k > start {
      if line[k] == .equals, line[k + 1] == .space, line[k - 1] == .space {
        var p = k - 1
        while p > start, line[p] == .space { p -= 1 }
        if line[p] == .close { return (p, k + 2) }
      }
      k -= 1
    }
    return nil
  }

  private static func signal(_ line: Line, from index: Int, pid: Int?) -> StraceLine {
    guard line.find("SIGSYS", from: index) != nil, line.find("SYS_SECCOMP", from: index) != nil else { return .other }
    var name: String?
    var number: Int?
    if let field = line.find("si_syscall=", from: index) {
      var k = field + 11
      if line.hasPrefix("__NR_", at: k) { k += 5 }
      let start = k
      while k < line.count, line[k].isIdentifier { k += 1 }
      let text = line.string(start..<k)
      if let value = Int(text) { number = value } else if !text.isEmpty { name = text }
    }
    var arch: String?
    if let field = line.find("si_arch=", from: index) {
      var k = field + 8
      let start = k
      while k < line.count, line[k].isIdentifier { k += 1 }
      arch = line.string(start..<k)
    }
    return .seccompSignal(pid: pid, name: name, number: number, auditArch: arch)
  }
}

extension String {
  func trimmingCharacters(_ character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}

/// Splits strace's argument text into top-level arguments (commas inside quotes, `()`, `[]`, `{}` do not split).
enum StraceArguments {
  /// The first `limit` arguments, as text.
  static func split(_ line: Line, _ range: Range<Int>, limit: Int) -> [Substring] {
    var result: [Substring] = []
    var depth = 0
    var inQuote = false
    var start = range.lowerBound
    var i = range.lowerBound
    let text = line.string(range)
    let base = range.lowerBound
    func slice(_ a: Int, _ b: Int) -> Substring {
      let utf8 = text.utf8
      return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: a - base)..<utf8.index(utf8.startIndex, offsetBy: b - base)])
    }
    while i < range.upperBound, result.count < limit {
      let byte = line[i]
      if inQuote {
        if byte == .backslash { i += 1 } else if byte == .quote { inQuote = false }
      } else {
        switch byte {
        case .quote: inQuote = true
        case .open, .openBracket, .openBrace: depth += 1
        case .close, .closeBracket, .closeBrace: depth -= 1
        case .comma where depth == 0:
          result.append(slice(start, i).trimmingSpaces)
          start = i + 1
        default: break
        }
      }
      i += 1
    }
    if result.count < limit, start < range.upperBound {
      let last = slice(start, range.upperBound).trimmingSpaces
      if !last.isEmpty { result.append(last) }
    }
    return result
  }
}
