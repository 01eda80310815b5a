import Differ
import Linter
import ProfileModel
import Upstream

/// A three-way report: what upstream changed between a profile's base and a newer release, which of those
/// changes the profile lacks, and which of the profile's own edits touch the same syscalls.
package struct DriftReport: Sendable {
  /// What the profile does about one upstream change.
  package enum Status: String, Sendable, Hashable, Codable {
    /// The profile still decides the syscall as the base did: it lacks upstream's change.
    case lacks
    /// The profile already decides it as the newer release does.
    case has
    /// The profile edited the syscall itself, differently from both: merge by hand.
    case edited
  }

  /// One syscall upstream changed between the base and the target release.
  package struct UpstreamChange: Sendable, Hashable {
    package var syscall: String
    package var direction: Direction
    /// The first released content that decides the syscall as the target does (`moby 25.0.0`).
    package var release: String
    package var before: String
    package var after: String
    package var status: Status
  }

  package var file: String
  package var base: BaseMatch
  package var target: UpstreamProfile
  /// Top-level settings upstream changed (default action, architectures, …).
  package var topChanges: [TopChange]
  package var changes: [UpstreamChange]
  /// The profile's own edits against its base.
  package var ownEdits: MeaningEdits
  /// Syscalls the profile edited that upstream changed too.
  package var overlapping: [String] { changes.filter { $0.status == .edited }.map(\.syscall) }
  package var lacking: [UpstreamChange] { changes.filter { $0.status == .lacks } }

  /// Whether the profile is behind its target release: some upstream change it lacks.
  package var isBehind: Bool { !lacking.isEmpty || !topChanges.isEmpty }
}

/// Computes drift reports.
package enum Drift {
  package static func report(
    profile document: ProfileDocument, base: BaseMatch, target: UpstreamProfile
  ) throws(ProfileLoadError) -> DriftReport {
    if base.upstream == target {
      // Nothing upstream changed since: no upstream texts to load and diff (lint --base pays this on every
      // profile copied from the latest release).
      return DriftReport(file: document.file, base: base, target: target, topChanges: [], changes: [], ownEdits: base.edits)
    }
    let baseDocument = try base.upstream.document()
    let targetDocument = try target.document()
    let diff = ProfileDiff.symbolic(old: baseDocument, new: targetDocument)
    let mine = ProfileMeaning(document.profile)
    let baseMeaning = ProfileMeaning(baseDocument.profile)
    let targetMeaning = ProfileMeaning(targetDocument.profile)
    let history = releasedHistory(from: base.upstream, to: target)
    var changes: [DriftReport.UpstreamChange] = []
    for change in diff.changes {
      let name = change.syscall
      let status: DriftReport.Status
      if mine.syscalls[name] == targetMeaning.syscalls[name] {
        status = .has
      } else if mine.syscalls[name] == baseMeaning.syscalls[name] {
        status = .lacks
      } else {
        status = .edited
      }
      changes.append(
        DriftReport.UpstreamChange(
          syscall: name, direction: change.direction, release: release(of: name, in: history, target: target),
          before: change.old.summary, after: change.new.summary, status: status))
    }
    return DriftReport(
      file: document.file, base: base, target: target, topChanges: diff.top, changes: changes,
      ownEdits: mine.edits(from: baseMeaning))
  }

  /// The base, then every released content after it up to the target, with meanings (catalog order).
  static func releasedHistory(from base: UpstreamProfile, to target: UpstreamProfile) -> [(UpstreamProfile, ProfileMeaning)] {
    let catalog = BaseRecognition.catalog
    guard let start = catalog.firstIndex(where: { $0.profile == base }),
      let end = catalog.firstIndex(where: { $0.profile == target }), start <= end
    else { return catalog.filter { $0.profile == base || $0.profile == target }.map { ($0.profile, $0.meaning) } }
    return catalog[start...end].enumerated().filter { offset, entry in
      offset == 0 || entry.profile == target || (entry.profile.isReleased && entry.profile.family == base.family)
    }.map { ($0.element.profile, $0.element.meaning) }
  }

  /// The release after which the syscall is decided as in the target: the last step of the history that
  /// changed it (`moby 25.0.0`).
  static func release(of syscall: String, in history: [(UpstreamProfile, ProfileMeaning)], target: UpstreamProfile) -> String {
    var made = target
    for index in history.indices.dropFirst().reversed() {
      if history[index].1.syscalls[syscall] != history[index - 1].1.syscalls[syscall] {
        made = history[index].0
        break
      }
    }
    return "\(made.family.rawValue) \(made.released.first ?? made.names[0])"
  }
}

extension Drift {
  /// The upstream changes the profile lacks, as the `outdated-base` lint rule takes them.
  package static func facts(_ report: DriftReport) -> UpstreamDrift {
    UpstreamDrift(
      base: report.base.releaseRange, target: report.target.displayName,
      lacking: report.lacking.compactMap { change in
        guard change.direction != .changed else { return nil }
        return UpstreamDrift.Change(
          syscall: change.syscall, widened: change.direction == .widened, release: change.release, upstreamNow: change.after)
      })
  }
}
