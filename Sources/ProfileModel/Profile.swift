/// A Docker/moby seccomp profile (moby `seccomp.Seccomp`, which embeds runtime-spec `LinuxSeccomp`),
/// plus Podman's `defaultErrno`. Every field is optional: absent and `null` are both nil, as Go leaves them.
///
/// `Codable` with the exact key spellings; `ProfileLoader` decodes it with Go's key-binding rules through
/// `GoDecoder`, and `JSONEncoder` writes it back in canonical form.
package struct Profile: Codable, Sendable, Hashable {
  package var defaultAction: String?
  /// Errno for an ERRNO/TRACE default (runc: EPERM when nil). Docker ≥ 22.06/23.0.
  package var defaultErrnoRet: UInt64?
  /// Podman (containers/common) only: errno by name, e.g. `"ENOSYS"`. Docker ignores it.
  package var defaultErrno: String?
  package var architectures: [String]?
  package var archMap: [ArchMapEntry]?
  package var flags: [String]?
  package var listenerPath: String?
  package var listenerMetadata: String?
  package var syscalls: [SyscallRule]?

  package init() {}

  package enum CodingKeys: String, SchemaCodingKey {
    case defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, flags, listenerPath
    case listenerMetadata, syscalls
  }
}

/// One `archMap` entry: on a host whose native arch is `architecture`, the filter also covers the sub-arches.
package struct ArchMapEntry: Codable, Sendable, Hashable {
  package var architecture: String?
  package var subArchitectures: [String]?

  package init(architecture: String? = nil, subArchitectures: [String]? = nil) {
    self.architecture = architecture
    self.subArchitectures = subArchitectures
  }

  package enum CodingKeys: String, SchemaCodingKey { case architecture, subArchitectures }
}

/// One entry of `syscalls` (moby `seccomp.Syscall`, embedding runtime-spec `LinuxSyscall`).
package struct SyscallRule: Codable, Sendable, Hashable {
  package var names: [String]?
  /// Legacy single name (Docker 1.11–1.12 format); moby turns it into `names: [name]`.
  package var name: String?
  package var action: String?
  /// Errno for ERRNO/TRACE (low 16 bits used by runc); Docker ≥ 20.10.10.
  package var errnoRet: UInt64?
  /// Podman only: errno by name.
  package var errno: String?
  package var args: [SyscallArg]?
  package var comment: String?
  package var includes: RuleFilter?
  package var excludes: RuleFilter?

  package init(names: [String]? = nil, action: String? = nil) {
    self.names = names
    self.action = action
  }

  /// The names the rule applies to, as moby sees them: `names`, or the legacy `name` when `names` is empty.
  package var effectiveNames: [String] {
    if let names, !names.isEmpty { return names }
    if let name, !name.isEmpty { return [name] }
    return []
  }

  package enum CodingKeys: String, SchemaCodingKey {
    case names, name, action, errnoRet, errno, args, comment, includes, excludes
  }
}

/// One argument condition (runtime-spec `LinuxSeccompArg`).
package struct SyscallArg: Codable, Sendable, Hashable {
  package var index: UInt64?
  package var value: UInt64?
  /// Used only by `SCMP_CMP_MASKED_EQ` (the expected result; `value` is then the mask).
  package var valueTwo: UInt64?
  package var op: String?

  package init(index: UInt64? = nil, value: UInt64? = nil, valueTwo: UInt64? = nil, op: String? = nil) {
    self.index = index
    self.value = value
    self.valueTwo = valueTwo
    self.op = op
  }

  package enum CodingKeys: String, SchemaCodingKey { case index, value, valueTwo, op }
}

/// `includes`/`excludes`: conditions moby evaluates against the host and container before runc sees the rule.
package struct RuleFilter: Codable, Sendable, Hashable {
  package var caps: [String]?
  package var arches: [String]?
  /// `"<kernel>.<major>"`; see `MobyKernelVersion` for moby's exact parsing.
  package var minKernel: String?

  package init(caps: [String]? = nil, arches: [String]? = nil, minKernel: String? = nil) {
    self.caps = caps
    self.arches = arches
    self.minKernel = minKernel
  }

  package enum CodingKeys: String, SchemaCodingKey { case caps, arches, minKernel }
}
