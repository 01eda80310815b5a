#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel
import Synchronization
import seclint

/// What seclint's output must be whatever the profile says, checked by running the real commands in-process on the
/// fuzzed bytes (saved under a file name full of control characters, so names are tested too):
/// - text (every command, both streams): no control, C1 or bidi character except line feeds, tabs and the
///   colours seclint itself writes;
/// - `--format github`: every line is one of seclint's own workflow commands (none injected by a CR or LF);
/// - JSON and SARIF parse;
/// - lint exits with the same status in every format;
/// - a profile diffed with itself has no difference (exit 0), symbolic and evaluated;
/// - the lineage commands (`lint --base auto`, `drift`, `rebase`, `diff`/`blocked --base auto`) likewise
///   (OutputInvariants+Lineage.swift);
/// - `lint --fix --diff`, `lint --fix -` and `bpf` likewise (OutputInvariants+FixAndBPF.swift).
package enum OutputInvariants {
  /// The colour sequences `--color always` writes (TextReporter); anything else starting with ESC is a violation.
  static let ownColours = ["\u{1B}[1m", "\u{1B}[1;31m", "\u{1B}[1;33m", "\u{1B}[1;36m", "\u{1B}[0m"]

  /// A file name with what an attacker would put in one: ESC/OSC title, erase line, CR, LF, a fake workflow
  /// command, a bidi override, C1 CSI and bytes that are not UTF-8.
  static let hostileName: [UInt8] = Array("seclint-fuzz-\u{1B}]0;t\u{07}\u{1B}[2K\r\n::error::x\u{202E}\u{9B}".utf8) + [0xFF, 0xC0] + Array(".json".utf8)

  /// A fresh profile file for each check: the process id and a counter keep checks that run at once (Swift
  /// Testing runs the replayed seeds in parallel) from writing and unlinking each other's file.
  static func freshPath() -> String {
    let directory = FileName.string(Array((getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp").utf8))
    let serial = counter.add(1, ordering: .relaxed).newValue
    return directory + "/" + "\(getpid())-\(serial)-" + FileName.string(hostileName)
  }

  private static let counter = Atomic<Int>(0)

  /// The violations found for one input (empty: all invariants hold).
  package static func check(_ bytes: [UInt8]) -> [String] {
    var violations: [String] = []
    let path = freshPath()
    guard write(bytes, to: path) else { return [] }
    defer { _ = FileName.withCString(path) { unlink($0) } }

    var statuses: [String: Int32] = [:]
    var errors: [String: String] = [:]
    for format in ["text", "json", "sarif", "github"] {
      let arguments = ["lint", "--format", format, "--color", "always", path]
      let run = run(arguments, stdin: bytes)
      statuses[format] = run.status
      errors[format] = run.stderr
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      switch format {
      case "text": violations += textViolations(run.stdout, arguments, "stdout", colours: true)
      case "github": violations += githubViolations(run.stdout, arguments, file: path)
      default: violations += jsonViolations(run.stdout, arguments)
      }
    }
    if Set(statuses.values).count > 1 { violations.append(
        "lint exit status differs across formats: \(statuses.sorted { $0.key < $1.key }); stderr: \(errors.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key })")
    }
    // The same profile from standard input: same status.
    let piped = run(["lint", "--format", "json", "-"], stdin: bytes)
    if piped.status != statuses["json"] { violations.append("lint - exits \(piped.status), lint FILE \(statuses["json"] ?? -1)") }

    for extra in [[], ["--arch", "amd64"], ["--format", "markdown"], ["--format", "json"]] {
      let arguments = ["diff"] + extra + [path, path]
      let run = run(arguments, stdin: [])
      if run.status == 2, run.stderr.contains("cannot read") { continue }
      if run.status == 2 { continue }  // not a profile (syntax error): both sides fail alike
      if run.status != 0 { violations.append("\(arguments): a profile diffed with itself exits \(run.status)") }
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      if extra.last == "json" { violations += jsonViolations(run.stdout, arguments) } else { violations += textViolations(run.stdout, arguments, "stdout", colours: false) }
    }
    for arguments in [["blocked", "--arch", "amd64", path], ["blocked", "--all", "--arch", "s390x", path], ["explain", "--arch", "amd64", path, "read", "socket"], ["blocked", "--format", "json", path]] {
      let run = run(arguments, stdin: [])
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      if arguments.contains("json") { if run.status == 0 { violations += jsonViolations(run.stdout, arguments) } } else { violations += textViolations(run.stdout, arguments, "stdout", colours: false) }
    }
    return violations + lineageViolations(path: path) + fixAndBPFViolations(path: path, bytes: bytes)
  }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], stdin: [UInt8]) -> Run {
    let out = Mutex("")
    let err = Mutex("")
    let cli = CLI(
      stdout: { text in out.withLock { $0 += text } }, stderr: { text in err.withLock { $0 += text } },
      readStandardInput: { .success(stdin) })
    let status = cli.run(arguments)
    return Run(status: status.rawValue, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
  }

  /// Raw hazards in text meant for a terminal (line feeds and tabs are seclint's own layout).
  static func textViolations(_ text: String, _ arguments: [String], _ stream: String, colours: Bool) -> [String] {
    var text = text
    if colours { for code in ownColours { text = text.replacing(code, with: "") } }
    guard let scalar = text.unicodeScalars.first(where: { $0 != "\n" && $0 != "\t" && SafeText.isHazard($0) }) else { return [] }
    return ["\(arguments) \(stream): raw U+\(String(scalar.value, radix: 16)) in text output"]
  }

  /// Every line must be `::error|warning|notice file=<the linted file>,<properties>::<message>`, with no hazard
  /// left raw: a line that merely looks like an annotation (`::error file=x::pwned`) names another file.
  static func githubViolations(_ text: String, _ arguments: [String], file: String) -> [String] {
    var violations = textViolations(text, arguments, "stdout", colours: false)
    // The file property as seclint writes it: escaped as a workflow-command property (CR and LF become %0D and
    // %0A), then every hazard left made visible for the terminal.
    var escaped = ""
    for character in file.unicodeScalars {
      switch character {
      case "%": escaped += "%25"
      case "\r": escaped += "%0D"
      case "\n": escaped += "%0A"
      case ":": escaped += "%3A"
      case ",": escaped += "%2C"
      default: escaped.unicodeScalars.append(character)
      }
    }
    let property = SafeText.visible(escaped, keepingLines: true)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      guard ["::error ", "::warning ", "::notice "].contains(where: { line.hasPrefix($0 + "file=" + property + ",") }) else {
        violations.append("\(arguments): a line that is not one of seclint's workflow commands: \(line.prefix(80))")
        continue
      }
      let properties = line.drop { $0 != " " }.prefix { $0 != ":" }
      if !properties.split(separator: ",").allSatisfy({ $0.contains("=") }) {
        violations.append("\(arguments): properties broken up: \(line.prefix(120))")
      }
    }
    if !text.isEmpty, !text.hasSuffix("\n") { violations.append("\(arguments): output does not end with a line feed") }
    return violations
  }

  static func jsonViolations(_ text: String, _ arguments: [String]) -> [String] {
    var violations = textViolations(text, arguments, "stdout", colours: false)
    // seclint's own JSON parser (strict, as Go's): one complete value, nothing after it.
    var scanner = JSONScanner(Array(text.utf8))
    if (try? scanner.parseDocument()) == nil || !scanner.warnings.isEmpty {
      violations.append("\(arguments): output is not JSON: \(text.prefix(120))")
    }
    return violations
  }

  static func write(_ bytes: [UInt8], to path: String) -> Bool {
    let descriptor = FileName.withCString(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) } == bytes.count
  }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, buffer, count) }
