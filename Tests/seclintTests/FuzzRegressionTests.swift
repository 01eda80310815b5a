import Foundation
@testable import FuzzHarness
import Testing
import TestSupport

/// Every seed and every input the fuzzer ever found (Tests/Fuzz/crashers) runs through the fuzz harness: no trap,
/// and every output invariant holds (OutputInvariants).
@Suite struct FuzzRegressionTests {
  static let inputs: [String] = ["seeds", "crashers"].flatMap { folder -> [String] in
    let directory = Paths.packageRoot.appendingPathComponent("Tests/Fuzz").appendingPathComponent(folder)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0).path }
  }

  @Test(arguments: inputs)
  func replay(_ path: String) throws {
    let data = try #require(FileManager.default.contents(atPath: path))
    let violations = FuzzHarness.run([UInt8](data))
    #expect(violations.isEmpty, "\(violations)")
  }

  /// The checks catch what they are for (so a clean fuzz run means something).
  @Test func invariantChecksDetectViolations() {
    #expect(!OutputInvariants.textViolations("ok\u{1B}]0;x\u{07}\n", ["t"], "stdout", colours: false).isEmpty)
    #expect(!OutputInvariants.textViolations("\u{202E}", ["t"], "stdout", colours: false).isEmpty)
    #expect(OutputInvariants.textViolations("\u{1B}[1;31merror\u{1B}[0m: a\tb\n", ["t"], "stdout", colours: true).isEmpty)
    #expect(!OutputInvariants.githubViolations("::error file=a,line=1::m%0D\n::error file=x,line=1::pwned\n", ["g"], file: "a").isEmpty)
    #expect(!OutputInvariants.githubViolations("::error file=a,line=1::m\r\ninjected\n", ["g"], file: "a").isEmpty)
    #expect(OutputInvariants.githubViolations("::warning file=a%3Ab,line=1,col=2,title=t::m%0Ax\n", ["g"], file: "a:b").isEmpty)
    #expect(!OutputInvariants.jsonViolations("{\"a\": 1", ["j"]).isEmpty)
    #expect(OutputInvariants.jsonViolations("{\"a\": [1, \"\\u001b\"]}\n", ["j"]).isEmpty)
  }
}
