import ProfileModel
import SyscallTables

/// What Docker and runc make of one document for one target, run once: Docker's filtering and runc's
/// validation and translation, including libseccomp's refusals (-EEXIST, filter size). Every question about that
/// target starts from it — `Evaluator.evaluate(_:only:)` for any subset of syscalls, `MiscompilationCheck` —
/// so a caller asking several (lint's rules, per host) runs these stages once per target instead of once per
/// question (they were most of `lint`'s time on moby's default).
package struct EvaluationStages: Sendable {
  package let target: Target
  /// Whether the per-rule traces were recorded (needed for an evaluation of every syscall, `only == nil`).
  let traces: Bool

  enum Outcome: Sendable {
    /// Docker runs the container without seccomp.
    case unconfined(String)
    /// runc loads no filter (no defaultAction and no rule for this target); the rules Docker dropped.
    case noFilter(dropped: [RuleTrace])
    /// Docker, runc or libseccomp refuses the profile.
    case refused(Refusal)
    /// runc's rules for libseccomp (every rule: validation and refusals covered all of them).
    case filter(spec: OCISeccomp, dropped: [RuleTrace], runc: RuncStage.Output)
  }

  let outcome: Outcome

  /// - Parameter traces: record every rule's fate (Docker's drops, runc's skips) for an evaluation of every
  ///   syscall; evaluations with `only` and `MiscompilationCheck` do not read them.
  package init(_ document: ProfileDocument, for target: Target, prepared: PreparedProfile? = nil, traces: Bool = false) {
    var memo = PolicyMemo()
    self.init(document, for: target, prepared: prepared, traces: traces, memo: &memo)
  }

  /// The same, sharing per-syscall answers with the document's other targets through `memo`.
  package init(
    _ document: ProfileDocument, for target: Target, prepared: PreparedProfile? = nil, traces: Bool = false, memo: inout PolicyMemo
  ) {
    self.target = target
    self.traces = traces
    do {
      switch try DockerStage.run(document, for: target, prepared: prepared ?? PreparedProfile(document), traces: traces) {
      case .unconfined(let reason):
        outcome = .unconfined(reason)
      case .spec(let spec, let dropped):
        if let runc = try RuncStage.run(spec, for: target, traces: traces, memo: &memo) {
          outcome = .filter(spec: spec, dropped: dropped, runc: runc)
        } else {
          outcome = .noFilter(dropped: dropped)
        }
      }
    } catch {
      outcome = .refused(error)
    }
  }

  /// runc's output when a filter is loaded.
  var runc: RuncStage.Output? {
    if case .filter(_, _, let runc) = outcome { return runc }
    return nil
  }
}
