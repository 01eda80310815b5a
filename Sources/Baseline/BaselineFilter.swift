import Linter
import ProfileModel

extension BaselineFile {
  /// What a baseline leaves of a lint run.
  package struct Outcome: Sendable {
    /// The findings not in the baseline, in the order given.
    package var new: [Diagnostic]
    /// How many findings the baseline accounted for.
    package var baselined: Int
    /// Baseline findings that no longer occur in the files linted (fixed, or their rule changed).
    package var stale: Int
  }

  /// Removes the findings the baseline records: per (file, fingerprint), up to `count` of them, earliest in
  /// `diagnostics` order first. Entries for files that were not linted count neither way.
  package func filter(_ diagnostics: [Diagnostic], linted files: [String]) -> Outcome {
    var remaining: [Key: Int] = [:]
    for entry in entries { remaining[Key(file: entry.file, fingerprint: entry.fingerprint), default: 0] += entry.count }
    var new: [Diagnostic] = []
    var baselined = 0
    for diagnostic in diagnostics {
      let key = Key(file: ProfilePath.normalized(diagnostic.file), fingerprint: diagnostic.fingerprint)
      if let left = remaining[key], left > 0 {
        remaining[key] = left - 1
        baselined += 1
      } else {
        new.append(diagnostic)
      }
    }
    let linted = Set(files.map(ProfilePath.normalized))
    let stale = remaining.reduce(0) { $0 + (linted.contains($1.key.file) ? $1.value : 0) }
    return Outcome(new: new, baselined: baselined, stale: stale)
  }
}
