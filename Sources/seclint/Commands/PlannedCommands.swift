/// Subcommands listed in help from the start; their implementations land with later issues.
enum DiffCommand {
  static let spec = CommandSpec(
    name: "diff", abstract: "Show the semantic difference between two profiles.",
    arguments: [.init(name: "old", help: "The profile before."), .init(name: "new", help: "The profile after.")])
}

