import Upstream

/// The meaning (`ProfileMeaning`) of every built-in upstream content, as one compact table instead of ~50 JSON
/// texts to parse: each distinct (syscall, rules) pair once, with the set of contents that decide the syscall that
/// way, and each content's top-level settings. Base recognition scores a profile against every content from the
/// table alone; drift and `outdated-base` read a content's rules for a syscall from it. Parsed on first use only
/// (`--base none` never touches it).
///
/// The text is generated (`swift run generate-upstream-meanings`, which `Scripts/sync-upstream.py` runs) from the
/// compiled-in texts by `ProfileMeaning` itself; `UpstreamMeaningsSyncTests` regenerates it and compares, so a
/// change to the meaning code or to `Data/upstream` that is not regenerated fails the tests. Should the table
/// name other contents than `UpstreamProfile.all` anyway, it is rebuilt from the texts at run time (slow, right).
package struct UpstreamMeanings: Sendable {
  /// One syscall's rules as some contents decide it.
  struct Entry: Sendable {
    /// Where, in `bytes`, the rules' meanings are: sorted, joined by a tab (the form `key(_:)` gives a
    /// profile's rules).
    var rules: Range<Int>
    /// The contents that decide the syscall so: a bit set at `words[firstWord..<firstWord + wordsPerSet]`.
    var firstWord: Int
  }

  /// Number of contents (= `UpstreamProfile.all.count`, in that order).
  package let count: Int
  /// The UTF-8 text the entries' rules point into.
  let bytes: [UInt8]
  /// Every entry's content set, `wordsPerSet` words each (one flat buffer: no allocation per entry).
  let words: [UInt64]
  /// All entries, grouped by syscall.
  let decisions: [Entry]
  /// Per syscall name, its entries in `decisions` (their content sets are disjoint).
  let entries: [String: Range<Int>]
  /// Per content, how many syscalls it decides.
  let syscallCounts: [Int]
  /// Per content, its top-level settings.
  let tops: [[String: String]]

  var wordsPerSet: Int { (count + 63) / 64 }

  /// The table for the compiled-in contents, parsed once per process on first use.
  package static let shared: UpstreamMeanings =
    UpstreamMeanings(text: generatedText, expecting: UpstreamProfile.all) ?? UpstreamMeanings(computing: UpstreamProfile.all)

  /// The key a syscall's rules are stored under: its sorted rule meanings joined by a tab. Nil when a rule
  /// contains a tab itself (a profile's unknown action token can): no upstream rule does, so no entry matches.
  static func key(_ rules: [String]) -> String? {
    rules.contains { $0.utf8.contains(9) } ? nil : rules.joined(separator: "\t")
  }

  /// Whether content `index` decides the entry's syscall with the entry's rules.
  func contains(_ entry: Entry, _ index: Int) -> Bool {
    words[entry.firstWord + index / 64] & (1 << UInt64(index % 64)) != 0
  }

  /// Calls `body` with every content of the entry.
  func forEachContent(of entry: Entry, _ body: (Int) -> Void) {
    for offset in 0..<wordsPerSet {
      var rest = words[entry.firstWord + offset]
      while rest != 0 {
        body(offset * 64 + rest.trailingZeroBitCount)
        rest &= rest - 1
      }
    }
  }

  /// The entry by which content `index` decides `syscall`, if it does.
  func entry(of syscall: String, in index: Int) -> Entry? {
    entries[syscall].flatMap { range in decisions[range].first { contains($0, index) } }
  }

  /// The rules content `index` decides `syscall` with, or nil when it does not decide it.
  package func rules(of syscall: String, in index: Int) -> [String]? {
    entry(of: syscall, in: index).map(rules)
  }

  /// `rules(of: syscall, in: a) == rules(of: syscall, in: b)`, without building either list when both contents
  /// decide the syscall by the same entry (or neither decides it).
  package func sameRules(of syscall: String, in a: Int, _ b: Int) -> Bool {
    guard let range = entries[syscall] else { return true }
    let first = decisions[range].firstIndex { contains($0, a) }
    let second = decisions[range].firstIndex { contains($0, b) }
    switch (first, second) {
    case (nil, nil): return true
    case (let x?, let y?): return x == y || rules(decisions[x]) == rules(decisions[y])
    default: return false
    }
  }

  /// An entry's rule meanings.
  func rules(_ entry: Entry) -> [String] {
    bytes[entry.rules].split(separator: 9, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Whether `key` (of a profile's rules) is the entry's.
  func matches(_ entry: Entry, _ key: String?) -> Bool {
    guard let key else { return false }
    return bytes[entry.rules].elementsEqual(key.utf8)
  }

  /// The meaning of a match's upstream base, from the table (nil for a content the table does not list).
  package static func meaning(of match: BaseMatch) -> ProfileMeaning? {
    UpstreamProfile.all.firstIndex(of: match.upstream).map(shared.meaning(of:))
  }

  /// The whole meaning of content `index`.
  package func meaning(of index: Int) -> ProfileMeaning {
    var syscalls: [String: [String]] = [:]
    for (name, range) in entries {
      guard let entry = decisions[range].first(where: { contains($0, index) }) else { continue }
      syscalls[name] = rules(entry)
    }
    return ProfileMeaning(top: tops[index], syscalls: syscalls)
  }

  /// `meaning.edits(from: meaning(of: index))`, from an overlap computed for `meaning` (no hashing, no
  /// content meaning built).
  func edits(_ overlap: Overlap, from index: Int, top: [String: String]) -> MeaningEdits {
    var edits = MeaningEdits()
    for row in overlap.rows {
      guard let range = row.entries, let entry = decisions[range].firstIndex(where: { contains($0, index) }) else {
        edits.added.append(row.name)
        continue
      }
      if entry != row.equal { edits.changed.append(row.name) }
    }
    for (name, range) in entries where !overlap.decided[range.lowerBound] && decisions[range].contains(where: { contains($0, index) }) {
      edits.removed.append(name)
    }
    let base = tops[index]
    edits.top = Set(top.keys).union(base.keys).filter { top[$0] != base[$0] }
    edits.added.sort()
    edits.removed.sort()
    edits.changed.sort()
    edits.top.sort()
    return edits
  }

  /// Whether contents `a` and `b` mean the same (every syscall decided alike, same top-level settings).
  package func sameMeaning(_ a: Int, _ b: Int) -> Bool {
    guard a != b else { return true }
    guard syscallCounts[a] == syscallCounts[b], tops[a] == tops[b] else { return false }
    return !decisions.contains { contains($0, a) != contains($0, b) }
  }

  /// What recognition needs of a profile's meaning against every content at once.
  struct Overlap {
    /// Per content: syscalls the profile decides exactly as the content does; syscalls both decide.
    var same: [Int]
    var shared: [Int]
    /// Per syscall of the profile: its entries in the table, and the one whose rules are the profile's.
    var rows: [(name: String, entries: Range<Int>?, equal: Int?)]
    /// Per entry group (by its first entry): whether the profile decides that syscall.
    var decided: [Bool]
  }

  func overlap(with meaning: ProfileMeaning) -> Overlap {
    var result = Overlap(
      same: [Int](repeating: 0, count: count), shared: [Int](repeating: 0, count: count), rows: [],
      decided: [Bool](repeating: false, count: decisions.count))
    result.rows.reserveCapacity(meaning.syscalls.count)
    for (name, rules) in meaning.syscalls {
      guard let range = entries[name] else {
        result.rows.append((name, nil, nil))
        continue
      }
      result.decided[range.lowerBound] = true
      let key = Self.key(rules)
      var equal: Int?
      for index in range {
        let entry = decisions[index]
        let isEqual = matches(entry, key)
        if isEqual { equal = index }
        forEachContent(of: entry) { content in
          result.shared[content] += 1
          if isEqual { result.same[content] += 1 }
        }
      }
      result.rows.append((name, range, equal))
    }
    return result
  }
}

/// A set of content indices (a bit set of any width).
struct ContentSet: Sendable, Hashable {
  var words: [UInt64]

  init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

  func contains(_ index: Int) -> Bool {
    let word = index / 64
    return word < words.count && words[word] & (1 << UInt64(index % 64)) != 0
  }

  mutating func insert(_ index: Int) { words[index / 64] |= 1 << UInt64(index % 64) }

  func forEach(_ body: (Int) -> Void) {
    for (offset, word) in words.enumerated() {
      var rest = word
      while rest != 0 {
        body(offset * 64 + rest.trailingZeroBitCount)
        rest &= rest - 1
      }
    }
  }

  /// Lower-case hex, most significant word first, without leading zeros (`0` when empty).
  var hex: String {
    var digits = ""
    for word in words.reversed() {
      let text = String(word, radix: 16)
      digits += digits.isEmpty ? (word == 0 ? "" : text) : String(repeating: "0", count: 16 - text.count) + text
    }
    return digits.isEmpty ? "0" : digits
  }
}
