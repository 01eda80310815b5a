import ProfileModel
/// `seclint manpage`: print seclint(1) in roff, generated from the help text.
struct ManPageCommand {
  static let spec = CommandSpec(
    name: "manpage", abstract: "Print the seclint(1) manual page (roff), generated from the help text.",
    discussion: "View it with: seclint manpage | man -l -   ('make install' installs it).")

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard arguments.positionals.isEmpty else { throw UsageError(message: "manpage takes no arguments.") }
    cli.print(.plain(ManPage.render(CLI.commands)))
    return .success
  }
}
