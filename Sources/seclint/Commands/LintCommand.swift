#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import Linter
import Policy
import ProfileModel
import Reporting

/// `seclint lint`: report problems in one or more profiles.
struct LintCommand {
  static let spec = CommandSpec(
    name: "lint", abstract: "Report problems in one or more profiles.",
    arguments: [.init(name: "profile", help: "Profiles to lint ('-' for standard input).", repeating: true)],
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
      CommandSpec.outputOption,
    ],
    discussion: """
      Reads each profile as Docker, runc and libseccomp do and reports what they would silently get wrong: unknown
      keys and syscall names, values the runtime refuses, rules that never apply or mean something else on another
      architecture, and syscalls allowed although the platform blocklist blocks them. `seclint rules` lists the
      rules; Documentation/Rules.md explains each one.

      Exit status: 0 when no finding reaches --severity, 1 when one does, 2 when a profile cannot be read or
      parsed (the other profiles are still linted) or on usage errors.
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

    // Options per file first (configuration files and blocklists may be usage errors), then load and lint the
    // files in parallel; results are gathered in argument order.
    var jobs: [LintJob] = []
    var configurations: [String: LintConfiguration?] = [:]
    var discoveredConfigs: [String] = []
    for path in arguments.positionals {
      let directory = path == "-" ? "." : Self.directory(of: cli.resolvePath(path))
      var configuration = explicitConfig
      if configuration == nil {
        if let known = configurations[directory] {
          configuration = known
        } else {
          if let found = LintConfiguration.find(startingAt: directory) {
            configuration = try loadConfig(found)
            discoveredConfigs.append(found)
          }
          configurations[directory] = .some(configuration)
        }
      }
      var severities = configuration?.severities ?? [:]
      for id in disabled { severities[id] = .some(nil) }
      for id in enabled where severities[id] == .some(nil) { severities[id] = nil }
      let names = arguments.all("--blocklist").isEmpty ? (configuration?.blocklists ?? ["docker"]) : arguments.all("--blocklist")
      var blocklists: [Blocklist] = []
      for name in names {
        do {
          blocklists.append(try Blocklist.load(name, resolvingPath: cli.resolvePath))
        } catch {
          throw UsageError(message: error.description, showsUsage: false)
        }
      }
      let options = LintOptions(
        blocklists: blocklists, severities: severities, ignores: configuration?.ignore ?? [],
        dockerVersion: dockerVersion, libseccomp: libseccomp)
      let input: LintJob.Input =
        switch path == "-" ? cli.standardInput() : .success([]) {
        case .failure(let error): .failed(error)
        case .success(let bytes): path == "-" ? .bytes(bytes) : .file(cli.resolvePath(path))
        }
      jobs.append(LintJob(path: path, input: input, options: options))
    }
    let outcomes = parallelMap(jobs) { $0.run() }

    var diagnostics: [Diagnostic] = []
    var documents: [String: ProfileDocument] = [:]
    var failures: [ProfileLoadError] = []
    for (job, outcome) in zip(jobs, outcomes) {
      switch outcome {
      case .linted(let document, let found):
        documents[job.path] = document
        diagnostics += found
      case .unreadable(let error):
        cli.fail(error.description)
        failures.append(error)
      }
    }
    let snapshot = documents
    let report = LintReport(
      diagnostics: diagnostics, files: arguments.positionals, failures: failures, toolVersion: Help.version,
      sourceLine: { file, line in snapshot[file]?.line(line) })
    let color: Bool
    switch arguments.value("--color") ?? "auto" {
    case "always": color = true
    case "never": color = false
    default: color = cli.colorByDefault
    }
    let toFile = CLI.outputFile(arguments) != nil
    let rendered = report.render(format, color: color && format == .text && !toFile)
    guard cli.deliver(rendered, arguments, inputs: discoveredConfigs) else { return .failure }
    if format == .text { cli.note(report.summary) }
    if !failures.isEmpty { return .failure }
    return diagnostics.contains { $0.severity >= threshold } ? .findings : .success
  }

  /// The directory part of a file path ("." for a bare name or standard input); `LintConfiguration.find` makes
  /// it absolute.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
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
    arguments: [.init(name: "rule", help: "A rule code or name: print its full description.", optional: true)],
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
    case "markdown": cli.print(.plain(RulesCatalog.markdown(rules)))
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

  /// What linting one file gave. (Not `Result`: its `Error` requirement costs a run-time conformance lookup.)
  enum Outcome: Sendable {
    case linted(ProfileDocument, [Diagnostic])
    case unreadable(ProfileLoadError)
  }

  func run() -> Outcome {
    do throws(ProfileLoadError) {
      let document =
        switch input {
        case .file(let resolved): try ProfileLoader.load(path: resolved, as: path)
        case .bytes(let bytes): try ProfileLoader.load(bytes: bytes, file: path)
        case .failed(let error): throw error
        }
      return .linted(document, Linter.lint(document, options: options))
    } catch {
      return .unreadable(error)
    }
  }
}
