import Foundation
import Testing
import TestSupport
@testable import seclint

@Suite struct FmtCommandTests {
  static let messy = #"{"syscalls": [{"action": "SCMP_ACT_ALLOW", "names": ["write", "read"]}], "defaultAction": "SCMP_ACT_ERRNO"}"# + "\n"
  static let formatted = "{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n\t\"syscalls\": [\n\t\t{\n\t\t\t\"names\": [\n\t\t\t\t\"write\",\n\t\t\t\t\"read\"\n\t\t\t],\n\t\t\t\"action\": \"SCMP_ACT_ALLOW\"\n\t\t}\n\t]\n}\n"

  @Test func rewritesInPlaceKeepingPermissionsAndFollowingLinks() throws {
    let path = try temporaryProfile(Self.messy)
    chmod(path, 0o640)
    let link = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("link.json").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
    let run = runCLI(["fmt", link])
    #expect(run.code == .success)
    #expect(run.stderr == "1 file reformatted, 0 files already formatted\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.formatted)
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == path, "the link is still a link")
    let again = runCLI(["fmt", path])
    #expect(again.stderr == "0 files reformatted, 1 file already formatted\n")
  }

  @Test func checkListsFilesThatWouldChangeAndExits1() throws {
    let messy = try temporaryProfile(Self.messy)
    let clean = try temporaryProfile(Self.formatted)
    let run = runCLI(["fmt", "--check", messy, clean])
    #expect(run.code == .findings)
    #expect(run.stdout == "would reformat \(messy)\n")
    #expect(run.stderr == "1 file would be reformatted, 1 file already formatted\n")
    #expect(try String(contentsOfFile: messy, encoding: .utf8) == Self.messy, "--check changes nothing")
    #expect(runCLI(["fmt", "--check", clean]).code == .success)
  }

  @Test func diffPrintsAUnifiedDiff() throws {
    let run = runCLI(["fmt", "--diff", "profiles/flawed.json"], in: Paths.packageRoot)
    #expect(run.code == .findings)
    expectGolden(run.stdout, "fmt-flawed.diff")
    #expect(run.stdout.hasPrefix("--- profiles/flawed.json\n+++ profiles/flawed.json\n@@ "))
  }

  @Test func standardInputGoesToStandardOutput() {
    let run = runCLI(["fmt", "-"], stdin: Self.messy)
    #expect(run.code == .success)
    #expect(run.stdout == Self.formatted)
    #expect(run.stderr.isEmpty)
    #expect(runCLI(["fmt", "--sort-names", "-"], stdin: Self.messy).stdout.contains("\"read\",\n\t\t\t\t\"write\""))
  }

  @Test func outputWritesAnotherFile() throws {
    let path = try temporaryProfile(Self.messy)
    let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("out.json").path
    #expect(runCLI(["fmt", path, "-o", target]).code == .success)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == Self.formatted)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.messy)
    #expect(runCLI(["fmt", path, path, "-o", target]).code == .failure)
  }

  @Test func invalidFilesAreErrorsAndLeftUntouched() throws {
    let broken = try temporaryProfile("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n}")
    let messy = try temporaryProfile(Self.messy)
    let run = runCLI(["fmt", broken, messy, "/nonexistent/profile.json"])
    #expect(run.code == .failure)
    #expect(run.stderr.contains("Error: \(broken):2:1: trailing comma before '}'\n"))
    #expect(run.stderr.contains("Error: /nonexistent/profile.json: no such file\n"))
    #expect(run.stderr.hasSuffix("1 file reformatted, 0 files already formatted, 2 files with errors\n"))
    #expect(try String(contentsOfFile: broken, encoding: .utf8) == "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n}")
    #expect(try String(contentsOfFile: messy, encoding: .utf8) == Self.formatted, "the other files are still formatted")
    #expect(runCLI(["fmt"]).code == .failure)
  }
}

@Suite struct BlockedMarkdownTests {
  @Test func markdownGolden() {
    let run = runCLI(["blocked", "--format", "markdown", "profiles/webapp.json", "--arch", "amd64", "--kernel", "6.18"], in: Paths.packageRoot)
    #expect(run.code == .success)
    expectGolden(run.stdout, "blocked-webapp.md")
    #expect(run.stdout.contains("| Syscall | Number | Action | Reason | Source |\n|---|---:|---|---|---|\n"))
  }

  @Test func cellsAreEscaped() throws {
    let comment = "a|b\nc\r\nd\u{1B}[31m <script>&"
    #expect(BlockedReport.cell(comment) == "a\\|b<br>c<br>dU+001B[31m &lt;script>&")
    let profile = try temporaryProfile(
      #"{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "comment": "no | tracing\nat all\u001b"}]}"#)
    let run = runCLI(["blocked", "--format", "markdown", profile, "--arch", "amd64"])
    let row = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("| `ptrace`") })
    #expect(row == "| `ptrace` | 101 | ERRNO(EPERM) | no \\| tracing<br>at allU+001B (rule /syscalls/0) | comment |")
    #expect(!run.stdout.contains("\u{1B}"))
  }
}
