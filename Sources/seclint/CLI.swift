import ProfileModel

/// The whole command line as a value: effects are injected, so tests run it in-process.
struct CLI: Sendable {
  var stdout: @Sendable (String) -> Void
  var stderr: @Sendable (String) -> Void
  var readStandardInput: @Sendable () -> [UInt8] = { [] }
  /// Maps a path given on the command line to the file to open (identity, except in tests).
  var resolvePath: @Sendable (String) -> String = { $0 }
  /// Replaces a file's contents atomically (`--output`); returns nil or why it failed.
  var replaceFile: @Sendable (_ path: String, _ text: String) -> String? = AtomicFile.replace
  /// Rewrites a profile in place (`fmt`), keeping its permissions; returns nil or why it failed.
  var rewriteFile: @Sendable (_ path: String, _ text: String) -> String? = AtomicFile.rewrite
  /// Whether standard output is a terminal, and NO_COLOR is unset (colour for `--color auto`).
  var colorByDefault = false

  /// Subcommands in the order help lists them, by name: a spec is built only when it is used (building every
  /// spec's help text on each run costs more than a small lint).
  static let commandTable: [(name: String, spec: @Sendable () -> CommandSpec)] = [
    ("lint", { LintCommand.spec }), ("fmt", { FmtCommand.spec }), ("diff", { DiffCommand.spec }),
    ("blocked", { BlockedCommand.spec }), ("explain", { ExplainCommand.spec }), ("convert", { ConvertCommand.spec }), ("check", { CheckCommand.spec }), ("drift", { DriftCommand.spec }),
    ("rebase", { RebaseCommand.spec }), ("upstream", { UpstreamCommand.spec }),
    ("rules", { RulesCommand.spec }), ("syscalls", { SyscallsCommand.spec }),
    ("completion", { CompletionCommand.spec }), ("manpage", { ManPageCommand.spec }),
  ]

  /// Every subcommand's spec (help, completions, man page).
  static var commands: [CommandSpec] { commandTable.map { $0.spec() } }

  /// One subcommand's spec, without building the others.
  static func command(named name: String) -> CommandSpec? { commandTable.first { $0.name == name }?.spec() }

  func run(_ arguments: [String]) -> ExitCode {
    guard let first = arguments.first else {
      stdout(Help.renderRoot(Self.commands))
      return .success
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "-h", "--help":
      stdout(Help.renderRoot(Self.commands))
      return .success
    case "--version":
      stdout(Help.version + "\n")
      return .success
    case "help":
      guard let name = rest.first else {
        stdout(Help.renderRoot(Self.commands))
        return .success
      }
      guard let spec = Self.command(named: name) else { return unknownSubcommand(name) }
      stdout(Help.render(spec))
      return .success
    default:
      guard let spec = Self.command(named: first) else { return unknownSubcommand(first) }
      do {
        let parsed = try spec.parse(rest)
        if parsed.flag("--help") {
          stdout(Help.render(spec))
          return .success
        }
        return try dispatch(spec.name, parsed)
      } catch {
        if error.showsUsage { usageError(error.message, spec: spec) } else { stderr("Error: \(error.message)\n") }
        return .failure
      }
    }
  }

  private func dispatch(_ name: String, _ arguments: ParsedArguments) throws(UsageError) -> ExitCode {
    switch name {
    case "syscalls": return try SyscallsCommand(arguments: arguments, cli: self).run()
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
      stderr("Error: unknown subcommand '\(name)'.\n")
      return .failure
    }
  }

  /// A command's result: to standard output, or with `--output FILE` atomically into FILE. False when the file
  /// could not be written (reported; the command then exits 2).
  func deliver(_ text: String, _ arguments: ParsedArguments) -> Bool {
    guard let path = Self.outputFile(arguments) else {
      stdout(text)
      return true
    }
    if let failure = replaceFile(resolvePath(path), text) {
      stderr("Error: cannot write '\(path)': \(failure).\n")
      return false
    }
    return true
  }

  /// The `--output` file, or nil for standard output (no option, or `-`).
  static func outputFile(_ arguments: ParsedArguments) -> String? {
    arguments.value("--output").flatMap { $0 == "-" ? nil : $0 }
  }

  func usageError(_ message: String, spec: CommandSpec) {
    stderr("Error: \(message)\nUsage: \(spec.usage)\n  See 'seclint \(spec.name) --help' for more information.\n")
  }

  private func unknownSubcommand(_ name: String) -> ExitCode {
    let known = Self.commandTable.map(\.name)
    let hint = Spelling.closest(to: name, in: known).map { " Did you mean '\($0)'?" } ?? ""
    stderr("Error: Unknown subcommand '\(name)'.\(hint)\nUsage: seclint <subcommand>\n  See 'seclint --help' for more information.\n")
    return .failure
  }
}
