import ProfileModel
import Lineage
import Upstream

/// `seclint upstream`: the built-in upstream defaults and the names that select them.
struct UpstreamCommand {
  static let spec = CommandSpec(
    name: "upstream", abstract: "List the built-in upstream default profiles (moby, containers-common).",
    arguments: [.init(name: "release", help: "Print this release's profile (e.g. moby@latest) instead of the list.", optional: true)],
    options: [CommandSpec.outputOption],
    discussion: """
      seclint ships moby's default.json at every release that changed it and containers-common's seccomp.json
      (Podman, CRI-O) history, byte for byte (Apache-2.0; Data/upstream/NOTICE names each source commit). Each
      line is one distinct content with the releases that shipped it; `--base` and `--upstream` take
      moby@29.4.3, moby@latest, containers-common@2026-03-03, containers-common@latest. With a release, the
      profile itself is printed, e.g. to start a fork: seclint upstream moby@latest -o seccomp.json
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    if let name = arguments.positionals.first {
      let profile = try BaseSelection.upstream(name)
      return cli.deliver(.json(profile.text), arguments) ? .success : .failure
    }
    var out = ""
    for family in UpstreamProfile.Family.allCases {
      let latest = UpstreamCatalog.latest(family)
      for profile in UpstreamCatalog.profiles(of: family) {
        let releases = profile.released.isEmpty ? "(pre-release: \(profile.names[0]))" : Self.range(profile.released)
        let marker = profile == latest ? "  ← latest" : ""
        out += "\(profile.reference.padded(30)) \(releases)  \(profile.repository)@\(profile.commit.prefix(12))\(marker)\n"
      }
    }
    return cli.deliver(out, arguments) ? .success : .failure
  }

  /// `25.0.3 … 28.1.1 (45 releases)` or `29.4.2`.
  static func range(_ releases: [String]) -> String {
    guard let first = releases.first, let last = releases.last, releases.count > 1 else { return releases.first ?? "" }
    return "\(first) … \(last) (\(releases.count) releases)"
  }
}

extension String {
  /// Padded with spaces to `width` characters (never cut).
  fileprivate func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
