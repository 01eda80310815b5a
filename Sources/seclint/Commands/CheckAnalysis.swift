import Evidence
import Policy
import ProfileModel
import SyscallTables

/// The answer for one distinct call of the evidence: the profile's decision for the target, who decided, why,
/// and the smallest change that would allow it. Decisions come from `Evaluator` (the same evaluation as
/// `blocked`/`explain`); suggestions from `Explanation.changes` (explain's capability/kernel re-evaluation).
struct CheckedCall {
  enum Verdict: String { case allowed, blocked, depends, unknown }

  var key: CallKey
  var statistics: CallStatistics
  var verdict: Verdict
  /// `ERRNO(EPERM)`, `ALLOW`, `KILL_THREAD (ABI not in the filter)`, …
  var decision: String
  var action: SeccompAction?
  /// `rule`, `default`, `enosys-stub`, `bad-arch`, `kernel`, `unconfined`, `branches`.
  var origin: String
  var rule: JSONPointer?
  var location: SourceLocation?
  var reason: Reason?
  var fix: String?
  var notes: [String] = []

  var name: String { key.name ?? key.number.map { "#\($0)" } ?? "?" }

  /// `socket(arg0=AF_VSOCK)`.
  var callText: String {
    let arguments = key.arguments.map { argument in
      "arg\(argument.index)=" + (argument.text ?? argument.value.map { ArgCondition.hex($0) } ?? "?")
    }
    return name + (arguments.isEmpty ? "" : "(\(arguments.joined(separator: ", ")))")
  }
}

/// Decides every call of the evidence against one evaluated profile.
struct CheckAnalysis {
  let document: ProfileDocument
  let policy: EffectivePolicy
  let book: ReasonBook
  let runc: RuncBehaviour
  private var decisions: [Architecture: [String: SyscallDecision]] = [:]

  init(document: ProfileDocument, policy: EffectivePolicy, blocklists: [Blocklist], runc: RuncBehaviour) {
    self.document = document
    self.policy = policy
    self.runc = runc
    book = ReasonBook(profile: document.profile, blocklists: blocklists)
    for abi in policy.abis {
      decisions[abi.architecture] = Dictionary(abi.syscalls.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
  }

  /// The argument indexes the profile's rules test, per syscall name (what the evidence must show).
  static func testedArguments(_ profile: Profile) -> [String: [Int]] {
    var tested: [String: Set<Int>] = [:]
    for rule in profile.syscalls ?? [] {
      let indexes = (rule.args ?? []).compactMap { $0.index.flatMap { $0 < 6 ? Int($0) : nil } }
      guard !indexes.isEmpty else { continue }
      for name in rule.effectiveNames { tested[name, default: []].formUnion(indexes) }
    }
    return tested.mapValues { $0.sorted() }
  }

  func check(_ key: CallKey, _ statistics: CallStatistics) -> CheckedCall {
    var call = CheckedCall(key: key, statistics: statistics, verdict: .unknown, decision: "", origin: "")
    guard let name = key.name else {
      call.decision = "no syscall has number \(key.number.map(String.init) ?? "?") on \(key.architecture.token)"
      call.origin = "unknown"
      return call
    }
    if case .unconfined(let why) = policy.status {
      call.verdict = .allowed
      call.decision = "ALLOW"
      call.origin = "unconfined"
      call.notes.append("the container runs unconfined: \(why)")
      return call
    }
    guard let abiDecisions = decisions[key.architecture] else {
      call.verdict = .blocked
      call.action = .killThread
      call.decision = "KILL (\(key.architecture.token) is not in the filter)"
      call.origin = "bad-arch"
      call.location = document.location(of: "/architectures")
      call.reason = Reason(text: "libseccomp kills calls of an ABI the filter does not list (the bad-arch action)", source: .default)
      call.fix = "add \(key.architecture.token) to \"architectures\" (or to the host's archMap subArchitectures)"
      finishAudit(&call)
      return call
    }
    var decision: Decision
    if let found = abiDecisions[name] {
      decision = found.decision
    } else {
      let table = SyscallTable.forArchitecture(key.architecture)
      let resolution = table.resolve(name)
      if let kernel = table.kernelVersion(of: name), kernel > policy.target.kernel {
        call.verdict = .allowed
        call.decision = "ENOSYS from the kernel"
        call.origin = "kernel"
        call.notes.append("\(name) appeared in kernel \(kernel), after the target kernel \(policy.target.kernel): the filter never sees it")
        return call
      }
      guard case .multiplexed(_, let number, let subcall) = resolution.kind,
        let mux = policy.abi(key.architecture)?.syscalls.first(where: { $0.number == number })
      else {
        call.decision = "\(name) does not exist on \(key.architecture.token)"
        call.origin = "unknown"
        return call
      }
      // Through socketcall/ipc: the multiplexer's rules with arg0 == subcall decide (explain does the same).
      decision = mux.decision
      if let action = decision.outcome(for: [UInt64(subcall), 0, 0, 0, 0, 0], bits: key.architecture.bits) {
        decision = Decision(action: action, origin: decision.origin)
      }
      call.notes.append("reached through \(mux.name)(\(subcall)) on \(key.architecture.token)")
    }
    resolve(&call, decision)
    finishAudit(&call)
    if let requirement = runc.requirement(for: name) {
      call.notes.append("runc itself makes this call after installing the filter: \(requirement.site)")
    }
    return call
  }

  private func resolve(_ call: inout CheckedCall, _ decision: Decision) {
    let architecture = call.key.architecture
    var action: SeccompAction? = decision.action
    var origin = decision.origin
    if !decision.branches.isEmpty {
      var registers = [UInt64](repeating: 0, count: 6)
      var complete = true
      let tested = Set(decision.branches.flatMap { $0.conditions.map(\.index) })
      for index in tested {
        guard let argument = call.key.arguments.first(where: { $0.index == index }), let value = argument.value else {
          complete = false
          continue
        }
        registers[index] = value
      }
      if complete {
        action = decision.outcome(for: registers, bits: architecture.bits)
        let matching = decision.branches.filter { branch in
          branch.conditions.allSatisfy { $0.matches(registers[$0.index], bits: architecture.bits) }
        }
        if let first = matching.first {
          origin = .rule(first.rule)
        } else if let action, !action.permits {
          let conditions = decision.branches.filter(\.action.permits).map { "\($0.conditions.conditionText) (\($0.rule))" }
          if !conditions.isEmpty {
            call.notes.append("no condition holds for these arguments (\(conditions.joined(separator: " or "))), so the fallback applies")
          }
        }
      } else {
        action = nil
        let allowed = decision.branches.filter(\.action.permits).map { "\($0.conditions.conditionText) (\($0.rule))" }
        let possible = Set(decision.branches.map(\.action) + [decision.action])
        if possible.allSatisfy(\.permits) {
          action = decision.action
        } else if possible.allSatisfy({ !$0.permits }) {
          action = decision.action
        } else {
          call.verdict = .depends
          call.origin = "branches"
          call.decision = Explanation.describe(decision, on: architecture)
          call.notes.append(
            "the evidence does not show argument\(tested.count == 1 ? "" : "s") \(tested.sorted().map { "arg\($0)" }.joined(separator: ", ")); allowed when "
              + (allowed.isEmpty ? "never" : allowed.joined(separator: " or ")))
          call.rule = decision.branches.first?.rule
          call.location = decision.branches.first.map { document.location(of: $0.rule) }
          return
        }
      }
      if action == nil {
        call.verdict = .depends
        call.origin = "branches"
        call.decision = "overlapping rules disagree (libseccomp's tree decides)"
        return
      }
    }
    guard let action else { return }
    call.action = action
    call.decision = action.description(on: architecture)
    call.verdict = action.permits ? .allowed : .blocked
    switch origin {
    case .rule(let pointer):
      call.origin = "rule"
      call.rule = pointer
      call.location = document.location(of: pointer)
    case .defaultAction:
      call.origin = "default"
      call.location = document.location(of: "/defaultAction")
    case .enosysStub(let maximum):
      call.origin = "enosys-stub"
      call.notes.append("runc's ENOSYS stub: \(call.key.number.map(String.init) ?? "the number") is above \(maximum), the largest syscall the profile names on \(architecture.token)")
    }
    guard call.verdict == .blocked, let name = call.key.name else { return }
    let decided = Decision(action: action, origin: origin)
    call.reason = book.reason(for: name, decided, defaultAction: policy.defaultAction)
    call.fix = fix(for: name, call: call, decision: decided)
  }

  /// The smallest change that allows the call: a target change explain finds (capability, kernel), else the
  /// profile edit (remove from a denying rule, add to the allowlist), with a warning when a blocklist lists it.
  private func fix(for name: String, call: CheckedCall, decision: Decision) -> String {
    var parts: [String] = []
    if case .errno(let errno) = decision.action, errno == Errno.enosys(on: call.key.architecture) {
      parts.append("it fails with ENOSYS on purpose, so libc falls back to an older call; allowing it is rarely needed")
    }
    let rules = policy.rules.filter { $0.name == name }
    var registers = [UInt64](repeating: 0, count: 6)
    for argument in call.key.arguments { if let value = argument.value { registers[argument.index] = value } }
    for change in Explanation.changes(for: name, rules: rules, document: document, policy: policy) {
      guard let action = change.decision.outcome(for: registers, bits: call.key.architecture.bits), action.permits else { continue }
      if change.option.hasPrefix("--kernel ") {
        parts.append("allowed on kernel >= \(change.option.dropFirst(9))")
      } else {
        parts.append("allowed with \(change.option)")
      }
    }
    if let reason = call.reason, reason.source == .blocklist {
      let text = reason.text.hasSuffix(".") ? String(reason.text.dropLast()) : reason.text
      parts.append("blocked by the \(reason.list ?? "") blocklist for this reason: \(text): think twice before allowing it")
    }
    if parts.contains(where: { $0.hasPrefix("allowed with") || $0.hasPrefix("allowed on") }) { return parts.joined(separator: "; ") }
    switch decision.origin {
    case .rule(let pointer):
      let rule = document.location(of: pointer).position
      if let conditional = policy.rules.first(where: { $0.name == name && $0.action?.permits == true && $0.conditions.contains { !$0.isEmpty } }) {
        let when = conditional.conditions.map(\.conditionText).joined(separator: " or ")
        parts.append("the rule at \(document.file):\(document.location(of: conditional.pointer).position) allows it only when \(when); the call at line \(call.statistics.line) does not match")
      } else {
        parts.append("remove \"\(name)\" from the rule at \(document.file):\(rule) (it \(decision.action.description))")
      }
    default:
      if let target = allowlistRule() {
        let names = document.location(of: target.appending("names"))
        parts.append("add \"\(name)\" to the names of the rule at \(document.file):\(names.position)")
      } else {
        parts.append("add a rule {\"names\": [\"\(name)\"], \"action\": \"SCMP_ACT_ALLOW\"}")
      }
    }
    return parts.joined(separator: "; ")
  }

  /// The first rule applied on this target that allows its names unconditionally, with no includes/excludes
  /// (where a name is added with the least effect on anything else).
  private func allowlistRule() -> JSONPointer? {
    let rules = document.profile.syscalls ?? []
    for trace in policy.rules where trace.fate == .applied && trace.action == .allow && trace.conditions.allSatisfy(\.isEmpty) {
      guard let index = trace.pointer.tokens.last.flatMap(Int.init), rules.indices.contains(index) else { continue }
      let rule = rules[index]
      if rule.includes == nil || rule.includes == RuleFilter(), rule.excludes == nil || rule.excludes == RuleFilter(), rule.names != nil {
        return trace.pointer
      }
    }
    return nil
  }

  /// Compares what an audit record (or a SIGSYS line) says the filter did with what this profile does.
  private func finishAudit(_ call: inout CheckedCall) {
    let recorded = call.statistics.recorded
    guard !recorded.isEmpty else { return }
    if recorded.contains(.errno) {
      call.notes.append(
        "the kernel logs ERRNO only for filters loaded with SECCOMP_FILTER_FLAG_LOG (the OCI \"flags\" field; Docker does not set it), and the record carries no errno number")
    }
    guard call.verdict != .depends, call.verdict != .unknown else { return }
    let mine: Set<RecordedAction>
    switch call.action {
    case .killThread: mine = [.killThread, .sigsys]
    case .killProcess: mine = [.killProcess, .sigsys]
    case .trap: mine = [.trap, .sigsys]
    case .errno: mine = [.errno]
    case .trace: mine = [.trace]
    case .notify: mine = [.notify]
    case .log: mine = [.log]
    case .allow, nil: mine = [.allow]
    }
    let foreign = recorded.subtracting(mine).sorted()
    guard !foreign.isEmpty else { return }
    call.notes.append(
      "recorded \(foreign.map(\.rawValue).joined(separator: ", ")) but this profile gives \(call.decision) on \(call.key.architecture.token): the denial did not come from this profile for this target (another profile, another arch, or another runtime)")
  }

  /// runc's own calls after the filter that this profile blocks on the host ABI (the container does not start).
  func blockedRuntimeCalls() -> [(requirement: RuntimeRequirement, decision: String)] {
    guard case .enforced = policy.status, let host = policy.abis.first else { return [] }
    var blocked: [(RuntimeRequirement, String)] = []
    for requirement in runc.requirements {
      guard let decision = decisions[host.architecture]?[requirement.syscall]?.decision else { continue }
      let firsts = requirement.firstArguments.isEmpty ? [UInt64(0)] : requirement.firstArguments
      let outcomes = firsts.map { decision.outcome(for: [$0, 0, 0, 0, 0, 0], bits: host.architecture.bits) }
      if let denied = outcomes.first(where: { $0.map { !$0.permits } ?? false }) ?? nil {
        blocked.append((requirement, denied.description(on: host.architecture)))
      }
    }
    return blocked
  }
}
