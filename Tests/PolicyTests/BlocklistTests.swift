import Foundation
import Policy
import Testing
import TestSupport

@Suite struct BlocklistTests {
  /// The built-in lists are generated Swift values; reading their JSON files the way a user's `--blocklist FILE`
  /// is read must give the same lists.
  @Test(arguments: ["docker", "palantir"])
  func builtInEqualsItsJSONFile(name: String) throws {
    let path = Paths.packageRoot.appendingPathComponent("Data/blocklists/\(name).json").path
    let fromFile = try Blocklist.load(path)
    let builtIn = try #require(Blocklist.builtIn(name))
    #expect(builtIn == fromFile)
    #expect(builtIn.syscalls.count > 20)
  }

  @Test func builtInNamesAreTheDataFiles() {
    #expect(Blocklist.builtInNames == ["docker", "palantir"])
    #expect(Blocklist.builtIn("nonexistent") == nil)
  }
}
