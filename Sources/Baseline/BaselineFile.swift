#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Linter
import ProfileModel

/// A baseline: the findings a project has accepted, by file and fingerprint, with how many of each.
///
/// ```json
/// {
///   "findings" : [
///     { "count" : 1, "file" : "seccomp.json", "fingerprint" : "5f0d4b7c1e2a9b38", "name" : "blocklist-conflict",
///       "rule" : "SCL205", "syscalls" : [ "socketcall" ] }
///   ],
///   "kind" : "seclint-baseline",
///   "schemaVersion" : 1
/// }
/// ```
///
/// Entries are sorted by file, then fingerprint; keys are sorted; one entry per (file, fingerprint) with `count`
/// the number of findings that share it (a rule can report the same thing twice). `file` is the profile's path
/// as given to `seclint lint` (or `--stdin-filename`), normalised (`./a/../b.json` → `b.json`); `rule`, `name`
/// and `syscalls` are for the reader — matching uses `file`, `fingerprint` and `count` only.
package struct BaselineFile: Sendable, Hashable {
  package struct Entry: Sendable, Hashable, Codable {
    package var count: Int
    package var file: String
    package var fingerprint: String
    package var name: String?
    package var rule: String?
    package var syscalls: [String]?

    package init(count: Int, file: String, fingerprint: String, name: String? = nil, rule: String? = nil, syscalls: [String]? = nil) {
      self.count = count
      self.file = file
      self.fingerprint = fingerprint
      self.name = name
      self.rule = rule
      self.syscalls = syscalls
    }
  }

  package static let kind = "seclint-baseline"
  package static let schemaVersion = 1

  package var entries: [Entry]

  package init(entries: [Entry]) {
    self.entries = entries.sorted { ($0.file, $0.fingerprint) < ($1.file, $1.fingerprint) }
  }

  /// The baseline of `diagnostics`: every finding, counted per (file, fingerprint).
  package init(recording diagnostics: [Diagnostic]) {
    var byKey: [Key: Entry] = [:]
    for diagnostic in diagnostics {
      let key = Key(file: ProfilePath.normalized(diagnostic.file), fingerprint: diagnostic.fingerprint)
      if byKey[key] != nil {
        byKey[key]?.count += 1
      } else {
        byKey[key] = Entry(
          count: 1, file: key.file, fingerprint: key.fingerprint, name: diagnostic.ruleName, rule: diagnostic.ruleID,
          syscalls: Array(Set(diagnostic.syscalls)).sorted())
      }
    }
    self.init(entries: Array(byKey.values))
  }

  struct Key: Hashable {
    var file: String
    var fingerprint: String
  }

  /// The number of findings recorded.
  package var findingCount: Int { entries.reduce(0) { $0 + $1.count } }

  /// Canonical JSON: sorted keys, two-space pretty printing as every seclint JSON, a trailing newline.
  package func rendered() -> String {
    struct Document: Encodable {
      var findings: [Entry]
      var kind: String
      var schemaVersion: Int
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let document = Document(findings: entries, kind: Self.kind, schemaVersion: Self.schemaVersion)
    guard let data = try? encoder.encode(document) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
