/// A subcommand's interface: what `--help` prints and what the argument parser accepts.
struct CommandSpec: Sendable {
  struct Option: Sendable {
    /// Spellings, long first: `["--format"]`, `["--help", "-h"]`.
    var names: [String]
    /// Placeholder for the value (`format`), or nil for a flag.
    var valueName: String?
    var help: String
    var values: [String] = []
    var defaultValue: String? = nil
    var repeatable = false

    var name: String { names[0] }
  }

  struct Argument: Sendable {
    var name: String
    var help: String
    var repeating = false
    var optional = false
  }

  var name: String
  var abstract: String
  var arguments: [Argument] = []
  var options: [Option] = []
  var discussion: String = ""
  /// Whether arguments that look like negative numbers (`-101`) are positionals.
  var acceptsNegativeNumbers = false

  static let outputOption = Option(
    names: ["--output", "-o"], valueName: "file",
    help:
      "Write the result to this file (atomically: readers see the old file or the whole new one; keeps its permissions; follows a symbolic link; writes through a FIFO or terminal; refuses the command's own inputs).",
    defaultValue: "standard output")

  static let helpOption = Option(names: ["--help", "-h"], valueName: nil, help: "Show help information.")

  var allOptions: [Option] { options + [Self.helpOption] }

  /// `seclint syscalls [--arch <arch>] [--format <format>] [<syscall> ...]`
  var usage: String {
    var parts = ["seclint", name]
    for option in options {
      let spelled = option.valueName.map { "\(option.name) <\($0)>" } ?? option.name
      parts.append("[\(spelled)]" + (option.repeatable ? " ..." : ""))
    }
    for argument in arguments {
      let spelled = "<\(argument.name)>" + (argument.repeating ? " ..." : "")
      parts.append(argument.optional ? "[\(spelled)]" : spelled)
    }
    return parts.joined(separator: " ")
  }
}
