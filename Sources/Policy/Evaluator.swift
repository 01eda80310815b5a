import ProfileModel
import SyscallTables

/// Evaluates a profile for a target: Docker's filtering, runc's translation, libseccomp's rule combination
/// and runc's ENOSYS stub, giving the decision for every syscall of every ABI in the filter.
package enum Evaluator {
  /// - Parameter only: decide just these syscalls (the others are left out of `abis`); nil for all. With `only`,
  ///   `rules` (the per-rule trace) is left empty, and `stubMaximum` is nil when every one of them is named by a
  ///   kept rule (then runc's stub cannot reach them): building those costs more than deciding a few syscalls.
  /// - Parameter prepared: `PreparedProfile(document)`; pass it when evaluating one document for many targets.
  package static func evaluate(
    _ document: ProfileDocument, for target: Target, only: Set<String>? = nil, prepared: PreparedProfile? = nil
  ) -> EffectivePolicy {
    evaluate(EvaluationStages(document, for: target, prepared: prepared, traces: only == nil), only: only)
  }

  /// The same evaluation from stages already run for the target (`EvaluationStages`), so several questions about
  /// one target share Docker's and runc's work. `only == nil` needs stages run with `traces: true` (otherwise
  /// `rules` is left empty).
  /// - Parameter nativeOnly: decide the host's native ABI only (`abis` then holds it alone), for a caller that
  ///   reads nothing else.
  package static func evaluate(_ stages: EvaluationStages, only: Set<String>?, nativeOnly: Bool = false) -> EffectivePolicy {
    var policy = EffectivePolicy(
      target: stages.target, status: .enforced, defaultAction: nil, abis: [], rules: [], newerThanKernel: 0)
    switch stages.outcome {
    case .unconfined(let reason):
      policy.status = .unconfined(reason)
    case .refused(let refusal):
      policy.status = .refused(refusal)
    case .noFilter(let dropped):
      policy.status = .unconfined("no defaultAction and no rule applies to this target; runc loads no filter")
      policy.rules = dropped
    case .filter(let spec, let dropped, var runc):
      // With `only` (and no multiplexer among them), runc's rules on other syscalls cannot land on the ones
      // decided, so they are not kept (the ENOSYS stub still sees every name; refusals were decided on all of them).
      let onlyRows = only.map { $0.compactMap(SyscallData.row(of:)).sorted() }
      if let only, let onlyRows, !(only.contains("socketcall") || only.contains("ipc")) {
        var wanted = [Bool](repeating: false, count: SyscallData.names.count)
        for row in onlyRows { wanted[row] = true }
        // A new array of the kept rules (removing from the shared one would copy all of them first), and of their
        // names' resolutions per ABI.
        // A plain loop over the rows (a filter closure reading `runc.applied[$0]` cost more than the rest for a
        // handful of names).
        let applied = runc.applied
        var kept: [Int] = []
        for position in applied.indices {
          let row = applied[position].row
          if row >= 0 && row < wanted.count && wanted[row] { kept.append(position) }
        }
        runc.applied = kept.map { applied[$0] }
        runc.resolved = runc.resolved.map { resolved in kept.map { resolved[$0] } }
        runc.conditionalRules = runc.applied.indices.filter { !runc.applied[$0].unconditional || runc.applied[$0].socketOrIPC }
      }
      policy.defaultAction = runc.defaultAction
      if only == nil {
        // File order: by rule index (dropped and kept traces interleave), stable within a rule.
        policy.rules = (dropped + runc.traces).enumerated()
          .map { (key: Int($0.element.pointer.tokens.last ?? "") ?? 0, order: $0.offset, trace: $0.element) }
          .sorted { ($0.key, $0.order) < ($1.key, $1.order) }.map(\.trace)
      }
      build(&policy, runc, spec: spec, onlyRows: onlyRows, nativeOnly: nativeOnly)
    }
    return policy
  }

  private static func build(
    _ policy: inout EffectivePolicy, _ runc: RuncStage.Output, spec: OCISeccomp, onlyRows: [Int]?, nativeOnly: Bool
  ) {
    let target = policy.target
    let stubApplies =
      target.runtime == .runc
      && EnosysStub.applies(defaultAction: runc.defaultAction, defaultErrnoRet: spec.defaultErrnoRet)
    // The stub's threshold is the largest number a kept name resolves to, so a syscall the rules name is never
    // above it (socket and IPC calls excepted: on multiplexing ABIs they resolve to pseudo numbers). When every
    // syscall decided (`only`) is such a name, the threshold cannot change a decision and is not computed
    // (`stubMaximum` stays nil); a release with unknown names or absent pairs always computes it.
    var stubMatters = stubApplies
    if stubApplies, let onlyRows, target.libseccomp.unknownNames.isEmpty, target.libseccomp.absentPairs.isEmpty {
      var named = [Bool](repeating: false, count: SyscallData.names.count)
      for row in runc.knownRows where named.indices.contains(row) { named[row] = true }
      stubMatters = onlyRows.contains { !named[$0] || SyscallData.isSocketOrIPC(row: $0) }
    }
    let maxima = stubMatters ? EnosysStub.maxima(
      rows: runc.knownRows, architectures: nativeOnly ? Array(runc.architectures.prefix(1)) : runc.architectures,
      release: target.libseccomp) : [:]
    let native = runc.architectures.first.map { [$0] } ?? []
    let others = nativeOnly ? [] : runc.architectures.dropFirst().sorted()
    // With `only`, resolve just those rows (in name order, as the listing is) instead of walking the listing.
    let onlyRowsByName = onlyRows?.sorted { SyscallData.names[$0] < SyscallData.names[$1] }
    var newer = 0
    for architecture in native + others {
      let table = SyscallTable.forArchitecture(architecture)
      let listing = onlyRowsByName == nil ? table.syscalls : []
      let count = onlyRowsByName?.count ?? listing.count
      let rules =
        runc.architectures.firstIndex(of: architecture).map {
          LibseccompStage.rules(runc.applied, resolved: runc.resolved[$0], bits: architecture.bits)
        } ?? LibseccompStage.rules(runc.applied, on: architecture, release: target.libseccomp)
      let maximum = maxima[architecture.token]
      var decisions: [SyscallDecision] = []
      decisions.reserveCapacity(count)
      for position in 0..<count {
        let name: String
        let resolution: Resolution
        let kernel: KernelVersion
        if let onlyRowsByName {
          let row = onlyRowsByName[position]
          resolution = table.resolve(row: row)
          guard resolution.exists, let rowKernel = table.kernelVersion(row: row) else { continue }
          name = SyscallData.names[row]
          kernel = rowKernel
        } else {
          let entry = listing[position]
          (name, resolution, kernel) = (entry.name, entry.resolution, entry.kernel)
        }
        guard let number = resolution.directNumber else { continue }  // reachable only via a multiplexer
        guard kernel <= target.kernel else {
          newer += 1
          continue
        }
        let decision: Decision
        if let maximum, number > maximum {
          decision = Decision(
            // runc's stub returns its own build's ENOSYS (`unix.ENOSYS` in patchbpf/enosys_linux.go: 89 on MIPS
            // hosts, 38 elsewhere), whatever ABI made the call.
            action: .errno(Errno.enosys(on: target.architecture)), origin: .enosysStub(maxNumber: maximum), branches: [],
            ambiguous: false)
        } else {
          decision = LibseccompStage.decide(rules[number], defaultAction: runc.defaultAction)
        }
        decisions.append(SyscallDecision(name: name, number: number, decision: decision))
      }
      policy.abis.append(ABIPolicy(architecture: architecture, stubMaximum: maximum, syscalls: decisions))
    }
    policy.newerThanKernel = newer
  }
}
