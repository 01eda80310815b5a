import ProfileModel
import SyscallTables

/// Why a container with this profile does not start, and who refuses it.
package struct Refusal: Sendable, Hashable, Error {
  package enum Stage: String, Sendable, Hashable { case docker, runc, libseccomp }
  package var stage: Stage
  package var message: String
  /// The canonical pointer of the offending value, when there is one.
  package var pointer: JSONPointer?

  package init(_ stage: Stage, _ message: String, at pointer: JSONPointer? = nil) {
    self.stage = stage
    self.message = message
    self.pointer = pointer
  }
}

/// What happened to one profile rule (one name of one `syscalls` entry) on the way into the filter.
package enum RuleFate: Sendable, Hashable {
  /// Passed Docker's includes/excludes and runc's checks; libseccomp adds it.
  case applied
  /// Dropped by Docker before runc sees it (`needs CAP_SYS_ADMIN`, `kernel 4.4 < minKernel 4.8`, …).
  case droppedByDocker(String)
  /// Skipped by runc (`same action as the default action`, `name unknown to libseccomp`).
  case skippedByRunc(String)
}

/// One name of one profile rule, with its fate.
package struct RuleTrace: Sendable, Hashable {
  package var pointer: JSONPointer
  package var name: String
  package var action: SeccompAction?
  package var conditions: [ConditionChain]
  package var comment: String?
  package var fate: RuleFate
}

/// Who decided a syscall's outcome.
package enum DecisionOrigin: Sendable, Hashable {
  /// A profile rule (canonical pointer of the `syscalls` entry).
  case rule(JSONPointer)
  /// No rule matched: the profile's default action.
  case defaultAction
  /// runc's ENOSYS stub: the number is above the largest the profile names on this ABI.
  case enosysStub(maxNumber: Int)
}

/// One branch of an argument-dependent decision: when `conditions` all hold, `action`.
package struct Branch: Sendable, Hashable {
  package var conditions: ConditionChain
  package var action: SeccompAction
  package var rule: JSONPointer

  package init(conditions: ConditionChain, action: SeccompAction, rule: JSONPointer) {
    self.conditions = conditions
    self.action = action
    self.rule = rule
  }
}

/// The filter's answer for one syscall number on one ABI.
package struct Decision: Sendable, Hashable {
  /// The action when no branch applies (the whole answer when `branches` is empty).
  package var action: SeccompAction
  package var origin: DecisionOrigin
  /// Argument-dependent outcomes, in rule order; empty when the arguments do not matter.
  package var branches: [Branch]
  /// Conditional rules with different actions: libseccomp's decision tree picks among overlapping ones,
  /// which file order does not predict.
  package var ambiguous: Bool

  package init(action: SeccompAction, origin: DecisionOrigin, branches: [Branch] = [], ambiguous: Bool = false) {
    self.action = action
    self.origin = origin
    self.branches = branches
    self.ambiguous = ambiguous
  }

  /// Whether the call can be blocked (the fallback or any branch blocks).
  package var canBlock: Bool { !action.permits || branches.contains { !$0.action.permits } }
  /// Whether the call can run (the fallback or any branch permits).
  package var canPermit: Bool { action.permits || branches.contains { $0.action.permits } }
}

/// A syscall on an ABI and the filter's decision.
package struct SyscallDecision: Sendable, Hashable {
  package var name: String
  /// The kernel's `seccomp_data.nr` on this ABI.
  package var number: Int
  package var decision: Decision
}

/// The effective filter for one ABI.
package struct ABIPolicy: Sendable, Hashable {
  package var architecture: Architecture
  /// runc's ENOSYS stub threshold on this ABI (nil: no stub section).
  package var stubMaximum: Int?
  /// Every syscall with a number on this ABI that exists in the target kernel, sorted by name.
  package var syscalls: [SyscallDecision]
}

/// The outcome of evaluating a profile for a target.
package struct EffectivePolicy: Sendable, Hashable {
  package enum Status: Sendable, Hashable {
    /// A filter is loaded.
    case enforced
    /// The container runs without seccomp.
    case unconfined(String)
    /// The container does not start.
    case refused(Refusal)
  }

  package var target: Target
  package var status: Status
  package var defaultAction: SeccompAction?
  /// ABIs in the filter (the native arch first, then the others by token). Any other ABI is killed.
  package var abis: [ABIPolicy]
  /// Every rule name and what happened to it, in file order.
  package var rules: [RuleTrace]
  /// Syscalls of the tables that the target kernel does not have yet (left out of `abis`).
  package var newerThanKernel: Int

  /// The ABI policy for `architecture`, if it is in the filter.
  package func abi(_ architecture: Architecture) -> ABIPolicy? { abis.first { $0.architecture == architecture } }
}
