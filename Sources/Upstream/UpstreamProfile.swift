import ProfileModel

/// One upstream default seccomp profile that seclint knows by heart: a distinct content of moby's `default.json` or
/// containers-common's `seccomp.json`, with the releases that shipped it and where it came from.
package struct UpstreamProfile: Sendable, Hashable {
  package enum Family: String, Sendable, Hashable, CaseIterable {
    case moby
    case containersCommon = "containers-common"
  }

  package var family: Family
  /// The file stem in `Data/upstream/<family>/` (`v25.0.3`, `docker-v29.4.3`, `2026-03-03`).
  package var id: String
  /// Releases that shipped this content, oldest first (moby: GA versions without `v`; containers-common: the
  /// commit date). Empty for contents only a pre-release or a moby/profiles tag carried.
  package var released: [String]
  /// Every name `family@name` resolves to this content: releases, pre-releases, commit prefixes.
  package var names: [String]
  package var repository: String
  package var path: String
  package var commit: String
  /// The upstream file, byte for byte (Apache-2.0; Data/upstream/NOTICE).
  package var text: String

  /// `moby 25.0.3–28.1.1`, `moby 29.4.2`, `moby 1.12.0-rc1`, `containers-common 2026-03-03`.
  package var displayName: String {
    guard let first = released.first, let last = released.last else { return "\(family.rawValue) \(names[0])" }
    return first == last ? "\(family.rawValue) \(first)" : "\(family.rawValue) \(first)–\(last)"
  }

  /// The name users type for it: `moby@25.0.3`, `containers-common@2026-03-03`.
  package var reference: String { "\(family.rawValue)@\(released.first ?? names[0])" }

  /// Whether a GA release shipped it (pre-release-only contents are recognised but never a drift target step).
  package var isReleased: Bool { !released.isEmpty }

  /// The profile, decoded as moby decodes it, named `moby@25.0.3` in messages.
  /// The built-in texts are valid JSON (UpstreamSyncTests loads every one), so this throws only if that breaks.
  package func document() throws(ProfileLoadError) -> ProfileDocument {
    try ProfileLoader.load(bytes: Array(text.utf8), file: reference)
  }
}
