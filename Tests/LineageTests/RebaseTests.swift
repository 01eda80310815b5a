import Differ
import Foundation
import Lineage
import ProfileModel
import Testing
import Upstream

/// Rebase's guarantee: diff(new upstream → result) equals diff(base → fork), except for the reported conflicts.
@Suite struct RebaseTests {
  static func document(_ profile: Profile, _ file: String) throws -> ProfileDocument {
    try ProfileLoader.load(text: String(decoding: try JSONEncoder().encode(profile), as: UTF8.self), file: file)
  }

  /// The comparable part of a syscall change.
  static func key(_ change: SyscallChange) -> String {
    "\(change.syscall): \(change.old.summary) → \(change.new.summary) [\(change.direction)]"
  }

  @Test func replayedEditsReproduceTheForksDiff() throws {
    var generator = SplitMix64(seed: 0xbeef)
    let target = try UpstreamCatalog.latest(.moby).document()
    let bases = UpstreamCatalog.profiles(of: .moby).filter(\.isReleased).suffix(8)
    var checked = 0
    for upstream in bases {
      let base = try upstream.document()
      for _ in 0..<3 {
        let forkText = Fork.make(from: base.profile, edits: Int.random(in: 1...10, using: &generator), using: &generator)
        let fork = try ProfileLoader.load(text: forkText, file: "fork.json")
        let result = Rebase.rebase(fork.profile, base: base.profile, onto: target.profile)
        let rebased = try Self.document(result.profile, "rebased.json")
        let expected = ProfileDiff.symbolic(old: base, new: fork).changes.filter { change in
          !result.conflicts.contains { $0.subject == change.syscall } && !result.alreadyUpstream.contains(change.syscall)
        }
        let actual = ProfileDiff.symbolic(old: target, new: rebased).changes
        #expect(actual.map(Self.key) == expected.map(Self.key), "\(upstream.reference): conflicts \(result.conflicts.map(\.subject))")
        checked += 1
      }
    }
    #expect(checked == 24)
  }

  @Test func anEditUpstreamAlsoMadeIsAConflict() throws {
    let base = try UpstreamCatalog.lookup("moby@25.0.3").document()
    var fork = base.profile
    // The fork allows keyctl (upstream never did), allows mseal as upstream later did (28.2.0), and returns ENOSYS
    // for listmount, which upstream later allowed: a conflict.
    fork.syscalls?.append(SyscallRule(names: ["keyctl", "mseal"], action: "SCMP_ACT_ALLOW"))
    var enosys = SyscallRule(names: ["listmount"], action: "SCMP_ACT_ERRNO")
    enosys.errnoRet = 38
    fork.syscalls?.append(enosys)
    let target = try UpstreamCatalog.latest(.moby).document()
    let result = Rebase.rebase(fork, base: base.profile, onto: target.profile)
    #expect(result.applied == ["keyctl"])
    #expect(result.conflicts.map(\.subject) == ["listmount"])
    #expect(result.alreadyUpstream == ["mseal"])
  }
}
