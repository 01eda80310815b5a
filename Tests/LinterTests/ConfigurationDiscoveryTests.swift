import Foundation
import Linter
import Testing
import TestSupport

/// `.seclint.json` is found in the profile's directory or the nearest ancestor; `.` and `..` resolve lexically.
@Suite struct ConfigurationDiscoveryTests {
  @Test func findsTheNearestConfigurationAbove() throws {
    let root = try Scratch.directory("discovery")
    let nested = root.appendingPathComponent("a/b/c")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    let config = root.appendingPathComponent("a/.seclint.json").path
    try Data("{}".utf8).write(to: URL(fileURLWithPath: config))
    #expect(LintConfiguration.find(startingAt: nested.path) == config)
    #expect(LintConfiguration.find(startingAt: root.appendingPathComponent("a").path) == config)
    #expect(LintConfiguration.find(startingAt: nested.path + "/../../.") == config)
    #expect(LintConfiguration.find(startingAt: nested.path + "/../../..") != config)
    let relative = "./" + String(nested.path.dropFirst(FileManager.default.currentDirectoryPath.count + 1))
    if nested.path.hasPrefix(FileManager.default.currentDirectoryPath + "/") {
      #expect(LintConfiguration.find(startingAt: relative) == config)
    }
  }
}
