/// Linux capabilities as Docker spells them in a container's bounding set (`CAP_` + upper case).
package enum Capabilities {
  /// Every capability up to Linux 6.x (`include/uapi/linux/capability.h`), in number order.
  package static let all: [String] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
  ]

  /// Docker's default bounding set (moby `daemon/pkg/oci/caps/defaults.go`).
  package static let dockerDefault: Set<String> = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE",
  ]

  /// Normalizes a user-typed capability the way `docker run --cap-add` does: upper case, `CAP_` prefix
  /// added when missing (`sys_admin` → `CAP_SYS_ADMIN`). `ALL` stays `ALL`.
  package static func normalize(_ text: String) -> String {
    let upper = text.uppercased()
    if upper == "ALL" || upper.hasPrefix("CAP_") { return upper }
    return "CAP_" + upper
  }

  /// Whether `name` is a capability the kernel knows (exact spelling, as moby compares it).
  package static func isKnown(_ name: String) -> Bool { known.contains(name) }

  /// `all` as a set: `isKnown` runs for every capability of every guard and witness target.
  private static let known = Set(all)
}
