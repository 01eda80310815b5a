import Foundation
import SyscallTables
import Testing
@testable import seclint

@Suite struct CLITests {
  /// The dispatch table's names are the specs' own names (specs are built only for the command that runs).
  @Test func commandTableNamesMatchTheirSpecs() {
    for entry in CLI.commandTable { #expect(entry.spec().name == entry.name) }
    #expect(CLI.command(named: "lint")?.name == "lint")
    #expect(CLI.command(named: "lnit") == nil)
  }

  @Test func rootHelp() {
    for arguments in [[], ["--help"], ["-h"], ["help"]] {
      let run = runCLI(arguments)
      #expect(run.code == .success)
      #expect(run.stderr.isEmpty)
      expectGolden(run.stdout, "help-root.txt")
    }
  }

  @Test func subcommandHelpIsTheSameEveryWay() {
    let viaHelp = runCLI(["help", "syscalls"])
    let viaFlag = runCLI(["syscalls", "--help"])
    let viaShort = runCLI(["syscalls", "-h", "--arch", "x86"])
    #expect(viaHelp.stdout == viaFlag.stdout)
    #expect(viaFlag.stdout == viaShort.stdout)
    #expect(viaFlag.code == .success)
    let native = "default: \(Architecture.native?.token ?? "-")"
    expectGolden(viaFlag.stdout.replacingOccurrences(of: native, with: "default: <native>"), "help-syscalls.txt")
  }

  @Test func everySubcommandIsListedAndHasHelp() {
    for name in ["lint", "diff", "blocked", "explain", "rules", "syscalls"] {
      #expect(runCLI(["--help"]).stdout.contains("\n  \(name) "))
      #expect(runCLI(["help", name]).stdout.hasPrefix("OVERVIEW: "))
    }
  }

  @Test func version() {
    #expect(runCLI(["--version"]).stdout == "0.1.0\n")
  }

  @Test func usageErrorsFollowArgumentParserConventions() {
    let unknownOption = runCLI(["syscalls", "--frmat", "json"])
    #expect(unknownOption.code == .failure)
    #expect(unknownOption.stdout.isEmpty)
    #expect(
      unknownOption.stderr == """
        Error: Unknown option '--frmat'. Did you mean '--format'?
        Usage: seclint syscalls [--arch <arch>] [--format <format>] [<syscall> ...]
          See 'seclint syscalls --help' for more information.

        """)
    #expect(runCLI(["syscalls", "--format", "xml"]).stderr.hasPrefix(
      "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text', 'json'.\n"))
    #expect(runCLI(["syscalls", "--arch"]).stderr.hasPrefix("Error: Missing value for '--arch <arch>'.\n"))
    #expect(runCLI(["syscalls", "--arch", "amd65"]).stderr.hasPrefix("Error: Unknown architecture 'amd65'. Did you mean 'amd64'?\n"))
    #expect(runCLI(["syscals"]).stderr.hasPrefix("Error: Unknown subcommand 'syscals'. Did you mean 'syscalls'?\n"))
    #expect(runCLI(["syscalls", "--arch", "x86", "--arch", "arm"]).code == .failure)
  }

  @Test func optionValueWithEquals() {
    #expect(runCLI(["syscalls", "--arch=x86", "socketcall"]).stdout == "socketcall\t102\n")
  }
}
