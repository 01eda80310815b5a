#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Formatter
import Lineage
import ProfileModel
import Upstream

/// `seclint rebase`: a fork's own edits replayed onto a newer upstream default.
struct RebaseCommand {
  static let spec = CommandSpec(
    name: "rebase", abstract: "Replay a profile's own edits onto a newer upstream default.",
    arguments: [.init(name: "profile", help: "The profile, a copy of an upstream default ('-' for standard input).")],
    options: [
      .init(
        names: ["--onto"], valueName: "release", help: "The upstream release to rebase onto (moby@latest, containers-common@latest, …).",
        defaultValue: "the base's family @latest"),
      .init(
        names: ["--base"], valueName: "base",
        help: "The upstream default the profile copies: auto (recognised by meaning) or a release such as moby@20.10.0.",
        defaultValue: "auto"),
      CommandSpec.outputOption,
    ],
    discussion: """
      Finds what the profile changed against its base (syscalls added, removed or decided differently; default
      action, architectures, flags) and applies exactly those changes to the newer release: for each edited
      syscall the profile's rules replace upstream's. An edit upstream also made differently is not replayed:
      upstream's rules stay and the conflict is listed on standard error (merge it by hand). Edits upstream later
      made the same way need nothing. The symbolic `seclint diff` from the new release to the result equals the
      one from the base to the profile, except for the conflicts.

      The result is written to standard output or --output (it never overwrites the input). Exit status: 0 when
      every edit was replayed, 1 when some conflict, 2 when no base is recognised or on errors.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard let path = arguments.positionals.first, arguments.positionals.count == 1 else {
      throw UsageError(message: "Expected exactly one profile.")
    }
    let selection = try BaseSelection.parse(arguments.value("--base") ?? "auto", accepts: .upstreamOnly, resolvePath: cli.resolvePath)
    let named = try arguments.value("--onto").map(BaseSelection.upstream)
    guard let document = cli.loadProfile(path), let resolved = selection.require(for: document, cli: cli),
      let base = resolved.match?.upstream
    else { return .failure }
    let onto = named ?? UpstreamCatalog.latest(base.family)
    let baseDocument = resolved.document
    let ontoDocument: ProfileDocument
    do {
      ontoDocument = try onto.document()
    } catch {
      cli.fail(error.description)
      return .failure
    }
    let result = Rebase.rebase(document.profile, base: baseDocument.profile, onto: ontoDocument.profile)
    guard cli.deliver(.json(Self.render(result.profile)), arguments) else { return .failure }
    var summary = "rebased \(path) from \(base.displayName) onto \(onto.displayName): \(result.applied.count) edit"
    summary += result.applied.count == 1 ? "" : "s"
    summary += " replayed (\(result.applied.joined(separator: ", ")))"
    if !result.alreadyUpstream.isEmpty { summary += "; upstream already has \(result.alreadyUpstream.joined(separator: ", "))" }
    // One line each, made visible whole: a file name or an unknown syscall name from the profile cannot start a
    // line of its own.
    cli.note(summary)
    for conflict in result.conflicts { cli.note("conflict: \(conflict.subject): \(conflict.reason)") }
    return result.conflicts.isEmpty ? .success : .findings
  }

  /// The profile in upstream's own layout (`seclint fmt`: moby's key order, tabs, one name per line).
  static func render(_ profile: Profile) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    guard let data = try? encoder.encode(profile) else { return "{}\n" }
    return (try? ProfileFormatter.format(Array(data))) ?? String(decoding: data, as: UTF8.self) + "\n"
  }
}
