import Linter

/// `seclint lint --statistics`: how many findings each rule reported (like `ruff check --statistics`), most
/// first, then by code.
package struct LintStatistics: Sendable {
  package struct Row: Sendable, Encodable, Equatable {
    package var rule: String
    package var name: String
    package var count: Int
    package var errors: Int
    package var warnings: Int
    package var notes: Int
  }

  package var rows: [Row]

  package init(_ diagnostics: [Diagnostic]) {
    var byRule: [String: Row] = [:]
    for diagnostic in diagnostics {
      var row = byRule[diagnostic.ruleID] ?? Row(rule: diagnostic.ruleID, name: diagnostic.ruleName, count: 0, errors: 0, warnings: 0, notes: 0)
      row.count += 1
      switch diagnostic.severity {
      case .error: row.errors += 1
      case .warning: row.warnings += 1
      case .note: row.notes += 1
      }
      byRule[diagnostic.ruleID] = row
    }
    rows = byRule.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule < $1.rule }
  }

  /// One line per rule: count, code, name and severity (`2 error, 1 warning` when the rule's findings differ).
  package func text() -> String {
    let width = String(rows.first?.count ?? 0).count
    let nameWidth = rows.map(\.name.count).max() ?? 0
    return rows.map { row in
      let count = String(row.count)
      let severities = [(row.errors, "error"), (row.warnings, "warning"), (row.notes, "note")].filter { $0.0 > 0 }
      let severity =
        severities.count == 1 ? severities[0].1 : severities.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
      return String(repeating: " ", count: width - count.count) + count + "  " + row.rule + "  " + row.name
        + String(repeating: " ", count: nameWidth - row.name.count) + "  " + severity + "\n"
    }.joined()
  }

  /// `{"schemaVersion": 1, "statistics": [{rule, name, count, errors, warnings, notes}], "total": N}`.
  package func json() -> String {
    struct Document: Encodable {
      var schemaVersion = 1
      var statistics: [Row]
      var total: Int
    }
    return CanonicalJSON.render(Document(statistics: rows, total: rows.reduce(0) { $0 + $1.count }))
  }
}
