import Foundation
import Testing
import TestSupport
import Upstream
@testable import seclint

/// `--base` as every command takes it (one helper, `BaseSelection`): `blocked --base` marks entries inherited or
/// introduced and lists what the base blocks that the profile allows; `diff --base FILE`; base errors.
@Suite struct BaseOptionTests {
  /// moby's latest default with `chmod` taken out of its big allow rule (now denied by the default action).
  static func forkWithoutChmod() throws -> String {
    let text = try UpstreamCatalog.lookup("moby@latest").text
    let fork = text.replacingOccurrences(of: "\t\t\t\t\"chmod\",\n", with: "")
    #expect(fork != text)
    return fork
  }

  struct Blocked: Decodable {
    struct Entry: Decodable {
      var arch: String
      var syscall: String
      var lineage: String?
    }
    struct Unblocked: Decodable {
      var arch: String
      var syscall: String
      var action: String
    }
    struct Base: Decodable {
      var name: String
      var summary: String?
    }
    var blocked: [Entry]
    var base: Base?
    var unblocked: [Unblocked]?
  }

  func blockedJSON(_ arguments: [String], stdin: String) throws -> Blocked {
    let run = runCLI(["blocked", "--arch", "amd64", "--format", "json"] + arguments + ["-"], stdin: stdin)
    #expect(run.code == .success, "\(run.stderr)")
    return try JSONDecoder().decode(Blocked.self, from: Data(run.stdout.utf8))
  }

  @Test func blockedMarksWhatTheForkIntroduced() throws {
    let fork = try Self.forkWithoutChmod()
    let report = try blockedJSON(["--base", "auto"], stdin: fork)
    #expect(report.base?.name == "moby 29.4.3–29.7.2")
    #expect(report.base?.summary == "derived from moby 29.4.3–29.7.2 (one content): 1 syscall removed")
    let introduced = report.blocked.filter { $0.lineage == "introduced" }
    // chmod is denied on every ABI of the filter now; everything else is blocked exactly as moby blocks it.
    #expect(Set(introduced.map(\.syscall)) == ["chmod"], "\(introduced)")
    #expect(Set(introduced.map(\.arch)) == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"])
    #expect(report.blocked.allSatisfy { $0.lineage != nil })
    #expect(report.unblocked?.isEmpty == true)

    let text = runCLI(["blocked", "--arch", "amd64", "--base", "moby@latest", "-"], stdin: fork)
    #expect(text.stdout.contains("\nbase: derived from moby 29.4.3–29.7.2 (one content): 1 syscall removed; entries it does not block alike are marked introduced\n"))
    #expect(text.stdout.contains("SCMP_ARCH_X86_64: ") && text.stdout.contains(" syscalls blocked (1 introduced) · runc"))
    // A plain denial the profile introduced is listed, never folded into "N more not in the allowlist".
    #expect(text.stdout.contains("  ERRNO(EPERM)    chmod(90) — introduced · default: not in the allowlist"), "\(text.stdout)")
  }

  @Test func blockedListsWhatTheBaseBlocksAndTheForkAllows() throws {
    let fork = try LineageCommandTests.fork(adding: #"{"names": ["keyctl"], "action": "SCMP_ACT_ALLOW"}"#)
    let report = try blockedJSON(["--base", "auto"], stdin: fork)
    #expect(report.blocked.allSatisfy { $0.lineage == "inherited" })
    #expect(report.unblocked?.map(\.syscall) == ["keyctl", "keyctl", "keyctl"])
    #expect(report.unblocked?.allSatisfy { $0.action == "SCMP_ACT_ALLOW" } == true)
    let text = runCLI(["blocked", "--arch", "amd64", "--base", "auto", "-"], stdin: fork).stdout
    #expect(text.contains("  allowed here, blocked by the base: keyctl(250)\n"))
    // Sub-architectures list only what differs from the host ABI.
    #expect(text.components(separatedBy: "allowed here").count == 2)
    let markdown = runCLI(["blocked", "--arch", "amd64", "--base", "auto", "--format", "markdown", "-"], stdin: fork).stdout
    #expect(markdown.contains("Allowed here, blocked by the base (1): `keyctl`."))
    #expect(markdown.contains("| Syscall | Number | Action | Reason | Source | Base |") && markdown.contains(" | inherited |"))
  }

  @Test func blockedWithoutBaseIsUnchangedAndAFileBaseWorks() throws {
    let fork = try Self.forkWithoutChmod()
    let plain = runCLI(["blocked", "--arch", "amd64", "--format", "json", "-"], stdin: fork).stdout
    #expect(!plain.contains("lineage") && !plain.contains("unblocked") && !plain.contains(#""base""#))
    let file = try temporaryProfile(fork)
    let same = try blockedJSON(["--base", file], stdin: fork)
    #expect(same.base?.name == file && same.base?.summary == nil)
    #expect(same.blocked.allSatisfy { $0.lineage == "inherited" } && same.unblocked?.isEmpty == true)
  }

  @Test func baseErrorsAreExitTwo() throws {
    let fork = try Self.forkWithoutChmod()
    let missing = runCLI(["blocked", "--base", "/nonexistent/base.json", "-"], stdin: fork)
    #expect(missing.code == .failure && missing.stderr.hasPrefix("Error: --base: ") && !missing.stderr.contains("Usage:"), "\(missing.stderr)")
    let lint = runCLI(["lint", "--base", "/nonexistent/base.json", "-"], stdin: fork)
    #expect(lint.code == .failure && lint.stderr.hasPrefix("Error: --base: "), "an unreadable base is not silently ignored")
    let notFork = #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}"#
    for command in ["blocked", "diff", "drift", "rebase"] {
      let run = runCLI([command, "--base", "auto", "-"], stdin: notFork)
      #expect(run.code == .failure && run.stderr.contains("not recognised as a copy of any built-in upstream default"), "\(command)")
    }
    for command in ["drift", "rebase"] {
      let run = runCLI([command, "--base", "none", "-"], stdin: fork)
      #expect(run.code == .failure && run.stderr.contains("'none' is not an upstream reference"), "\(command) needs upstream history")
    }
    #expect(runCLI(["blocked", "--base", "moby@99", "-"], stdin: fork).stderr.contains("moby has no built-in release '99'"))
  }

  @Test func diffTakesABaseFile() throws {
    let old = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write", "ptrace"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let new = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let based = runCLI(["diff", "--base", old, new])
    let plain = runCLI(["diff", old, new])
    #expect(based.code == .findings && based.stdout == plain.stdout && based.stdout.contains("narrowed ptrace"))
    #expect(runCLI(["diff", "--base", "none", old, new]).stdout == plain.stdout)
  }
}
