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
  /// The refused entry and the entry it collides with, by position among the syscall number's entries.
  var conflicts: [(key: Key, refusal: (failing: Int, existing: Int)?)] = []

  package init() {}
}
