import Differ
import Foundation
import Policy
import ProfileModel
import Testing
import TestSupport

/// A profile whose libseccomp tree merge links one node into two levels (22 two-range rules on socket and kill,
/// found by Scripts/stress.py's random shapes): the walk that checks a subtree's actions (`_db_tree_act_check`)
/// went round that cycle for ever, so `seclint diff` never returned. Every walk now has a step budget.
@Suite struct MergeCycleTests {
  static let fixtures = Paths.packageRoot.appendingPathComponent("Tests/DifferTests/Fixtures")

  @Test(.timeLimit(.minutes(1))) func symbolicDiffReturnsOnATreeWithACycle() throws {
    let old = try ProfileLoader.load(
      text: String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent("merge-cycle-old.json")), as: UTF8.self),
      file: "merge-cycle-old.json")
    let new = try ProfileLoader.load(
      text: String(decoding: try Data(contentsOf: Self.fixtures.appendingPathComponent("merge-cycle-new.json")), as: UTF8.self),
      file: "merge-cycle-new.json")
    let diff = ProfileDiff.symbolic(old: old, new: new)
    // The new profile turns five ALLOW rules on socket into LOG: socket changes, nothing else does.
    #expect(diff.changes.map(\.syscall) == ["socket"])
  }
}
