import Foundation
import Linter
import Policy
import ProfileModel
import Testing
import TestSupport

/// `Fingerprint.assign` streams its hash (a large rule's content is hashed once for all the findings inside it,
/// issue #13); the digits must be those of the documented canonical text.
@Suite struct FingerprintStreamTests {
  func expectDocumentedDigits(_ document: ProfileDocument) {
    var cache: [String: String] = [:]
    let diagnostics = Linter.lint(document, options: LintOptions(blocklists: [Blocklist.docker].compactMap { $0 }))
    for diagnostic in diagnostics {
      #expect(diagnostic.fingerprint == Fingerprint.hash(Fingerprint.canonicalText(diagnostic, in: document, cache: &cache)))
    }
  }

  @Test func manyFindingsInsideOneLargeRule() throws {
    // 300 `!=` conditions on socket's arguments and a key holding `/`: findings inside the rule share its content.
    let args = (0..<300).map { #"{"index": \#($0 % 3), "value": \#($0), "op": "SCMP_CMP_NE", "valueTwo": 0}"# }
    let text = """
      {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["socket", "nosuch1", "nosuch2"], "action": "SCMP_ACT_ALLOW", "a/b": 1, "args": [\(args.joined(separator: ","))]},
        {"names": ["socket"], "action": "SCMP_ACT_KILL", "args": [{"index": 0, "value": 4, "op": "SCMP_CMP_EQ"}]}]}
      """
    let document = try ProfileLoader.load(text: text, file: "large.json")
    expectDocumentedDigits(document)
  }

  @Test func corpusProfiles() throws {
    guard Corpus.isPresent else {
      print(Corpus.skipReason)
      return
    }
    for relative in Corpus.profiles.prefix(40) {
      guard let text = try? String(contentsOfFile: Corpus.path(relative), encoding: .utf8),
        let document = try? ProfileLoader.load(text: text, file: relative)
      else { continue }
      expectDocumentedDigits(document)
    }
  }
}
