import Foundation
import Testing
import TestSupport
@testable import seclint

/// Item 3 of #13: `--output` never destroys what it should not.
@Suite struct OutputFileHardeningTests {
  func scratch() throws -> URL {
    let directory = try Scratch.directory("output-hardening")
    try FileManager.default.copyItem(atPath: flawedProfile, toPath: directory.appendingPathComponent("p.json").path)
    return directory
  }

  func contents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

  @Test func refusesToOverwriteAnInputWhateverThePath() throws {
    let directory = try scratch()
    let profile = directory.appendingPathComponent("p.json")
    let original = try contents(profile)
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.json").path, withDestinationPath: "p.json")
    try FileManager.default.linkItem(atPath: profile.path, toPath: directory.appendingPathComponent("hard.json").path)
    try Data(#"{"version": 1}"#.utf8).write(to: directory.appendingPathComponent("config.json"))
    for arguments in [
      ["lint", "p.json", "-o", "p.json"], ["lint", "p.json", "-o", "link.json"], ["lint", "link.json", "-o", "p.json"],
      ["lint", "p.json", "-o", "hard.json"], ["diff", "p.json", "p.json", "-o", "./p.json"], ["diff", "p.json", "link.json", "-o", "hard.json"],
      ["lint", "p.json", "--config", "config.json", "-o", "config.json"],
    ] {
      let run = runCLI(arguments, in: directory)
      #expect(run.code == .failure, "\(arguments)")
      #expect(run.stderr.contains("it is also an input of this command (refusing to overwrite it)"), "\(arguments)")
    }
    #expect(try contents(profile) == original)
    #expect(try contents(directory.appendingPathComponent("config.json")) == #"{"version": 1}"#)
    // Negative: another file is written.
    #expect(runCLI(["lint", "p.json", "-o", "report.txt"], in: directory).code == .findings)
    #expect(try contents(directory.appendingPathComponent("report.txt")).contains("SCL201"))
  }

  @Test func keepsPermissionsAndFollowsSymbolicLinks() throws {
    let directory = try scratch()
    let report = directory.appendingPathComponent("report.txt")
    try Data("old".utf8).write(to: report)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: report.path)
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("latest").path, withDestinationPath: "report.txt")
    #expect(runCLI(["lint", "p.json", "-o", "latest"], in: directory).code == .findings)
    #expect(try FileManager.default.attributesOfItem(atPath: report.path)[.posixPermissions] as? Int == 0o640)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("latest").path) == "report.txt")
    #expect(try contents(report).contains("SCL201"))
    // A link to nothing is refused (and nothing is created).
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("dangling").path, withDestinationPath: "nowhere/x")
    let dangling = runCLI(["lint", "p.json", "-o", "dangling"], in: directory)
    #expect(dangling.code == .failure && dangling.stderr.contains("it is a symbolic link to a missing file"))
  }

  @Test func writesThroughDevicesAndFifosAndRefusesBlockDevices() throws {
    let directory = try scratch()
    #expect(runCLI(["lint", "p.json", "-o", "/dev/null"], in: directory).code == .findings)
    var status = stat()
    #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    let fifo = directory.appendingPathComponent("pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let reader = Thread.detachedRead(try FileHandle(forReadingFrom: URL(fileURLWithPath: fifo)))  // opened on its thread
    let written = runCLI(["lint", "--format", "json", "p.json", "-o", "pipe"], in: directory)
    #expect(written.code == .findings)
    #expect(String(decoding: reader(), as: UTF8.self).contains("\"schemaVersion\""))
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(!entries.contains { $0.hasPrefix(".seclint-") })
  }

  @Test func namesUpToNameMaxWork() throws {
    let directory = try scratch()
    let longest = String(repeating: "r", count: 255)
    #expect(runCLI(["lint", "p.json", "-o", longest], in: directory).code == .findings)
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(longest).path))
    let tooLong = runCLI(["lint", "p.json", "-o", longest + "r"], in: directory)
    #expect(tooLong.code == .failure && tooLong.stderr.contains("File name too long"))
  }
}

/// SIGINT/SIGTERM during `--output`: the temporary file is removed. The report is made large (10,000 findings), and
/// the signal is sent at increasing delays so some arrive while it is being written.
@Suite(.enabled(if: ShellRun.runnable, "\(ShellRun.skip)")) struct OutputSignalTests {
  @Test(arguments: ["TERM", "INT"])
  func signalsLeaveNoTemporaryFile(_ signal: String) throws {
    let directory = try Scratch.directory("signals")
    let names = (0..<10_000).map { #""nosuch\#($0)""# }.joined(separator: ",")
    try Data(#"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":[\#(names)],"action":"SCMP_ACT_ALLOW"}]}"#.utf8)
      .write(to: directory.appendingPathComponent("big.json"))
    let delays = (1...12).map { String(format: "%.2f", Double($0) * 0.15) }.joined(separator: " ")
    let run = try ShellRun(
      #"for d in \#(delays); do "$SECLINT" lint big.json --format json -o report.json & pid=$!; sleep $d; kill -\#(signal) $pid 2>/dev/null; wait $pid; echo "status $?"; ls -a | grep seclint- || true; done"#,
      in: directory)
    #expect(!run.stdout.contains(".seclint-"), "\(run.stdout)")
    #expect(run.stdout.components(separatedBy: "status").count == 13)
  }
}
