#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Baseline
import Dialects
import Linter
import Policy
import ProfileModel
import Reporting

/// `seclint lint`: report problems in one or more profiles.
struct LintCommand {
  static let spec = CommandSpec(
    name: "lint", abstract: "Report problems in one or more profiles.",
    arguments: [
      .init(
        name: "profile",
        help: "Profiles to lint: files, directories (the profiles in them, recursively, by content) or '-' (standard input).",
        repeating: true)
    ],
    options: [
      .init(
        names: ["--format"], valueName: "format", help: "Output format.", values: LintFormat.allCases.map(\.rawValue),
        defaultValue: "text"),
      .init(
        names: ["--blocklist"], valueName: "list",
        help: "Platform blocklist: docker, palantir, or a JSON file (repeatable).", defaultValue: "docker",
        repeatable: true),
      .init(names: ["--config"], valueName: "file", help: "Configuration file.", defaultValue: ".seclint.json found upward from each profile"),
      .init(
        names: ["--severity"], valueName: "severity", help: "Fail (exit 1) on findings at or above this severity.",
        values: ["error", "warning", "note"], defaultValue: "warning"),
      .init(names: ["--disable"], valueName: "rule", help: "Turn a rule off (code or name; repeatable).", repeatable: true),
      .init(names: ["--enable"], valueName: "rule", help: "Turn a rule back on that the configuration turned off.", repeatable: true),
      .init(
        names: ["--color"], valueName: "when", help: "Colour text output.", values: ["auto", "always", "never"],
        defaultValue: "auto (a terminal without NO_COLOR)"),
      .init(
        names: ["--docker-version"], valueName: "version",
        help: "Check the fields this Docker Engine (X.Y[.Z]) ignores (docker-version-compat)."),
      .init(
        names: ["--libseccomp-version"], valueName: "version",
        help: "Check the names this libseccomp does not know (unsupported-by-libseccomp).",
        values: LibseccompRelease.known.map(\.version)),
      .init(
        names: ["--runtime"], valueName: "runtime",
        help: "The runc whose own calls after the filter runtime-required checks (runc-1.1.11: before 1.1.12).",
        values: RuncBehaviour.allCases.map(\.rawValue), defaultValue: "runc"),
      .init(names: ["--base"], valueName: "base", help: BaseSelection.help, defaultValue: "none"),
      .init(
        names: ["--inherited"], valueName: "how",
        help: "Findings the base has too: show them as they are, as notes, or hide them; they never fail the run.",
        values: BaseSelection.Inherited.allCases.map(\.rawValue), defaultValue: "note"),
      .init(
        names: ["--baseline"], valueName: "file",
        help: "Report only findings this baseline does not record (written by --write-baseline)."),
      .init(
        names: ["--write-baseline"], valueName: "file",
        help: "Record every finding in this baseline file instead of reporting them; exit 0."),
      .init(
        names: ["--fix"], valueName: nil,
        help: "Apply the safe fixes (nothing Docker enforces changes) to the files, then report what is left ('-': the fixed profile to standard output)."),
      .init(
        names: ["--unsafe-fixes"], valueName: nil,
        help: "With --fix or --diff: also apply fixes that change the filter as their finding says (a typo'd syscall renamed)."),
      .init(
        names: ["--diff"], valueName: nil,
        help: "Change nothing; print a unified diff of what --fix would change, and exit 1 if it would change anything."),
      .init(names: ["--statistics"], valueName: nil, help: "Print how many findings each rule reported instead of the findings."),
      .init(names: ["--quiet", "-q"], valueName: nil, help: "Print only the summary (the exit status is unchanged)."),
      .init(
        names: ["--stdin-filename"], valueName: "name",
        help: "The file name to report standard input ('-') under; also used for .seclint.json and baselines."),
      .init(
        names: ["--sarif-root"], valueName: "dir",
        help: "SARIF: give file locations relative to this directory (%SRCROOT% in originalUriBaseIds).",
        defaultValue: "the git top level (the nearest directory upward with .git), else the current directory"),
      .init(
        names: ["--rule-docs-url"], valueName: "url", help: "Base URL of the rule pages SARIF's helpUri links to.",
        defaultValue: RulePage.defaultBaseURL),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      Reads each profile as Docker, runc and libseccomp do and reports what they would silently get wrong: unknown
      keys and syscall names, values the runtime refuses, rules that never apply or mean something else on another
      architecture, and syscalls allowed although the platform blocklist blocks them. `seclint rules` lists the
      rules; 'seclint rules NAME' and Documentation/rules/NAME.md explain each one.

      Adopting seclint on an existing profile: 'seclint lint --write-baseline seclint-baseline.json PROFILES'
      records today's findings; 'seclint lint --baseline seclint-baseline.json PROFILES' then fails only on new
      ones. Findings are matched by fingerprint (rule, syscalls and what the deciding rule does), so reordering,
      reformatting and unrelated edits keep the baseline valid. Documentation/Configuration.md describes
      .seclint.json and the baseline format.

      Fixing: 'seclint lint --fix PROFILES' applies each finding's fix as a minimal edit (everything else stays
      byte-identical) and rewrites the files atomically, keeping their permissions; then it reports what is left.
      Safe fixes change nothing Docker, runc or libseccomp enforce ('seclint diff OLD FIXED' is empty); unsafe ones
      change the filter exactly as the finding's fix says and need --unsafe-fixes. 'seclint rules NAME' says which a
      rule has. '--diff' prints the change instead (exit 1 when there is one). Only JSON files holding one profile
      are fixed.

      Exit status: 0 when no finding reaches --severity, 1 when one does, 2 when a profile cannot be read or
      parsed (the other profiles are still linted) or on usage errors. With --diff: 0 when nothing would change,
      1 when something would, 2 on errors.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard !arguments.positionals.isEmpty else { throw UsageError(message: "Missing expected argument '<profile> ...'.") }
    guard arguments.positionals.count(where: { $0 == "-" }) <= 1 else {
      throw UsageError(message: "Only one profile can be standard input.")
    }
    let format = LintFormat(rawValue: arguments.value("--format") ?? "text") ?? .text
    let threshold = Severity(rawValue: arguments.value("--severity") ?? "warning") ?? .warning
    let disabled = try ruleIDs(arguments.all("--disable"))
    let enabled = try ruleIDs(arguments.all("--enable"))
    try Self.refuseConflicting(disabled: arguments.all("--disable"), enabled: arguments.all("--enable"))
    let statistics = arguments.flag("--statistics")
    if statistics, format != .text, format != .json {
      throw UsageError(message: "--statistics prints text or json, not \(format.rawValue).")
    }
    var dockerVersion: DockerVersion?
    if let text = arguments.value("--docker-version") {
      guard let version = DockerVersion(text) else {
        throw UsageError(message: "Invalid Docker version '\(text)'; expected X.Y or X.Y.Z such as 20.10.10.")
      }
      dockerVersion = version
    }
    let libseccomp = LibseccompRelease.known.first { $0.version == arguments.value("--libseccomp-version") }
    var explicitConfig: LintConfiguration?
    if let path = arguments.value("--config") { explicitConfig = try loadConfig(cli.resolvePath(path)) }
    let base = try BaseSelection.parse(arguments.value("--base"), resolvePath: cli.resolvePath)
    let inherited = BaseSelection.Inherited(rawValue: arguments.value("--inherited") ?? "note") ?? .note
    var baseline: BaselineFile?
    if let path = arguments.value("--baseline") {
      do {
        baseline = try BaselineFile.load(path: cli.resolvePath(path), as: path)
      } catch {
        throw UsageError(message: error.description, showsUsage: false)
      }
    }
    let stdinName = arguments.value("--stdin-filename")
    if stdinName != nil, !arguments.positionals.contains("-") {
      throw UsageError(message: "--stdin-filename names standard input, but no profile is '-'.")
    }
    let profiles = try expandProfiles(arguments.positionals, stdinName: stdinName)
    let fixing = try fixMode(profiles: profiles)

    // Options per file first (configuration files and blocklists may be usage errors), then load and lint the
    // files in parallel; results are gathered in argument order.
    var jobs: [LintJob] = []
    // Configuration per directory, found once. The files of one run usually share a directory: the last one is
    // kept aside, so the dictionary (whose run-time type metadata costs more than a small lint's rules) is only
    // used when the files come from several directories.
    var configurations: [String: LintConfiguration?] = [:]
    var lastDirectory: String?
    var lastConfiguration: LintConfiguration?
    var discoveredConfigs: [String] = []
    var blocklistCache = BlocklistCache()
    for profile in profiles {
      let directory = profile.isStandardInput && stdinName == nil ? "." : Self.directory(of: cli.resolvePath(profile.name))
      var configuration = explicitConfig
      if configuration == nil {
        if lastDirectory == directory {
          configuration = lastConfiguration
        } else {
          if let last = lastDirectory { configurations[last] = .some(lastConfiguration) }
          if !configurations.isEmpty, let known = configurations[directory] {
            configuration = known
          } else if let found = LintConfiguration.find(startingAt: directory) {
            configuration = try loadConfig(found)
            discoveredConfigs.append(found)
          }
          lastDirectory = directory
          lastConfiguration = configuration
        }
      }
      var severities = configuration?.severities ?? [:]
      for id in disabled { severities[id] = .some(nil) }
      for id in enabled where severities[id] == .some(nil) { severities[id] = nil }
      let names = arguments.all("--blocklist").isEmpty ? (configuration?.blocklists ?? ["docker"]) : arguments.all("--blocklist")
      let blocklists = try blocklistCache.load(names, resolvingPath: cli.resolvePath)
      let ignorePath = profile.isStandardInput && stdinName == nil ? nil : cli.resolvePath(profile.name)
      var options = LintOptions(
        blocklists: blocklists, severities: severities, ignores: configuration?.ignores(forProfile: ignorePath) ?? [],
        dockerVersion: dockerVersion, libseccomp: libseccomp)
      if let runc = arguments.value("--runtime").flatMap(RuncBehaviour.init(rawValue:)) { options.runc = runc }
      let input: LintJob.Input =
        switch profile.isStandardInput ? cli.standardInput() : .success([]) {
        case .failure(let error): .failed(error)
        case .success(let bytes): profile.isStandardInput ? .bytes(bytes) : .file(cli.resolvePath(profile.name))
        }
      jobs.append(
        LintJob(
          path: profile.name, input: input,
          options: options, base: base, inherited: inherited,
          dialect: CLI.dialectOptions(arguments, directory: profile.isStandardInput ? nil : Self.directory(of: cli.resolvePath(profile.name))),
          fix: fixing))
    }
    // One input in a process that exits after this command: its work is left to the kernel, not freed. Not with
    // --fix, which lints once per round.
    let keepUntilExit = cli.exitsAfterRun && jobs.count == 1 && fixing == nil
    if keepUntilExit { jobs[0].options.keepUntilExit = true }
    let outcomes = parallelMap(jobs) { $0.run() }

    var diagnostics: [Diagnostic] = []
    var documents: [String: ProfileDocument] = [:]
    var failures: [ProfileLoadError] = []
    var bases = Set<String>()
    var fixes: [FixRounds.Outcome] = []
    for (job, outcome) in zip(jobs, outcomes) {
      switch outcome {
      case .linted(let linted, let found, let skipped, let baseName, let fixed):
        if let fixed {
          guard deliverFix(fixed, path: job.path, standardInput: job.isStandardInput, mode: fixing) else {
            failures.append(.unreadable(file: job.path, reason: "the fixed profile could not be written"))
            continue
          }
          fixes.append(fixed)
        }
        for document in linted { documents[document.file] = document }
        for note in skipped { cli.stderr("note: skipped \(note)\n") }
        diagnostics += found
        if let baseName { bases.insert(baseName) }
      case .unreadable(let error):
        cli.fail(error.description)
        failures.append(error)
      }
    }
    // The outcomes' last use: kept for the process's exit, or released before the report is built.
    if keepUntilExit, outcomes.allSatisfy({ $0.inputBytes <= ProcessLifetime.inputLimit }) { ProcessLifetime.keepUntilExit(outcomes) }
    let files = profiles.map(\.name)
    if let fixing {
      cli.note(FixRounds.summary(fixes, wouldFix: fixing.diff))
      if fixing.diff { return !failures.isEmpty ? .failure : fixes.contains(where: \.changed) ? .findings : .success }
    }
    if let path = arguments.value("--write-baseline") {
      return writeBaseline(BaselineFile(recording: diagnostics.inReportOrder()), to: path, files: files, failed: !failures.isEmpty)
    }
    var baselineCounts: (baselined: Int, stale: Int)?
    if let baseline {
      let outcome = baseline.filter(diagnostics.inReportOrder(), linted: files)
      diagnostics = outcome.new
      baselineCounts = (outcome.baselined, outcome.stale)
    }
    let snapshot = documents
    // Inherited findings never fail the run; the text report counts them in the summary instead of listing
    // them unless --inherited show.
    let counted = diagnostics.filter { $0.inheritedFrom == nil }
    let listed = format == .text && inherited != .show ? counted : diagnostics
    var report = LintReport(
      diagnostics: listed, files: files, failures: failures, toolVersion: Help.version,
      sourceLine: { file, line in snapshot[file]?.line(line) })
    if case .none = base {} else {
      report.base = bases.count == 1 ? bases.first : bases.isEmpty ? "no recognised base" : "their bases"
      report.inheritedCount = diagnostics.count - counted.count
    }
    report.baseline = baselineCounts
    if let base = arguments.value("--rule-docs-url") { report.ruleDocumentationBase = base }
    if format == .sarif {
      let resolve = cli.resolvePath
      let directory = SARIFRoot.currentDirectory()
      let absolute: @Sendable (String) -> String = { SARIFRoot.absolute(resolve($0), in: directory) }
      report.absolutePath = { $0 == "-" ? nil : absolute($0) }
      report.sarifRoot = arguments.value("--sarif-root").map(absolute) ?? SARIFRoot.defaultRoot(from: absolute("."))
      report.sourceBytes = { file in snapshot[file]?.sourceBytes }
    }
    let color: Bool
    switch arguments.value("--color") ?? "auto" {
    case "always": color = true
    case "never": color = false
    default: color = cli.colorByDefault
    }
    let toFile = CLI.outputFile(arguments) != nil
    let rendered: TerminalText
    if statistics {
      let table = LintStatistics(report.diagnostics)
      rendered = format == .json ? .json(table.json()) : .plain(table.text())
    } else {
      rendered = report.render(format, color: color && format == .text && !toFile)
    }
    // --quiet: nothing on standard output (a report asked for with --output is still written). `--fix -` printed
    // the fixed profile there: the report goes only to --output.
    let fixedToStandardOutput = fixing != nil && profiles.contains(where: \.isStandardInput)
    if (!arguments.flag("--quiet") && !fixedToStandardOutput) || toFile {
      guard cli.deliver(rendered, arguments, inputs: discoveredConfigs) else { return .failure }
    }
    if format == .text || arguments.flag("--quiet") { cli.note(report.summary) }
    if !failures.isEmpty { return .failure }
    return counted.contains { $0.severity >= threshold } ? .findings : .success
  }

  /// The directory part of a file path ("." for a bare name or standard input); `LintConfiguration.find` makes
  /// it absolute.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// `--disable X --enable X` (also as code and name: `--disable SCL201 --enable unknown-syscall`) asks for two
  /// opposite things; which one wins is not something to leave to option order.
  static func refuseConflicting(disabled: [String], enabled: [String]) throws(UsageError) {
    for name in enabled {
      guard let rule = RuleRegistry.descriptor(name),
        let other = disabled.first(where: { RuleRegistry.descriptor($0)?.id == rule.id })
      else { continue }
      let spelled = other == name ? "" : " (as '\(other)' and '\(name)')"
      throw UsageError(
        message: "Rule \(rule.id) \(rule.name) is both disabled and enabled\(spelled); give only one of --disable and --enable.")
    }
  }

  private func ruleIDs(_ names: [String]) throws(UsageError) -> [String] {
    var ids: [String] = []
    for name in names {
      guard let rule = RuleRegistry.descriptor(name) else {
        let hint = Spelling.closest(to: name, in: RuleRegistry.descriptors.map(\.name)).map { " Did you mean '\($0)'?" } ?? ""
        throw UsageError(message: "Unknown rule '\(name)'.\(hint) See 'seclint rules'.")
      }
      ids.append(rule.id)
    }
    return ids
  }

  private func loadConfig(_ path: String) throws(UsageError) -> LintConfiguration {
    do {
      return try LintConfiguration.load(path: path)
    } catch {
      throw UsageError(message: error.description, showsUsage: false)
    }
  }
}

/// `seclint rules`: the rule catalogue.
struct RulesCommand {
  static let spec = CommandSpec(
    name: "rules", abstract: "List every lint rule with its id and summary.",
    arguments: [.init(name: "rule", help: "A rule code or name: print its page (Documentation/rules/<name>.md).", optional: true)],
    options: [
      .init(names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json", "markdown"], defaultValue: "text")
    ])

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    var rules = RuleRegistry.descriptors
    if let name = arguments.positionals.first {
      guard let rule = RuleRegistry.descriptor(name) else {
        let hint = Spelling.closest(to: name, in: rules.map(\.name)).map { " Did you mean '\($0)'?" } ?? ""
        throw UsageError(message: "Unknown rule '\(name)'.\(hint)")
      }
      rules = [rule]
    }
    switch arguments.value("--format") ?? "text" {
    case "json": cli.print(.json(RulesCatalog.json(rules)))
    case "markdown":
      cli.print(.plain(rules.count == 1 && !arguments.positionals.isEmpty ? RulePage.markdown(rules[0]) : RulesCatalog.markdown(rules)))
    default: cli.print(.plain(rules.count == 1 && !arguments.positionals.isEmpty ? RulesCatalog.detail(rules[0]) : RulesCatalog.text(rules)))
    }
    return .success
  }
}

/// One profile to lint: where its bytes come from and the options that apply to it.
private struct LintJob: Sendable {
  enum Input: Sendable {
    case file(String)
    case bytes([UInt8])
    case failed(ProfileLoadError)
  }

  var path: String
  var input: Input
  var options: LintOptions
  var base: BaseSelection
  var inherited: BaseSelection.Inherited
  var dialect: DialectOptions
  /// `--fix`/`--diff`: fix the bytes first, then lint the result.
  var fix: FixMode?

  var isStandardInput: Bool {
    if case .bytes = input { return true }
    return false
  }

  /// What linting one file gave. (Not `Result`: its `Error` requirement costs a run-time conformance lookup.)
  enum Outcome: Sendable {
    case linted([ProfileDocument], [Diagnostic], skipped: [String], base: String?, fixed: FixRounds.Outcome?)
    case unreadable(ProfileLoadError)

    /// The bytes of the profiles it read.
    var inputBytes: Int {
      guard case .linted(let documents, _, _, _, _) = self else { return 0 }
      return documents.reduce(0) { $0 + $1.sourceBytes.count }
    }
  }

  func run() -> Outcome {
    do throws(ProfileLoadError) {
      var fixed: FixRounds.Outcome?
      var load: DialectLoad
      switch input {
      case .file(let resolved) where fix == nil: load = try DialectLoader.load(path: resolved, as: path, options: dialect)
      case .file(let resolved):
        let bytes: [UInt8]
        switch FileReader.read(resolved, limit: ProfileLoader.maxFileSize) {
        case .success(let read): bytes = read
        case .failure(.tooLarge): throw .unreadable(file: path, reason: ProfileLoader.tooLargeReason(size: FileReader.size(resolved)))
        case .failure(let failure): throw .unreadable(file: path, reason: ProfileLoader.reason(failure))
        }
        load = try DialectLoader.load(bytes: bytes, file: path, options: dialect)
        fixed = fix.map { FixRounds.run(bytes, file: path, options: options, dialect: dialect, unsafe: $0.unsafe) }
      case .bytes(let bytes):
        load = try DialectLoader.load(bytes: bytes, file: path, options: dialect)
        fixed = fix.map { FixRounds.run(bytes, file: path, options: options, dialect: dialect, unsafe: $0.unsafe) }
      case .failed(let error): throw error
      }
      // What is left after fixing is what gets reported (the fixed bytes always load: FixRounds checks).
      if let fixed, fixed.changed, fix?.diff == false {
        load = try DialectLoader.load(bytes: fixed.fixed, file: path, options: dialect)
      }
      var diagnostics: [Diagnostic] = []
      var baseName: String?
      for document in load.documents {
        let (found, name) = base.lint(document, options: options, inherited: inherited)
        diagnostics += found
        baseName = baseName ?? name
      }
      return .linted(load.documents, diagnostics, skipped: load.skipped + (fixed?.skipped.map { [$0] } ?? []), base: baseName, fixed: fixed)
    } catch {
      return .unreadable(error)
    }
  }
}
