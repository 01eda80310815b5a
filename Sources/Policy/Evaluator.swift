import ProfileModel
import SyscallTables

/// Evaluates a profile for a target: Docker's filtering, runc's translation, libseccomp's rule combination
/// and runc's ENOSYS stub, giving the decision for every syscall of every ABI in the filter.
package enum Evaluator {
  package static func evaluate(_ document: ProfileDocument, for target: Target) -> EffectivePolicy {
    var policy = EffectivePolicy(
      target: target, status: .enforced, defaultAction: nil, abis: [], rules: [], newerThanKernel: 0)
    do {
      switch try DockerStage.run(document, for: target) {
      case .unconfined(let reason):
        policy.status = .unconfined(reason)
      case .spec(let spec, let dropped):
        guard let runc = try RuncStage.run(spec, for: target) else {
          policy.status = .unconfined("no defaultAction and no rule applies to this target; runc loads no filter")
          policy.rules = dropped
          return policy
        }
        policy.defaultAction = runc.defaultAction
        policy.rules = (dropped + runc.traces).sorted { $0.pointer < $1.pointer }
        build(&policy, runc, spec: spec)
      }
    } catch {
      policy.status = .refused(error)
    }
    return policy
  }

  private static func build(_ policy: inout EffectivePolicy, _ runc: RuncStage.Output, spec: OCISeccomp) {
    let target = policy.target
    let stubApplies =
      target.runtime == .runc
      && EnosysStub.applies(defaultAction: runc.defaultAction, defaultErrnoRet: spec.defaultErrnoRet)
    let maxima = stubApplies ? EnosysStub.maxima(names: runc.allNames, architectures: runc.architectures, release: target.libseccomp) : [:]
    let native = runc.architectures.first.map { [$0] } ?? []
    let others = runc.architectures.dropFirst().sorted()
    var newer = 0
    for architecture in native + others {
      let table = SyscallTable.forArchitecture(architecture)
      let rules = LibseccompStage.rules(runc.applied, on: architecture, release: target.libseccomp)
      let maximum = maxima[architecture]
      var decisions: [SyscallDecision] = []
      for entry in table.syscalls {
        guard let number = entry.resolution.directNumber else { continue }  // reachable only via a multiplexer
        guard entry.kernel <= target.kernel else {
          newer += 1
          continue
        }
        let decision: Decision
        if let maximum, number > maximum {
          decision = Decision(
            action: .errno(Errno.enosys(on: architecture)), origin: .enosysStub(maxNumber: maximum), branches: [],
            ambiguous: false)
        } else {
          decision = LibseccompStage.decide(rules[number] ?? [], defaultAction: runc.defaultAction)
        }
        decisions.append(SyscallDecision(name: entry.name, number: number, decision: decision))
      }
      policy.abis.append(ABIPolicy(architecture: architecture, stubMaximum: maximum, syscalls: decisions))
    }
    policy.newerThanKernel = newer
  }
}
