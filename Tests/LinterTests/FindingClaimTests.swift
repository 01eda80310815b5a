import Linter
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

/// Findings judge what the profile does: every claim a finding makes ("allowed with CAP_X", "denied", "the earlier
/// unconditional rule wins", "the name does nothing") is checked against the evaluator — what `seclint explain`
/// prints — for a target and arguments meeting the claim's condition.
enum ClaimChecker {
  /// The host the lint rules evaluate on: the first listed arch, else the first archMap host runc supports, else x86_64.
  static func host(_ profile: Profile) -> Architecture {
    if let first = profile.architectures?.first.flatMap(Architecture.withToken), first.runcAccepts { return first }
    let hosts = (profile.archMap ?? []).compactMap { $0.architecture.flatMap(Architecture.withToken) }.filter(\.runcAccepts)
    return hosts.first ?? Architecture.withToken("SCMP_ARCH_X86_64")!
  }

  /// Lints `document` and returns one line per claim the evaluator contradicts, plus the number of claims checked.
  static func disagreements(_ document: ProfileDocument, blocklists: [Blocklist]) -> (failures: [String], checked: Int) {
    let diagnostics = Linter.lint(document, options: LintOptions(blocklists: blocklists))
    let prepared = PreparedProfile(document)
    let preferred = host(document.profile)
    var failures: [String] = []
    var checked = 0
    for diagnostic in diagnostics {
      for claim in diagnostic.claims {
        let label = "\(document.file) \(diagnostic.pointer) [\(diagnostic.ruleName)] \(claim.syscall) \(claim.verdict) on \(claim.targets)"
        if claim.verdict == .notInFilter {
          // "Does nothing": on every host the rule applies to, no ABI of the filter has the syscall.
          for alternative in claim.targets.alternatives {
            for host in Architecture.all where host.runcAccepts {
              guard let target = alternative.witnessTarget(preferring: host), target.architecture == host else { continue }
              let policy = Evaluator.evaluate(document, for: target, only: [claim.syscall], prepared: prepared)
              checked += 1
              if policy.abis.contains(where: { $0.syscalls.contains { $0.name == claim.syscall } }) {
                failures.append("\(label): present in the filter on a \(host.token) host")
              }
            }
          }
          continue
        }
        for alternative in claim.targets.alternatives {
          // The first host meeting the condition whose filter has the syscall (stime is not on x86_64).
          var found: (Target, EffectivePolicy)?
          var loadable = false
          var refusedWithIt = false
          for host in [preferred] + Architecture.all where host.runcAccepts {
            guard let target = alternative.witnessTarget(preferring: host), target.architecture == host,
              claim.arguments.witness(bits: host.bits) != nil
            else { continue }
            // With the multiplexers, for the socket and IPC calls an ABI also makes through them.
            let policy = Evaluator.evaluate(document, for: target, only: [claim.syscall, "socketcall", "ipc"], prepared: prepared)
            if case .refused = policy.status {
              // The container does not start here (runtime-rejects says so): a claim about the call is vacuous.
              let abis = [host] + Evaluator.dockerArchitectures(document.profile, for: target).compactMap(Architecture.withToken)
              if abis.contains(where: { SyscallTable.forArchitecture($0).resolve(claim.syscall).directNumber != nil }) { refusedWithIt = true }
              continue
            }
            loadable = true
            if case .enforced = policy.status, !policy.abis.contains(where: { $0.syscalls.contains { $0.name == claim.syscall } }) {
              continue
            }
            found = (target, policy)
            break
          }
          // A profile no host meeting the condition can load makes the claim vacuous.
          guard loadable else { continue }
          guard let (target, policy) = found else {
            // Every host whose filter would have the syscall refuses the profile.
            if refusedWithIt { continue }
            failures.append("\(label): no host meeting \(alternative) has the syscall in its filter")
            continue
          }
          guard let arguments = claim.arguments.witness(bits: target.architecture.bits) else {
            failures.append("\(label): no arguments meet \(claim.arguments.conditionText)")
            continue
          }
          checked += 1
          guard case .enforced = policy.status else {
            if case .unconfined = policy.status, claim.verdict == .allowed { continue }
            failures.append("\(label): the profile is not enforced on \(target.architecture.token) (\(policy.status))")
            continue
          }
          guard let abi = policy.abis.first(where: { $0.syscalls.contains { $0.name == claim.syscall } }),
            let decision = abi.syscalls.first(where: { $0.name == claim.syscall })?.decision
          else {
            failures.append("\(label): not in the filter on a \(target.architecture.token) host")
            continue
          }
          let outcome = decision.outcome(for: arguments, bits: abi.architecture.bits)
          // A socket call is also made through socketcall where the ABI multiplexes it; explain prints that path
          // ("via socketcall(1): ALLOW"), which is what a finding saying the call is allowed means when runc's
          // ENOSYS stub answers the direct number (socket on ppc64le: libseccomp resolves it to a pseudo number,
          // so runc's stub can stop below 326). libseccomp rewrites the rule onto the multiplexer with arg0 ==
          // subcall and the other conditions as they are (the evaluator's LibseccompStage), so the registers are
          // the claim's with arg0 replaced by the subcall.
          let viaMultiplexer: SeccompAction? = {
            guard case .multiplexed(_, let number, let subcall) = SyscallTable.forArchitecture(abi.architecture).resolve(claim.syscall).kind,
              let mux = abi.syscalls.first(where: { $0.number == number })
            else { return nil }
            return mux.decision.outcome(for: [UInt64(subcall)] + arguments.dropFirst(), bits: abi.architecture.bits)
          }()
          let agrees: Bool =
            switch claim.verdict {
            case .allowed: outcome?.permits == true || (decision.isENOSYSStub && viaMultiplexer?.permits == true)
            case .denied: outcome?.permits == false
            case .outcome(let action): outcome == action
            case .undecided: outcome == nil || decision.ambiguous
            case .notInFilter: true
            }
          if !agrees {
            failures.append("\(label): explain says \(outcome.map(\.description) ?? "undecided") on \(abi.architecture.token) with caps \(target.capabilities.sorted().joined(separator: ",")) kernel \(target.kernel) args \(arguments.prefix(3))")
          }
        }
      }
    }
    return (failures, checked)
  }
}

@Suite struct FindingClaimTests {
  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func everyClaimOnTheCorpusAgreesWithTheEvaluator() throws {
    let lists = [Blocklist.docker!, Blocklist.palantir!]
    var failures: [String] = []
    var checked = 0
    for relative in Corpus.profiles {
      guard let document = try? ProfileLoader.load(path: Corpus.path(relative), as: relative) else { continue }
      let result = ClaimChecker.disagreements(document, blocklists: lists)
      failures += result.failures
      checked += result.checked
    }
    #expect(checked > 500, "only \(checked) claims checked")
    #expect(failures.isEmpty, "\(failures.count) of \(checked) claims disagree:\n\(failures.prefix(40).joined(separator: "\n"))")
  }

  @Test func everyClaimOnGeneratedProfilesAgreesWithTheEvaluator() throws {
    var generator = ProfileGenerator(seed: 0x5ec1_1a7)
    let lists = [Blocklist.docker!, Blocklist.palantir!]
    var failures: [String] = []
    var checked = 0
    for index in 0..<1200 {
      let text = generator.profile()
      let document = try ProfileLoader.load(text: text, file: "generated-\(index).json")
      let result = ClaimChecker.disagreements(document, blocklists: lists)
      failures += result.failures.map { $0 + "\n    " + text }
      checked += result.checked
    }
    #expect(checked > 40_000, "only \(checked) claims checked")
    #expect(failures.isEmpty, "\(failures.count) of \(checked) claims disagree:\n\(failures.prefix(20).joined(separator: "\n"))")
  }
}

extension Decision {
  var isENOSYSStub: Bool {
    if case .enosysStub = origin { return true }
    return false
  }
}

/// Small random profiles over the syscalls the claim-making rules care about (a fixed seed: reproducible).
struct ProfileGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next(_ bound: Int) -> Int {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Int((state >> 33) % UInt64(bound))
  }

  mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

  static let names = [
    "perf_event_open", "clone", "socket", "settimeofday", "adjtimex", "clock_settime", "mount", "fsopen", "ptrace",
    "process_vm_readv", "unshare", "setns", "chmod", "fchmodat", "kexec_load", "kexec_file_load", "swapcontext",
    "socketcall", "personality", "read",
  ]
  static let actions = [
    #""action": "SCMP_ACT_ALLOW""#, #""action": "SCMP_ACT_ERRNO", "errnoRet": 1"#,
    #""action": "SCMP_ACT_ERRNO", "errnoRet": 38"#, #""action": "SCMP_ACT_KILL""#, #""action": "SCMP_ACT_ALLOW""#,
  ]
  static let caps = ["CAP_SYS_ADMIN", "CAP_PERFMON", "CAP_SYS_TIME", "CAP_SYS_PTRACE", "CAP_BPF", "CAP_SYS_BOOT"]
  static let arches = ["amd64", "arm64", "s390x", "ppc64le"]
  static let ops = ["SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_GE"]
  static let values: [UInt64] = [0, 1, 9, 16, 40, 0x7E02_0000, 0x7C02_0000, 0x2000_0000, 0xFFFF_FFFF]

  mutating func profile() -> String {
    let defaultAction = pick([#""defaultAction": "SCMP_ACT_ERRNO""#, #""defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1"#, #""defaultAction": "SCMP_ACT_ALLOW""#])
    let archMap = #""archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}, {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}]"#
    var rules: [String] = []
    for _ in 0..<(1 + next(6)) {
      var names: [String] = []
      for _ in 0..<(1 + next(3)) {
        let name = pick(Self.names)
        if !names.contains(name) { names.append(name) }
      }
      var parts = [#""names": [\#(names.map { "\"\($0)\"" }.joined(separator: ", "))]"#, pick(Self.actions)]
      if next(3) == 0 {
        var args: [String] = []
        for _ in 0..<(1 + next(2)) {
          let value = pick(Self.values)
          args.append(#"{"index": \#(next(3)), "value": \#(value), "valueTwo": \#(next(2) == 0 ? 0 : value), "op": "\#(pick(Self.ops))"}"#)
        }
        parts.append(#""args": [\#(args.joined(separator: ", "))]"#)
      }
      var includes: [String] = []
      var excludes: [String] = []
      if next(3) == 0 { includes.append(#""caps": ["\#(pick(Self.caps))"]"#) }
      if next(4) == 0 { excludes.append(#""caps": ["\#(pick(Self.caps))", "\#(pick(Self.caps))"]"#) }
      if next(6) == 0 { includes.append(#""arches": ["\#(pick(Self.arches))"]"#) }
      if next(6) == 0 { excludes.append(#""arches": ["\#(pick(Self.arches))"]"#) }
      if next(8) == 0 { includes.append(#""minKernel": "4.\#(next(20))""#) }
      if !includes.isEmpty { parts.append(#""includes": {\#(includes.joined(separator: ", "))}"#) }
      if !excludes.isEmpty { parts.append(#""excludes": {\#(excludes.joined(separator: ", "))}"#) }
      rules.append("{" + parts.joined(separator: ", ") + "}")
    }
    return "{\(defaultAction), \(archMap), \"syscalls\": [\(rules.joined(separator: ", "))]}"
  }
}
