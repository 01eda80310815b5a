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
    guard let document = cli.loadProfile(path) else { return .failure }
    let base: UpstreamProfile
    switch arguments.value("--base") ?? "auto" {
    case "auto":
      guard let match = BaseRecognition.recognize(document.profile) else {
        cli.stderr("Error: \(path): not recognised as a copy of any built-in upstream default; name one with --base moby@RELEASE.\n")
        return .failure
      }
      base = match.upstream
    case let name:
      base = try DriftCommand.upstream(name)
    }
    let onto = try arguments.value("--onto").map(DriftCommand.upstream) ?? UpstreamCatalog.latest(base.family)
    let baseDocument: ProfileDocument
    let ontoDocument: ProfileDocument
    do {
      (baseDocument, ontoDocument) = (try base.document(), try onto.document())
    } catch {
      cli.stderr("Error: \(error.description)\n")
      return .failure
    }
    let result = Rebase.rebase(document.profile, base: baseDocument.profile, onto: ontoDocument.profile)
    guard cli.deliver(.json(Self.render(result.profile)), arguments) else { return .failure }
    var summary = "rebased \(path) from \(base.displayName) onto \(onto.displayName): \(result.applied.count) edit"
    summary += result.applied.count == 1 ? "" : "s"
    summary += " replayed (\(result.applied.joined(separator: ", ")))"
    if !result.alreadyUpstream.isEmpty { summary += "; upstream already has \(result.alreadyUpstream.joined(separator: ", "))" }
    cli.stderr(summary + "\n")
    for conflict in result.conflicts { cli.stderr("conflict: \(conflict.subject): \(conflict.reason)\n") }
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
