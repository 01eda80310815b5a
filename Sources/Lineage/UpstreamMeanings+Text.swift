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
    var entries: [String: [Entry]] = [:]
    var counts = [Int](repeating: 0, count: count)
    var tops = [[String: String]](repeating: [:], count: count)
    var listed = 0
    var lineStart = 0
    while lineStart < bytes.count {
      let lineEnd = bytes[lineStart...].firstIndex(of: 10) ?? bytes.count
      defer { lineStart = lineEnd + 1 }
      guard lineEnd > lineStart else { continue }
      // The first three fields; the fourth runs to the end of the line (a syscall's rules contain tabs).
      var fields: [Range<Int>] = []
      var fieldStart = lineStart
      while fields.count < 3, let tab = bytes[fieldStart..<lineEnd].firstIndex(of: 9) {
        fields.append(fieldStart..<tab)
        fieldStart = tab + 1
      }
      fields.append(fieldStart..<lineEnd)
      guard fields.count >= 3 else { return nil }
      func string(_ field: Int) -> String { String(decoding: bytes[fields[field]], as: UTF8.self) }
      func number(_ field: Int) -> Int? { Int(string(field)).flatMap { (0..<count).contains($0) ? $0 : nil } }
      switch string(0) {
      case "content":
        guard fields.count == 4, number(1) == listed, string(2) == expected[listed].family.rawValue,
          string(3) == expected[listed].id
        else { return nil }
        listed += 1
      case "top":
        guard fields.count == 4, let index = number(1) else { return nil }
        tops[index][string(2)] = string(3)
      case let name:
        guard let contents = ContentSet(hex: bytes[fields[1]], count: count) else { return nil }
        contents.forEach { counts[$0] += 1 }
        entries[name, default: []].append(Entry(rules: fields[2].lowerBound..<lineEnd, contents: contents))
      }
    }
    guard listed == count else { return nil }
    self.init(count: count, bytes: bytes, entries: entries, syscallCounts: counts, tops: tops)
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
    var entries: [String: [Entry]] = [:]
    for (name, decisions) in sets {
      entries[name] = decisions.keys.sorted().map { rules in
        let start = bytes.count
        bytes += rules.utf8
        return Entry(rules: start..<bytes.count, contents: decisions[rules]!)
      }
    }
    self.init(
      count: count, bytes: bytes, entries: entries, syscallCounts: meanings.map(\.syscalls.count), tops: meanings.map(\.top))
  }

  /// The text form for `profiles` (in order); throws when a meaning cannot be written in it.
  static func render(_ profiles: [UpstreamProfile]) throws(RenderError) -> String {
    let table = UpstreamMeanings(computing: profiles)
    var lines: [String] = []
    for (index, profile) in profiles.enumerated() {
      lines.append("content\t\(index)\t\(profile.family.rawValue)\t\(profile.id)")
    }
    for (index, top) in table.tops.enumerated() {
      for key in top.keys.sorted() { lines.append("top\t\(index)\t\(key)\t\(top[key]!)") }
    }
    for name in table.entries.keys.sorted() {
      for entry in table.entries[name]! {
        lines.append("\(name)\t\(entry.contents.hex)\t\(String(decoding: table.bytes[entry.rules], as: UTF8.self))")
      }
    }
    for line in lines where line.contains("\n") || line.contains("\r") || line.split(separator: "\t").count < 3 {
      throw RenderError(line: line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Swift source of `UpstreamMeanings+Generated.swift`.
  package static func generatedSource(_ profiles: [UpstreamProfile] = UpstreamProfile.all) throws(RenderError) -> String {
    let text = try render(profiles)
    guard !text.contains("\"\"\"#") else { throw RenderError(line: "\"\"\"#") }
    return """
      // Generated by `swift run generate-upstream-meanings` from the built-in upstream texts — DO NOT EDIT.
      // The meaning (ProfileMeaning) of every content of Data/upstream; format: UpstreamMeanings+Text.swift.

      extension UpstreamMeanings {
        package static let generatedText = #\"\"\"
      \(text)\"\"\"#
      }

      """
  }

  /// A meaning the text form cannot hold (a tab or newline inside a rule, which no upstream content has).
  package struct RenderError: Error, CustomStringConvertible {
    package var line: String
    package var description: String { "cannot write this record of the upstream meaning table: \(line.debugDescription)" }
  }

  /// Path of the generated file, relative to the package root.
  package static let outputPath = "Sources/Lineage/UpstreamMeanings+Generated.swift"
}
