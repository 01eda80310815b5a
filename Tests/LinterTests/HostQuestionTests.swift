import Dialects
import Foundation
import Linter
import Policy
import ProfileModel
import TestSupport
import Testing

/// The rules that evaluate hosts declare every question they ask (`Rule.hostQuestions`), so `Linter.lint` answers
/// them target by target and keeps no target's stages alive: no rule builds stages on its own.
@Suite struct HostQuestionTests {
  static func undeclared(_ text: [UInt8], file: String, libseccomp: String? = nil) throws -> Int {
    var count = 0
    for document in try DialectLoader.load(bytes: text, file: file).documents {
      var undeclared = 0
      let options = LintOptions(
        blocklists: [try Blocklist.load("docker")], libseccomp: LibseccompRelease.known.first { $0.version == libseccomp })
      _ = Linter.lint(document, options: options, undeclaredHostStages: &undeclared)
      count += undeclared
    }
    return count
  }

  @Test(arguments: RuleExampleTests.allExamples)
  func ruleExamplesAskOnlyDeclaredQuestions(_ c: RuleExampleTests.ExampleCase) throws {
    let (json, _) = RuleExampleTests.stripMarkers(c.example.json)
    for release in [nil, "2.5.4"] {
      #expect(try Self.undeclared(Array(json.utf8), file: "example.json", libseccomp: release) == 0, "libseccomp \(release ?? "default")")
    }
  }

}

@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusHostQuestionTests {
  @Test func corpusProfilesAskOnlyDeclaredQuestions() throws {
    for profile in Corpus.profiles {
      let bytes = try #require(FileManager.default.contents(atPath: Corpus.path(profile)))
      // Files that hold no profile (an OCI features document) have nothing to evaluate.
      guard let undeclared = try? HostQuestionTests.undeclared(Array(bytes), file: profile) else { continue }
      #expect(undeclared == 0, "\(profile)")
    }
  }
}
