/// Every rule, sorted by id (a test keeps it sorted and unique).
package enum RuleRegistry {
  package static let all: [any Rule.Type] = [
    UnknownKey.self, DuplicateKey.self, InvalidValue.self, ConflictingFields.self, UnconfinedProfile.self,
    DialectRejects.self, DialectIgnores.self,
    DefaultAllow.self, NoArchitectures.self, RuntimeRejects.self, NotifyMisuse.self, DockerVersionCompat.self,
    ErrnoNameMismatch.self, DuplicateArchitecture.self, RuntimeRequired.self,
    UnknownSyscall.self, SyscallNotOnArch.self, RedundantRule.self, ConflictingRules.self, BlocklistConflict.self,
    BypassSibling.self, IOUringAllowed.self, EpermForFallback.self, UnsupportedByLibseccomp.self, OutdatedBase.self,
    LibseccompMiscompiles.self,
    MissingArchGuard.self, NeverMatchingCondition.self, ArgOrSemantics.self, IntArgHighBits.self,
    UnusedSuppression.self,
  ]

  package static var descriptors: [RuleDescriptor] { all.map { $0.descriptor } }

  /// A rule by code (`SCL201`) or name (`unknown-syscall`).
  package static func descriptor(_ codeOrName: String) -> RuleDescriptor? {
    descriptors.first { $0.id == codeOrName || $0.name == codeOrName }
  }
}
