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
    let mine = base.profileMeaning ?? ProfileMeaning(document.profile)
    // The upstream meanings come from the meaning table (the two texts above are parsed for the symbolic diff
    // only; no other release is).
    let table = UpstreamMeanings.shared
    let baseMeaning = index(of: base.upstream).map(table.meaning(of:)) ?? ProfileMeaning(baseDocument.profile)
    let targetIndex = index(of: target)
    let history = releasedHistory(from: base.upstream, to: target)
    var changes: [DriftReport.UpstreamChange] = []
    for change in diff.changes {
      let name = change.syscall
      let status: DriftReport.Status
      let targetRules = targetIndex.map { table.rules(of: name, in: $0) } ?? ProfileMeaning(targetDocument.profile).syscalls[name]
      if mine.syscalls[name] == targetRules {
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

  /// The position of a built-in content in `UpstreamProfile.all` (and the meaning table).
  static func index(of upstream: UpstreamProfile) -> Int? { UpstreamProfile.all.firstIndex(of: upstream) }

  /// The base, then every released content after it up to the target, as table indices (catalog order).
  static func releasedHistory(from base: UpstreamProfile, to target: UpstreamProfile) -> [Int] {
    let all = UpstreamProfile.all
    guard let start = index(of: base), let end = index(of: target), start <= end
    else { return all.indices.filter { all[$0] == base || all[$0] == target } }
    return (start...end).filter { index in
      index == start || all[index] == target || (all[index].isReleased && all[index].family == base.family)
    }
  }

  /// The release after which the syscall is decided as in the target: the last step of the history that
  /// changed it (`moby 25.0.0`).
  static func release(of syscall: String, in history: [Int], target: UpstreamProfile) -> String {
    let table = UpstreamMeanings.shared
    var made = target
    for step in history.indices.dropFirst().reversed() {
      if !table.sameRules(of: syscall, in: history[step], history[step - 1]) {
        made = UpstreamProfile.all[history[step]]
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

extension Drift {
  /// `facts(report(profile:base:target:))` for the family's latest release as target, from the precomputed
  /// upstream changes (`UpstreamChanges`) instead of diffing the two upstream profiles; nil when they are not
  /// available for this base and target (then compute the report).
  package static func facts(profile document: ProfileDocument, base: BaseMatch, target: UpstreamProfile) -> UpstreamDrift? {
    guard target == UpstreamCatalog.latest(base.upstream.family), let baseIndex = index(of: base.upstream),
      let targetIndex = index(of: target)
    else { return nil }
    if base.upstream == target { return UpstreamDrift(base: base.releaseRange, target: target.displayName, lacking: []) }
    guard let changes = UpstreamChanges.shared?.changes(from: baseIndex) else { return nil }
    let table = UpstreamMeanings.shared
    let mine = base.profileMeaning ?? ProfileMeaning(document.profile)
    let history = releasedHistory(from: base.upstream, to: target)
    // As `report` decides each change's status, then `facts(_:)` keeps what the profile lacks.
    let lacking = changes.compactMap { change -> UpstreamDrift.Change? in
      let decided = mine.syscalls[change.syscall]
      guard change.direction != .changed, decided != table.rules(of: change.syscall, in: targetIndex),
        decided == table.rules(of: change.syscall, in: baseIndex)
      else { return nil }
      return UpstreamDrift.Change(
        syscall: change.syscall, widened: change.direction == .widened,
        release: release(of: change.syscall, in: history, target: target), upstreamNow: change.after)
    }
    return UpstreamDrift(base: base.releaseRange, target: target.displayName, lacking: lacking)
  }
}
