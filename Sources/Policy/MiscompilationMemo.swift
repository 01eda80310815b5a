/// What the miscompilation checks worked out for one syscall number's rules, kept across the targets of one profile:
/// lint checks every host of a profile, and its hosts put the same rules on ABIs of the same width (`personality`
/// on every ABI, the socket calls on every `socketcall`), where the search over argument vectors gives the same
/// answer. A handful of entries: searched in order (a dictionary's generic type costs more to set up at run time).
package struct MiscompilationMemo: Sendable {
  struct Rule: Sendable, Equatable {
    var chain: ConditionChain
    var action: SeccompAction
  }

  /// Everything `TreeMiscompilations.search` reads.
  struct Key: Sendable, Equatable {
    var bits: Int
    var typo: Bool
    var defaultAction: SeccompAction
    var rules: [Rule]
  }

  var findings: [(key: Key, finding: TreeMiscompilations.Finding?)] = []

  package init() {}
}
