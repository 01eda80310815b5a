import Differ
import Foundation
import Lineage
import ProfileModel
import Testing
import Upstream

/// An older upstream release treated as a fork: drift onto the latest lists exactly the changes between them.
@Suite struct DriftTests {
  @Test func olderReleasesDriftByExactlyTheUpstreamChanges() throws {
    let latest = UpstreamCatalog.latest(.moby)
    let latestDocument = try latest.document()
    for release in UpstreamCatalog.profiles(of: .moby) where release.isReleased && release != latest {
      let document = try release.document()
      let base = try #require(BaseRecognition.recognize(document.profile))
      let report = try Drift.report(profile: document, base: base, target: latest)
      let expected = ProfileDiff.symbolic(old: document, new: latestDocument)
      #expect(report.changes.map(\.syscall) == expected.changes.map(\.syscall), "\(release.reference)")
      #expect(report.changes.allSatisfy { $0.status == .lacks }, "\(release.reference)")
      #expect(report.ownEdits.isEmpty)
    }
  }

  @Test func aForkThatTookAnUpstreamChangeHasIt() throws {
    // moby 25.0.3 plus fchmodat2's successor changes: take 29.4.3's socket rule by hand.
    let old = try UpstreamCatalog.lookup("moby@25.0.3")
    var profile = try old.document().profile
    profile.syscalls?.append(SyscallRule(names: ["keyctl"], action: "SCMP_ACT_ALLOW"))
    let text = String(decoding: try JSONEncoder().encode(profile), as: UTF8.self)
    let document = try ProfileLoader.load(text: text, file: "fork.json")
    let base = try #require(BaseRecognition.recognize(document.profile))
    #expect(base.upstream == old && base.edits.added == ["keyctl"])
    let report = try Drift.report(profile: document, base: base, target: UpstreamCatalog.latest(.moby))
    let mseal = try #require(report.changes.first { $0.syscall == "mseal" })
    #expect(mseal.status == .lacks && mseal.direction == .widened && mseal.release == "moby 28.2.0")
    #expect(report.isBehind)
  }
}
