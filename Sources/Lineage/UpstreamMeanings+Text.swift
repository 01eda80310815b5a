import ProfileModel
import Upstream

/// The table's text form, one record a line, fields separated by tabs:
///
///     content	0	moby	v1.11.0            (every content, in `UpstreamProfile.all` order)
///     top	0	architectures	SCMP_ARCH_X32,…  (each content's top-level settings)
///     accept4	ffffffffffff	ALLOW if  	…  (a syscall, the contents that decide it so, their rules)
///
/// Rule meanings never contain a tab or a newline (`render` checks, so the generator refuses such a content).
extension UpstreamMeanings {
  /// Parses `text`; nil when it does not list exactly `expected` (family and id, in order) or is malformed.
  /// Reads bytes, not characters: this runs on every `--base auto`.
  package init?(text: String, expecting expected: [UpstreamProfile]) {
    let bytes = Array(text.utf8)
    let count = expected.count
    var builder = Builder(count: count)
    var tops = [[String: String]](repeating: [:], count: count)
    var listed = 0
    let valid = bytes.withUnsafeBufferPointer { buffer -> Bool in
      var lineStart = 0
      while lineStart < buffer.count {
        // One pass over the line: its end and the first three tabs (a syscall's rules, the fourth field on,
        // contain tabs themselves).
        var tabs = (0, 0, 0)
        var found = 0
        var lineEnd = lineStart
        while lineEnd < buffer.count, buffer[lineEnd] != 10 {
          if buffer[lineEnd] == 9, found < 3 {
            switch found {
            case 0: tabs.0 = lineEnd
            case 1: tabs.1 = lineEnd
            default: tabs.2 = lineEnd
            }
            found += 1
          }
          lineEnd += 1
        }
        defer { lineStart = lineEnd + 1 }
        guard lineEnd > lineStart else { continue }
        guard found >= 2 else { return false }
        let first = lineStart..<tabs.0
        let second = tabs.0 + 1..<tabs.1
        let third = tabs.1 + 1..<(found == 3 ? tabs.2 : lineEnd)
        let rest = found == 3 ? tabs.2 + 1..<lineEnd : nil
        func string(_ range: Range<Int>) -> String { String(decoding: buffer[range], as: UTF8.self) }
        func number(_ range: Range<Int>) -> Int? { Int(string(range)).flatMap { (0..<count).contains($0) ? $0 : nil } }
        func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
          range.count == word.utf8CodeUnitCount && buffer[range].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        }
        if equals(first, "content") {
          guard let rest, listed < count, number(second) == listed, string(third) == expected[listed].family.rawValue,
            string(rest) == expected[listed].id
          else { return false }
          listed += 1
        } else if equals(first, "top") {
          guard let rest, let index = number(second) else { return false }
          tops[index][string(third)] = string(rest)
        } else {
          guard builder.add(string(first), rules: third.lowerBound..<lineEnd, hex: buffer[second]) else { return false }
        }
      }
      return true
    }
    guard valid, listed == count else { return nil }
    self = builder.table(bytes: bytes, tops: tops)
  }

  /// Collects entries, grouped by syscall (all of a syscall's entries in a row, as the text lists them).
  struct Builder {
    let count: Int
    var words: [UInt64] = []
    var decisions: [Entry] = []
    var entries: [String: Range<Int>] = [:]
    var syscallCounts: [Int]
    var current: (name: String, start: Int)?

    init(count: Int) {
      self.count = count
      syscallCounts = [Int](repeating: 0, count: count)
      entries.reserveCapacity(512)
      decisions.reserveCapacity(1024)
      words.reserveCapacity(1024 * ((count + 63) / 64))
    }

    /// Adds one entry; false when its syscall was listed before, but not just before.
    mutating func add(_ name: String, rules: Range<Int>, contents: ContentSet) -> Bool {
      guard start(name) else { return false }
      decisions.append(Entry(rules: rules, firstWord: words.count))
      words += contents.words
      contents.forEach { syscallCounts[$0] += 1 }
      return true
    }

    /// Adds one entry whose content set is written in hex (`ContentSet.hex`, most significant digit first);
    /// false when the hex is not that or names a content at or past `count`.
    mutating func add(_ name: String, rules: Range<Int>, hex: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
      let perSet = (count + 63) / 64
      guard !hex.isEmpty, hex.count <= perSet * 16, start(name) else { return false }
      let first = words.count
      words.append(contentsOf: repeatElement(0, count: perSet))
      var bit = 0
      var position = hex.endIndex
      while position > hex.startIndex {
        position -= 1
        let byte = hex[position]
        let digit: UInt64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
        default: return false
        }
        if digit != 0 {
          guard bit + (64 - digit.leadingZeroBitCount) <= count else { return false }
          words[first + bit / 64] |= digit << UInt64(bit % 64)
        }
        bit += 4
      }
      let entry = Entry(rules: rules, firstWord: first)
      decisions.append(entry)
      for offset in 0..<perSet {
        var rest = words[first + offset]
        while rest != 0 {
          syscallCounts[offset * 64 + rest.trailingZeroBitCount] += 1
          rest &= rest - 1
        }
      }
      return true
    }

    /// Opens `name`'s group unless it is the current one; false when it was listed before, not just before.
    private mutating func start(_ name: String) -> Bool {
      guard current?.name != name else { return true }
      close()
      guard entries[name] == nil else { return false }
      current = (name, decisions.count)
      return true
    }

    mutating func close() {
      if let current { entries[current.name] = current.start..<decisions.count }
      current = nil
    }

    mutating func table(bytes: [UInt8], tops: [[String: String]]) -> UpstreamMeanings {
      close()
      return UpstreamMeanings(
        count: count, bytes: bytes, words: words, decisions: decisions, entries: entries, syscallCounts: syscallCounts,
        tops: tops)
    }
  }

  /// The table computed from the contents' texts (what the generator writes; the fallback when the
  /// compiled-in table is stale).
  package init(computing profiles: [UpstreamProfile]) {
    let meanings = profiles.map { profile in
      // The built-in texts load (UpstreamSyncTests); an empty meaning keeps indices aligned should one not.
      (try? profile.document()).map { ProfileMeaning($0.profile) } ?? ProfileMeaning(Profile())
    }
    self = UpstreamMeanings(meanings: meanings)
  }

  init(meanings: [ProfileMeaning]) {
    let count = meanings.count
    var sets: [String: [String: ContentSet]] = [:]
    for (index, meaning) in meanings.enumerated() {
      for (name, rules) in meaning.syscalls {
        sets[name, default: [:]][rules.joined(separator: "\t"), default: ContentSet(count: count)].insert(index)
      }
    }
    var bytes: [UInt8] = []
    var builder = Builder(count: count)
    for name in sets.keys.sorted() {
      let decisions = sets[name]!
      for rules in decisions.keys.sorted() {
        let start = bytes.count
        bytes += rules.utf8
        _ = builder.add(name, rules: start..<bytes.count, contents: decisions[rules]!)
      }
    }
    self = builder.table(bytes: bytes, tops: meanings.map(\.top))
  }

  /// The text form for `profiles` (in order); throws when a meaning cannot be written in it.
  static func render(_ profiles: [UpstreamProfile]) throws(RenderError) -> String {
    try render(profiles, UpstreamMeanings(computing: profiles))
  }

  static func render(_ profiles: [UpstreamProfile], _ table: UpstreamMeanings) throws(RenderError) -> String {
    var lines: [String] = []
    for (index, profile) in profiles.enumerated() {
      lines.append("content\t\(index)\t\(profile.family.rawValue)\t\(profile.id)")
    }
    for (index, top) in table.tops.enumerated() {
      for key in top.keys.sorted() { lines.append("top\t\(index)\t\(key)\t\(top[key]!)") }
    }
    for name in table.entries.keys.sorted() {
      for entry in table.decisions[table.entries[name]!] {
        var contents = ContentSet(count: table.count)
        table.forEachContent(of: entry) { contents.insert($0) }
        lines.append("\(name)\t\(contents.hex)\t\(String(decoding: table.bytes[entry.rules], as: UTF8.self))")
      }
    }
    for line in lines where line.contains("\n") || line.contains("\r") || line.split(separator: "\t").count < 3 {
      throw RenderError(line: line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Swift source of `UpstreamMeanings+Generated.swift`.
  package static func generatedSource(_ profiles: [UpstreamProfile] = UpstreamProfile.all) throws(RenderError) -> String {
    let table = UpstreamMeanings(computing: profiles)
    let text = try render(profiles, table)
    guard !text.contains("\"\"\"#") else { throw RenderError(line: "\"\"\"#") }
    let classes = table.meaningClasses.map(String.init).joined(separator: ", ")
    return """
      // Generated by `swift run generate-upstream-meanings` from the built-in upstream texts — DO NOT EDIT.
      // The meaning (ProfileMeaning) of every content of Data/upstream; format: UpstreamMeanings+Text.swift.

      extension UpstreamMeanings {
        /// Per content, the first content with the same meaning (`meaningClasses`): recognising a byte copy of a
        /// content needs only this (`BaseRecognition.recognize(_:among:)` on a document).
        package static let generatedMeaningClasses: [Int] = [\(classes)]

        package static let generatedText = #\"\"\"
      \(text)\"\"\"#
      }

      """
  }

  /// Per content, the index of the first content with the same meaning (`sameMeaning` is an equivalence).
  package var meaningClasses: [Int] {
    (0..<count).map { index in (0...index).first { sameMeaning($0, index) } ?? index }
  }

  /// A meaning the text form cannot hold (a tab or newline inside a rule, which no upstream content has).
  package struct RenderError: Error, CustomStringConvertible {
    package var line: String
    package var description: String { "cannot write this record of the upstream meaning table: \(line.debugDescription)" }
  }

  /// Path of the generated file, relative to the package root.
  package static let outputPath = "Sources/Lineage/UpstreamMeanings+Generated.swift"
}
