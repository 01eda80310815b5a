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

  @Test func missingFilesAndDirectories() throws {
    for arguments in [["lint", "/nonexistent/p.json"], ["blocked", "/nonexistent/p.json"], ["diff", "/nonexistent/p.json", "/nonexistent/q.json"]] {
      let run = runCLI(arguments)
      #expect(run.code == .failure)
      #expect(run.stderr.hasPrefix("Error: /nonexistent/p.json: no such file"))
    }
    let directory = try file("{}")
    let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
    #expect(runCLI(["lint", parent]).stderr.hasPrefix("Error: \(parent): is a directory, not a profile\n"))
    #expect(runCLI(["lint", parent]).code == .failure)
  }
}
