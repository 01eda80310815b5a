import Foundation
import Testing
import TestSupport
@testable import seclint

/// `--output FILE`: the same bytes as standard output, written atomically, with a located error when impossible.
@Suite struct OutputFileTests {
  let flawed = Paths.packageRoot.appendingPathComponent("profiles/flawed.json").path
  let webapp = Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path

  @Test(arguments: [
    ["lint", "--format", "sarif"], ["lint", "--format", "json"], ["blocked", "--arch", "amd64"], ["explain", "--arch", "amd64"],
  ])
  func writesWhatStandardOutputWouldShow(_ command: [String]) throws {
    let directory = try Scratch.directory("output")
    // flawed.json is refused by libseccomp (errno 5000), so the evaluating commands read webapp.json.
    var arguments = command + [command[0] == "lint" ? flawed : webapp]
    // SARIF locations are relative to the git top level of the working directory, which differs between the runs.
    if command.contains("sarif") { arguments += ["--sarif-root", Paths.packageRoot.path] }
    if command[0] == "explain" { arguments.append("ptrace") }
    let onScreen = runCLI(arguments)
    let toFile = runCLI(arguments + ["--output", "report.out"], in: directory)
    #expect(toFile.code == onScreen.code)
    #expect(toFile.stdout.isEmpty)
    let written = try String(contentsOf: directory.appendingPathComponent("report.out"), encoding: .utf8)
    #expect(written == onScreen.stdout)
    #expect(!written.isEmpty)
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(entries == ["report.out"], "no temporary file is left next to the report")
  }

  @Test func diffWritesTheReportAndKeepsItsExitStatus() throws {
    let directory = try Scratch.directory("output")
    let run = runCLI(["diff", webapp, flawed, "--format", "json", "-o", "diff.json"], in: directory)
    #expect(run.code == .findings)
    let written = try Data(contentsOf: directory.appendingPathComponent("diff.json"))
    #expect(try JSONSerialization.jsonObject(with: written) is [String: Any])
  }

  @Test func replacesAnExistingFileWhole() throws {
    let directory = try Scratch.directory("output")
    let target = directory.appendingPathComponent("lint.txt")
    try String(repeating: "stale report line\n", count: 10_000).write(to: target, atomically: false, encoding: .utf8)
    let run = runCLI(["lint", flawed, "--output", target.path])
    #expect(run.code == .findings)
    let written = try String(contentsOf: target, encoding: .utf8)
    #expect(!written.contains("stale"))
    #expect(written.contains("SCL"))
    #expect(!written.contains("\u{1B}["), "no colour codes in a file even with --color auto on a terminal")
  }

  @Test func unwritableDestinationIsAnErrorWithExitTwo() throws {
    let directory = try Scratch.directory("output")
    let run = runCLI(["lint", flawed, "--output", directory.appendingPathComponent("missing/lint.txt").path])
    #expect(run.code == .failure)
    #expect(run.stderr.contains("Error: cannot write '\(directory.path)/missing/lint.txt': No such file or directory."))
    let intoDirectory = runCLI(["blocked", webapp, "-o", directory.path + "/"])
    #expect(intoDirectory.code == .failure)
    #expect(intoDirectory.stderr.contains("cannot write"))
  }

  @Test func dashMeansStandardOutput() {
    let run = runCLI(["lint", flawed, "--format", "json", "-o", "-"])
    #expect(run.stdout.hasPrefix("{"))
  }
}
