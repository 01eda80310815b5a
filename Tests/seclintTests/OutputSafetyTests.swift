import Foundation
import ProfileModel
import Testing
import TestSupport
@testable import Reporting
@testable import seclint

/// The seclint binary run through /bin/sh (to close streams, redirect to /dev/full and pass argv bytes that are not
/// UTF-8, which Foundation's Process cannot), in `directory`, with `$SECLINT` set.
struct ShellRun {
  var status: Int32
  var stdout: String
  var stderr: String

  static let binary = ActionScriptTests.binary
  static let runnable = binary != nil && FileManager.default.isExecutableFile(atPath: "/bin/sh")
  static let skip = "the seclint binary is not next to the test bundle, or /bin/sh is missing"

  init(_ script: String, in directory: URL, environment: [String: String] = [:]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    env["SECLINT"] = Self.binary?.path
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errData = Thread.detachedRead(err.fileHandleForReading)
    stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    stderr = String(decoding: errData(), as: UTF8.self)
    process.waitUntilExit()
    status = process.terminationStatus
  }
}

extension Thread {
  /// Reads a handle to its end on another thread (so two pipes cannot deadlock); the closure waits for it.
  static func detachedRead(_ handle: @autoclosure @escaping @Sendable () throws -> FileHandle) -> () -> Data {
    let box = DataBox()
    let done = DispatchSemaphore(value: 0)
    // The handle is opened on the reading thread too: opening a FIFO for reading waits for its writer.
    Thread.detachNewThread {
      box.data = (try? handle().readDataToEndOfFile()) ?? Data()
      done.signal()
    }
    return {
      done.wait()
      return box.data
    }
  }
}

private final class DataBox: @unchecked Sendable { var data = Data() }

let hostileProfile = #"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64"}], "syscalls": [{"names": ["read\r\n::error file=x.json::pwned", "a\u001b]0;TITLE\u0007b\u001b[2K\u0000\u009b\u202e\u007f\nfake.json:1:1: note: all clear"], "action": "SCMP_ACT_ALLOW"}, {"names": ["ptrace"], "action": "SCMP_ACT_KILL_PROCESS", "comment": "why\u001b[8m hidden\r\u202e"}]}"#

/// No hazard (control, C1, bidi character) left raw in `text`, line feeds and tabs aside.
func rawHazard(_ text: String) -> Unicode.Scalar? {
  text.unicodeScalars.first { $0 != "\n" && $0 != "\t" && SafeText.isHazard($0) }
}

/// Item 2 of #13: nothing a profile or a file name contains can act on a terminal or a CI log.
@Suite struct OutputSafetyTests {
  @Test func safeTextShowsEveryHazardAndNothingElse() {
    #expect(SafeText.visible("a\u{1B}]0;t\u{07}\r\n\u{0}\u{7F}\u{9B}\u{202E}\u{2066}b") == #"a\u{1B}]0;t\u{07}\u{0D}\u{0A}\u{00}\u{7F}\u{9B}\u{202E}\u{2066}b"#)
    #expect(SafeText.visible("line\n\tnext", keepingLines: true) == "line\n\tnext")
    #expect(SafeText.visible("line\n", keepingLines: false) == #"line\u{0A}"#)
    // Ordinary text, accents and arrows are left alone (the fast path).
    for text in ["read", "é → ü", "SCMP_ACT_ERRNO(38)", ""] { #expect(SafeText.visible(text) == text) }
    #expect(SafeText.json(#"{"a": "x\#u{7F}\#u{202E}"}"#) == #"{"a": "x\u007f\u202e"}"#)
  }

  @Test func githubEscapesCRLFAsOneCharacterToo() throws {
    let path = try temporaryProfile(hostileProfile)
    let run = runCLI(["lint", "--format", "github", path])
    #expect(run.code == .findings)
    let lines = run.stdout.split(separator: "\n")
    #expect(!lines.isEmpty)
    for line in lines { #expect(line.hasPrefix("::error file=\(path),") || line.hasPrefix("::warning file=\(path),") || line.hasPrefix("::notice file=\(path),"), "\(line)") }
    #expect(run.stdout.contains("unknown syscall 'read%0D%0A::error file=x.json::pwned'"))
    #expect(rawHazard(run.stdout) == nil)
    #expect(GitHubReporter.escapeData("a\r\nb%") == "a%0D%0Ab%25")
    #expect(GitHubReporter.escapeProperty("f\r\n:,") == "f%0D%0A%3A%2C")
    // Negative: nothing to escape, nothing changed.
    #expect(GitHubReporter.escapeData("plain text") == "plain text")
  }

  @Test func textOutputOfEveryCommandNeutralisesControls() throws {
    let path = try temporaryProfile(hostileProfile)
    let runs: [([String], CLIRun)] = [
      ["lint", path], ["lint", "--color", "never", path], ["diff", try temporaryProfile("{}"), path],
      ["diff", "--format", "markdown", try temporaryProfile("{}"), path], ["blocked", "--arch", "amd64", path],
      ["explain", "--arch", "amd64", path, "ptrace"], ["syscalls", "\u{1B}]0;x\u{07}"], ["rules", "\u{1B}[2J"],
      ["lint", "--format", "json", path], ["lint", "--format", "sarif", path], ["diff", "--format", "json", try temporaryProfile("{}"), path],
    ].map { ($0, runCLI($0)) }
    for (arguments, run) in runs {
      #expect(rawHazard(run.stdout) == nil, "\(arguments) stdout")
      #expect(rawHazard(run.stderr) == nil, "\(arguments) stderr")
    }
    let lint = runs[0].1.stdout
    #expect(lint.contains(#"unknown syscall 'a\u{1B}]0;TITLE\u{07}b\u{1B}[2K\u{00}\u{9B}\u{202E}\u{7F}\u{0A}fake.json:1:1: note: all clear'"#))
    #expect(!lint.split(separator: "\n").contains { $0.hasPrefix("fake.json") }, "a line feed in a name cannot forge a finding")
    #expect(runs[4].1.stdout.contains(#"why\u{1B}[8m hidden\u{0D}\u{202E}"#), "blocked shows the comment escaped")
    #expect(runs[6].1.stderr.contains(#"unknown syscall '\u{1B}]0;x\u{07}'"#))
    #expect(runs[7].1.stderr.contains(#"Unknown rule '\u{1B}[2J'"#))
    // Machine formats keep the exact value (JSON escapes) and stay valid JSON.
    let json = try #require(try JSONSerialization.jsonObject(with: Data(runs[8].1.stdout.utf8)) as? [String: Any])
    let names = (json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["syscall"] as? String }
    #expect(names.contains("a\u{1B}]0;TITLE\u{07}b\u{1B}[2K\u{0}\u{9B}\u{202E}\u{7F}\nfake.json:1:1: note: all clear"))
    #expect(try JSONSerialization.jsonObject(with: Data(runs[9].1.stdout.utf8)) is [String: Any])
    #expect(try JSONSerialization.jsonObject(with: Data(runs[10].1.stdout.utf8)) is [String: Any])
  }

  @Test func colourIsTheOnlyEscapeSequenceAndOnlySeclintsOwn() throws {
    let run = runCLI(["lint", "--color", "always", try temporaryProfile(hostileProfile)])
    var text = run.stdout
    // Which severities appear depends on the rules; the profile always gets an error (colour on) and a reset.
    #expect(text.contains("\u{1B}[1;31m") && text.contains("\u{1B}[0m"))
    for code in ["\u{1B}[1m", "\u{1B}[1;31m", "\u{1B}[1;33m", "\u{1B}[1;36m", "\u{1B}[0m"] {
      text = text.replacing(code, with: "")
    }
    #expect(rawHazard(text) == nil)
  }

  @Test func fileNamesAreEscapedInEveryStream() throws {
    let directory = try Scratch.directory("names")
    let name = "p\u{1B}[2K\r\nq.json"
    try Data("{}".utf8).write(to: directory.appendingPathComponent(name))
    for arguments in [["lint", name], ["lint", "--format", "github", name], ["blocked", name], ["diff", name, name + ".missing"]] {
      let run = runCLI(arguments, in: directory)
      #expect(rawHazard(run.stdout) == nil && rawHazard(run.stderr) == nil, "\(arguments)")
      #expect((run.stdout + run.stderr).contains(#"p\u{1B}[2K"#), "\(arguments)")
    }
  }

  @Test func markdownCannotBreakOutOfItsTable() throws {
    let old = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO"}"#)
    let new = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["x`|<img src=y>\n# Heading"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let run = runCLI(["diff", "--format", "markdown", old, new])
    #expect(!run.stdout.contains("<img"))
    #expect(!run.stdout.split(separator: "\n").contains { $0.hasPrefix("# Heading") })
  }
}

/// Item 7 of #13: colour only on a terminal, not with TERM=dumb, and NO_COLOR only when non-empty.
@Suite struct ColourConventionTests {
  @Test func terminalConventions() {
    #expect(CLI.colorByDefault(isTerminal: true, environment: [:]))
    #expect(CLI.colorByDefault(isTerminal: true, environment: ["TERM": "xterm-256color", "NO_COLOR": ""]))
    #expect(!CLI.colorByDefault(isTerminal: true, environment: ["TERM": "dumb"]))
    #expect(!CLI.colorByDefault(isTerminal: true, environment: ["NO_COLOR": "1"]))
    #expect(!CLI.colorByDefault(isTerminal: false, environment: ["TERM": "xterm"]))
  }
}
