import Foundation
import Testing
import TestSupport

/// Compares output with `Tests/seclintTests/Golden/<name>`; `SECLINT_UPDATE_GOLDEN=1 swift test` rewrites them.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let url = Paths.packageRoot.appendingPathComponent("Tests/seclintTests/Golden").appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["SECLINT_UPDATE_GOLDEN"] == "1" {
    try? actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing golden file \(name)>"
  #expect(actual == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
}
