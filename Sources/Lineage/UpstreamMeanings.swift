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
    var contents: ContentSet
  }

  /// Number of contents (= `UpstreamProfile.all.count`, in that order).
  package let count: Int
  /// The UTF-8 text the entries' rules point into.
  let bytes: [UInt8]
  /// Per syscall name, its distinct decisions across contents (the entries' sets are disjoint).
  let entries: [String: [Entry]]
  /// Per content, how many syscalls it decides.
  let syscallCounts: [Int]
  /// Per content, its top-level settings.
  let tops: [[String: String]]

  /// The table for the compiled-in contents, parsed once per process on first use.
  package static let shared: UpstreamMeanings =
    UpstreamMeanings(text: generatedText, expecting: UpstreamProfile.all) ?? UpstreamMeanings(computing: UpstreamProfile.all)

  /// The key a syscall's rules are stored under: its sorted rule meanings joined by a tab. Nil when a rule
  /// contains a tab itself (a profile's unknown action token can): no upstream rule does, so no entry matches.
  static func key(_ rules: [String]) -> String? {
    rules.contains { $0.utf8.contains(9) } ? nil : rules.joined(separator: "\t")
  }

  /// The rules content `index` decides `syscall` with, or nil when it does not decide it.
  package func rules(of syscall: String, in index: Int) -> [String]? {
    guard let entry = entries[syscall]?.first(where: { $0.contents.contains(index) }) else { return nil }
    return rules(entry)
  }

  /// An entry's rule meanings.
  func rules(_ entry: Entry) -> [String] {
    bytes[entry.rules].split(separator: 9, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The meaning of a match's upstream base, from the table (nil for a content the table does not list).
  package static func meaning(of match: BaseMatch) -> ProfileMeaning? {
    UpstreamProfile.all.firstIndex(of: match.upstream).map(shared.meaning(of:))
  }

  /// The whole meaning of content `index`.
  package func meaning(of index: Int) -> ProfileMeaning {
    var syscalls: [String: [String]] = [:]
    for (name, decisions) in entries {
      guard let entry = decisions.first(where: { $0.contents.contains(index) }) else { continue }
      syscalls[name] = rules(entry)
    }
    return ProfileMeaning(top: tops[index], syscalls: syscalls)
  }

  /// Whether contents `a` and `b` mean the same (every syscall decided alike, same top-level settings).
  package func sameMeaning(_ a: Int, _ b: Int) -> Bool {
    guard a != b else { return true }
    guard syscallCounts[a] == syscallCounts[b], tops[a] == tops[b] else { return false }
    for decisions in entries.values {
      for entry in decisions where entry.contents.contains(a) != entry.contents.contains(b) { return false }
    }
    return true
  }

  /// Per content, what recognition's score needs: syscalls the profile decides exactly as the content does, and
  /// syscalls both decide.
  func overlap(with meaning: ProfileMeaning) -> (same: [Int], shared: [Int]) {
    var same = [Int](repeating: 0, count: count)
    var shared = [Int](repeating: 0, count: count)
    for (name, rules) in meaning.syscalls {
      guard let decisions = entries[name] else { continue }
      let key = Self.key(rules)
      for entry in decisions {
        let equal = key.map { bytes[entry.rules].elementsEqual($0.utf8) } ?? false
        entry.contents.forEach { index in
          shared[index] += 1
          if equal { same[index] += 1 }
        }
      }
    }
    return (same, shared)
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

  /// Parses `hex` (as `hex` writes it); nil when it is not hex or names a content at or past `count`.
  init?(hex: ArraySlice<UInt8>, count: Int) {
    self.init(count: count)
    guard !hex.isEmpty else { return nil }
    var bit = 0
    for byte in hex.reversed() {
      let digit: UInt64
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
      default: return nil
      }
      if digit != 0 {
        guard bit + (64 - digit.leadingZeroBitCount) <= count else { return nil }
        words[bit / 64] |= digit << UInt64(bit % 64)
      }
      bit += 4
    }
  }
}
