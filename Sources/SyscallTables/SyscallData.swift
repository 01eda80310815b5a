/// One row of libseccomp's syscall table, as generated from `Data/syscalls/`.
struct SyscallRow: Sendable {
  let name: String
  /// libseccomp's `__PNR_<name>` pseudo number, or 0 when the header defines none.
  let pseudo: Int
  /// First mainline release with the syscall (x86_64, else any arch).
  let kernel: KernelVersion
  /// (csv table, release) where an arch got the syscall at another release.
  let notes: [(String, KernelVersion)]

  init(_ name: String, pseudo: Int, kernel: KernelVersion, notes: [(String, KernelVersion)]) {
    self.name = name
    self.pseudo = pseudo
    self.kernel = kernel
    self.notes = notes
  }
}

/// Namespace for the generated literals (`SyscallTables+Generated.swift`) and indexes over them.
package enum SyscallData {
  /// Handles for `architectureInfos`, in arches.csv order.
  static let architectures: [Architecture] = architectureInfos.indices.map(Architecture.init(index:))

  /// Every syscall name libseccomp knows, sorted.
  package static let names: [String] = rows.map(\.name)

  static let rowIndex = NameIndex(bytes: nameBytes, starts: nameStarts, slots: nameSlots)

  /// Row positions in name order (sorted once, shared by every table's listing).
  static let rowsByName: [Int] = rows.indices.sorted { rows[$0].name < rows[$1].name }


  /// The kernel tree libseccomp's numbers were taken from, e.g. `v7.1.0-rc4 2026-05-19`.
  package static var tableSource: String {
    String(header.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" })
  }

  /// Whether libseccomp knows `name` on any architecture.
  package static func isKnown(_ name: String) -> Bool { rowIndex.row(of: name) != nil }

  /// Whether the call at `row` is a socket or SysV IPC call (libseccomp resolves it to a multiplexer on some
  /// ABIs, so its resolver number there is a pseudo number and says nothing about its direct number).
  package static func isSocketOrIPC(row: Int) -> Bool {
    guard pseudoNumbers.indices.contains(row) else { return false }
    return (-120 ... -101).contains(pseudoNumbers[row]) || (-224 ... -201).contains(pseudoNumbers[row])
  }

  /// The row of `name` in libseccomp's table, for resolving it on many arches without hashing it again.
  package static func row(of name: String) -> Int? { rowIndex.row(of: name) }
}
