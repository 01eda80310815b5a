import ProfileModel
import Upstream

/// The upstream default a profile was most likely copied from, and how far it has moved from it.
package struct BaseMatch: Sendable {
  /// The closest upstream content (the newest of those that mean the same).
  package var upstream: UpstreamProfile
  /// Every upstream content with the same meaning as `upstream`, oldest first (formatting-only releases).
  package var equivalents: [UpstreamProfile]
  /// What the profile changed against the base.
  package var edits: MeaningEdits
  /// Share of syscalls (of either side) the profile decides exactly as the base does, 0…1.
  package var similarity: Double

  /// `moby 25.0.3–28.1.1`: the releases that shipped this meaning.
  package var releaseRange: String {
    let released = equivalents.flatMap(\.released)
    guard let first = released.first, let last = released.last else { return upstream.displayName }
    return first == last ? "\(upstream.family.rawValue) \(first)" : "\(upstream.family.rawValue) \(first)–\(last)"
  }

  /// `derived from moby 25.0.3–28.1.1 (one content): 3 syscalls added, 1 changed`.
  package var summary: String {
    let contents = equivalents.count == 1 ? "one content" : "\(equivalents.count) contents with the same meaning"
    return "derived from \(releaseRange) (\(contents)): \(edits.summary)"
  }
}

/// Finds the upstream default a profile is a copy of, by meaning rather than bytes.
package enum BaseRecognition {
  /// Below this share of identically decided syscalls a profile is not called a fork of anything. Measured on
  /// the corpus (README, Lineage): upstream forks with ten edits stay above 0.95; the closest non-fork
  /// (a hand-written Chrome allowlist) reaches 0.5.
  package static let threshold = 0.8

  /// Every upstream content with its meaning, computed once per process.
  package static let catalog: [(profile: UpstreamProfile, meaning: ProfileMeaning)] = UpstreamProfile.all.compactMap {
    guard let document = try? $0.document() else { return nil }
    return ($0, ProfileMeaning(document.profile))
  }

  /// The closest upstream content, or nil when nothing is close enough to call the profile a fork.
  package static func recognize(_ profile: Profile, among family: UpstreamProfile.Family? = nil) -> BaseMatch? {
    let meaning = ProfileMeaning(profile)
    guard !meaning.syscalls.isEmpty else { return nil }
    var best: (index: Int, score: Double, edits: MeaningEdits)?
    for (index, entry) in catalog.enumerated() where family == nil || entry.profile.family == family {
      let score = similarity(meaning, entry.meaning)
      // Ties go to the newer content (the catalog is oldest first within a family).
      guard score >= (best?.score ?? 0) else { continue }
      let edits = meaning.edits(from: entry.meaning)
      if let current = best, score == current.score, edits.count > current.edits.count { continue }
      best = (index, score, edits)
    }
    guard let best, best.score >= threshold else { return nil }
    let chosen = catalog[best.index]
    let equivalents = catalog.filter { $0.profile.family == chosen.profile.family && $0.meaning == chosen.meaning }
    return BaseMatch(
      upstream: chosen.profile, equivalents: equivalents.map(\.profile), edits: best.edits, similarity: best.score)
  }

  /// The base a user named (`moby@25.0.3`), with the profile's edits against it.
  package static func match(_ profile: Profile, to upstream: UpstreamProfile) -> BaseMatch {
    let meaning = ProfileMeaning(profile)
    let base = catalog.first { $0.profile == upstream }?.meaning ?? ProfileMeaning(Profile())
    let equivalents = catalog.filter { $0.profile.family == upstream.family && $0.meaning == base }.map(\.profile)
    return BaseMatch(
      upstream: upstream, equivalents: equivalents.isEmpty ? [upstream] : equivalents, edits: meaning.edits(from: base),
      similarity: similarity(meaning, base))
  }

  /// Syscalls decided identically over syscalls either side decides (Jaccard), lowered by top-level changes.
  package static func similarityForTesting(_ a: ProfileMeaning, _ b: ProfileMeaning) -> Double { similarity(a, b) }

  static func similarity(_ a: ProfileMeaning, _ b: ProfileMeaning) -> Double {
    var same = 0
    for (name, rules) in a.syscalls where b.syscalls[name] == rules { same += 1 }
    let union = a.syscalls.count + b.syscalls.count - a.syscalls.keys.filter { b.syscalls[$0] != nil }.count
    guard union > 0 else { return 0 }
    let top = Set(a.top.keys).union(b.top.keys).filter { a.top[$0] != b.top[$0] }.count
    return Double(same) / Double(union + top)
  }
}
