import Policy
import ProfileModel
import Reporting
import SyscallTables

/// `seclint explain`: how the profile decides each syscall on each ABI, which rules matched or were dropped
/// and why, and which target change would give another answer.
struct ExplainCommand {
  static let spec = CommandSpec(
    name: "explain", abstract: "Explain how a profile decides one or more syscalls.",
    arguments: [
      .init(name: "profile", help: "The profile ('-' for standard input)."),
      .init(name: "syscall", help: "Syscalls to explain.", repeating: true),
    ],
    options: TargetOptions.specs + [
      .init(names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json"], defaultValue: "text"),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      For each syscall and each ABI in the filter: the decision (action, errno, argument conditions) and who made
      it (a rule, the default action, runc's ENOSYS stub); every rule naming the syscall and what happened to it
      (dropped by Docker for capabilities, kernel or arch; skipped by runc as redundant or unknown; applied); and
      the --cap-add/--cap-drop/--kernel changes that would give a different answer on the host ABI.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    let target = try TargetOptions.target(from: arguments)
    guard arguments.positionals.count >= 2 else {
      throw UsageError(message: "Expected a profile and at least one syscall.")
    }
    let path = arguments.positionals[0]
    guard let document = cli.loadProfile(path, arguments) else { return .failure }
    let policy = Evaluator.evaluate(document, for: target)
    if case .refused(let refusal) = policy.status {
      cli.fail("\(path): the container would not start: \(refusal.stage) refuses the profile: \(refusal.message)")
      return .failure
    }
    var failed = false
    var explanations: [Explanation] = []
    for name in arguments.positionals.dropFirst() {
      guard SyscallData.isKnown(name) else {
        let hint = Spelling.closest(to: name, in: SyscallData.names).map { " Did you mean '\($0)'?" } ?? ""
        cli.fail("unknown syscall '\(name)': libseccomp knows it on no architecture.\(hint)")
        failed = true
        continue
      }
      explanations.append(Explanation(name: name, document: document, policy: policy))
    }
    switch arguments.value("--format") ?? "text" {
    case "json":
      guard cli.deliver(.json(JSONOutput.render(ExplainJSON(profile: document.file, policy: policy, explanations: explanations))), arguments)
      else { return .failure }
    default:
      var out = "\(SafeText.visible(document.file)): \(TargetOptions.describe(target, policy))\n"
      if case .unconfined(let reason) = policy.status { out += "unconfined: \(SafeText.visible(reason)). Every syscall is allowed.\n" }
      guard cli.deliver(.plain(out + explanations.map(\.text).joined()), arguments) else { return .failure }
    }
    return failed ? .failure : .success
  }
}

/// Everything `explain` says about one syscall.
struct Explanation {
  struct ABILine {
    var arch: String
    var number: Int?
    var summary: String
    var decision: Decision?
  }
  struct Change {
    var option: String
    var decision: Decision
  }

  let name: String
  var abis: [ABILine] = []
  var rules: [RuleTrace] = []
  var changes: [Change] = []

  init(name: String, document: ProfileDocument, policy: EffectivePolicy) {
    self.name = name
    rules = policy.rules.filter { $0.name == name }
    guard case .enforced = policy.status else { return }
    for abi in policy.abis {
      let table = SyscallTable.forArchitecture(abi.architecture)
      let resolution = table.resolve(name)
      var line = ABILine(arch: abi.architecture.token, number: resolution.directNumber, summary: "", decision: nil)
      if let syscall = abi.syscalls.first(where: { $0.name == name }) {
        line.decision = syscall.decision
        line.summary = Self.describe(syscall.decision, on: abi.architecture)
      } else if resolution.directNumber != nil {
        line.summary = "not in kernel \(policy.target.kernel)"
      } else if case .absent = resolution.kind {
        line.summary = "no such syscall on this ABI (rules on it are not emitted here)"
      }
      if case .multiplexed(let multiplexer, let number, let subcall) = resolution.kind,
        let mux = abi.syscalls.first(where: { $0.number == number })
      {
        let action = mux.decision.outcome(for: [UInt64(subcall), 0, 0, 0, 0, 0], bits: abi.architecture.bits)
        let via = "via \(multiplexer)(\(subcall)): \(action?.description(on: abi.architecture) ?? "depends on overlapping rules")"
        line.summary = line.summary.isEmpty ? "no direct syscall; \(via)" : line.summary + "; \(via)"
      }
      abis.append(line)
    }
    changes = Self.changes(for: name, rules: rules, document: document, policy: policy)
  }

  /// The decision in words, errno values named as `architecture` numbers them (nil: the generic numbering).
  static func describe(_ decision: Decision, on architecture: Architecture?) -> String {
    let name = { (action: SeccompAction) in architecture.map { action.description(on: $0) } ?? action.description }
    var text = name(decision.action)
    if !decision.branches.isEmpty {
      text =
        decision.branches.map { "\(name($0.action)) when \($0.conditions.conditionText) (\($0.rule))" }.joined(separator: "; ")
        + "; otherwise \(name(decision.action))" + (decision.ambiguous ? " (overlapping rules: libseccomp's tree decides)" : "")
      return text
    }
    switch decision.origin {
    case .rule(let pointer): return text + " — rule \(pointer)"
    case .defaultAction: return text + " — default action"
    case .enosysStub(let maximum): return text + " — runc ENOSYS stub (above \(maximum))"
    }
  }

  /// Re-evaluates with the capability and kernel changes the rules naming the syscall suggest and keeps those
  /// that change the host ABI's decision.
  static func changes(
    for name: String, rules: [RuleTrace], document: ProfileDocument, policy: EffectivePolicy
  ) -> [Change] {
    let target = policy.target
    let profileRules = document.profile.syscalls ?? []
    var variants: [(String, Target)] = []
    for trace in rules {
      guard let index = trace.pointer.tokens.last.flatMap(Int.init), profileRules.indices.contains(index) else { continue }
      let rule = profileRules[index]
      // Only capabilities Docker knows can be added (`--cap-add CAP_NOSUCH` is refused): a rule needing another one
      // never applies, and each such variant would cost an evaluation.
      let missing = (rule.includes?.caps ?? []).filter { !target.capabilities.contains($0) }
      guard missing.allSatisfy(Capabilities.isKnown) else { continue }
      if !missing.isEmpty {
        var variant = target
        variant.capabilities.formUnion(missing)
        variants.append((missing.map { "--cap-add \($0)" }.joined(separator: " "), variant))
      }
      for cap in (rule.excludes?.caps ?? []) where target.capabilities.contains(cap) {
        var variant = target
        variant.capabilities.remove(cap)
        variants.append(("--cap-drop \(cap)", variant))
      }
      for text in [rule.includes?.minKernel, rule.excludes?.minKernel].compactMap({ $0 }) {
        guard let min = try? MobyKernelVersion.parse(text).get() else { continue }
        let below = min.major > 0 ? KernelVersion(min.kernel, min.major - 1) : KernelVersion(max(0, min.kernel - 1), 255)
        for kernel in [KernelVersion(min.kernel, min.major), below] {
          var variant = target
          variant.kernel = kernel
          variants.append(("--kernel \(kernel)", variant))
        }
      }
    }
    let current = policy.abis.first?.syscalls.first { $0.name == name }?.decision
    var seen: Set<String> = []
    var changes: [Change] = []
    // Each variant decides only this syscall, from one shared preparation: a full evaluation per variant (every
    // syscall, every rule's trace) made explain on a large profile cost minutes.
    let prepared = variants.isEmpty ? nil : PreparedProfile(document)
    for (option, variant) in variants where seen.insert(option).inserted {
      let other = Evaluator.evaluate(document, for: variant, only: [name], prepared: prepared)
      guard let decision = other.abis.first?.syscalls.first(where: { $0.name == name })?.decision,
        decision.action != current?.action || decision.branches != current?.branches
      else { continue }
      changes.append(Change(option: option, decision: decision))
    }
    return changes
  }

  var text: String {
    var out = "\n\(name)\n"
    // Errno values are named as the host ABI numbers them (mips and parisc differ from the others).
    let host = abis.first.flatMap { Architecture.withToken($0.arch) }
    // ABIs with the same answer share a line.
    let groups = OrderedGroups(abis, by: \.summary, item: { $0.arch + ($0.number.map { " (\($0))" } ?? "") })
    // Values from the profile (pointers, conditions, reasons, capabilities) are escaped whole (SafeText).
    let v = { (text: String) in SafeText.visible(text) }
    for (summary, arches) in groups { out += "  \(arches.joined(separator: ", ")): \(v(summary))\n" }
    if rules.isEmpty {
      out += "  no rule names \(name)\n"
    } else {
      out += "  rules naming \(name):\n"
      let width = (rules.map(\.pointer.description.count).max() ?? 0) + 2
      for rule in rules {
        let action = rule.action.map { action in host.map { action.description(on: $0) } ?? action.description } ?? "?"
        let conditions = rule.conditions.contains { !$0.isEmpty } ? " when " + rule.conditions.map(\.conditionText).joined(separator: " or ") : ""
        out += "    \(v(rule.pointer.description).padding(to: width))\(v(action))\(v(conditions)): \(v(Self.fate(rule.fate)))\n"
      }
    }
    if !changes.isEmpty {
      out += "  would change on \(abis.first?.arch ?? "the host ABI"):\n"
      for change in changes { out += "    with \(v(change.option)): \(v(Self.describe(change.decision, on: host)))\n" }
    }
    return out
  }

  static func fate(_ fate: RuleFate) -> String {
    switch fate {
    case .applied: "applied"
    case .droppedByDocker(let reason): "dropped by Docker (\(reason))"
    case .skippedByRunc(let reason): "skipped by runc (\(reason))"
    }
  }
}

/// `explain --format json` (schemaVersion 1).
struct ExplainJSON: Encodable {
  struct DecisionJSON: Encodable {
    var action: String
    var errno: Int?
    var origin: String
    var rule: String?
    var args: [BlockedReport.JSONReport.BranchJSON]?

    init(_ decision: Decision) {
      action = decision.action.token
      errno = decision.action.errno
      switch decision.origin {
      case .rule(let pointer):
        origin = "rule"
        rule = pointer.description
      case .defaultAction: origin = "default"
      case .enosysStub: origin = "enosys-stub"
      }
      args = decision.branches.isEmpty ? nil : decision.branches.map {
        .init(
          when: $0.conditions.conditionText,
          conditions: $0.conditions.map { .init(index: $0.index, op: $0.op.rawValue, value: $0.value, valueTwo: $0.valueTwo) },
          action: $0.action.token, errno: $0.action.errno, rule: $0.rule.description)
      }
    }
  }
  struct ABIJSON: Encodable {
    var arch: String
    var number: Int?
    var decision: DecisionJSON?
    var summary: String
  }
  struct RuleJSON: Encodable {
    var rule: String
    var action: String?
    var errno: Int?
    var fate: String
    var reason: String?
  }
  struct ChangeJSON: Encodable {
    var option: String
    var decision: DecisionJSON
  }
  struct SyscallJSON: Encodable {
    var syscall: String
    var abis: [ABIJSON]
    var rules: [RuleJSON]
    var changes: [ChangeJSON]
  }

  var schemaVersion = 1
  var profile: String
  var unconfined: String?
  var syscalls: [SyscallJSON]

  init(profile: String, policy: EffectivePolicy, explanations: [Explanation]) {
    self.profile = profile
    if case .unconfined(let reason) = policy.status { unconfined = reason }
    syscalls = explanations.map { explanation in
      SyscallJSON(
        syscall: explanation.name,
        abis: explanation.abis.map { .init(arch: $0.arch, number: $0.number, decision: $0.decision.map(DecisionJSON.init), summary: $0.summary) },
        rules: explanation.rules.map { trace in
          var fate = "applied"
          var reason: String?
          switch trace.fate {
          case .applied: break
          case .droppedByDocker(let text):
            fate = "dropped-by-docker"
            reason = text
          case .skippedByRunc(let text):
            fate = "skipped-by-runc"
            reason = text
          }
          return RuleJSON(rule: trace.pointer.description, action: trace.action?.token, errno: trace.action?.errno, fate: fate, reason: reason)
        },
        changes: explanation.changes.map { .init(option: $0.option, decision: DecisionJSON($0.decision)) })
    }
  }
}
