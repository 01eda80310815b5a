import Foundation
import Testing
import TestSupport
import Upstream
@testable import seclint

/// `lint --base`, `drift` and `upstream` on forks of the built-in upstream defaults (no corpus needed).
@Suite struct LineageCommandTests {
  /// moby's latest default with one rule appended before the closing `]` of `syscalls`.
  static func fork(adding rule: String) throws -> String {
    let text = try UpstreamCatalog.lookup("moby@latest").text
    let end = try #require(text.range(of: "\n\t]\n}", options: .backwards))
    return text[..<end.lowerBound] + ",\n\t\t" + rule + text[end.lowerBound...]
  }

  @Test func inheritedFindingsDoNotFailAndIntroducedOnesDo() throws {
    let clean = try UpstreamCatalog.lookup("moby@latest").text
    let plain = runCLI(["lint", "--format", "json", "-"], stdin: clean)
    #expect(plain.code == .findings, "moby's default has findings of its own without a base")
    let based = runCLI(["lint", "--base", "auto", "--format", "json", "-"], stdin: clean)
    #expect(based.code == .success, "\(based.stderr)")
    #expect(based.stdout.contains(#""origin" : "inherited""#) && !based.stdout.contains(#""origin" : "introduced""#))
    #expect(based.stdout.contains(#""inheritedFrom" : "moby 29.4.3–29.7.2""#))

    let bad = try Self.fork(adding: #"{"names": ["kexec_load"], "action": "SCMP_ACT_ALLOW"}"#)
    let run = runCLI(["lint", "--base", "auto", "-"], stdin: bad)
    #expect(run.code == .findings)
    let introduced = run.stdout.split(separator: "\n").filter { $0.contains(": error:") || $0.contains(": warning:") }
    // Only the added rule's findings are the profile's own: the blocklist conflict and the sibling bypass it opens.
    #expect(introduced.count == 2 && introduced.allSatisfy { $0.hasPrefix("-:874:14:") && $0.contains("kexec_load") }, "\(introduced)")
    #expect(introduced.contains { $0.contains("blocklist-conflict") })
    #expect(run.stderr.contains("inherited from moby 29.4.3–29.7.2 (not counted)"))
  }

  @Test func inheritedModes() throws {
    let text = try UpstreamCatalog.lookup("moby@latest").text
    let shown = runCLI(["lint", "--base", "moby@29.4.3", "--inherited", "show", "-"], stdin: text)
    #expect(shown.code == .success && shown.stdout.contains("warning:"))
    let noted = runCLI(["lint", "--base", "moby@29.4.3", "--inherited", "note", "--format", "sarif", "-"], stdin: text)
    #expect(noted.stdout.contains(#""baselineState" : "unchanged""#))
    let hidden = runCLI(["lint", "--base", "moby@29.4.3", "--inherited", "hide", "--format", "json", "-"], stdin: text)
    #expect(hidden.code == .success && !hidden.stdout.contains(#""rule" : "SCL"#))
  }

  @Test func outdatedBaseNamesTheUpstreamRelease() throws {
    let old = try UpstreamCatalog.lookup("moby@25.0.3").text
    let run = runCLI(["lint", "--base", "auto", "-"], stdin: old)
    #expect(run.code == .findings)
    #expect(run.stdout.contains("mseal is still denied as in moby 25.0.3–28.1.1, the default this profile copies; upstream allows it since moby 28.2.0"))
    #expect(!runCLI(["lint", "-"], stdin: old).stdout.contains("outdated-base"), "outdated-base needs --base")
  }

  @Test func driftOfAnOldReleaseListsUpstreamChanges() throws {
    let old = try UpstreamCatalog.lookup("moby@25.0.3").text
    let run = runCLI(["drift", "-"], stdin: old)
    #expect(run.code == .findings)
    #expect(run.stdout.hasPrefix("-: derived from moby 25.0.3–28.1.1 (one content): identical in meaning\n"))
    #expect(run.stdout.contains("widened  mseal"))
    let current = runCLI(["drift", "-"], stdin: try UpstreamCatalog.lookup("moby@latest").text)
    #expect(current.code == .success && current.stdout.contains("nothing upstream changed since"))
    let none = runCLI(["drift", "-"], stdin: #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}"#)
    #expect(none.code == .failure && none.stderr.contains("not recognised as a copy"))
    let json = runCLI(["drift", "--format", "json", "--upstream", "moby@29.4.2", "-"], stdin: old)
    #expect(json.stdout.contains(#""upstream" : "moby@29.4.2""#))
  }

  @Test func upstreamListsAndPrints() throws {
    let list = runCLI(["upstream"])
    #expect(list.code == .success && list.stdout.contains("moby@29.4.3") && list.stdout.contains("← latest"))
    #expect(list.stdout.split(separator: "\n").count == UpstreamProfile.all.count)
    let text = runCLI(["upstream", "containers-common@latest"])
    #expect(text.stdout == (try UpstreamCatalog.lookup("containers-common@2026-03-03").text))
    let bad = runCLI(["upstream", "moby@99"])
    #expect(bad.code == .failure && bad.stderr.contains("moby has no built-in release '99'"))
  }
}

@Suite struct RebaseCommandTests {
  @Test func rebaseReplaysOwnEditsAndReportsConflicts() throws {
    let fork = try LineageCommandTests.fork(adding: #"{"names": ["keyctl"], "action": "SCMP_ACT_ALLOW"}"#)
      .replacingOccurrences(of: "docker-v29.4.3", with: "x")
    // Rebasing 29.4.3 + keyctl onto 29.4.2 (an older release works the same way) replays keyctl.
    let run = runCLI(["rebase", "--onto", "moby@29.4.2", "-"], stdin: fork)
    #expect(run.code == .success, "\(run.stderr)")
    #expect(run.stderr.contains("1 edit replayed (keyctl)"))
    // Written in upstream's own layout.
    #expect(runCLI(["fmt", "--check", "-"], stdin: run.stdout).code == .success)
    let rebased = runCLI(["diff", "--base", "moby@29.4.2", "-"], stdin: run.stdout)
    #expect(rebased.stdout.contains("widened  keyctl"))
    #expect(rebased.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }.count == 1, "\(rebased.stdout)")
  }

  @Test func diffAgainstTheRecognisedBase() throws {
    let fork = try LineageCommandTests.fork(adding: #"{"names": ["keyctl"], "action": "SCMP_ACT_ALLOW"}"#)
    let run = runCLI(["diff", "--base", "auto", "-"], stdin: fork)
    #expect(run.code == .findings)
    #expect(run.stdout.hasPrefix("moby@29.4.3 → -"))
    #expect(run.stdout.contains("widened  keyctl"))
    #expect(runCLI(["diff", "--base", "auto", "a.json", "b.json"]).code == .failure)
  }
}
