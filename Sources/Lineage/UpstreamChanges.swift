import Differ
import Upstream

/// What upstream changed between each built-in content and its family's latest release — the symbolic diff
/// `outdated-base` needs — precomputed: per syscall, the direction of the change from each content, and how the
/// latest release decides it. `lint --base` of a fork of an older release would otherwise evaluate both upstream
/// profiles over the diff's whole target grid (≈ 470 M instructions for moby 20.10.0 → latest, the bulk of
/// such a lint); the profile's own status per change still comes from its meaning at run time.
///
/// Generated next to the meaning table (`swift run generate-upstream-meanings`) by `ProfileDiff.symbolic`
/// itself; `UpstreamChangesSyncTests` recomputes every diff and compares. Only `lint`'s `outdated-base` reads
/// it (`Drift.facts(profile:base:)`): `drift` computes the full three-way report live.
package struct UpstreamChanges: Sendable {
  /// One change: how content `base` → its family's latest differs for `syscall`.
  package struct Change: Sendable, Hashable {
    package var syscall: String
    package var direction: Direction
    /// `change.new.summary`: the latest release's decision in words.
    package var after: String
  }

  /// One `change` record: a syscall, and per content the direction of its change (`w`, `n`, `c`, `-`), with
  /// how the latest release of each family decides it (by the family's latest content index).
  struct Row: Sendable {
    var syscall: String
    var codes: [UInt8]
    var after: [Int: String]
  }

  /// The `change` records in text order (sorted by syscall, as the diff lists them).
  let rows: [Row]
  /// Per content, the index of its family's latest content.
  let targets: [Int]

  /// The table for the compiled-in contents, parsed on first use; nil when it does not list exactly them.
  package static let shared: UpstreamChanges? = UpstreamChanges(text: generatedText, expecting: UpstreamProfile.all)

  /// Content `index`'s changes to its family's latest release, sorted by syscall; nil for the latest contents
  /// themselves. Built when asked (`lint --base` needs one content's): the records are checked when parsed.
  package func changes(from index: Int) -> [Change]? {
    guard targets.indices.contains(index), targets[index] != index else { return nil }
    var changes: [Change] = []
    for row in rows where row.codes[index] != UInt8(ascii: "-") {
      let direction: Direction =
        switch row.codes[index] {
        case UInt8(ascii: "w"): .widened
        case UInt8(ascii: "n"): .narrowed
        default: .changed
        }
      changes.append(Change(syscall: row.syscall, direction: direction, after: row.after[targets[index]] ?? ""))
    }
    return changes
  }

  /// The live computation: `ProfileDiff.symbolic` from every content to its family's latest.
  package static func computed(_ profiles: [UpstreamProfile]) -> [[Change]?] {
    profiles.map { profile in
      let latest = UpstreamCatalog.latest(profile.family)
      guard profile != latest, let old = try? profile.document(), let new = try? latest.document() else { return nil }
      return ProfileDiff.symbolic(old: old, new: new).changes.map {
        Change(syscall: $0.syscall, direction: $0.direction, after: $0.new.summary)
      }
    }
  }
}

extension UpstreamChanges {
  /// Text form, tab-separated, one record a line:
  ///
  ///     content	0	moby	v1.11.0       (every content, in `UpstreamProfile.all` order)
  ///     after	47	clone3	ALLOW …       (how a latest content decides a syscall some older content differs on)
  ///     change	clone3	wwww…nn--      (per content, the direction of its change: w, n, c, or - for none)
  package init?(text: String, expecting expected: [UpstreamProfile]) {
    let count = expected.count
    var listed = 0
    var after: [Int: [String: String]] = [:]
    var rows: [Row] = []
    // Per content, the index of its family's latest release (computed once: `latest` scans the catalog).
    var targets = [Int](repeating: -1, count: count)
    for family in UpstreamProfile.Family.allCases {
      guard let latest = expected.firstIndex(of: UpstreamCatalog.latest(family)) else { return nil }
      for index in 0..<count where expected[index].family == family { targets[index] = latest }
    }
    let latests = Set(targets).sorted()
    // Lines and fields by bytes (a character-level split costs ~100 M instructions on this text); a change
    // record is kept as its bytes, each content's list is built when asked (`changes(from:)`).
    for line in Array(text.utf8).split(separator: 10) {
      let fields = line.split(separator: 9, maxSplits: 3, omittingEmptySubsequences: false)
      func string(_ index: Int) -> String { String(decoding: fields[index], as: UTF8.self) }
      switch fields.first.map(Array.init) ?? [] {
      case Array("content".utf8):
        guard fields.count == 4, listed < count, string(1) == String(listed), string(2) == expected[listed].family.rawValue,
          string(3) == expected[listed].id
        else { return nil }
        listed += 1
      case Array("after".utf8):
        guard fields.count == 4, let index = Int(string(1)), (0..<count).contains(index), targets[index] == index else { return nil }
        after[index, default: [:]][string(2)] = string(3)
      case Array("change".utf8):
        guard fields.count == 3, fields[2].count == count else { return nil }
        let syscall = string(1)
        let codes = Array(fields[2])
        var summaries: [Int: String] = [:]
        for latest in latests { summaries[latest] = after[latest]?[syscall] }
        for (index, code) in codes.enumerated() where code != UInt8(ascii: "-") {
          guard code == UInt8(ascii: "w") || code == UInt8(ascii: "n") || code == UInt8(ascii: "c"),
            targets[index] != index, summaries[targets[index]] != nil
          else { return nil }
        }
        rows.append(Row(syscall: syscall, codes: codes, after: summaries))
      default: return nil
      }
    }
    guard listed == count else { return nil }
    self.rows = rows
    self.targets = targets
  }

  /// The text form of `computed(profiles)`.
  static func render(_ profiles: [UpstreamProfile]) throws(UpstreamMeanings.RenderError) -> String {
    let computed = computed(profiles)
    var lines = profiles.enumerated().map { "content\t\($0.offset)\t\($0.element.family.rawValue)\t\($0.element.id)" }
    var after: [Int: [String: String]] = [:]
    var directions: [String: [UInt8]] = [:]
    for (index, changes) in computed.enumerated() {
      guard let changes, let target = profiles.firstIndex(of: UpstreamCatalog.latest(profiles[index].family)) else { continue }
      for change in changes {
        if let known = after[target]?[change.syscall], known != change.after {
          throw UpstreamMeanings.RenderError(line: "\(change.syscall): two summaries of the latest release's decision")
        }
        after[target, default: [:]][change.syscall] = change.after
        let code: UInt8 =
          switch change.direction {
          case .widened: UInt8(ascii: "w")
          case .narrowed: UInt8(ascii: "n")
          case .changed: UInt8(ascii: "c")
          }
        directions[change.syscall, default: [UInt8](repeating: UInt8(ascii: "-"), count: profiles.count)][index] = code
      }
    }
    for target in after.keys.sorted() {
      for (syscall, summary) in after[target]!.sorted(by: { $0.key < $1.key }) { lines.append("after\t\(target)\t\(syscall)\t\(summary)") }
    }
    for syscall in directions.keys.sorted() {
      lines.append("change\t\(syscall)\t\(String(decoding: directions[syscall]!, as: UTF8.self))")
    }
    for line in lines where line.contains("\n") || line.contains("\r") || line.contains("\"\"\"#") {
      throw UpstreamMeanings.RenderError(line: line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Swift source of `UpstreamChanges+Generated.swift`.
  package static func generatedSource(_ profiles: [UpstreamProfile] = UpstreamProfile.all) throws(UpstreamMeanings.RenderError) -> String {
    let text = try render(profiles)
    return """
      // Generated by `swift run generate-upstream-meanings` from the built-in upstream texts — DO NOT EDIT.
      // Per syscall, what ProfileDiff.symbolic finds between each content and its family's latest; format:
      // UpstreamChanges.swift.

      extension UpstreamChanges {
        package static let generatedText = #\"\"\"
      \(text)\"\"\"#
      }

      """
  }

  /// Path of the generated file, relative to the package root.
  package static let outputPath = "Sources/Lineage/UpstreamChanges+Generated.swift"
}
