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
  /// The meaning of the profile this match was made for, when recognition computed it: drift and inherited
  /// marking reuse it instead of reducing the profile again (nil for a byte copy, recognised from its bytes).
  package var profileMeaning: ProfileMeaning?

  package init(
    upstream: UpstreamProfile, equivalents: [UpstreamProfile], edits: MeaningEdits, similarity: Double,
    profileMeaning: ProfileMeaning? = nil
  ) {
    (self.upstream, self.equivalents, self.edits, self.similarity) = (upstream, equivalents, edits, similarity)
    self.profileMeaning = profileMeaning
  }

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

  /// `recognize(document.profile, among:)`, without computing anything for a byte copy of a built-in content
  /// (moby's `default.json` copied verbatim, the most common profile there is): its meaning is that content's,
  /// so it scores 1 against exactly the contents of the same meaning (`generatedMeaningClasses`) and the newest
  /// of them wins with no edits — what scoring gives (`UpstreamMeaningsSyncTests` compares the two paths for
  /// every content). No meaning is computed and the table is not parsed.
  package static func recognize(_ document: ProfileDocument, among family: UpstreamProfile.Family? = nil) -> BaseMatch? {
    if document.dialect == .docker, document.basePointer.tokens.isEmpty,
      let index = UpstreamProfile.indexOfText(document.sourceBytes), let match = copyMatch(of: index, among: family)
    {
      return match
    }
    return recognize(document.profile, among: family)
  }

  /// The match of a byte copy of content `index`, from the meaning classes; nil when they do not cover the
  /// compiled-in contents or the content is outside `family`.
  static func copyMatch(of index: Int, among family: UpstreamProfile.Family?) -> BaseMatch? {
    let all = UpstreamProfile.all
    let classes = UpstreamMeanings.generatedMeaningClasses
    guard classes.count == all.count, family == nil || all[index].family == family else { return nil }
    // Ties go to the newer content: the last of the same meaning (within `family` when given).
    guard let chosen = all.indices.last(where: { classes[$0] == classes[index] && (family == nil || all[$0].family == family) })
    else { return nil }
    let equivalents = all.indices.filter { all[$0].family == all[chosen].family && classes[$0] == classes[chosen] }.map { all[$0] }
    return BaseMatch(upstream: all[chosen], equivalents: equivalents, edits: MeaningEdits(), similarity: 1)
  }

  /// The closest upstream content, or nil when nothing is close enough to call the profile a fork.
  package static func recognize(_ profile: Profile, among family: UpstreamProfile.Family? = nil) -> BaseMatch? {
    recognize(ProfileMeaning(profile), among: family)
  }

  /// Scores `meaning` against every content from the meaning table (no upstream text is parsed): per content,
  /// the syscalls decided alike and the syscalls both decide give `similarity` exactly, and the edit count.
  package static func recognize(_ meaning: ProfileMeaning, among family: UpstreamProfile.Family? = nil) -> BaseMatch? {
    guard !meaning.syscalls.isEmpty else { return nil }
    let table = UpstreamMeanings.shared
    let overlap = table.overlap(with: meaning)
    let (same, shared) = (overlap.same, overlap.shared)
    var best: (index: Int, score: Double, edits: Int)?
    for (index, upstream) in UpstreamProfile.all.enumerated() where family == nil || upstream.family == family {
      let union = meaning.syscalls.count + table.syscallCounts[index] - shared[index]
      let base = table.tops[index]
      let top = Set(meaning.top.keys).union(base.keys).filter { meaning.top[$0] != base[$0] }.count
      // As `similarity`: decided alike over syscalls either side decides, lowered by top-level changes.
      let score = union > 0 ? Double(same[index]) / Double(union + top) : 0
      // Ties go to the newer content (the catalog is oldest first within a family), unless it needs more edits.
      guard score >= (best?.score ?? 0) else { continue }
      // `edits(from:)`'s count: added + removed + changed + top-level.
      let edits = (meaning.syscalls.count - shared[index]) + (table.syscallCounts[index] - shared[index])
        + (shared[index] - same[index]) + top
      if let current = best, score == current.score, edits > current.edits { continue }
      best = (index, score, edits)
    }
    guard let best, best.score >= threshold else { return nil }
    return BaseMatch(
      upstream: UpstreamProfile.all[best.index], equivalents: equivalents(of: best.index),
      edits: table.edits(overlap, from: best.index, top: meaning.top), similarity: best.score, profileMeaning: meaning)
  }

  /// The base a user named (`moby@25.0.3`), with the profile's edits against it.
  package static func match(_ profile: Profile, to upstream: UpstreamProfile) -> BaseMatch {
    let meaning = ProfileMeaning(profile)
    guard let index = UpstreamProfile.all.firstIndex(of: upstream) else {
      let base = ProfileMeaning(Profile())
      return BaseMatch(
        upstream: upstream, equivalents: [upstream], edits: meaning.edits(from: base), similarity: similarity(meaning, base),
        profileMeaning: meaning)
    }
    let base = UpstreamMeanings.shared.meaning(of: index)
    return BaseMatch(
      upstream: upstream, equivalents: equivalents(of: index), edits: meaning.edits(from: base),
      similarity: similarity(meaning, base), profileMeaning: meaning)
  }

  /// Every content of the same family with the same meaning as content `index`, oldest first.
  static func equivalents(of index: Int) -> [UpstreamProfile] {
    let table = UpstreamMeanings.shared
    let family = UpstreamProfile.all[index].family
    return UpstreamProfile.all.indices.filter { UpstreamProfile.all[$0].family == family && table.sameMeaning($0, index) }
      .map { UpstreamProfile.all[$0] }
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
