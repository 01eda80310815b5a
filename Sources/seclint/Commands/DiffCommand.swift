import ProfileModel
import Differ
import Lineage
import Policy
import ProfileModel
import Reporting
import Upstream

/// `seclint diff`: what a container can do differently with the new profile.
struct DiffCommand {
  static let spec = CommandSpec(
    name: "diff", abstract: "Show the semantic difference between two profiles.",
    arguments: [
      .init(name: "old", help: "The profile before ('-' for standard input)."),
      .init(name: "new", help: "The profile after ('-' for standard input); with --base, omit it: OLD is then compared with its base.", optional: true),
    ],
    options: TargetOptions.specs + [
      .init(
        names: ["--format"], valueName: "format", help: "Output format.", values: DiffReport.Format.allCases.map(\.rawValue),
        defaultValue: "text"),
      .init(
        names: ["--fail-on"], valueName: "when", help: "Exit 1 on any difference, only when something widened, or never.",
        values: ["any", "widen", "none"], defaultValue: "any"),
      .init(
        names: ["--base"], valueName: "base",
        help: "Compare one profile with its base: auto (the upstream default it copies, recognised by meaning), a release such as moby@25.0.3, or a profile file; none: two profiles."),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      Without target options the diff is symbolic: per syscall, the decision before and after with its
      capability, kernel, arch and argument conditions, over every target; plus changes of the default action,
      the filter's ABIs per host, flags and listener. With --arch, --caps, --cap-add/--cap-drop, --privileged,
      --kernel, --runtime or --libseccomp-version the diff is evaluated for that target: every ABI in either
      filter and every syscall whose decision differs, as runc and libseccomp enforce it.

      Each change is widened (the container may do more), narrowed (less) or changed (e.g. EPERM → ENOSYS,
      ALLOW → LOG). Reordering, regrouping, legacy name vs names, comments and equivalent spellings are no change.
      With --base and one profile, the old side is the upstream default the profile copies (`seclint diff
      custom.json --base auto`) or the base file named: what the copy changed, as `seclint drift` lists it, with
      conditions.
      Exit status like diff(1): 0 same, 1 different (with --fail-on widen: only when something widened), 2 error.
      """)

  static let targetOptions = ["--arch", "--caps", "--cap-add", "--cap-drop", "--privileged", "--kernel", "--runtime", "--libseccomp-version"]

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    let selection = try BaseSelection.parse(arguments.value("--base"), resolvePath: cli.resolvePath)
    let base: BaseSelection? = if case .none = selection { nil } else { selection }
    guard arguments.positionals.count == (base == nil ? 2 : 1) else {
      throw UsageError(message: base == nil ? "Expected two profiles: <old> <new>." : "With --base, expected one profile.")
    }
    if arguments.positionals == ["-", "-"] { throw UsageError(message: "Only one side can be standard input.") }
    let evaluated = Self.targetOptions.contains { arguments.values[$0] != nil || arguments.flags.contains($0) }
    let target = evaluated ? try TargetOptions.target(from: arguments) : nil
    let old: ProfileDocument
    let new: ProfileDocument
    if let base {
      guard let profile = cli.loadProfile(arguments.positionals[0], arguments), let resolved = base.require(for: profile, cli: cli) else {
        return .failure
      }
      (old, new) = (resolved.document, profile)
    } else {
      guard let first = cli.loadProfile(arguments.positionals[0], arguments), let second = cli.loadProfile(arguments.positionals[1], arguments) else {
        return .failure
      }
      (old, new) = (first, second)
    }
    let diff = target.map { ProfileDiff.evaluated(old: old, new: new, target: $0) } ?? ProfileDiff.symbolic(old: old, new: new)
    let format = DiffReport.Format(rawValue: arguments.value("--format") ?? "text") ?? .text
    guard cli.deliver(DiffReport.render(diff, format), arguments) else { return .failure }
    switch arguments.value("--fail-on") ?? "any" {
    case "none": return .success
    case "widen": return diff.count(.widened) > 0 ? .findings : .success
    default: return diff.isEmpty ? .success : .findings
    }
  }
}
