import ProfileModel
import SyscallTables

/// The libseccomp calls runc makes for a profile on a target (`InitSeccomp`: `seccomp_init(default)`,
/// `seccomp_arch_add` for each ABI in filter order, `seccomp_rule_add_array` per kept name and condition chain),
/// for a compiler that builds the filter itself (the BPF module).
package struct FilterCalls: Sendable {
  package struct Rule: Sendable {
    package var pointer: JSONPointer
    package var name: String
    package var action: SeccompAction
    /// One `seccomp_rule_add_array` call per chain (runc splits a rule whose argument indexes repeat).
    package var chains: [ConditionChain]
  }

  package enum Outcome: Sendable {
    /// runc loads no filter.
    case unconfined(String)
    case refused(Refusal)
    case filter(FilterCalls)
  }

  package var defaultAction: SeccompAction
  /// Filter order: the host's ABI first, then the profile's others.
  package var architectures: [Architecture]
  package var rules: [Rule]
  /// Whether runc prepends its ENOSYS stub, and each ABI's largest named syscall number (by OCI token).
  package var stubApplies: Bool
  package var stubMaxima: [String: Int]

  /// Runs moby's and runc's stages (the same ones `Evaluator` runs) and returns runc's calls.
  package static func make(_ document: ProfileDocument, for target: Target) -> Outcome {
    do {
      switch try DockerStage.run(document, for: target, prepared: PreparedProfile(document), traces: false) {
      case .unconfined(let reason):
        return .unconfined(reason)
      case .spec(let spec, _):
        guard let runc = try RuncStage.run(spec, for: target, traces: false) else {
          return .unconfined("no defaultAction and no rule applies to this target; runc loads no filter")
        }
        let stub =
          target.runtime == .runc
          && EnosysStub.applies(defaultAction: runc.defaultAction, defaultErrnoRet: spec.defaultErrnoRet)
        let maxima =
          stub ? EnosysStub.maxima(rows: runc.knownRows, architectures: runc.architectures, release: target.libseccomp) : [:]
        return .filter(
          FilterCalls(
            defaultAction: runc.defaultAction, architectures: runc.architectures,
            rules: runc.applied.map { Rule(pointer: $0.pointer, name: $0.name, action: $0.action, chains: $0.chains) },
            stubApplies: stub, stubMaxima: maxima))
      }
    } catch {
      return .refused(error)
    }
  }
}
