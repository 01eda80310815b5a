import SyscallTables

/// Which runtime builds the filter: runc (libseccomp filter plus runc's ENOSYS stub) or libseccomp alone.
package enum Runtime: String, Sendable, Hashable, CaseIterable, Codable {
  case runc, none
}

/// The host and container a profile is evaluated for.
package struct Target: Sendable, Hashable {
  /// The host's native architecture (the one runc always adds to the filter).
  package var architecture: Architecture
  /// The container's capability bounding set, `CAP_`-prefixed, as Docker fills it.
  package var capabilities: Set<String>
  /// The host kernel; moby compares `minKernel` with its first two components.
  package var kernel: KernelVersion
  package var runtime: Runtime
  /// `--privileged`: every capability; since moby v27 a custom profile still applies.
  package var privileged: Bool
  /// The libseccomp runc is linked against.
  package var libseccomp: LibseccompRelease

  package init(
    architecture: Architecture, capabilities: Set<String> = Capabilities.dockerDefault,
    kernel: KernelVersion = SyscallData.newestKernel, runtime: Runtime = .runc, privileged: Bool = false,
    libseccomp: LibseccompRelease = .v2_6_1
  ) {
    self.libseccomp = libseccomp
    self.architecture = architecture
    self.capabilities = privileged ? Set(Capabilities.all) : capabilities
    self.kernel = kernel
    self.runtime = runtime
    self.privileged = privileged
  }

  /// The string moby compares with `includes.arches`/`excludes.arches`: its `goToNative` name of the host
  /// (`amd64`, `arm64`, `s390x`, …), or "" where no Go port maps (moby-semantics.md §3.2).
  package var mobyNativeName: String { architecture.mobyNativeName ?? "" }
}
