import Foundation
import Testing
import TestSupport
@testable import seclint

/// Completion scripts and the man page: generated from the command specs, golden-checked, and accepted by the
/// real shells and groff when installed (.ci/run installs them; otherwise those tests show as skipped).
@Suite struct InstallationTests {
  static func installed(_ tool: String) -> Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)") }

  @Test(arguments: Completions.Shell.allCases)
  func completionScriptGolden(_ shell: Completions.Shell) {
    let run = runCLI(["completion", shell.rawValue])
    #expect(run.code == .success)
    expectGolden(run.stdout, "completion.\(shell.rawValue)")
  }

  @Test(.enabled(if: installed("bash"), "bash not installed"))
  func bashCompletesSubcommandsOptionsAndValues() throws {
    let script = runCLI(["completion", "bash"]).stdout
    func complete(_ words: [String]) throws -> [String] {
      let quoted = words.map { "'\($0)'" }.joined(separator: " ")
      let program = script + "\nCOMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _seclint; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
      return try execute("/usr/bin/bash", ["-c", program]).split(separator: "\n").map(String.init)
    }
    #expect(try complete(["seclint", "bl"]) == ["blocked", "blocklist"].filter { $0 == "blocked" })
    #expect(try complete(["seclint", "lint", "--for"]) == ["--format"])
    #expect(try complete(["seclint", "lint", "--format", ""]) == ["text", "json", "sarif", "github"])
    #expect(try complete(["seclint", "blocked", "--arch", "SCMP_ARCH_X86_"]) == ["SCMP_ARCH_X86_64"])
    #expect(try complete(["seclint", "diff", "--fail-on", "w"]) == ["widen"])
  }

  @Test(.enabled(if: installed("zsh"), "zsh not installed"))
  func zshParsesTheScript() throws {
    let url = try Scratch.directory("zsh").appendingPathComponent("_seclint")
    try runCLI(["completion", "zsh"]).stdout.write(to: url, atomically: true, encoding: .utf8)
    _ = try execute("/usr/bin/zsh", ["-n", url.path])
    let loaded = try execute("/usr/bin/zsh", ["-f", "-c", "autoload -U compinit; compinit -u -D; source \(url.path); print -r -- ${_comps[seclint]}"])
    #expect(loaded == "_seclint\n")
  }

  @Test(.enabled(if: installed("fish"), "fish not installed"))
  func fishCompletesOptionValues() throws {
    let url = try Scratch.directory("fish").appendingPathComponent("seclint.fish")
    try runCLI(["completion", "fish"]).stdout.write(to: url, atomically: true, encoding: .utf8)
    let output = try execute("/usr/bin/fish", ["--no-config", "-c", "source \(url.path); complete -C 'seclint lint --severity '"])
    #expect(output.split(separator: "\n").map { String($0.split(separator: "\t")[0]) } == ["error", "note", "warning"])
  }

  @Test func unknownShellIsAUsageError() {
    let run = runCLI(["completion", "tcsh"])
    #expect(run.code == .failure)
    #expect(run.stderr.hasPrefix("Error: Unknown shell 'tcsh'; expected bash, zsh or fish."))
  }

  @Test func manPageIsCurrent() throws {
    let generated = runCLI(["manpage"]).stdout
    let url = Paths.packageRoot.appendingPathComponent("Documentation/seclint.1")
    if ProcessInfo.processInfo.environment["SECLINT_UPDATE_GOLDEN"] == "1" { try generated.write(to: url, atomically: true, encoding: .utf8) }
    let committed = try String(contentsOf: url, encoding: .utf8)
    #expect(committed == generated, "Documentation/seclint.1 is out of date. Run 'swift run seclint manpage > Documentation/seclint.1'.")
    for command in CLI.commands {
      #expect(generated.contains(".SS \(ManPage.escape(command.name))\n"))
      for option in command.options { #expect(generated.contains("\\fB\(ManPage.escape(option.name))\\fR"), "\(option.name)") }
    }
  }

  @Test(.enabled(if: installed("groff"), "groff not installed"))
  func groffRendersTheManPageWithoutWarnings() throws {
    let url = try Scratch.directory("man").appendingPathComponent("seclint.1")
    try runCLI(["manpage"]).stdout.write(to: url, atomically: true, encoding: .utf8)
    let warnings = try execute("/usr/bin/bash", ["-c", "groff -man -ww -z '\(url.path)' 2>&1"])
    #expect(warnings == "", "groff warns about the generated roff")
    let text = try execute("/usr/bin/bash", ["-c", "groff -man -Tutf8 -P-cbou '\(url.path)'"])
    #expect(text.contains("SECLINT(1)"))
    #expect(text.contains("EXIT STATUS"))
    #expect(text.contains("≥ 27"), "non-ASCII characters survive as groff escapes")
  }
}
