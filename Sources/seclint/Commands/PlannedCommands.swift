/// Subcommands listed in help from the start; their implementations land with later issues.
enum LintCommand {
  static let spec = CommandSpec(
    name: "lint", abstract: "Report problems in one or more profiles.",
    arguments: [.init(name: "profile", help: "Profiles to lint ('-' for standard input).", repeating: true)])
}

enum DiffCommand {
  static let spec = CommandSpec(
    name: "diff", abstract: "Show the semantic difference between two profiles.",
    arguments: [.init(name: "old", help: "The profile before."), .init(name: "new", help: "The profile after.")])
}

enum RulesCommand {
  static let spec = CommandSpec(
    name: "rules", abstract: "List every lint rule with its id and summary.",
    arguments: [.init(name: "rule", help: "A rule code or name.", optional: true)])
}
