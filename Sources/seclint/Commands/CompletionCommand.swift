import Linter
import ProfileModel
import SyscallTables

/// `seclint completion <shell>`: print a completion script generated from the command specs.
struct CompletionCommand {
  static let spec = CommandSpec(
    name: "completion", abstract: "Print the shell completion script for bash, zsh or fish.",
    arguments: [.init(name: "shell", help: "bash, zsh or fish.")],
    discussion: """
      Install once, e.g.: seclint completion bash > /usr/share/bash-completion/completions/seclint; seclint
      completion zsh > "${fpath[1]}/_seclint"; seclint completion fish > ~/.config/fish/completions/seclint.fish.
      'make install' installs all three.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard arguments.positionals.count == 1, let name = arguments.positionals.first else {
      throw UsageError(message: "Expected one shell: bash, zsh or fish.")
    }
    guard let shell = Completions.Shell(rawValue: name) else {
      throw UsageError(message: "Unknown shell '\(name)'; expected bash, zsh or fish.")
    }
    let rules = RuleRegistry.descriptors.map(\.name) + RuleRegistry.descriptors.map(\.id)
    cli.print(
      .plain(Completions.script(for: shell, commands: CLI.commands, architectures: Architecture.all.map(\.token), rules: rules)))
    return .success
  }
}
