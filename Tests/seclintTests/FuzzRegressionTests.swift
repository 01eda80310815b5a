import Foundation
import FuzzHarness
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
}
