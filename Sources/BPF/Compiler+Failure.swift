extension Compiler.Failure: CustomStringConvertible {
  /// What the CLI prints (never Swift's debug rendering of the case).
  package var description: String {
    switch self {
    case .ruleRejected(let name, let errno) where errno.hasPrefix("no return"):
      "adding the rule for syscall \(name) never returns (libseccomp's tree merge walks a level whose links form a cycle): runc hangs and the container does not start"
    case .ruleRejected(let name, let errno):
      "adding the rule for syscall \(name) fails with -\(errno): runc does not start the container"
    case .generation:
      "libseccomp's BPF generator fails on this filter"
    case .unsupportedRelease(let release):
      "the BPF of libseccomp \(release) is not modelled byte for byte (only 2.5.4 is)"
    }
  }
}
