import Policy
import ProfileModel
import Reporting
import SyscallTables

/// `seclint blocked`: every syscall the profile blocks for a target, how, and why.
struct BlockedCommand {
  static let spec = CommandSpec(
    name: "blocked", abstract: "List every syscall a profile blocks for a target, with reasons.",
    arguments: [.init(name: "profile", help: "The profile ('-' for standard input).")],
    options: TargetOptions.specs + [
      .init(
        names: ["--blocklist"], valueName: "list",
        help: "Blocklists whose reasons explain blocked syscalls: docker, palantir, or a JSON file.",
        defaultValue: "docker and palantir", repeatable: true),
      .init(
        names: ["--base"], valueName: "base",
        help: "Mark each entry inherited from the base or introduced by the profile: none, auto (the upstream default it copies, recognised by meaning), a release such as moby@25.0.3, or a profile file.",
        defaultValue: "none"),
      .init(names: ["--all"], valueName: nil, help: "Text and Markdown: list every blocked syscall instead of summarising plain denials."),
      .init(names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json", "markdown"], defaultValue: "text"),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      Evaluates the profile as Docker, runc and libseccomp would for the target: Docker drops rules whose
      includes/excludes do not match (capabilities, kernel, arch), expands archMap for the host, runc skips rules
      equal to the default action and names libseccomp does not know, libseccomp applies the rest per ABI
      (socket and IPC calls through socketcall/ipc where the ABI multiplexes them) and runc's stub returns ENOSYS
      above the largest syscall the profile names. A syscall is blocked when its action is not ALLOW or LOG;
      argument-dependent entries say when they are allowed.

      The reason is the deciding rule's comment, else the first blocklist that lists the syscall, else the
      mechanism (explicit rule, runc's ENOSYS stub, the default action). Syscalls newer than --kernel are left out.
      Text output groups each ABI's entries by reason and shows only the differences on sub-architectures.
      Markdown output is the same selection as GitHub-flavoured tables, one row per syscall (action and reason),
      to paste into documentation: it is how to document what a profile really blocks.

      With --base (auto recognises the upstream default the profile copies) the base is evaluated for the same
      target: an entry the base blocks the same way (same action, same argument conditions) is inherited, any
      other is introduced and marked so (JSON: "lineage"); syscalls the base blocks that the profile allows are
      listed as allowed here (JSON: "unblocked"). A header line names the base.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    let target = try TargetOptions.target(from: arguments)
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError(message: arguments.positionals.isEmpty ? "Missing expected argument '<profile>'." : "Expected one profile.")
    }
    let blocklists = try Self.loadBlocklists(arguments.all("--blocklist"), cli: cli)
    let base = try BaseSelection.parse(arguments.value("--base"), resolvePath: cli.resolvePath)
    guard let document = cli.loadProfile(path, arguments) else { return .failure }
    let policy = Evaluator.evaluate(document, for: target)
    if case .refused(let refusal) = policy.status {
      cli.fail("\(path): the container would not start: \(refusal.stage) refuses the profile: \(refusal.message)")
      return .failure
    }
    var lineage: BlockedLineage?
    if case .none = base {} else {
      guard let resolved = base.require(for: document, cli: cli) else { return .failure }
      lineage = BlockedLineage(base: resolved, target: target)
    }
    let report = BlockedReport(document: document, policy: policy, blocklists: blocklists, lineage: lineage)
    let text: TerminalText
    switch arguments.value("--format") ?? "text" {
    case "json": text = .json(JSONOutput.render(report.json))
    case "markdown": text = .plain(report.markdown(all: arguments.flag("--all")))
    default: text = .plain(report.text(all: arguments.flag("--all")))
    }
    return cli.deliver(text, arguments) ? .success : .failure
  }

  static func loadBlocklists(_ names: [String], cli: CLI) throws(UsageError) -> [Blocklist] {
    var lists: [Blocklist] = []
    for name in names.isEmpty ? ["docker", "palantir"] : names {
      do {
        lists.append(try Blocklist.load(name, resolvingPath: cli.resolvePath))
      } catch {
        throw UsageError(message: error.description, showsUsage: false)
      }
    }
    return lists
  }
}

/// The blocked entries of an evaluated profile, rendered as text or JSON.
struct BlockedReport {
  struct Entry {
    var architecture: Architecture
    var syscall: SyscallDecision
    var reason: Reason
    /// With `--base`: whether the base does not block it alike (nil without a base).
    var introduced: Bool?
  }

  let document: ProfileDocument
  let policy: EffectivePolicy
  let entries: [Entry]
  /// With `--base`: the base, and the syscalls it blocks that the profile allows, per ABI.
  let lineage: BlockedLineage?
  let unblocked: [(architecture: Architecture, syscall: SyscallDecision)]

  init(document: ProfileDocument, policy: EffectivePolicy, blocklists: [Blocklist], lineage: BlockedLineage? = nil) {
    self.document = document
    self.policy = policy
    self.lineage = lineage
    let book = ReasonBook(profile: document.profile, blocklists: blocklists)
    entries = policy.abis.flatMap { abi in
      abi.syscalls.filter(\.decision.canBlock).map { syscall in
        Entry(
          architecture: abi.architecture, syscall: syscall,
          reason: book.reason(for: syscall.name, syscall.decision, defaultAction: policy.defaultAction),
          introduced: lineage.map { !$0.inherits(syscall, on: abi.architecture) })
      }
    }
    unblocked = lineage.map { lineage in
      policy.abis.flatMap { abi in
        abi.syscalls.filter { !$0.decision.canBlock && lineage.blocks($0.name, on: abi.architecture) }.map { (abi.architecture, $0) }
      }
    } ?? []
  }

  /// The header line naming the base (nil without one).
  var baseLine: String? {
    guard let lineage else { return nil }
    var line = "base: \(lineage.summary ?? lineage.name); entries it does not block alike are marked introduced"
    if let unusable = lineage.unusable { line += " (\(unusable): every entry is)" }
    return line
  }

  // MARK: JSON (schemaVersion 1)

  struct JSONReport: Encodable {
    struct TargetJSON: Encodable {
      var arch: String
      var abis: [String]
      var caps: [String]
      var kernel: String
      var runtime: String
      var libseccomp: String
    }
    struct BranchJSON: Encodable {
      var when: String
      var conditions: [ConditionJSON]
      var action: String
      var errno: Int?
      var rule: String
    }
    struct ConditionJSON: Encodable {
      var index: Int
      var op: String
      var value: UInt64
      var valueTwo: UInt64
    }
    struct EntryJSON: Encodable {
      var arch: String
      var syscall: String
      var number: Int
      var action: String
      var errno: Int?
      var args: [BranchJSON]?
      var ambiguous: Bool?
      var rule: String?
      var reason: String
      var reasonSource: String
      /// With --base: `inherited` or `introduced`.
      var lineage: String?
    }
    struct BaseJSON: Encodable {
      var name: String
      var summary: String?
      var unusable: String?
    }
    struct UnblockedJSON: Encodable {
      var arch: String
      var syscall: String
      var number: Int
      var action: String
    }
    var schemaVersion = 1
    var profile: String
    var target: TargetJSON
    var unconfined: String?
    var defaultAction: String?
    var defaultErrno: Int?
    var enosysAbove: [String: Int]
    var blocked: [EntryJSON]
    var base: BaseJSON?
    var unblocked: [UnblockedJSON]?
  }

  var json: JSONReport {
    let target = policy.target
    var unconfined: String?
    if case .unconfined(let reason) = policy.status { unconfined = reason }
    let blocked = entries.sorted { ($0.architecture.token, $0.syscall.name) < ($1.architecture.token, $1.syscall.name) }
      .map { entry -> JSONReport.EntryJSON in
        let decision = entry.syscall.decision
        var rule: String?
        if case .rule(let pointer) = decision.origin { rule = pointer.description }
        return JSONReport.EntryJSON(
          arch: entry.architecture.token, syscall: entry.syscall.name, number: entry.syscall.number,
          action: decision.action.token, errno: decision.action.errno,
          args: decision.branches.isEmpty ? nil : decision.branches.map { branch in
            JSONReport.BranchJSON(
              when: branch.conditions.conditionText,
              conditions: branch.conditions.map { .init(index: $0.index, op: $0.op.rawValue, value: $0.value, valueTwo: $0.valueTwo) },
              action: branch.action.token, errno: branch.action.errno, rule: branch.rule.description)
          },
          ambiguous: decision.ambiguous ? true : nil, rule: rule, reason: entry.reason.text,
          reasonSource: entry.reason.sourceName, lineage: entry.introduced.map { $0 ? "introduced" : "inherited" })
      }
    // One entry per ABI: the evaluator puts each arch in the filter once, however often the profile names it;
    // should two ABIs ever share a token, the first (the native arch comes first) is kept rather than trapping.
    var enosysAbove: [String: Int] = [:]
    for abi in policy.abis where enosysAbove[abi.architecture.token] == nil {
      if let maximum = abi.stubMaximum { enosysAbove[abi.architecture.token] = maximum }
    }
    return JSONReport(
      profile: document.file,
      target: .init(
        arch: target.architecture.token, abis: policy.abis.map(\.architecture.token),
        caps: target.capabilities.sorted(), kernel: target.kernel.description, runtime: target.runtime.rawValue,
        libseccomp: target.libseccomp.version),
      unconfined: unconfined, defaultAction: policy.defaultAction?.token, defaultErrno: policy.defaultAction?.errno,
      enosysAbove: enosysAbove,
      blocked: blocked,
      base: lineage.map { JSONReport.BaseJSON(name: $0.name, summary: $0.summary, unusable: $0.unusable) },
      unblocked: lineage == nil ? nil : unblocked.sorted { ($0.architecture.token, $0.syscall.name) < ($1.architecture.token, $1.syscall.name) }
        .map { JSONReport.UnblockedJSON(arch: $0.architecture.token, syscall: $0.syscall.name, number: $0.syscall.number, action: $0.syscall.decision.action.token) })
  }

  // MARK: Text

  func text(all: Bool) -> String {
    // Values from the profile or the command line are escaped whole (SafeText): a line feed in a comment used as
    // a reason cannot start a line of its own.
    var out = "\(SafeText.visible(document.file)): \(TargetOptions.describe(policy.target, policy))\n"
    if case .unconfined(let reason) = policy.status {
      return out + "unconfined: \(SafeText.visible(reason)). Nothing is blocked.\n"
    }
    let abis = policy.abis.map(\.architecture.token).joined(separator: ", ")
    out += "filter ABIs: \(abis); any other ABI is killed (libseccomp's bad-arch action)\n"
    out += "default action: \(policy.defaultAction?.description ?? "-")"
    if policy.newerThanKernel > 0 { out += " · \(policy.newerThanKernel) syscalls newer than kernel \(policy.target.kernel) left out" }
    out += "\n"
    if let baseLine { out += SafeText.visible(baseLine) + "\n" }
    let native = policy.abis.first?.architecture
    let nativeLines = Dictionary(
      entries.filter { $0.architecture == native }.map { ($0.syscall.name, lineKey($0)) }, uniquingKeysWith: { a, _ in a })
    for abi in policy.abis {
      var abiEntries = entries.filter { $0.architecture == abi.architecture }
      let total = abiEntries.count
      var header = "\n\(abi.architecture.token): \(total) of \(abi.syscalls.count) syscalls blocked"
      if lineage != nil { header += " (\(abiEntries.count { $0.introduced == true }) introduced)" }
      if let maximum = abi.stubMaximum { header += " · runc ENOSYS above \(maximum)" }
      if abi.architecture != native, let native {
        abiEntries = abiEntries.filter { nativeLines[$0.syscall.name] != lineKey($0) }
        header += " · showing the \(abiEntries.count) that differ from \(native.token)"
      }
      out += header + "\n"
      out += renderGroups(abiEntries, all: all)
      let allowed = shownUnblocked(for: abi.architecture)
      if !allowed.isEmpty {
        out += "  allowed here, blocked by the base: \(allowed.map { "\($0.name)(\($0.number))" }.joined(separator: " "))\n"
      }
    }
    return out
  }

  /// The syscalls the base blocks that the profile allows on `abi`: all on the host ABI, elsewhere only those
  /// the host ABI does not list.
  func shownUnblocked(for abi: Architecture) -> [SyscallDecision] {
    let native = policy.abis.first?.architecture
    let own = unblocked.filter { $0.architecture == abi }.map(\.syscall)
    guard abi != native else { return own }
    let nativeNames = Set(unblocked.filter { $0.architecture == native }.map(\.syscall.name))
    return own.filter { !nativeNames.contains($0.name) }
  }

  /// What a line says about an entry, without its number (to compare ABIs).
  private func lineKey(_ entry: Entry) -> String {
    let d = entry.syscall.decision
    return "\(d.action)|\(d.branches.map { "\($0.conditions.conditionText)>\($0.action)" })|\(d.origin)|\(entry.reason.text)|\(entry.introduced ?? false)"
  }

  /// What the action alone does not say: the deciding rule, and the argument conditions.
  func notes(_ entry: Entry) -> [String] {
    let decision = entry.syscall.decision
    var notes: [String] = []
    if case .rule(let pointer) = decision.origin, entry.reason.source != .rule { notes.append("rule \(pointer)") }
    if !decision.branches.isEmpty {
      let allowed = decision.branches.filter(\.action.permits).map(\.conditions.conditionText)
      if !allowed.isEmpty { notes.append("allowed when " + allowed.joined(separator: " or ")) }
      notes += decision.branches.filter { !$0.action.permits }.map {
        "\($0.action.description(on: entry.architecture)) when \($0.conditions.conditionText)"
      }
      if decision.ambiguous { notes.append("overlapping rules: libseccomp's tree decides") }
    }
    return notes
  }

  /// Blocked by the default action or runc's stub alone, with no reason beyond that (summarised unless `--all`);
  /// with a base, one the base does not block alike is the profile's own doing and is always listed.
  func isPlainDenial(_ entry: Entry) -> Bool {
    entry.syscall.decision.branches.isEmpty && (entry.reason.source == .default || entry.reason.source == .runc)
      && entry.introduced != true
  }

  /// The entries a section shows for `abi`: all of them on the host ABI, the ones that differ from it elsewhere.
  func shownEntries(for abi: Architecture) -> (entries: [Entry], differOnly: Bool) {
    let native = policy.abis.first?.architecture
    let own = entries.filter { $0.architecture == abi }
    guard abi != native, let native else { return (own, false) }
    let nativeLines = Dictionary(
      entries.filter { $0.architecture == native }.map { ($0.syscall.name, lineKey($0)) }, uniquingKeysWith: { a, _ in a })
    return (own.filter { nativeLines[$0.syscall.name] != lineKey($0) }, true)
  }

  /// How a plain denial (`isPlainDenial`) is blocked, in the words text and Markdown summarise it with.
  static func mechanism(_ entry: Entry) -> String {
    entry.reason.source == .runc ? "above runc's ENOSYS threshold" : "not in the allowlist"
  }

  /// One line per action and reason (the detail: reason and notes), plain denials summarised unless `all`.
  private func renderGroups(_ entries: [Entry], all: Bool) -> String {
    struct Line: Hashable {
      var action: String
      var detail: String
      var collapsible: Bool
    }
    let groups = OrderedGroups(entries.sorted(by: { $0.syscall.name < $1.syscall.name }), by: { entry in
      let notes = self.notes(entry)
      let detail = (entry.introduced == true ? "introduced · " : "") + "\(entry.reason.sourceName): \(entry.reason.text)"
        + (notes.isEmpty ? "" : " [\(notes.joined(separator: "; "))]")
      return Line(action: "\(entry.syscall.decision.action)", detail: detail, collapsible: !all && isPlainDenial(entry))
    }, item: { $0 })
    // An action as the ABI names its errno (the first entry's: all of a group share the action).
    let action = { (entries: [Entry]) in entries[0].syscall.decision.action.description(on: entries[0].architecture) }
    let width = max(14, groups.map { action($0.items).count }.max() ?? 0) + 2
    var out = ""
    for (line, members) in groups.sorted(by: { ($0.key.collapsible ? 1 : 0, $0.items[0].syscall.name) < ($1.key.collapsible ? 1 : 0, $1.items[0].syscall.name) }) {
      let padded = action(members).padding(to: width)
      let names = members.map { "\($0.syscall.name)(\($0.syscall.number))" }
      if line.collapsible {
        let preview = members.prefix(6).map(\.syscall.name).joined(separator: ", ")
        out += "  \(padded)\(names.count) more \(Self.mechanism(members[0])): \(preview)\(names.count > 6 ? ", … (--all lists them)" : "")\n"
      } else {
        out += "  \(padded)\(names.joined(separator: " ")) — \(SafeText.visible(line.detail))\n"
      }
    }
    return out
  }
}

extension String {
  func padding(to width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
