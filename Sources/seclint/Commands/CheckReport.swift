import Evidence
import Policy
import ProfileModel
import Reporting
import SyscallTables

/// `check`'s result in text, JSON (schemaVersion 1, sorted keys) and GitHub workflow commands.
struct CheckReport {
  let analysis: CheckAnalysis
  let calls: [CheckedCall]
  let sources: [EvidenceSource]
  let malformed: [MalformedLine]
  let unknownNames: [(name: String, count: Int, file: String, line: Int)]
  let runtime: [(requirement: RuntimeRequirement, decision: String)]

  init(analysis: CheckAnalysis, collector: EvidenceCollector) {
    self.analysis = analysis
    let order: [CheckedCall.Verdict: Int] = [.blocked: 0, .depends: 1, .unknown: 2, .allowed: 3]
    calls = collector.calls.map { analysis.check($0.key, $0.value) }.sorted { a, b in
      (order[a.verdict]!, a.key.architecture.token, a.name, a.callText) < (order[b.verdict]!, b.key.architecture.token, b.name, b.callText)
    }
    sources = collector.sources
    malformed = collector.malformed
    unknownNames = collector.unknownNames.map { ($0.key, $0.value.count, $0.value.file, $0.value.line) }.sorted { $0.name < $1.name }
    runtime = analysis.blockedRuntimeCalls()
  }

  var blockedCount: Int { calls.filter { $0.verdict == .blocked }.count }
  private func count(_ verdict: CheckedCall.Verdict) -> Int { calls.filter { $0.verdict == verdict }.count }
  private var profile: String { analysis.document.file }

  var summary: String {
    let lines = sources.map(\.lines).reduce(0, +)
    let bad = sources.map(\.malformed).reduce(0, +)
    var parts = [
      "\(calls.count) distinct call\(calls.count == 1 ? "" : "s")", "\(count(.blocked)) blocked", "\(count(.allowed)) allowed",
    ]
    if count(.depends) > 0 { parts.append("\(count(.depends)) depending on arguments the evidence does not show") }
    if count(.unknown) + unknownNames.count > 0 { parts.append("\(count(.unknown) + unknownNames.count) unknown") }
    parts.append("\(bad) malformed line\(bad == 1 ? "" : "s") of \(lines)")
    if !runtime.isEmpty { parts.append("\(runtime.count) runc call\(runtime.count == 1 ? "" : "s") blocked") }
    return parts.joined(separator: ", ")
  }

  // MARK: Text

  var text: String {
    let policy = analysis.policy
    var out = "\(profile): \(TargetOptions.describe(policy.target, policy))\n"
    for source in sources {
      out += "evidence: \(source.file) (\(source.format.rawValue), \(source.lines) lines"
      if source.malformed > 0 { out += ", \(source.malformed) malformed" }
      out += ")\n"
    }
    for line in malformed {
      out += "  malformed: \(line.file):\(line.line): \(line.reason): \(line.excerpt)\n"
    }
    if !runtime.isEmpty {
      out += "\nrunc's own calls after it installs the filter that this profile blocks (no container starts):\n"
      for (requirement, decision) in runtime {
        let when = requirement.phase == .always ? "" : " (unless the container runs with no-new-privileges)"
        out += "  \(requirement.syscall): \(decision)\(when) — \(requirement.site)\n"
      }
    }
    for call in calls where call.verdict != .allowed {
      out += "\n\(call.verdict.rawValue.uppercased()) \(call.callText) on \(call.key.architecture.token)"
      if let number = call.key.number { out += " (\(number))" }
      out += " ×\(call.statistics.count), first at \(call.statistics.file):\(call.statistics.line)\n"
      out += "  decision: \(call.decision)"
      if let location = call.location {
        let what = call.origin == "default" ? "default action" : call.origin == "bad-arch" ? "architectures" : "rule \(location.pointer)"
        out += " — \(what) at \(profile):\(location.position)"
      } else if call.origin == "enosys-stub" {
        out += " — runc's ENOSYS stub"
      }
      out += "\n"
      if let reason = call.reason { out += "  reason: \(reason.sourceName): \(reason.text)\n" }
      if let fix = call.fix { out += "  fix: \(fix)\n" }
      if !call.statistics.recorded.isEmpty {
        out += "  recorded: \(call.statistics.recorded.sorted().map(\.rawValue).joined(separator: ", "))"
        if !call.statistics.commands.isEmpty { out += " (comm \(call.statistics.commands.joined(separator: ", ")))" }
        out += "\n"
      }
      if !call.statistics.errors.isEmpty {
        out += "  returned: " + call.statistics.errors.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + "\n"
      }
      for note in call.notes { out += "  note: \(note)\n" }
    }
    for unknown in unknownNames {
      out += "\nUNKNOWN \(unknown.name) ×\(unknown.count), first at \(unknown.file):\(unknown.line): libseccomp knows no such syscall"
      if let hint = Spelling.closest(to: unknown.name, in: SyscallData.names) { out += " (did you mean '\(hint)'?)" }
      out += "\n"
    }
    let allowed = calls.filter { $0.verdict == .allowed }
    if !allowed.isEmpty {
      out += "\nallowed:\n"
      for (arch, names) in OrderedGroups(allowed, by: \.key.architecture.token, item: \.callText) {
        out += "  \(arch): \(names.joined(separator: " "))\n"
      }
      for call in allowed where !call.notes.isEmpty || !call.statistics.recorded.isEmpty {
        for note in call.notes where !note.hasPrefix("runc itself") { out += "  note (\(call.callText)): \(note)\n" }
      }
    }
    return out + "\nsummary: \(summary)\n"
  }

  // MARK: GitHub

  var github: String {
    var out = ""
    for (requirement, decision) in runtime {
      let location = analysis.document.location(of: "/defaultAction").position
      out += command(
        "error", line: location.line, column: location.column, title: "seclint check: runc needs \(requirement.syscall)",
        message: "\(requirement.syscall) is \(decision) but runc calls it after installing the filter (\(requirement.site))"
          + (requirement.phase == .always ? "" : " unless the container runs with no-new-privileges") + ": no container starts")
    }
    for call in calls where call.verdict == .blocked || call.verdict == .depends {
      let position = call.location?.position ?? .start
      var message = "\(call.callText) on \(call.key.architecture.token): \(call.decision)"
      if let reason = call.reason { message += " (\(reason.sourceName): \(reason.text))" }
      message += "; seen \(call.statistics.count)× from \(call.statistics.file):\(call.statistics.line)"
      if let fix = call.fix { message += "\nfix: \(fix)" }
      for note in call.notes { message += "\nnote: \(note)" }
      out += command(
        call.verdict == .blocked ? "error" : "warning", line: position.line, column: position.column,
        title: "seclint check: \(call.name) \(call.verdict.rawValue)", message: message)
    }
    for line in malformed {
      out += "::notice title=\(GitHubReporter.escapeProperty("seclint check: malformed evidence"))::\(GitHubReporter.escapeData("\(line.file):\(line.line): \(line.reason)"))\n"
    }
    return out + "::notice title=\(GitHubReporter.escapeProperty("seclint check"))::\(GitHubReporter.escapeData(summary))\n"
  }

  private func command(_ level: String, line: Int, column: Int, title: String, message: String) -> String {
    let properties = [
      "file=\(GitHubReporter.escapeProperty(profile))", "line=\(line)", "col=\(column)", "title=\(GitHubReporter.escapeProperty(title))",
    ].joined(separator: ",")
    return "::\(level) \(properties)::\(GitHubReporter.escapeData(message))\n"
  }

  // MARK: JSON

  struct JSONReport: Encodable {
    struct Source: Encodable {
      var file: String
      var format: String
      var lines: Int
      var malformed: Int
      var skipped: Int
    }
    struct Malformed: Encodable {
      var file: String
      var line: Int
      var reason: String
      var text: String
    }
    struct Argument: Encodable {
      var index: Int
      var value: UInt64?
      var text: String?
    }
    struct Call: Encodable {
      var arch: String
      var syscall: String?
      var number: Int?
      var args: [Argument]
      var count: Int
      var file: String
      var line: Int
      var verdict: String
      var decision: String
      var action: String?
      var errno: Int?
      var origin: String
      var rule: String?
      var location: String?
      var reason: String?
      var reasonSource: String?
      var fix: String?
      var recorded: [String]
      var returned: [String: Int]
      var notes: [String]
    }
    struct Runtime: Encodable {
      var syscall: String
      var decision: String
      var phase: String
      var site: String
    }
    struct Unknown: Encodable {
      var syscall: String
      var count: Int
      var file: String
      var line: Int
    }
    struct Summary: Encodable {
      var calls: Int
      var blocked: Int
      var allowed: Int
      var depends: Int
      var unknown: Int
      var malformed: Int
      var lines: Int
      var runtimeBlocked: Int
    }
    var schemaVersion = 1
    var profile: String
    var target: BlockedReport.JSONReport.TargetJSON
    var runtime: String
    var evidence: [Source]
    var malformed: [Malformed]
    var calls: [Call]
    var unknown: [Unknown]
    var runtimeBlocked: [Runtime]
    var summary: Summary
  }

  var json: JSONReport {
    let policy = analysis.policy
    let target = policy.target
    return JSONReport(
      profile: profile,
      target: .init(
        arch: target.architecture.token, abis: policy.abis.map(\.architecture.token), caps: target.capabilities.sorted(),
        kernel: target.kernel.description, runtime: target.runtime.rawValue, libseccomp: target.libseccomp.version),
      runtime: analysis.runc.rawValue,
      evidence: sources.map { .init(file: $0.file, format: $0.format.rawValue, lines: $0.lines, malformed: $0.malformed, skipped: $0.skipped) },
      malformed: malformed.map { .init(file: $0.file, line: $0.line, reason: $0.reason, text: $0.excerpt) },
      calls: calls.map { call in
        JSONReport.Call(
          arch: call.key.architecture.token, syscall: call.key.name, number: call.key.number,
          args: call.key.arguments.map { .init(index: $0.index, value: $0.value, text: $0.text) }, count: call.statistics.count,
          file: call.statistics.file, line: call.statistics.line, verdict: call.verdict.rawValue, decision: call.decision,
          action: call.action?.token, errno: call.action?.errno, origin: call.origin, rule: call.rule?.description,
          location: call.location.map { "\(profile):\($0.position)" }, reason: call.reason?.text, reasonSource: call.reason?.sourceName,
          fix: call.fix, recorded: call.statistics.recorded.sorted().map(\.rawValue), returned: call.statistics.errors, notes: call.notes)
      },
      unknown: unknownNames.map { .init(syscall: $0.name, count: $0.count, file: $0.file, line: $0.line) },
      runtimeBlocked: runtime.map { .init(syscall: $0.requirement.syscall, decision: $0.decision, phase: $0.requirement.phase.rawValue, site: $0.requirement.site) },
      summary: .init(
        calls: calls.count, blocked: count(.blocked), allowed: count(.allowed), depends: count(.depends),
        unknown: count(.unknown) + unknownNames.count, malformed: sources.map(\.malformed).reduce(0, +),
        lines: sources.map(\.lines).reduce(0, +), runtimeBlocked: runtime.count))
  }
}
