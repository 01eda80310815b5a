import Policy
import ProfileModel

/// Options the CLI and config decide; rules never see them.
package struct LintOptions: Sendable {
  package var blocklists: [Blocklist]
  /// Severity per rule id; nil disables the rule.
  package var severities: [String: Severity?] = [:]
  package var ignores: [LintConfiguration.Ignore] = []
  /// `--docker-version`: the Docker whose field support `docker-version-compat` checks (nil: not checked).
  package var dockerVersion: DockerVersion?
  /// `--libseccomp-version`: the libseccomp whose names `unsupported-by-libseccomp` checks (nil: not checked).
  package var libseccomp: LibseccompRelease?
  /// `--runtime`: whose calls after the filter `runtime-required` checks (current runc by default).
  package var runc: RuncBehaviour = .current
  /// `--base`: what upstream changed since the profile's base (`outdated-base`; nil: not checked).
  package var upstreamDrift: UpstreamDrift?
  /// The process exits after linting this one document: its evaluation is left to the kernel, not freed
  /// (`ProcessLifetime`). Only the CLI sets it, for a run with one input.
  package var keepUntilExit = false

  package init(
    blocklists: [Blocklist], severities: [String: Severity?] = [:], ignores: [LintConfiguration.Ignore] = [],
    dockerVersion: DockerVersion? = nil, libseccomp: LibseccompRelease? = nil
  ) {
    self.blocklists = blocklists
    self.severities = severities
    self.ignores = ignores
    self.dockerVersion = dockerVersion
    self.libseccomp = libseccomp
  }
}

/// Runs every enabled rule on a document, then applies severities and suppressions and sorts the result.
package enum Linter {
  package static func lint(_ document: ProfileDocument, options: LintOptions) -> [Diagnostic] {
    var undeclared = 0
    return lint(document, options: options, undeclaredHostStages: &undeclared)
  }

  /// The same, counting the targets whose stages a rule built outside its declared `hostQuestions` (tests keep
  /// it at zero: each such target's stages stay alive for the rest of the run).
  package static func lint(
    _ document: ProfileDocument, options: LintOptions, undeclaredHostStages: inout Int
  ) -> [Diagnostic] {
    var context = LintContext(document: document, blocklists: options.blocklists)
    // Set only when given (nil by default): copying the optionals whole went through their run-time type metadata.
    if let version = options.dockerVersion { context.dockerVersion = version }
    if let release = options.libseccomp { context.libseccomp = release }
    context.runc = options.runc
    if let drift = options.upstreamDrift { context.upstreamDrift = drift }
    let enabled = RuleRegistry.all.filter { rule in
      if case .some(.none) = options.severities[rule.descriptor.id] { return false }
      return rule != UnusedSuppression.self
    }
    context.answer(enabled.flatMap { $0.hostQuestions(context) })
    for rule in enabled {
      context.rule = rule.descriptor
      rule.init().check(&context)
    }
    // Severities set in place, and the filter only when something can suppress: copying every diagnostic (ten
    // reference-counted fields) twice cost more than both.
    var diagnostics = context.diagnostics
    if !options.severities.isEmpty {
      for index in diagnostics.indices {
        if case .some(.some(let severity)) = options.severities[diagnostics[index].ruleID] { diagnostics[index].severity = severity }
      }
    }
    var suppressions = Suppression.fromComments(document) + options.ignores.map(Suppression.init)
    if !suppressions.isEmpty {
      diagnostics = diagnostics.filter { diagnostic in
        guard let index = suppressions.firstIndex(where: { $0.matches(diagnostic) }) else { return true }
        suppressions[index].used = true
        return false
      }
    }
    if options.severities[UnusedSuppression.descriptor.id] != .some(nil) {
      context.rule = UnusedSuppression.descriptor
      for suppression in suppressions where !suppression.used || suppression.problem != nil {
        let origin = suppression.commentPointer == nil ? "\(LintConfiguration.fileName) ignore of \(suppression.described)" : "seclint:ignore \(suppression.rule)"
        let message = suppression.problem ?? "\(origin) matches no finding"
        context.report(message, location: suppression.location(in: document))
      }
      diagnostics += context.diagnostics.filter { $0.ruleID == UnusedSuppression.descriptor.id }.map { diagnostic in
        var diagnostic = diagnostic
        if case .some(.some(let severity)) = options.severities[diagnostic.ruleID] { diagnostic.severity = severity }
        return diagnostic
      }
    }
    undeclaredHostStages = context.undeclaredStages
    // The context's last use: from here on it is either kept for the process's exit or released before the
    // fingerprints and the sort allocate (so a large profile's peak memory holds one or the other, not both).
    if options.keepUntilExit, document.sourceBytes.count <= ProcessLifetime.inputLimit { ProcessLifetime.keepUntilExit(context) }
    Fingerprint.assign(&diagnostics, in: document)
    return diagnostics.inReportOrder()
  }
}

/// A `seclint:ignore` comment on a profile rule, or an `ignore` entry of the configuration.
struct Suppression {
  var rule: String
  /// Canonical pointer prefix the suppression covers.
  var scope: JSONPointer
  /// Config entries only: the syscalls a finding must concern (any of them), if the entry names some.
  var syscalls: Set<String>?
  var reason: String
  /// Where the suppression itself is written (the comment), for reporting it; nil for config entries.
  var commentPointer: JSONPointer?
  var used = false
  var problem: String?
  /// How an unused config entry is named in the report.
  var described: String

  init(_ ignore: LintConfiguration.Ignore) {
    rule = ignore.rule
    scope = JSONPointer(parsing: ignore.pointer ?? "")
    syscalls = ignore.syscalls.map(Set.init)
    reason = ignore.reason
    described = ignore.scopeDescription
    if RuleRegistry.descriptor(ignore.rule) == nil { problem = "config ignore names unknown rule '\(ignore.rule)'" }
  }

  init(rule: String, scope: JSONPointer, reason: String, commentPointer: JSONPointer) {
    self.rule = rule
    self.scope = scope
    self.reason = reason
    self.commentPointer = commentPointer
    described = "\(rule) at \(scope)"
    if RuleRegistry.descriptor(rule) == nil {
      problem = "seclint:ignore names unknown rule '\(rule)'"
    } else if reason.isEmpty {
      problem = "seclint:ignore \(rule) needs a reason: \"seclint:ignore \(rule) <why>\""
    }
  }

  /// `"comment": "… seclint:ignore <rule> <reason>"` on `syscalls[i]` covers that rule's findings.
  static func fromComments(_ document: ProfileDocument) -> [Suppression] {
    (document.profile.syscalls ?? []).enumerated().compactMap { index, rule in
      guard let comment = rule.comment, let end = Self.end(of: "seclint:ignore", in: comment) else { return nil }
      let words = comment[end...].split(separator: " ", maxSplits: 1)
      let scope = JSONPointer(["syscalls", String(index)])
      return Suppression(
        rule: words.first.map(String.init) ?? "", scope: scope,
        reason: words.count > 1 ? String(words[1].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) : "",
        commentPointer: scope.appending("comment"))
    }
  }

  /// Where the first `marker` in `text` ends (a byte search: most comments have no marker, and the
  /// regex-backed `firstRange(of:)` costs more than the rest of the rule).
  static func end(of marker: String, in text: String) -> String.Index? {
    let needle = Array(marker.utf8)
    let haystack = text.utf8
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var index = haystack.startIndex
    while let start = haystack[index...].firstIndex(of: first) {
      var end = start
      var matched = true
      for byte in needle {
        guard end != haystack.endIndex, haystack[end] == byte else {
          matched = false
          break
        }
        end = haystack.index(after: end)
      }
      if matched { return end }
      index = haystack.index(after: start)
    }
    return nil
  }

  func matches(_ diagnostic: Diagnostic) -> Bool {
    guard problem == nil, let descriptor = RuleRegistry.descriptor(rule),
      descriptor.id == diagnostic.ruleID, descriptor.id != UnusedSuppression.descriptor.id
    else { return false }
    if let syscalls, !diagnostic.syscalls.contains(where: syscalls.contains) { return false }
    let tokens = diagnostic.pointer.tokens
    guard tokens.count >= scope.tokens.count else { return false }
    return zip(scope.tokens, tokens).allSatisfy { GoKeyMatching.binds($1, to: $0) }
  }

  func location(in document: ProfileDocument) -> SourceLocation {
    document.location(of: commentPointer ?? scope)
  }
}

