import Foundation
import Reporting
import Testing
import TestSupport
@testable import seclint

@Suite struct DiffCommandTests {
  func diff(_ arguments: [String], stdin: String = "") -> CLIRun {
    runCLI(["diff"] + arguments, stdin: stdin, in: Paths.packageRoot)
  }

  @Test(arguments: DiffReport.Format.allCases)
  func symbolicGoldens(_ format: DiffReport.Format) {
    let run = diff(["profiles/webapp.json", "profiles/flawed.json", "--format", format.rawValue])
    #expect(run.code == .findings)
    #expect(run.stderr.isEmpty)
    expectGolden(run.stdout, "diff-webapp-flawed.\(format == .markdown ? "md" : format == .json ? "json" : "txt")")
  }

  @Test func evaluatedGolden() {
    let run = diff(["profiles/webapp.json", "profiles/flawed.json", "--arch", "amd64", "--kernel", "6.18", "--format", "json"])
    #expect(run.code == .findings)
    expectGolden(run.stdout, "diff-webapp-flawed-amd64.json")
    #expect(run.stdout.contains(#""target" : {"#))
  }

  @Test func exitCodesLikeDiff() {
    #expect(diff(["profiles/webapp.json", "profiles/webapp.json"]).code == .success)
    #expect(diff(["profiles/webapp.json", "profiles/webapp.json"]).stdout.hasSuffix("no behaviour change\n"))
    #expect(diff(["profiles/webapp.json", "profiles/flawed.json", "--fail-on", "none"]).code == .success)
    #expect(diff(["profiles/webapp.json", "profiles/flawed.json", "--fail-on", "widen"]).code == .findings)
    #expect(diff(["profiles/webapp.json", "/nonexistent.json"]).code == .failure)
    #expect(diff(["profiles/webapp.json"]).stderr.hasPrefix("Error: Expected two profiles: <old> <new>."))
  }

  @Test func narrowingOnlyPassesTheWidenGate() throws {
    let old = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "ptrace"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let new = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(runCLI(["diff", old, new, "--fail-on", "widen"]).code == .success)
    #expect(runCLI(["diff", new, old, "--fail-on", "widen"]).code == .findings)
    #expect(runCLI(["diff", old, new]).stdout.contains("narrowed ptrace: ERRNO(EPERM) by default (was: ALLOW)"))
  }

  @Test func standardInputOnOneSide() throws {
    let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/webapp.json"), encoding: .utf8)
    let run = diff(["-", "profiles/webapp.json"], stdin: text)
    #expect(run.code == .success)
    #expect(diff(["-", "-"]).stderr.hasPrefix("Error: Only one side can be standard input."))
  }
}
