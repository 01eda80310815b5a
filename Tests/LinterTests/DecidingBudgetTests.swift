import Foundation
import Linter
import Policy
import ProfileModel
import Testing

/// `decidingClaims` compares every chain of a syscall with every chain of another action: quadratic. Two socket
/// rules of thousands of `!=` conditions (thousands of libseccomp rules each, runc splitting them) made a lint
/// take minutes (Scripts/stress.py "2 socket rules x 10,000 args"). Past its work bound the finding says which
/// rules it did not compare, and the arguments count as undecided there, never as allowed.
@Suite struct DecidingBudgetTests {
  func profile(conditions: Int) -> String {
    let rules = ["SCMP_ACT_ALLOW", "SCMP_ACT_TRACE"].map { action in
      let args = (0..<conditions).map { #"{"index": \#($0 % 6), "value": \#($0), "op": "SCMP_CMP_NE"}"# }
      return #"{"names": ["socket"], "action": "\#(action)", "args": [\#(args.joined(separator: ", "))]}"#
    }
    return #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [\#(rules.joined(separator: ", "))]}"#
  }

  func socketFindings(_ text: String) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(text: text, file: "p.json")
    return Linter.lint(document, options: LintOptions(blocklists: [Blocklist.builtIn("docker")!]))
      .filter { $0.ruleName == "blocklist-conflict" && $0.message.hasPrefix("socket ") }
  }

  @Test(.timeLimit(.minutes(1))) func pastTheBoundTheRulesNotComparedAreNamed() throws {
    // 2 × 1,500 chains: 2,000,000 / 3,000 = 666 comparisons per chain, fewer than the other rule's 1,500.
    let found = try socketFindings(profile(conditions: 1_500))
    #expect(!found.isEmpty)
    #expect(found.contains { $0.message.contains("not compared with /syscalls/1") })
    #expect(!found.contains { $0.message.contains("also applies to these arguments") })
  }

  @Test func underTheBoundEveryRuleIsCompared() throws {
    let found = try socketFindings(profile(conditions: 12))
    #expect(!found.isEmpty)
    #expect(!found.contains { $0.message.contains("not compared") })
    #expect(found.contains { $0.message.contains("also applies to these arguments") })
  }
}
