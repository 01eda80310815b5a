import ProfileModel
import SyscallTables

/// The OCI `linux.seccomp` moby hands to runc after `setupSeccomp` (moby-semantics.md §3).
struct OCISeccomp {
  /// A class: the rules are immutable once prepared, and every host's evaluation keeps a subset of them, so
  /// keeping one is a reference copy instead of ten reference-counted fields.
  final class Rule: Sendable {
    let pointer: JSONPointer
    let names: [String]
    /// `names`' rows in libseccomp's table (nil: a name the tables do not have).
    let rows: [Int?]
    let action: String
    let errnoRet: UInt64?
    let args: [SyscallArg]
    let comment: String?
    /// runc's reading of the rule, which depends on no target: the action with its errno (nil when runc does
    /// not know the action string) and the condition chains (`RuncStage.conditionChains`).
    let parsedAction: SeccompAction?
    let chains: [ConditionChain]
    /// `chains == [[]]`: a rule without conditions.
    let unconditional: Bool
    /// Facts runc's checks need, computed once: the first argument whose operator runc does not know, the
    /// first argument index above 5, and whether the names include an empty one or `write`.
    let unknownOperatorIndex: Int?
    let argumentIndexAbove5: UInt64?
    let hasEmptyName: Bool
    let namesWrite: Bool

    init(
      pointer: JSONPointer, names: [String], rows: [Int?], action: String, errnoRet: UInt64?, args: [SyscallArg],
      comment: String?
    ) {
      self.pointer = pointer
      self.names = names
      self.rows = rows
      self.action = action
      self.errnoRet = errnoRet
      self.args = args
      self.comment = comment
      parsedAction = SeccompAction(token: action, errnoRet: errnoRet)
      chains = RuncStage.conditionChains(args)
      unconditional = chains.count == 1 && chains[0].isEmpty
      unknownOperatorIndex = args.firstIndex { CompareOperator(rawValue: $0.op ?? "") == nil }
      argumentIndexAbove5 = args.first(where: { ($0.index ?? 0) > 5 })?.index
      hasEmptyName = names.contains { $0.isEmpty }
      namesWrite = names.contains { $0.utf8.count == 5 && $0 == "write" }
    }
  }

  var defaultAction: String
  var defaultErrnoRet: UInt64?
  var architectures: [String]
  var flags: [String]?
  var listenerPath: String
  var rules: [Rule]
}

/// moby's `LoadProfile` + `setupSeccomp`: decode checks, unconfined profiles, archMap expansion,
/// includes/excludes filtering (current moby, v23+ semantics).
enum DockerStage {
  enum Outcome {
    case unconfined(String)
    case spec(OCISeccomp, dropped: [RuleTrace])
  }

  /// - Parameter traces: record the rules Docker drops (`dropped`); callers that only need decisions skip it.
  static func run(
    _ document: ProfileDocument, for target: Target, prepared: PreparedProfile, traces: Bool = true
  ) throws(Refusal) -> Outcome {
    if let refusal = prepared.decodingRefusal { throw refusal }
    let profile = document.profile
    let rules = profile.syscalls ?? []
    // §3.1 (2): no defaultAction and no rules: no seccomp at all (checked before anything else).
    if (profile.defaultAction ?? "").isEmpty && rules.isEmpty {
      return .unconfined(
        document.dialect.usesDockerStage
          ? "the profile has no defaultAction and no syscalls; Docker runs the container without seccomp"
          : "the profile has no defaultAction and no syscalls; runc assumes seccomp is disabled and loads no filter")
    }
    let architectures = profile.architectures ?? []
    let archMap = profile.archMap ?? []
    if !architectures.isEmpty && !archMap.isEmpty {
      throw Refusal(
        .docker,
        "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
        at: "/archMap")
    }
    // A prepared profile of another document (never passed today) would index the wrong rules: prepare this one.
    let prepared = prepared.rules.count == rules.count ? prepared : PreparedProfile(document)
    if let refusal = prepared.namesConflict { throw refusal }
    var kept: [OCISeccomp.Rule] = []
    var dropped: [RuleTrace] = []
    for index in rules.indices {
      if prepared.unguarded[index] || prepared.guards[index].holds(for: target) {
        kept.append(prepared.rules[index])
      } else if traces {
        let oci = prepared.rules[index]
        let reason = prepared.guards[index].dropReason(for: target) ?? ""
        for name in oci.names {
          dropped.append(
            RuleTrace(
              pointer: oci.pointer, name: name, action: SeccompAction(token: oci.action, errnoRet: oci.errnoRet),
              conditions: [], comment: oci.comment, fate: .droppedByDocker(reason)))
        }
      }
    }
    let spec = OCISeccomp(
      defaultAction: profile.defaultAction ?? "", defaultErrnoRet: profile.defaultErrnoRet,
      architectures: architectures.isEmpty ? expandArchMap(archMap, for: target) : architectures,
      flags: profile.flags, listenerPath: profile.listenerPath ?? "", rules: kept)
    return .spec(spec, dropped: dropped)
  }

  /// `json.Unmarshal` fails on any type error (and on a bad `minKernel`); a null rule makes moby dereference nil.
  static func decodingRefusal(_ document: ProfileDocument) -> Refusal? {
    for issue in document.issues {
      switch issue.kind {
      case .typeMismatch, .nullElement:
        if !document.dialect.usesDockerStage {
          return Refusal(
            .runc, "\(document.dialect.consumer) cannot decode the profile: \(issue.message)", at: canonical(issue.location.pointer))
        }
        return Refusal(
          .docker, "Decoding seccomp profile failed: \(issue.message)", at: canonical(issue.location.pointer))
      default: continue
      }
    }
    for (index, rule) in (document.profile.syscalls ?? []).enumerated() {
      for (key, filter) in [("includes", rule.includes), ("excludes", rule.excludes)] {
        guard let text = filter?.minKernel, case .failure(let error) = MobyKernelVersion.parse(text) else { continue }
        return Refusal(
          .docker,
          "Decoding seccomp profile failed: invalid kernel version: \"\(text)\", expected \"<kernel>.<major>\": \(error.reason)",
          at: JSONPointer(["syscalls", String(index), key, "minKernel"]))
      }
    }
    return nil
  }

  /// moby refuses a rule that has both `name` and `names` (the first such rule, whatever the target).
  static func namesConflict(_ rules: [SyscallRule]) -> Refusal? {
    guard let index = rules.firstIndex(where: { !($0.name ?? "").isEmpty && !($0.names ?? []).isEmpty }) else { return nil }
    return Refusal(
      .docker, "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'",
      at: JSONPointer(["syscalls", String(index), "name"]))
  }

  /// Issue pointers carry the file's spelling; refusals want the canonical one only for display, so keep it.
  private static func canonical(_ pointer: JSONPointer) -> JSONPointer { pointer }

  /// moby's `nativeToSeccomp` keys (seccomp_linux.go). `loong64` and `mipsle` never equal a native name
  /// (which are `loongarch64` and `mipsel`), so archMap is not applied on those hosts (arches.md B2).
  static let nativeToSeccompKeys: Set<String> = [
    "x86", "amd64", "arm", "arm64", "loong64", "mips64", "mips64n32", "mipsel64", "mips3l64n32", "mipsle", "ppc",
    "ppc64", "ppc64le", "riscv64", "s390", "s390x",
  ]

  /// The first archMap entry for the host's arch gives `[architecture] + subArchitectures` (§3.2).
  static func expandArchMap(_ archMap: [ArchMapEntry], for target: Target) -> [String] {
    guard nativeToSeccompKeys.contains(target.mobyNativeName) else { return [] }
    guard let entry = archMap.first(where: { $0.architecture == target.architecture.token }) else { return [] }
    return [target.architecture.token] + (entry.subArchitectures ?? [])
  }
}

extension Evaluator {
  /// The `SCMP_ARCH_*` tokens Docker hands runc for `target`'s host (`architectures` as given, or the host's
  /// archMap group); runc adds the native arch to these.
  package static func dockerArchitectures(_ profile: Profile, for target: Target) -> [String] {
    let architectures = profile.architectures ?? []
    return architectures.isEmpty ? DockerStage.expandArchMap(profile.archMap ?? [], for: target) : architectures
  }
}
