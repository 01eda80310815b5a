import Lineage
import Linter
import ProfileModel
import Upstream

extension BaseSelection {
  /// Lints `document` against its base: marks inherited findings and, with an upstream base, adds
  /// `outdated-base`. Returns the findings and the base's name (nil when there is none).
  func lint(_ document: ProfileDocument, options: LintOptions, inherited: Inherited) -> (diagnostics: [Diagnostic], base: String?) {
    // The base's name, match and bytes; an upstream base's text is parsed only if its findings are needed.
    let match: BaseMatch?
    let name: String
    let isByteCopy: Bool
    var baseDocument: ProfileDocument?
    switch self {
    case .none: return (Linter.lint(document, options: options), nil)
    case .file(let file): (match, name, isByteCopy, baseDocument) = (nil, file.file, document.sourceBytes == file.sourceBytes, file)
    case .auto, .upstream:
      guard let found = upstreamMatch(for: document) else { return (Linter.lint(document, options: options), nil) }
      (match, name, isByteCopy, baseDocument) = (found, found.releaseRange, found.upstream.hasText(document.sourceBytes), nil)
    }
    var baseOptions = options
    var options = options
    if let match {
      let target = UpstreamCatalog.latest(match.upstream.family)
      if let facts = Drift.facts(profile: document, base: match, target: target) {
        options.upstreamDrift = facts
      } else if let report = try? Drift.report(profile: document, base: match, target: target) {
        options.upstreamDrift = Drift.facts(report)
      }
    }
    baseOptions.upstreamDrift = nil
    let diagnostics = Linter.lint(document, options: options)
    let marks: [Bool]
    if isByteCopy, options.upstreamDrift?.lacking.isEmpty ?? true {
      // A byte copy of its base (default.json copied verbatim): the base's findings are these same findings
      // (the linter sees the same bytes; the file name is not part of an inheritance key), so the base is
      // neither parsed nor linted.
      marks = Array(repeating: true, count: diagnostics.count)
    } else {
      if baseDocument == nil { baseDocument = try? match?.upstream.document() }
      // The built-in texts load (UpstreamSyncTests); were one not to, the profile has no base, as before.
      guard let baseDocument else { return (Linter.lint(document, options: baseOptions), nil) }
      let profileMeaning = match?.profileMeaning ?? ProfileMeaning(document.profile)
      let baseFindings = Linter.lint(baseDocument, options: baseOptions)
      if let match, let index = UpstreamProfile.all.firstIndex(of: match.upstream) {
        // An upstream base's rules come from the meaning table, for the syscalls its findings name only.
        let table = UpstreamMeanings.shared
        marks = Inheritance.inherited(diagnostics, profile: profileMeaning, base: baseFindings) { table.rules(of: $0, in: index) }
      } else {
        marks = Inheritance.inherited(
          diagnostics, profile: profileMeaning, base: baseFindings, baseMeaning: ProfileMeaning(baseDocument.profile))
      }
    }
    var kept: [Diagnostic] = []
    for (index, isInherited) in marks.enumerated() {
      var diagnostic = diagnostics[index]
      if isInherited {
        diagnostic.inheritedFrom = name
        if inherited == .hide { continue }
        if inherited == .note { diagnostic.severity = .note }
      }
      kept.append(diagnostic)
    }
    return (kept, name)
  }
}
