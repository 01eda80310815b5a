import Fixer
import Policy
import ProfileModel
import SyscallTables

/// What a rule sees: the loaded document, its symbolic policy, the active blocklists and facts about the
/// profile's architectures; and where it reports.
package struct LintContext {
  package let document: ProfileDocument
  package let symbolic: SymbolicPolicy
  package let blocklists: [Blocklist]
  package let arches: ProfileArches
  package private(set) var diagnostics: [Diagnostic] = []
  var rule: RuleDescriptor?
  /// Set by `--docker-version` / `--libseccomp-version`; rules about versions are silent without them.
  package var dockerVersion: DockerVersion?
  package var libseccomp: LibseccompRelease?
  /// Set by `--runtime`: the runc whose own calls after the filter `runtime-required` checks.
  package var runc: RuncBehaviour = .current
  /// What upstream changed since the profile's base, when lint runs with `--base`.
  package var upstreamDrift: UpstreamDrift?

  /// Indexes into `symbolic.rules` of the rules naming each syscall, in file order.
  package let rulesByName: [String: [Int]]
  /// Per rule of `symbolic.rules`: whether its guard can hold on some target, and whether it always holds.
  let canEverHold: [Bool]
  let alwaysHolds: [Bool]
  /// Per rule of `symbolic.rules`: `isUnconditional` (asking a rule in the array copied the whole rule).
  let unconditional: [Bool]
  /// Per syscall named by more than `RuleGroups.storedAbove` rules, those that can hold grouped by action
  /// (`ruleGroups(of:)` groups the others when asked).
  let crowdedRuleGroups: [String: RuleGroups]

  /// The document prepared for evaluation (shared by the rules that evaluate it for hosts).
  package let prepared: PreparedProfile

  /// Docker's and runc's stages per target, run on first use: the rules that evaluate the profile for its hosts
  /// (`runtime-rejects`, `runtime-required`, `eperm-for-fallback`, `libseccomp-miscompiles`) ask about the same
  /// targets, so each target's stages run once per profile. A handful of targets: searched in order.
  private var stagesByTarget: [EvaluationStages] = []
  /// What the stages and `libseccomp-miscompiles` worked out per syscall number, reused for the other hosts.
  private var policyMemo = PolicyMemo()
  /// The rules' declared host questions, answered by `answer(_:)` (their stages are not kept). A few dozen at
  /// most, searched by architecture first: hashing a question hashes its target's and its `only` sets, which
  /// cost more than the evaluations they save on moby's default.
  private var answeredQuestions: [HostQuestion] = []
  private var answers: [HostAnswer] = []
  /// How many targets' stages were built outside `answer(_:)` (a rule asked a question it did not declare).
  private(set) var undeclaredStages = 0

  package init(document: ProfileDocument, blocklists: [Blocklist]) {
    self.document = document
    symbolic = SymbolicPolicy(document.profile)
    self.blocklists = blocklists
    arches = ProfileArches(document.profile)
    prepared = PreparedProfile(document, guards: symbolic.rules.map(\.guardCondition))
    namedSyscalls = Self.namedSyscalls(document.profile, prepared)
    rulesByName = symbolic.ruleIndexesByName(reservingCapacity: namedSyscalls.count)
    (canEverHold, alwaysHolds, unconditional) = Self.ruleFacts(symbolic.rules)
    crowdedRuleGroups = RuleGroups.build(rulesByName, symbolic.rules, canEverHold: canEverHold)
  }

  /// `canEverHold`, `alwaysHolds` and `unconditional` in one pass, reading each rule's stored properties in place
  /// (mapping with key paths copied every rule twice).
  private static func ruleFacts(_ rules: [SymbolicRule]) -> (canEverHold: [Bool], alwaysHolds: [Bool], unconditional: [Bool]) {
    var canEverHold: [Bool] = []
    var alwaysHolds: [Bool] = []
    var unconditional: [Bool] = []
    canEverHold.reserveCapacity(rules.count)
    alwaysHolds.reserveCapacity(rules.count)
    unconditional.reserveCapacity(rules.count)
    for index in rules.indices {
      let ruleGuard = rules[index].guardCondition
      canEverHold.append(ruleGuard.canEverHold)
      alwaysHolds.append(ruleGuard.isAlways)
      let chains = rules[index].chains
      unconditional.append(chains.count == 1 && chains[0].isEmpty)  // `SymbolicRule.isUnconditional`
    }
    return (canEverHold, alwaysHolds, unconditional)
  }

  /// Docker's and runc's stages for `target` (run once per target and profile).
  package mutating func stages(for target: Target) -> EvaluationStages {
    if let cached = stagesByTarget.first(where: { $0.target == target }) { return cached }
    let stages = EvaluationStages(document, for: target, prepared: prepared, memo: &policyMemo)
    stagesByTarget.append(stages)
    undeclaredStages += 1
    return stages
  }

  /// `MiscompilationCheck.find(document, for: target)`, answered in advance when declared (`HostQuestion`).
  package mutating func miscompilations(for target: Target) -> [Miscompilation] {
    if case .miscompilations(let found)? = answered(HostQuestion(target, .miscompilations)) { return found }
    let stages = stages(for: target)
    return MiscompilationCheck.find(stages, memo: &policyMemo)
  }

  /// `Evaluator.evaluate(document, for: target, only: only, nativeOnly:)`, answered in advance when declared.
  package mutating func evaluate(for target: Target, only: Set<String>, nativeOnly: Bool = false) -> EffectivePolicy {
    let question = HostQuestion(target, .evaluation(only: only, nativeOnly: nativeOnly))
    if case .evaluation(let policy)? = answered(question) { return policy }
    return Evaluator.evaluate(stages(for: target), only: only, nativeOnly: nativeOnly)
  }

  /// Answers `questions` target by target (in first-asked order): each target's stages are built, asked
  /// everything about it, and dropped before the next target's are built.
  mutating func answer(_ questions: [HostQuestion]) {
    // The questions' positions per distinct target, in first-asked order (by position: copying a question
    // retains each of its sets).
    var groups: [[Int]] = []
    for index in questions.indices where answered(questions[index]) == nil {
      let target = questions[index].target
      if let group = groups.firstIndex(where: { questions[$0[0]].target.architecture == target.architecture && questions[$0[0]].target == target }) {
        if !groups[group].contains(where: { questions[$0] == questions[index] }) { groups[group].append(index) }
      } else {
        groups.append([index])
      }
    }
    for group in groups {
      let stages = EvaluationStages(document, for: questions[group[0]].target, prepared: prepared, memo: &policyMemo)
      for index in group {
        let question = questions[index]
        switch question.kind {
        case .evaluation(let only, let nativeOnly):
          answeredQuestions.append(question)
          answers.append(.evaluation(Evaluator.evaluate(stages, only: only, nativeOnly: nativeOnly)))
        case .miscompilations:
          answeredQuestions.append(question)
          answers.append(.miscompilations(MiscompilationCheck.find(stages, memo: &policyMemo)))
        }
      }
    }
  }

  /// By position (copying a question out of the array would retain each of its sets).
  private func answered(_ question: HostQuestion) -> HostAnswer? {
    for index in answeredQuestions.indices where answeredQuestions[index].target.architecture == question.target.architecture {
      if answeredQuestions[index] == question { return answers[index] }
    }
    return nil
  }

  /// The rules naming `syscall`, in file order.
  package func rules(naming syscall: String) -> [SymbolicRule] {
    (rulesByName[syscall] ?? []).map { symbolic.rules[$0] }
  }

  package var profile: Profile { document.profile }

  /// Reports at the value a canonical pointer (model spelling, e.g. `/syscalls/3/names/0`) names.
  package mutating func report(
    _ message: String, at pointer: JSONPointer, syscalls: [String] = [], arches: [String] = [],
    condition: String? = nil, fix: String? = nil, autofix: Fix? = nil, severity: Severity? = nil, claims: [Claim] = []
  ) {
    report(
      message, location: document.location(of: pointer), syscalls: syscalls, arches: arches, condition: condition,
      fix: fix, autofix: autofix, severity: severity, claims: claims)
  }

  /// Reports at an exact location in the file (issues recorded while decoding carry their own).
  package mutating func report(
    _ message: String, location: SourceLocation, syscalls: [String] = [], arches: [String] = [],
    condition: String? = nil, fix: String? = nil, autofix: Fix? = nil, severity: Severity? = nil, claims: [Claim] = []
  ) {
    guard let rule else { return }
    diagnostics.append(
      Diagnostic(
        ruleID: rule.id, ruleName: rule.name, severity: severity ?? rule.defaultSeverity, message: message,
        file: document.file,
        pointer: location.pointer, position: location.position, syscalls: syscalls, arches: arches,
        condition: condition, fix: fix, autofix: fix == nil ? nil : autofix, claims: claims))
  }

  /// Builds edits over this document from the loader's positions (`lint --fix`).
  package var edits: FixEdits { FixEdits(document) }

  /// A fix of `applicability` from `edits`, or nil when no edit could be placed exactly.
  package func fix(_ applicability: FixApplicability, _ edits: [TextEdit]?) -> Fix? {
    guard let edits, !edits.isEmpty else { return nil }
    return Fix(applicability, edits: edits)
  }

  /// The byte offset of the value a canonical pointer names, when the pointer names it exactly (not an ancestor).
  package func offset(of canonical: JSONPointer) -> Int? {
    let location = document.location(of: canonical)
    guard location.pointer.tokens.count == document.basePointer.tokens.count + canonical.tokens.count else { return nil }
    return location.position.offset
  }

  /// Every (rule index, name index, name, the name's row in libseccomp's table) of the profile, for rules
  /// about syscall names (computed once, so each name is looked up once).
  package let namedSyscalls: [NamedSyscall]

  /// One name of one rule (`namedSyscalls`). A struct, not a tuple: an array of tuples has its type metadata
  /// built at run time, which cost more than listing the names.
  package struct NamedSyscall: Sendable {
    /// The rule's index in `syscalls`.
    package var rule: Int
    /// The name's index in the rule's `names`; `-1` for the legacy `name` field.
    package var name: Int
    package var syscall: String
    /// The name's row in libseccomp's table; nil when libseccomp does not know it.
    package var row: Int?
  }

  static func namedSyscalls(_ profile: Profile, _ prepared: PreparedProfile) -> [NamedSyscall] {
    var named: [NamedSyscall] = []
    let rules = profile.syscalls ?? []
    named.reserveCapacity(rules.reduce(0) { $0 + max($1.names?.count ?? 0, 1) })
    for ruleIndex in rules.indices {
      if let names = rules[ruleIndex].names, !names.isEmpty {
        for (nameIndex, name) in names.enumerated() {
          named.append(NamedSyscall(rule: ruleIndex, name: nameIndex, syscall: name, row: prepared.row(rule: ruleIndex, name: nameIndex)))
        }
      } else if let name = rules[ruleIndex].name {
        named.append(NamedSyscall(rule: ruleIndex, name: -1, syscall: name, row: name.isEmpty ? nil : prepared.row(rule: ruleIndex, name: -1)))
      }
    }
    return named
  }

  /// The canonical pointer of a name from `namedSyscalls` (`-1` is the legacy `name` field).
  package func pointer(rule: Int, name: Int) -> JSONPointer {
    name < 0 ? JSONPointer(["syscalls", String(rule), "name"]) : JSONPointer(["syscalls", String(rule), "names", String(name)])
  }
}

/// The ABIs a profile can put in a filter: its `architectures`, or every arch of every `archMap` group
/// (the filter of a given host then holds one group, plus the native arch).
package struct ProfileArches: Sendable {
  /// One archMap entry: its host arch and the arches of its group (host first). A struct, not a tuple: an array
  /// of tuples has its type metadata built at run time.
  package struct Group: Sendable {
    package var host: String
    package var arches: [String]
  }

  /// Known architectures the profile names, in first-mention order.
  package var all: [Architecture]
  /// archMap groups: host arch → the group's arches (host first).
  package var groups: [Group]
  /// Whether the profile lists no arch at all (only the native ABI is allowed).
  package var isEmpty: Bool { all.isEmpty }

  package init(_ profile: Profile) {
    var tokens = profile.architectures ?? []
    groups = (profile.archMap ?? []).map { entry in
      Group(host: entry.architecture ?? "", arches: [entry.architecture ?? ""] + (entry.subArchitectures ?? []))
    }
    for group in groups { tokens += group.arches }
    var seen: Set<String> = []
    all = tokens.compactMap { token in
      guard seen.insert(token).inserted else { return nil }
      return Architecture.withToken(token)
    }
  }
}
