import Foundation
import Testing
import TestSupport

/// The GitHub Action's lint step (`Scripts/action-lint.sh`) run as the action runs it, with the seclint binary that
/// `swift test` built next to the test bundle. Skipped, saying so, when that binary or bash is not there.
@Suite struct ActionScriptTests {
  static let binary: URL? = {
    guard let directory = Bundle.main.executableURL?.deletingLastPathComponent() else { return nil }
    let url = directory.appendingPathComponent("seclint")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }()
  static let runnable = binary != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/bash")

  /// Runs the script in `directory` with `environment`; returns its output and what it wrote to $GITHUB_OUTPUT.
  func runScript(in directory: URL, _ environment: [String: String]) throws -> (output: String, githubOutput: String) {
    let outputs = directory.appendingPathComponent("github-output")
    try Data().write(to: outputs)
    var assignments = environment
    assignments["SECLINT"] = Self.binary?.path
    assignments["GITHUB_OUTPUT"] = outputs.path
    let exports = assignments.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    let script = Paths.packageRoot.appendingPathComponent("Scripts/action-lint.sh").path
    let output = try execute("/usr/bin/bash", ["-c", "cd '\(directory.path)' && \(exports) '\(script)'"])
    return (output, try String(contentsOf: outputs, encoding: .utf8))
  }

  @Test(.enabled(if: runnable, "the seclint binary is not next to the test bundle, or bash is missing"))
  func annotatesWritesSarifAndRecordsTheExitCode() throws {
    let directory = try Scratch.directory("action")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("deploy"), withIntermediateDirectories: true)
    for (name, target) in [("flawed", "deploy/app-seccomp.json"), ("webapp", "deploy/web-seccomp.json")] {
      try FileManager.default.copyItem(
        at: Paths.packageRoot.appendingPathComponent("profiles/\(name).json"), to: directory.appendingPathComponent(target))
    }
    let run = try runScript(in: directory, ["PROFILES": "deploy/*-seccomp.json", "ARGS": "--blocklist docker --severity error"])
    #expect(run.output.contains("::error file=deploy/app-seccomp.json,line=8,col=34,title=seclint SCL201 unknown-syscall::"))
    #expect(!run.output.contains("file=deploy/web-seccomp.json"))
    #expect(run.githubOutput == "exit-code=1\n")
    SARIFValidation.expectValid(try String(contentsOf: directory.appendingPathComponent("seclint.sarif"), encoding: .utf8))
    let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("seclint.sarif")))
    let runs = try #require((sarif as? [String: Any])?["runs"] as? [[String: Any]])
    #expect(((runs.first?["results"] as? [Any])?.count ?? 0) > 0)
  }

  @Test(.enabled(if: runnable, "the seclint binary is not next to the test bundle, or bash is missing"))
  func cleanProfilesGiveExitCodeZeroAndUnmatchedPatternsTwo() throws {
    let directory = try Scratch.directory("action")
    try FileManager.default.copyItem(
      at: Paths.packageRoot.appendingPathComponent("profiles/webapp.json"), to: directory.appendingPathComponent("seccomp.json"))
    #expect(try runScript(in: directory, ["PROFILES": "seccomp.json"]).githubOutput == "exit-code=0\n")
    let missing = try runScript(in: directory, ["PROFILES": "seccomp.json nothing/*.json"])
    #expect(missing.output.contains("::error::seclint: no profile matches 'nothing/*.json'"))
    #expect(missing.githubOutput == "exit-code=2\n")
  }
}
