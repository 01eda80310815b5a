import Policy
import ProfileModel

/// The whole command line as a value: effects are injected, so tests (and the fuzzer) run it in-process.
///
/// Everything it prints goes through `TerminalText` (see `SafeText`): standard output and `--output` files take
/// only `TerminalText`, standard error only messages that `fail`/`note` escape. The raw streams are private, so
/// no command can print a profile's control characters by forgetting to escape them.
package struct CLI: Sendable {
  private let writeStandardOutput: @Sendable (String) -> Void
  fileprivate(set) var writeStandardError: @Sendable (String) -> Void
  /// All of standard input (for `-`), or why it cannot be read (closed, a directory, too large).
  var readStandardInput: @Sendable () -> Result<[UInt8], FileReader.Failure>
  /// Maps a path given on the command line to the file to open (identity, except in tests).
  var resolvePath: @Sendable (String) -> String = { $0 }
  /// Replaces a file's contents atomically (`--output`), refusing the command's inputs; nil or why it failed.
  var replaceFile: @Sendable (_ path: String, _ text: String, _ inputs: [String]) -> String? = AtomicFile.replace
  /// `replaceFile` for binary contents (`seclint bpf --format raw`).
  var replaceFileBytes: @Sendable (_ path: String, _ bytes: [UInt8], _ inputs: [String]) -> String? = AtomicFile.replace(_:bytes:inputs:)
  /// Colour for `--color auto` (see `CLI.colorByDefault(isTerminal:environment:)`).
  package var colorByDefault = false
  /// The process exits when `run` returns (set by `main.swift`; tests and the fuzzer run many commands in one
  /// process): a command with one input may then leave its work to the kernel (`ProcessLifetime`).
  package var exitsAfterRun = false
  /// Rewrites a profile in place (`fmt`), keeping its permissions; returns nil or why it failed.
  var rewriteFile: @Sendable (_ path: String, _ text: String) -> String? = AtomicFile.rewrite

  package init(
    stdout: @escaping @Sendable (String) -> Void, stderr: @escaping @Sendable (String) -> Void,
    readStandardInput: @escaping @Sendable () -> Result<[UInt8], FileReader.Failure> = { .success([]) }
  ) {
    writeStandardOutput = stdout
    writeStandardError = stderr
    self.readStandardInput = readStandardInput
  }

  /// Whether `--color auto` colours: standard output is a terminal, `TERM` is not `dumb`, and `NO_COLOR` is unset
  /// or empty (no-color.org: "when present and not an empty string").
  package static func colorByDefault(isTerminal: Bool, environment: [String: String]) -> Bool {
    isTerminal && environment["TERM"] != "dumb" && (environment["NO_COLOR"] ?? "").isEmpty
  }

  /// Writes to standard output.
  func print(_ text: TerminalText) { writeStandardOutput(text.text) }

  /// `Error: message` on standard error, the message escaped whole (a line feed in a file name stays on the line).
  func fail(_ message: String) { writeStandardError("Error: " + SafeText.visible(message) + "\n") }

  /// One line of information on standard error (lint's summary).
  func note(_ message: String) { writeStandardError(SafeText.visible(message) + "\n") }

  /// Subcommands in the order help lists them, by name: a spec is built only when it is used (building every
  /// spec's help text on each run costs more than a small lint).
  static let commandTable: [(name: String, spec: @Sendable () -> CommandSpec)] = [
    ("lint", { LintCommand.spec }), ("fmt", { FmtCommand.spec }), ("diff", { DiffCommand.spec }),
    ("blocked", { BlockedCommand.spec }), ("explain", { ExplainCommand.spec }), ("convert", { ConvertCommand.spec }), ("check", { CheckCommand.spec }), ("drift", { DriftCommand.spec }),
    ("rebase", { RebaseCommand.spec }), ("upstream", { UpstreamCommand.spec }),
    ("rules", { RulesCommand.spec }), ("syscalls", { SyscallsCommand.spec }), ("bpf", { BPFCommand.spec }),
    ("completion", { CompletionCommand.spec }), ("manpage", { ManPageCommand.spec }),
  ]

  /// Every subcommand's spec (help, completions, man page).
  static var commands: [CommandSpec] { commandTable.map { $0.spec() } }

  /// One subcommand's spec, without building the others.
  static func command(named name: String) -> CommandSpec? { commandTable.first { $0.name == name }?.spec() }

  package func run(_ arguments: [String]) -> ExitCode {
    guard let first = arguments.first else {
      print(.plain(Help.renderRoot(Self.commands)))
      return .success
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "-h", "--help":
      print(.plain(Help.renderRoot(Self.commands)))
      return .success
    case "--version":
      print(.plain(Help.version + "\n"))
      return .success
    case "help":
      guard let name = rest.first else {
        print(.plain(Help.renderRoot(Self.commands)))
        return .success
      }
      guard let spec = Self.command(named: name) else { return unknownSubcommand(name) }
      print(.plain(Help.render(spec)))
      return .success
    default:
      guard let spec = Self.command(named: first) else { return unknownSubcommand(first) }
      do {
        let parsed = try spec.parse(rest)
        if parsed.flag("--help") {
          print(.plain(Help.render(spec)))
          return .success
        }
        return try dispatch(spec.name, parsed)
      } catch {
        if error.showsUsage { usageError(error.message, spec: spec) } else { fail(error.message) }
        return .failure
      }
    }
  }

  private func dispatch(_ name: String, _ arguments: ParsedArguments) throws(UsageError) -> ExitCode {
    switch name {
    case "syscalls": return try SyscallsCommand(arguments: arguments, cli: self).run()
    case "bpf": return try BPFCommand(arguments: arguments, cli: self).run()
    case "diff": return try DiffCommand(arguments: arguments, cli: self).run()
    case "lint": return try LintCommand(arguments: arguments, cli: self).run()
    case "fmt": return try FmtCommand(arguments: arguments, cli: self).run()
    case "rules": return try RulesCommand(arguments: arguments, cli: self).run()
    case "blocked": return try BlockedCommand(arguments: arguments, cli: self).run()
    case "explain": return try ExplainCommand(arguments: arguments, cli: self).run()
    case "check": return try CheckCommand(arguments: arguments, cli: self).run()
    case "drift": return try DriftCommand(arguments: arguments, cli: self).run()
    case "upstream": return try UpstreamCommand(arguments: arguments, cli: self).run()
    case "rebase": return try RebaseCommand(arguments: arguments, cli: self).run()
    case "convert": return try ConvertCommand(arguments: arguments, cli: self).run()
    case "completion": return try CompletionCommand(arguments: arguments, cli: self).run()
    case "manpage": return try ManPageCommand(arguments: arguments, cli: self).run()
    default:
      fail("unknown subcommand '\(name)'.")
      return .failure
    }
  }

  /// A command's result: to standard output, or with `--output FILE` atomically into FILE (never over one of the
  /// command's inputs: its profiles, `--config`, `--blocklist` files and `inputs`). False when the file could not
  /// be written (reported; the command then exits 2).
  func deliver(_ text: TerminalText, _ arguments: ParsedArguments, inputs: [String] = []) -> Bool {
    guard let path = Self.outputFile(arguments) else {
      print(text)
      return true
    }
    let named = arguments.positionals.filter { $0 != "-" } + (arguments.value("--config").map { [$0] } ?? [])
      + arguments.all("--blocklist").filter { Blocklist.builtIn($0) == nil }
    if let failure = replaceFile(resolvePath(path), text.text, (named + inputs).map(resolvePath)) {
      fail("cannot write '\(path)': \(failure).")
      return false
    }
    return true
  }

  /// The `--output` file, or nil for standard output (no option, or `-`).
  static func outputFile(_ arguments: ParsedArguments) -> String? {
    arguments.value("--output").flatMap { $0 == "-" ? nil : $0 }
  }

  func usageError(_ message: String, spec: CommandSpec) {
    fail(message)
    writeStandardError("Usage: \(spec.usage)\n  See 'seclint \(spec.name) --help' for more information.\n")
  }

  private func unknownSubcommand(_ name: String) -> ExitCode {
    let known = Self.commandTable.map(\.name)
    let hint = Spelling.closest(to: name, in: known).map { " Did you mean '\($0)'?" } ?? ""
    fail("Unknown subcommand '\(name)'.\(hint)")
    writeStandardError("Usage: seclint <subcommand>\n  See 'seclint --help' for more information.\n")
    return .failure
  }
}
