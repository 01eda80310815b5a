import Policy

/// A question a rule asks about the profile on one target (one runc host): an evaluation of some syscalls, or
/// libseccomp's miscompilations. The rules that evaluate hosts declare theirs (`Rule.hostQuestions`), and
/// `Linter.lint` answers them all in one pass, target by target, before the rules run: each target's stages
/// (tens of kilobytes on moby's default) are built once and dropped after its answers, instead of every target's
/// staying alive until the last rule has asked. The answers are what the rules would compute themselves.
package struct HostQuestion: Equatable, Sendable {
  package enum Kind: Equatable, Sendable {
    /// `Evaluator.evaluate(stages, only: only, nativeOnly: nativeOnly)`.
    case evaluation(only: Set<String>, nativeOnly: Bool)
    /// `MiscompilationCheck.find(stages)`.
    case miscompilations
  }

  package var target: Target
  package var kind: Kind

  package init(_ target: Target, _ kind: Kind) {
    self.target = target
    self.kind = kind
  }
}

/// What a `HostQuestion` got.
enum HostAnswer {
  case evaluation(EffectivePolicy)
  case miscompilations([Miscompilation])
}

extension Rule {
  /// The questions `check` will ask about hosts (none for most rules). Declaring them lets `Linter.lint` answer
  /// them target by target; a question a rule asks without declaring it is still answered, from stages kept
  /// for the rest of the run.
  package static func hostQuestions(_ context: LintContext) -> [HostQuestion] { [] }
}
