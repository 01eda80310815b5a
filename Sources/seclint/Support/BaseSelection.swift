import Lineage
import Linter
import ProfileModel
import Upstream

/// `--base`: which upstream default a profile is judged against, so findings it merely inherited are told apart
/// from the ones it introduced, and what upstream changed since is checked (`outdated-base`).
enum BaseSelection: Sendable {
  case none
  case auto
  case upstream(UpstreamProfile)
  /// Another profile file: findings it has too are inherited (no upstream history, so no `outdated-base`).
  case file(String)

  static let help = "Judge against the upstream default the profile copies: none, auto (recognised by meaning), a release such as moby@25.0.3, or a profile file."

  static func parse(_ text: String?, resolvePath: (String) -> String) throws(UsageError) -> BaseSelection {
    switch text ?? "none" {
    case "none": return .none
    case "auto": return .auto
    case let value where UpstreamCatalog.looksLikeReference(value): return .upstream(try DriftCommand.upstream(value))
    case let path: return .file(resolvePath(path))
    }
  }

  /// How `--inherited` shows findings the base has too; none of them fails the run.
  enum Inherited: String, Sendable, CaseIterable {
    case show, note, hide
  }

  /// Lints `document` against the base: marks inherited findings and, with an upstream base, adds `outdated-base`.
  /// Returns the findings and the base's name (nil when there is none).
  func lint(_ document: ProfileDocument, options: LintOptions, inherited: Inherited) -> (diagnostics: [Diagnostic], base: String?) {
    var options = options
    let baseDocument: ProfileDocument
    let baseName: String
    switch self {
    case .none:
      return (Linter.lint(document, options: options), nil)
    case .file(let path):
      guard let loaded = try? ProfileLoader.load(path: path) else { return (Linter.lint(document, options: options), nil) }
      (baseDocument, baseName) = (loaded, path)
    case .auto, .upstream:
      let match: BaseMatch
      if case .upstream(let upstream) = self {
        match = BaseRecognition.match(document.profile, to: upstream)
      } else {
        guard let found = BaseRecognition.recognize(document.profile) else { return (Linter.lint(document, options: options), nil) }
        match = found
      }
      guard let loaded = try? match.upstream.document() else { return (Linter.lint(document, options: options), nil) }
      let target = UpstreamCatalog.latest(match.upstream.family)
      if let report = try? Drift.report(profile: document, base: match, target: target) {
        options.upstreamDrift = Drift.facts(report)
      }
      (baseDocument, baseName) = (loaded, match.releaseRange)
    }
    var baseOptions = options
    baseOptions.upstreamDrift = nil
    var diagnostics = Linter.lint(document, options: options)
    let marks = Inheritance.inherited(
      diagnostics, profile: ProfileMeaning(document.profile), base: Linter.lint(baseDocument, options: baseOptions),
      baseMeaning: ProfileMeaning(baseDocument.profile))
    var kept: [Diagnostic] = []
    for (index, isInherited) in marks.enumerated() {
      var diagnostic = diagnostics[index]
      if isInherited {
        diagnostic.inheritedFrom = baseName
        if inherited == .hide { continue }
        if inherited == .note { diagnostic.severity = .note }
      }
      kept.append(diagnostic)
    }
    diagnostics = kept
    return (diagnostics, baseName)
  }
}
