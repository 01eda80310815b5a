import Foundation
import Testing
import TestSupport
@testable import seclint

/// Hostile input: every command answers with a located error (exit 2) or located diagnostics; never a crash or hang.
@Suite struct HostileInputTests {
  func file(_ bytes: [UInt8]) throws -> String {
    let directory = try Scratch.directory("hostile")
    let url = directory.appendingPathComponent("p.json")
    try Data(bytes).write(to: url)
    return url.path
  }

  func file(_ text: String) throws -> String { try file(Array(text.utf8)) }

  /// Runs every command that reads a profile and returns the lint run.
  func everyCommand(_ path: String) -> CLIRun {
    let lint = runCLI(["lint", path])
    for arguments in [["blocked", path], ["explain", path, "read"], ["diff", path, path], ["diff", "--arch", "amd64", path, path]] {
      let run = runCLI(arguments)
      #expect([ExitCode.success, .findings, .failure].contains(run.code), "\(arguments)")
    }
    return lint
  }

  static let syntaxCases: [(String, [UInt8], String)] = [
    ("empty", [], "1:1: empty input"),
    ("truncated", Array(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["re"#.utf8), "1:61: unterminated string"),
    ("garbage", [0x13, 0x37, 0xC0, 0xFF, 0x00, 0x42], "1:1: unexpected '\\x13': expected a value"),
    ("NUL", Array(#"{"defaultAction":"#.utf8) + [0x00], "1:18: unexpected '\\x00': expected a value"),
    ("BOM", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), "1:1: byte order mark"),
    ("comment", Array("{\n  // allow all\n}".utf8), "2:3: unexpected comment"),
    ("trailing comma", Array(#"{"syscalls": [{"names": ["read",]}]}"#.utf8), "1:33: trailing comma before ']'"),
    ("deep arrays", Array(String(repeating: "[", count: 100_000).utf8), "nested deeper than 512 levels"),
    ("deep objects", Array(String(repeating: #"{"a":"#, count: 100_000).utf8), "nested deeper than 512 levels"),
  ]

  @Test(arguments: syntaxCases.map(\.0))
  func syntaxErrorsAreLocatedAndExit2(_ name: String) throws {
    let (_, bytes, expected) = try #require(Self.syntaxCases.first { $0.0 == name })
    let path = try file(bytes)
    let run = everyCommand(path)
    #expect(run.code == .failure)
    #expect(run.stderr.hasPrefix("Error: \(path):"), "\(run.stderr)")
    #expect(run.stderr.contains(expected), "\(run.stderr)")
  }

  @Test func invalidUTF8InAStringIsADiagnosticNotAnError() throws {
    let bytes = Array(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": ""#.utf8) + [0xFF, 0xFE] + Array(#""}]}"#.utf8)
    let run = everyCommand(try file(bytes))
    #expect(run.code == .findings)
    #expect(run.stdout.contains("string contains invalid UTF-8; Go replaces it with U+FFFD"))
  }

  @Test func schemaProblemsAreLocatedDiagnostics() throws {
    let cases: [(String, String)] = [
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 18446744073709551616, "op": "SCMP_CMP_EQ"}]}]}"#, "does not fit in 64 bits"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": -1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#, "expected an unsigned integer, found number -1"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1.5, "value": 1, "op": "SCMP_CMP_EQ"}]}]}"#, "found number 1.5"),
      (#"[{"defaultAction": "SCMP_ACT_ERRNO"}]"#, "expected an object, found an array"),
      (#""SCMP_ACT_ERRNO""#, "expected an object, found string"),
      (#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [null]}"#, "null where an object is expected"),
    ]
    for (json, expected) in cases {
      let run = everyCommand(try file(json))
      #expect(run.code == .findings, "\(json)")
      #expect(run.stdout.contains(expected), "\(json): \(run.stdout)")
      #expect(run.stdout.contains(": error: "), "\(json)")
    }
    #expect(runCLI(["lint", try file("null")]).stdout.contains("unconfined-profile"))
  }

  @Test func hugeButValidInputs() throws {
    let megabyteComment = String(repeating: "é", count: 500_000)
    let big = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "\#(megabyteComment)"}]}"#
    #expect(everyCommand(try file(big)).code != .failure)
    let names = Array(repeating: #""read""#, count: 200_000).joined(separator: ",")
    let many = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": [\#(names)], "action": "SCMP_ACT_ALLOW"}]}"#
    let run = runCLI(["lint", try file(many), "--format", "json"])
    #expect(run.code != .failure)
  }

  /// Thousands of rules for one syscall (each pinning `arg0` to a value or a masked value, or guarded by an
  /// unknown capability): every command stays linear — these were quadratic (a 100,000-rule file: hours).
  @Test(arguments: ["eq", "masked", "unknown-cap"])
  func manyRulesForOneSyscall(_ shape: String) throws {
    let rules = (0..<3_000).map { i in
      switch shape {
      case "eq": #"{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": \#(i), "op": "SCMP_CMP_EQ"}]}"#
      case "masked": #"{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 65535, "valueTwo": \#(i), "op": "SCMP_CMP_MASKED_EQ"}]}"#
      default: #"{"names": ["read", "ptrace"], "action": "SCMP_ACT_\#(i % 2 == 0 ? "ALLOW" : "ERRNO")", "includes": {"caps": ["CAP_\#(i)"]}}"#
      }
    }
    let path = try file(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [\#(rules.joined(separator: ","))]}"#)
    #expect([.success, .findings].contains(runCLI(["lint", path, "--format", "json"]).code))
    #expect(runCLI(["blocked", path, "--arch", "amd64"]).code == .success)
    #expect(runCLI(["diff", path, path]).code == .success)
  }

  /// 10,000 unknown names on one 150 KB line: each gets its suggestion search and its cut excerpt without the
  /// report costing the line's length per diagnostic (that was quadratic: minutes in a debug build).
  @Test func manyFindingsOnOneLongLine() throws {
    let names = (0..<10_000).map { #""nosuch\#($0)""# }.joined(separator: ",")
    let minified = #"{"defaultAction":"SCMP_ACT_ERRNO","archMap":[{"architecture":"SCMP_ARCH_X86_64"}],"syscalls":[{"names":[\#(names)],"action":"SCMP_ACT_ALLOW"}]}"#
    let run = runCLI(["lint", try file(minified), "--color", "never", "--disable", "eperm-for-fallback", "--disable", "runtime-required"])
    #expect(run.code == .findings)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 10_000 * 3)
    #expect(lines[lines.count - 3].contains("unknown syscall 'nosuch9999'"))
    #expect(lines[lines.count - 2].hasPrefix("    …") && lines[lines.count - 2].contains(#""nosuch9999"]"#))
    #expect(lines[lines.count - 1].hasSuffix("^"))
  }

  @Test func missingFilesAndDirectories() throws {
    for arguments in [["lint", "/nonexistent/p.json"], ["blocked", "/nonexistent/p.json"], ["diff", "/nonexistent/p.json", "/nonexistent/q.json"]] {
      let run = runCLI(arguments)
      #expect(run.code == .failure)
      #expect(run.stderr.hasPrefix("Error: /nonexistent/p.json: no such file"))
    }
    let directory = try file("{}")
    let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
    // A directory is searched for profiles (by content); one holding none is an error, not an empty success.
    #expect(runCLI(["lint", parent]).stderr.hasPrefix("Error: \(parent): no seccomp profile in this directory"))
    #expect(runCLI(["lint", parent]).code == .failure)
  }
}

/// A profile that cannot be read is in every lint format, not only on standard error, so CI shows it where the
/// findings are (a PR annotation, a SARIF tool notification, a JSON `failures` entry).
@Suite struct UnreadableProfileReportTests {
  let broken: String

  init() throws {
    broken = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [}"#)
  }

  @Test func jsonListsTheFailureWithItsPosition() throws {
    let run = runCLI(["lint", "--format", "json", broken])
    #expect(run.code == .failure)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let failures = try #require(report["failures"] as? [[String: Any]])
    #expect(failures.count == 1)
    #expect(failures.first?["file"] as? String == broken)
    #expect(failures.first?["line"] as? Int == 1)
    #expect(failures.first?["column"] as? Int == 50)
    #expect(failures.first?["message"] as? String == "unexpected '}': expected a value")
  }

  @Test func githubAnnotatesTheFailure() {
    let run = runCLI(["lint", "--format", "github", broken])
    #expect(run.stdout.hasPrefix("::error file=\(broken),line=1,col=50,title=seclint%3A cannot read the profile::unexpected '}': expected a value\n"))
    let missing = runCLI(["lint", "--format", "github", "/nonexistent/seccomp.json"])
    #expect(missing.stdout == "::error file=/nonexistent/seccomp.json,title=seclint%3A cannot read the profile::no such file\n")
  }

  @Test func sarifReportsAnUnsuccessfulInvocation() throws {
    let run = runCLI(["lint", "--format", "sarif", broken])
    let log = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let runs = try #require(log["runs"] as? [[String: Any]])
    let invocation = try #require((runs.first?["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
    #expect((notification["message"] as? [String: Any])?["text"] as? String == "cannot read the profile: unexpected '}': expected a value")
  }

  @Test func textSummaryCountsTheUnreadableFile() {
    let webapp = Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path
    let run = runCLI(["lint", broken, webapp])
    #expect(run.code == .failure)
    #expect(run.stderr.contains("Error: \(broken):1:50: unexpected '}': expected a value\n"))
    #expect(run.stderr.hasSuffix("0 errors, 0 warnings and 0 notes in 2 files; 1 could not be read\n"))
  }
}
