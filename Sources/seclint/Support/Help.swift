/// Help text in swift-argument-parser's layout: OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS;
/// labels indented 2 spaces, help text at column 27.
enum Help {
  static let version = "0.1.0"

  static func render(_ spec: CommandSpec) -> String {
    var out = "OVERVIEW: \(spec.abstract)\n\n"
    if !spec.discussion.isEmpty { out += spec.discussion + "\n\n" }
    out += "USAGE: \(spec.usage)\n\n"
    if !spec.arguments.isEmpty {
      out += "ARGUMENTS:\n"
      for argument in spec.arguments {
        out += row("<\(argument.name)>" + (argument.repeating ? " ..." : ""), argument.help)
      }
      out += "\n"
    }
    out += "OPTIONS:\n"
    for option in spec.allOptions {
      let names = option.names.sorted { $0.count < $1.count }.joined(separator: ", ")
      let label = option.valueName.map { "\(names) <\($0)>" } ?? names
      var help = option.help
      var notes: [String] = []
      if !option.values.isEmpty { notes.append("values: \(option.values.joined(separator: ", "))") }
      if let value = option.defaultValue { notes.append("default: \(value)") }
      if !notes.isEmpty { help += " (\(notes.joined(separator: "; ")))" }
      out += row(label, help)
    }
    return out + "\n"
  }

  static func renderRoot(_ commands: [CommandSpec]) -> String {
    var out = """
      OVERVIEW: Lint, diff and explain Docker/moby seccomp profiles.

      seclint reads a seccomp profile the way Docker, runc and libseccomp do and tells you what they would
      silently get wrong, what a container can really do, and what changed between two versions.

      USAGE: seclint <subcommand>

      OPTIONS:

      """
    out += row("--version", "Show the version.")
    out += row("-h, --help", "Show help information.")
    out += "\nSUBCOMMANDS:\n"
    for command in commands { out += row(command.name, command.abstract) }
    out += """

        See 'seclint help <subcommand>' for detailed help.

      EXIT CODES:
        0  no findings at or above the failure threshold / profiles equivalent
        1  findings / differences
        2  usage error, unreadable or invalid input


      """
    return out
  }

  /// One help row: the label in a 24-column field (help on the next line when the label is longer),
  /// help text wrapped at 100 columns and continued at column 27.
  static func row(_ label: String, _ help: String) -> String {
    let indent = String(repeating: " ", count: 26)
    let labelled = "  " + label
    let lines = wrap(help, width: 100 - 26)
    var out = labelled.count < 26 ? labelled + String(repeating: " ", count: 26 - labelled.count) : labelled + "\n" + indent
    out += lines.joined(separator: "\n" + indent)
    return out + "\n"
  }

  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if !current.isEmpty, current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    return lines + [current]
  }
}
