#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Differ
import Lineage
import ProfileModel
import Upstream

/// `seclint drift`: what upstream changed since the release a profile was copied from, and what the copy lacks.
struct DriftCommand {
  static let spec = CommandSpec(
    name: "drift", abstract: "Show what upstream changed since the default a profile was copied from.",
    arguments: [.init(name: "profile", help: "The profile ('-' for standard input).")],
    options: [
      .init(
        names: ["--base"], valueName: "base",
        help: "The upstream default the profile was copied from: auto (recognised by meaning) or a release such as moby@20.10.0.",
        defaultValue: "auto"),
      .init(
        names: ["--upstream"], valueName: "release",
        help: "The newer upstream release to compare with (moby@latest, containers-common@2026-03-03, …).",
        defaultValue: "the base's family @latest"),
      .init(names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json"], defaultValue: "text"),
      CommandSpec.outputOption,
    ],
    discussion: """
      Nearly every custom profile is a copy of moby's default.json or containers-common's seccomp.json with a few
      edits. seclint knows both at every release that changed them (`seclint upstream` lists them), recognises
      the release a profile was copied from by what it decides (not by its bytes), and reports three things: each
      syscall upstream changed between that release and --upstream (widened, narrowed or changed, with the
      release that made the change), whether the profile lacks the change, already has it, or edited the syscall
      itself (merge by hand), and the profile's own edits against its base.

      Exit status: 0 when the profile has every upstream change, 1 when it lacks some, 2 when no base is
      recognised (pass --base) or on usage errors.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard let path = arguments.positionals.first, arguments.positionals.count == 1 else {
      throw UsageError(message: "Expected exactly one profile.")
    }
    let selection = try BaseSelection.parse(arguments.value("--base") ?? "auto", accepts: .upstreamOnly, resolvePath: cli.resolvePath)
    let named = try arguments.value("--upstream").map(BaseSelection.upstream)
    guard let document = cli.loadProfile(path) else { return .failure }
    guard let base = selection.require(for: document, cli: cli)?.match else { return .failure }
    let target = named ?? UpstreamCatalog.latest(base.upstream.family)
    let report: DriftReport
    do {
      report = try Drift.report(profile: document, base: base, target: target)
    } catch {
      cli.fail(error.description)
      return .failure
    }
    let text: TerminalText = arguments.value("--format") == "json" ? .json(JSONOutput.render(DriftJSON(report))) : .plain(DriftText.render(report))
    guard cli.deliver(text, arguments) else { return .failure }
    return report.isBehind ? .findings : .success
  }
}

/// The text form of a drift report.
enum DriftText {
  static func render(_ report: DriftReport) -> String {
    // The file name is made visible whole (a line feed in it cannot start a line of its own).
    var out = "\(SafeText.visible(report.file)): \(report.base.summary)\n"
    let target = report.target.displayName
    if report.base.upstream == report.target || report.base.equivalents.contains(report.target) {
      out += "its base is \(target): nothing upstream changed since.\n"
    } else {
      out += "\(target) changed \(report.changes.count) syscall\(report.changes.count == 1 ? "" : "s") since \(report.base.releaseRange)"
      out += "; this profile lacks \(report.lacking.count), has \(report.changes.count { $0.status == .has }), "
      out += "edited \(report.overlapping.count) itself:\n"
      let width = report.changes.map(\.syscall.count).max() ?? 0
      for change in report.changes {
        let name = change.syscall.padded(width)
        out += "  \(change.direction.rawValue.padded(8)) \(name)  "
        out += "\(change.before) → \(change.after)  [\(change.release)]  \(Self.status(change.status))\n"
      }
      for change in report.topChanges {
        out += "  \(change.direction.rawValue.padded(8)) \(change.field): \(change.old) → \(change.new)\n"
      }
    }
    let edits = report.ownEdits
    out += "own edits against \(report.base.upstream.displayName): \(edits.summary)\n"
    for (label, names) in [("added", edits.added), ("removed", edits.removed), ("changed", edits.changed)] where !names.isEmpty {
      out += "  \(label): \(names.joined(separator: ", "))\n"
    }
    if !edits.top.isEmpty { out += "  settings: \(edits.top.joined(separator: ", "))\n" }
    return out
  }

  static func status(_ status: DriftReport.Status) -> String {
    switch status {
    case .lacks: "lacks it"
    case .has: "has it"
    case .edited: "edited here too: merge by hand"
    }
  }
}

/// The JSON form of a drift report (stable keys).
struct DriftJSON: Encodable {
  struct Change: Encodable {
    var syscall, direction, release, before, after, status: String
  }
  struct Top: Encodable {
    var field, direction, old, new: String
  }
  struct Base: Encodable {
    var reference, releases, summary: String
    var similarity: Double
    var added, removed, changed, settings: [String]
  }
  var schemaVersion = 1
  var profile: String
  var base: Base
  var upstream: String
  var changes: [Change]
  var topChanges: [Top]

  init(_ report: DriftReport) {
    profile = report.file
    let edits = report.ownEdits
    base = Base(
      reference: report.base.upstream.reference, releases: report.base.releaseRange, summary: report.base.summary,
      similarity: (report.base.similarity * 1000).rounded() / 1000, added: edits.added, removed: edits.removed,
      changed: edits.changed, settings: edits.top)
    upstream = report.target.reference
    changes = report.changes.map {
      Change(syscall: $0.syscall, direction: $0.direction.rawValue, release: $0.release, before: $0.before, after: $0.after, status: $0.status.rawValue)
    }
    topChanges = report.topChanges.map { Top(field: $0.field, direction: $0.direction.rawValue, old: $0.old, new: $0.new) }
  }
}

extension String {
  /// Padded with spaces to `width` characters (never cut).
  fileprivate func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
