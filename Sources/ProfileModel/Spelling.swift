/// "Did you mean …?" suggestions by edit distance.
package enum Spelling {
  /// The candidate closest to `word` (case-insensitive Damerau–Levenshtein distance), if it is close enough
  /// to be a plausible typo: at most 1 edit for short words, 2 for 5+ characters, 3 for 9+. Ties go to the
  /// earlier candidate.
  package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    closest(to: word, in: Candidates(candidates))
  }

  /// The same over candidates prepared once (a hostile profile can ask for 200,000 suggestions among the
  /// ~500 syscall names): a length check, then the bag distance, and only then the distance table, which
  /// stops as soon as the limit is out of reach.
  package static func closest(to word: String, in candidates: Candidates) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    guard !target.isEmpty, target.count <= 64 else { return nil }
    let limit = target.count >= 9 ? 3 : target.count >= 5 ? 2 : 1
    var best: (index: Int, distance: Int)?
    var workspace = Workspace()
    var counts = [Int](repeating: 0, count: 128)
    var outside = 0  // target characters beyond ASCII, which the bag distance does not count
    for scalar in target {
      if scalar.isASCII { counts[Int(scalar.value)] += 1 } else { outside += 1 }
    }
    let targetSet = Candidates.characterSet(target)
    for (index, other) in candidates.folded.enumerated() {
      let otherSet = candidates.characterSets[index]
      guard abs(other.count - target.count) <= limit,
        max((otherSet & ~targetSet).nonzeroBitCount, (targetSet & ~otherSet).nonzeroBitCount) <= limit,
        bagDistance(other, &counts, targetCount: target.count - outside) <= limit
      else { continue }
      let d = workspace.distance(target, other, limit: limit)
      if d <= limit, d < (best?.distance ?? Int.max) { best = (index, d) }
    }
    return best.map { candidates.words[$0.index] }
  }

  /// Optimal string alignment distance (insertions, deletions, substitutions, adjacent transpositions).
  package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    var workspace = Workspace()
    return workspace.distance(a, b, limit: Int.max)
  }

  /// Words to suggest, with their lower-cased scalars computed once.
  package struct Candidates: Sendable {
    let words: [String]
    let folded: [[Unicode.Scalar]]
    /// Per word, `characterSet(folded)`.
    let characterSets: [UInt64]

    package init(_ words: some Sequence<String>) {
      self.words = Array(words)
      folded = self.words.map { Array($0.lowercased().unicodeScalars) }
      characterSets = folded.map(Self.characterSet)
    }

    /// The word's ASCII characters as a set of 64 buckets (the value modulo 64). A bucket one word has and the
    /// other lacks holds a character of the first that the second lacks, and each such character costs an edit,
    /// so the buckets either word alone has bound the distance from below with two population counts: most of
    /// the ~500 syscall names are rejected without the bag distance.
    static func characterSet(_ word: [Unicode.Scalar]) -> UInt64 {
      word.reduce(0) { $1.isASCII ? $0 | 1 << UInt64($1.value & 63) : $0 }
    }
  }

  /// A lower bound of the edit distance: the ASCII characters one word has and the other lacks (an edit
  /// changes at most one on each side, a transposition none). `counts` holds the target's ASCII characters
  /// (`targetCount` of them) and is restored before returning.
  private static func bagDistance(_ candidate: [Unicode.Scalar], _ counts: inout [Int], targetCount: Int) -> Int {
    var surplus = 0
    var ascii = 0
    for scalar in candidate where scalar.isASCII {
      let c = Int(scalar.value)
      counts[c] -= 1
      if counts[c] < 0 { surplus += 1 }
      ascii += 1
    }
    for scalar in candidate where scalar.isASCII { counts[Int(scalar.value)] += 1 }
    return max(surplus, targetCount - (ascii - surplus))
  }

  /// The three rows of the distance table, reused from one candidate to the next.
  private struct Workspace {
    var previous2: [Int] = []
    var previous: [Int] = []
    var current: [Int] = []

    /// The distance between `a` and `b`, or some value above `limit` once every alignment costs more.
    mutating func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
      if a.isEmpty { return b.count }
      if b.isEmpty { return a.count }
      let width = b.count + 1
      Self.reset(&previous2, to: repeatElement(0, count: width))
      Self.reset(&current, to: repeatElement(0, count: width))
      Self.reset(&previous, to: 0...b.count)
      for i in 1...a.count {
        current[0] = i
        var rowMinimum = i
        for j in 1...b.count {
          let cost = a[i - 1] == b[j - 1] ? 0 : 1
          var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
          if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
          current[j] = value
          rowMinimum = min(rowMinimum, value)
        }
        // A later cell is at least the smallest of this row or, through a transposition, of the one before.
        if rowMinimum > limit, i > 1, previous.min() ?? 0 > limit { return limit + 1 }
        swap(&previous2, &previous)
        swap(&previous, &current)
      }
      return previous[b.count]
    }

    private static func reset(_ row: inout [Int], to values: some Collection<Int>) {
      row.removeAll(keepingCapacity: true)
      row.append(contentsOf: values)
    }
  }
}
