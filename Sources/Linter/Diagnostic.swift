import Fixer
import ProfileModel

/// How serious a finding is (SARIF levels; GitHub maps note to "notice").
package enum Severity: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
  case note, warning, error

  private var rank: Int {
    switch self {
    case .note: 0
    case .warning: 1
    case .error: 2
    }
  }

  package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// One finding, located by JSON pointer (its identity) and line:column (for presentation).
package struct Diagnostic: Sendable, Hashable, Comparable {
  package var ruleID: String
  package var ruleName: String
  package var severity: Severity
  /// One line, lower-case start, no trailing period.
  package var message: String
  package var file: String
  /// The pointer as the file spells it.
  package var pointer: JSONPointer
  package var position: SourcePosition
  /// The syscalls concerned, if any.
  package var syscalls: [String] = []
  /// The architectures concerned (OCI tokens), if the finding is arch-specific.
  package var arches: [String] = []
  /// The capability/kernel/argument condition under which the finding holds, if any.
  package var condition: String?
  /// How to fix it, if there is a clear fix.
  package var fix: String?
  /// The edits that carry out `fix`, when seclint can make them exactly (`lint --fix`; safe or unsafe).
  package var autofix: Fix?
  /// Identity across reordering and reformatting (`Fingerprint`): baselines and SARIF `partialFingerprints`.
  package var fingerprint = ""
  /// With `--base`: the upstream default the finding came with (`moby 25.0.3`); nil when the profile
  /// introduced it (or no base is known).
  package var inheritedFrom: String?
  /// What the finding says the filter does, for the evaluator to check (not part of the output formats).
  package var claims: [Claim] = []

  /// Sorted by file, position, rule, message: deterministic output.
  package static func < (a: Self, b: Self) -> Bool {
    if a.file != b.file { return a.file < b.file }
    if a.position.offset != b.position.offset { return a.position.offset < b.position.offset }
    if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
    return a.message < b.message
  }
}

extension Array where Element == Diagnostic {
  /// `sorted()`, but moving each diagnostic once: sorting the structs themselves copies their ten
  /// reference-counted fields on every insertion-sort step.
  package func inReportOrder() -> [Diagnostic] {
    let order = indices.sorted { self[$0] < self[$1] }
    return order.map { self[$0] }
  }
}

extension Diagnostic {
  /// The file part of a report name: `profiles.yaml#2/web` → `profiles.yaml` (annotations need a real path).
  package static func path(of name: String) -> String {
    guard let hash = name.lastIndex(of: "#"), name[name.index(after: hash)...].first?.isNumber == true else { return name }
    return String(name[..<hash])
  }

  /// The profile part of a report name (`#2/web`), or nil for a file with one profile.
  package static func profile(of name: String) -> String? {
    let path = path(of: name)
    return path == name ? nil : String(name.dropFirst(path.count))
  }
}
