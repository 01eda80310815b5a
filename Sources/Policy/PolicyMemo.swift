import SyscallTables

/// Answers that depend only on the rules on one syscall number (and the ABI's width, the release, the default
/// action), kept across the targets of one profile: lint evaluates every host of a profile, and its hosts put the
/// same rules on ABIs of the same width (`personality` on every ABI, the socket calls on every `socketcall`), where
/// libseccomp's refusal check and the miscompilation search give the same answer. A handful of entries each:
/// searched in order (a dictionary's generic type costs more to set up at run time than these lookups).
package struct PolicyMemo: Sendable {
  struct Rule: Sendable, Equatable {
    var chain: ConditionChain
    var action: SeccompAction
  }

  /// Everything `TreeMiscompilations.search` and `LibseccompConflicts.refusal(among:)` read.
  struct Key: Sendable, Equatable {
    var bits: Int
    var typo: Bool
    var defaultAction: SeccompAction?
    var rules: [Rule]
  }

  /// The miscompilation search's answer (nil: none found).
  var trees: [(key: Key, finding: TreeMiscompilations.Finding?)] = []
  /// libseccomp's verdict on one syscall number's entries (`LibseccompConflicts.exactRefusal`): the refused entry
  /// and the entry it collides with, by position among them, and whether libseccomp never returns (while adding the
  /// rule, or later while generating the BPF).
  struct Conflict: Sendable {
    var failing: Int
    var existing: Int
    var endless: Bool
    var atLoad: Bool
  }
  var conflicts: [(key: Key, refusal: Conflict?)] = []

  /// What runc's applied rules for a target are made of (`RuncStage.run`): the rules Docker kept (the prepared
  /// rule objects, compared by identity), runc's default action, the release and where `sys_debug_setcontext`
  /// lands on the host. Targets with equal keys have the same applied rules (moby's MIPS hosts: mips64 and
  /// mips64n32 keep the same rules and put the same three ABIs in the filter), so every per-ABI answer below is
  /// the same for them and is worked out once.
  struct AppliedKey: Sendable, Equatable {
    var rules: [OCISeccomp.Rule]
    var defaultAction: SeccompAction
    var release: LibseccompRelease
    var debugSetcontextLanding: Int?

    static func == (a: Self, b: Self) -> Bool {
      guard a.rules.count == b.rules.count, a.defaultAction == b.defaultAction,
        a.debugSetcontextLanding == b.debugSetcontextLanding, a.release == b.release
      else { return false }
      for index in a.rules.indices where a.rules[index] !== b.rules[index] { return false }
      return true
    }
  }

  /// Per ABI: the first rule libseccomp refuses there (its chain's place in runc's order), or nil.
  var refusals: [(key: AppliedKey, architecture: Architecture, refusal: (order: Int, refusal: Refusal)?)] = []
  /// Per filter section (class 4(a)) and per ABI (classes 4(b), 4(c), 4(e)): the miscompilations found.
  var sections: [(key: AppliedKey, section: [Architecture], found: [Miscompilation])] = []
  var treeFindings: [(key: AppliedKey, architecture: Architecture, found: [Miscompilation])] = []

  package init() {}
}
