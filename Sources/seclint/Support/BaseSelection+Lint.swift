import Lineage
import Linter
import ProfileModel
import Upstream

extension BaseSelection {
  /// Lints `document` against its base: marks inherited findings and, with an upstream base, adds
  /// `outdated-base`. Returns the findings and the base's name (nil when there is none).
  func lint(_ document: ProfileDocument, options: LintOptions, inherited: Inherited) -> (diagnostics: [Diagnostic], base: String?) {
    guard let base = resolve(for: document.profile) else { return (Linter.lint(document, options: options), nil) }
    var options = options
    if let match = base.match {
      let target = UpstreamCatalog.latest(match.upstream.family)
      if let report = try? Drift.report(profile: document, base: match, target: target) {
        options.upstreamDrift = Drift.facts(report)
      }
    }
    var baseOptions = options
    baseOptions.upstreamDrift = nil
    let diagnostics = Linter.lint(document, options: options)
    let marks: [Bool]
    if document.sourceBytes == base.document.sourceBytes, options.upstreamDrift?.lacking.isEmpty ?? true {
      // A byte copy of its base (default.json copied verbatim): the base's findings are these same findings
      // (the linter sees the same bytes; the file name is not part of an inheritance key), so linting the base
      // again would only repeat them.
      marks = Array(repeating: true, count: diagnostics.count)
    } else {
      marks = Inheritance.inherited(
        diagnostics, profile: ProfileMeaning(document.profile), base: Linter.lint(base.document, options: baseOptions),
        baseMeaning: ProfileMeaning(base.document.profile))
    }
    var kept: [Diagnostic] = []
    for (index, isInherited) in marks.enumerated() {
      var diagnostic = diagnostics[index]
      if isInherited {
        diagnostic.inheritedFrom = base.name
        if inherited == .hide { continue }
        if inherited == .note { diagnostic.severity = .note }
      }
      kept.append(diagnostic)
    }
    return (kept, base.name)
  }
}
