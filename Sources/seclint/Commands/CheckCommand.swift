import Evidence
import Policy
import ProfileModel
import SyscallTables

/// `seclint check`: why did my container get EPERM? Decides every distinct call of workload evidence (audit
/// records, strace output, syscall lists) against a profile for a target.
struct CheckCommand {
  static let spec = CommandSpec(
    name: "check", abstract: "Check workload evidence (audit log, strace, syscall list) against a profile.",
    arguments: [
      .init(name: "profile", help: "The profile ('-' for standard input)."),
      .init(name: "evidence", help: "Audit logs, strace output or syscall lists ('-' for standard input).", repeating: true),
    ],
    options: TargetOptions.specs + [
      .init(
        names: ["--blocklist"], valueName: "list",
        help: "Blocklists whose reasons explain blocked syscalls: docker, palantir, or a JSON file.",
        defaultValue: "docker and palantir", repeatable: true),
      .init(
        names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json", "github"], defaultValue: "text"),
      CommandSpec.outputOption,
    ],
    discussion: """
      Each evidence file is read line by line (never whole) and its format detected by content: kernel audit
      records of seccomp decisions (auditd 'type=SECCOMP', dmesg/journal 'audit: type=1326', with the ABI from
      arch= — i386 and x32 on x86_64, arm on arm64), strace output (-f pids, -t/-tt/-ttt/-r timestamps,
      <unfinished ...>/resumed, -X raw, -n, personality changes, -c summary tables) or a plain list of syscall
      names or numbers, one per line. Malformed lines are counted and the first few shown; they never stop the
      check.

      For every distinct call (ABI, syscall, and the argument values the profile's rules test: socket
      families, clone flags, personality values) it gives the decision for the target, the deciding rule
      (file:line:column), the reason (the rule's comment, a blocklist, runc's ENOSYS stub, the default action)
      and the smallest change that allows it (--cap-add, a newer kernel, the rule to add the name to). An audit
      record's action (code=) is compared with the profile's: when they differ, the denial came from another
      profile, arch or runtime. Also lists runc's own calls after the filter that the profile blocks (then no
      container starts; --runtime runc-1.1.11 for older runc).

      Exit status: 0 nothing blocked, 1 some call blocked, 2 usage or input error.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    let target = try TargetOptions.target(from: arguments)
    guard arguments.positionals.count >= 2 else {
      throw UsageError(message: "Expected a profile and at least one evidence file.")
    }
    let evidencePaths = Array(arguments.positionals.dropFirst())
    guard evidencePaths.filter({ $0 == "-" }).count + (arguments.positionals[0] == "-" ? 1 : 0) <= 1 else {
      throw UsageError(message: "Standard input ('-') can be read only once.")
    }
    let blocklists = try BlockedCommand.loadBlocklists(arguments.all("--blocklist"), cli: cli)
    let runc = RuncBehaviour(rawValue: arguments.value("--runtime") ?? "runc") ?? .current
    guard let document = cli.loadProfile(arguments.positionals[0]) else { return .failure }
    let policy = Evaluator.evaluate(document, for: target)
    if case .refused(let refusal) = policy.status {
      cli.stderr("Error: \(document.file): the container would not start: \(refusal.stage) refuses the profile: \(refusal.message)\n")
      return .failure
    }
    var collector = EvidenceCollector(host: target.architecture, testedArguments: CheckAnalysis.testedArguments(document.profile))
    for path in evidencePaths {
      if path == "-" {
        switch cli.standardInput() {
        case .success(let bytes): collector.read(bytes: bytes, as: "-")
        case .failure(let failure): cli.fail(failure.description)
        }
      } else if let failure = collector.read(path: cli.resolvePath(path), as: path) {
        cli.stderr("Error: \(failure).\n")
        return .failure
      }
    }
    let analysis = CheckAnalysis(document: document, policy: policy, blocklists: blocklists, runc: runc)
    let report = CheckReport(analysis: analysis, collector: collector)
    let text: TerminalText
    switch arguments.value("--format") ?? "text" {
    case "json": text = .json(JSONOutput.render(report.json))
    case "github": text = .plain(report.github)
    default: text = .plain(report.text)
    }
    guard cli.deliver(text, arguments) else { return .failure }
    return report.blockedCount > 0 || !report.runtime.isEmpty ? .findings : .success
  }
}
