import SyscallTables

/// The libseccomp runc is linked against decides which names resolve: a name it does not know is skipped by
/// runc (and does not count for the ENOSYS stub), so the same profile yields different filters on hosts with
/// different libseccomp releases (arch-hazards.md §6).
package struct LibseccompRelease: Sendable, Hashable, CustomStringConvertible {
  package var version: String
  /// Names in seclint's tables that this release does not know.
  package var unknownNames: Set<String>
  /// `ARCH_TOKEN name` pairs this release resolves to a pseudo number (absent) although the tables have them.
  package var absentPairs: Set<String>

  /// libseccomp v2.6.1 (seclint's tables, Linux v7.1-rc4 numbers).
  package static let v2_6_1 = LibseccompRelease(version: "2.6.1", unknownNames: [], absentPairs: [])

  /// Debian bookworm's 2.5.4-1+deb12u1 (patched with syscalls up to Linux 6.7), checked name by name against
  /// the installed library (`Scripts/libseccomp-oracle.py`).
  package static let debian2_5_4 = LibseccompRelease(
    version: "2.5.4",
    unknownNames: [
      "atomic_barrier", "atomic_cmpxchg_32", "file_getattr", "file_setattr", "getpagesize", "getxattrat",
      "listmount", "listns", "listxattrat", "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mseal",
      "open_tree_attr", "removexattrat", "riscv_hwprobe", "rseq_slice_yield", "setxattrat", "statmount", "uprobe",
      "uretprobe",
    ],
    absentPairs: ["SCMP_ARCH_X32 map_shadow_stack"])

  /// libseccomp v2.6.0 (Linux 6.13): 502 names, without the six that 2.6.1 added (Data/syscalls/README.md).
  package static let v2_6_0 = LibseccompRelease(
    version: "2.6.0",
    unknownNames: ["file_getattr", "file_setattr", "listns", "open_tree_attr", "rseq_slice_yield", "uprobe"],
    absentPairs: [])

  /// The releases whose tables seclint knows exactly. Older ones are not guessed.
  package static let known: [LibseccompRelease] = [.v2_6_1, .v2_6_0, .debian2_5_4]

  package var description: String { "libseccomp \(version)" }

  /// Whether runc, linked against this release, can resolve `name` at all.
  package func knows(_ name: String) -> Bool {
    SyscallData.isKnown(name) && (unknownNames.isEmpty || !unknownNames.contains(name))
  }

  /// `knows(name)` for a name already looked up in the tables (`row` nil: not in them).
  func knows(_ name: String, row: Int?) -> Bool {
    row != nil && (unknownNames.isEmpty || !unknownNames.contains(name))
  }

  /// `resolve(name, in:)` for a name this release knows, by its row in the tables.
  func resolve(row: Int, name: String, in table: SyscallTable) -> Resolution {
    if !absentPairs.isEmpty, absentPairs.contains("\(table.architecture.token) \(name)") {
      return Resolution(kind: .absent, number: -2)
    }
    return table.resolve(row: row)
  }

  /// `resolve(row:name:in:)` as plain integers (`RowPlacement`): what the per-ABI loops read.
  func placement(row: Int, name: String, in table: SyscallTable) -> RowPlacement {
    if !absentPairs.isEmpty, absentPairs.contains("\(table.architecture.token) \(name)") {
      return RowPlacement(kind: .absent, number: -2)
    }
    return table.placement(row: row)
  }

  /// `seccomp_syscall_resolve_name_arch` as this release answers it.
  package func resolve(_ name: String, in table: SyscallTable) -> Resolution {
    if !unknownNames.isEmpty, unknownNames.contains(name) { return Resolution(kind: .unknown, number: -1) }
    if !absentPairs.isEmpty, absentPairs.contains("\(table.architecture.token) \(name)") {
      return Resolution(kind: .absent, number: -2)
    }
    return table.resolve(name)
  }
}
