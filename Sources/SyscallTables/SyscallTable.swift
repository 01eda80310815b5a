import Synchronization

/// How libseccomp's resolver (`seccomp_syscall_resolve_name_arch`, what `scmp_sys_resolver -a ARCH NAME`
/// prints) answers for one name on one architecture.
package struct Resolution: Sendable, Hashable {
  package enum Kind: Sendable, Hashable {
    /// A real syscall number on this ABI (fix-ups applied).
    case direct
    /// A socket or SysV IPC call on an ABI where libseccomp rewrites rules onto `socketcall`/`ipc`
    /// with `arg0 == subcall` (and onto the direct syscall too, where one exists).
    case multiplexed(multiplexer: String, multiplexerNumber: Int, subcall: Int)
    /// Known to libseccomp but absent on this ABI: a negative pseudo number; rules on it are not emitted.
    case absent
    /// Unknown to libseccomp (`__NR_SCMP_ERROR`, -1); runc skips such names.
    case unknown
  }

  package var kind: Kind
  /// The number the resolver returns: real, pseudo (negative) or -1.
  package var number: Int
  /// The kernel's `seccomp_data.nr` of the direct syscall, when the ABI has one.
  package var directNumber: Int?

  package init(kind: Kind, number: Int, directNumber: Int? = nil) {
    self.kind = kind
    self.number = number
    self.directNumber = directNumber
  }

  /// Whether a process on this ABI can make the call at all (directly or through a multiplexer).
  package var exists: Bool {
    switch kind {
    case .direct, .multiplexed: return true
    case .absent, .unknown: return false
    }
  }
}

/// A syscall that exists on an architecture, as listed by `seclint syscalls`.
package struct SyscallEntry: Sendable, Hashable {
  package var name: String
  package var resolution: Resolution
  /// First kernel release that had the syscall on this arch.
  package var kernel: KernelVersion

  package init(name: String, resolution: Resolution, kernel: KernelVersion) {
    self.name = name
    self.resolution = resolution
    self.kernel = kernel
  }
}

/// The syscall table of one architecture: name → number and number → name, exactly as libseccomp
/// v2.6.1 resolves them (`src/arch-*.c` munging, `src/syscalls.c` socket/IPC rewriting).
package struct SyscallTable: Sendable {
  package let architecture: Architecture
  let column: Int
  /// The architecture's number fix-ups, copied for `number(row:)`'s and `placement(row:)`'s hot loops.
  private let multiplexesSocket: Bool
  private let multiplexesIPC: Bool
  let numberOffset: Int
  let numberBits: Int
  /// The socketcall/ipc multiplexer numbers, copied for `resolve(row:)` and `placement(row:)` (nil: the ABI has none).
  let socketcallNumber: Int?
  let ipcNumber: Int?
  /// The mainline release of the arch's port, if after 2.6 (`kernelVersion(row:)`'s floor).
  private let portRelease: KernelVersion?

  /// The table of `architecture` (cheap: the listing and the number index are built on first use).
  package static func forArchitecture(_ architecture: Architecture) -> SyscallTable { SyscallTable(architecture) }

  private init(_ architecture: Architecture) {
    self.architecture = architecture
    column = Self.columns.indices.contains(Int(architecture.index)) ? Self.columns[Int(architecture.index)] : 0
    socketcallNumber = architecture.socketcallNumber
    ipcNumber = architecture.ipcNumber
    multiplexesSocket = socketcallNumber != nil
    multiplexesIPC = ipcNumber != nil
    numberOffset = architecture.numberOffset
    numberBits = architecture.numberBits
    portRelease = Self.portRelease(architecture.table)
  }

  /// Each architecture's csv column, by architecture index.
  private static let columns: [Int] = SyscallData.architectureInfos.map { info in
    SyscallData.tables.firstIndex(of: info.table) ?? 0
  }

  private static let listings = Mutex<[String: [SyscallEntry]]>([:])
  private static let numberIndexes = Mutex<[String: [Int: String]]>([:])

  /// Every syscall a process on this ABI can make, sorted by name.
  package var syscalls: [SyscallEntry] {
    if let cached = Self.listings.withLock({ $0[architecture.token] }) { return cached }
    let listing = SyscallData.rowsByName.compactMap { position -> SyscallEntry? in
      let row = SyscallData.rows[position]
      let resolution = Self.resolve(row: position, column: column, architecture: architecture)
      guard resolution.exists else { return nil }
      return SyscallEntry(name: row.name, resolution: resolution, kernel: Self.kernelVersion(row, architecture))
    }
    Self.listings.withLock { $0[architecture.token] = listing }
    return listing
  }

  /// libseccomp's raw per-arch table: the csv number, or the __PNR value where the csv says PNR.
  /// First name in table order wins where two names share a pseudo number.
  private var byNumber: [Int: String] {
    if let cached = Self.numberIndexes.withLock({ $0[architecture.token] }) { return cached }
    var index: [Int: String] = [:]
    for (position, row) in SyscallData.rows.enumerated() {
      let raw = SyscallData.rawNumbers[position * SyscallData.tables.count + column]
      let key = raw >= 0 ? raw : row.pseudo
      if index[key] == nil { index[key] = row.name }
    }
    Self.numberIndexes.withLock { $0[architecture.token] = index }
    return index
  }

  /// Resolves the syscall at `row` of libseccomp's table (see `SyscallData.row(of:)`), without hashing its name.
  package func resolve(row: Int) -> Resolution {
    guard SyscallData.pseudoNumbers.indices.contains(row) else { return Resolution(kind: .unknown, number: -1) }
    // The flat tables `number(row:)` reads: no row struct is copied.
    let raw = SyscallData.rawNumbers[row * SyscallData.tables.count + column]
    // With the fix-ups copied at init: each of the architecture's is a lookup in the global table of
    // architectures (evaluations resolve tens of thousands of rows per lint).
    return Self.resolve(
      raw: raw, pseudo: SyscallData.pseudoNumbers[row], offset: numberOffset, bits: numberBits,
      socketcall: socketcallNumber, ipc: ipcNumber)
  }

  /// `resolve(row:).number` without building the resolution (the ENOSYS stub's maximum looks at hundreds).
  package func number(row: Int) -> Int {
    guard SyscallData.pseudoNumbers.indices.contains(row) else { return -1 }
    let pseudo = SyscallData.pseudoNumbers[row]
    if multiplexesSocket, (-120 ... -101).contains(pseudo) { return pseudo }
    if multiplexesIPC, (-224 ... -201).contains(pseudo) { return pseudo }
    let raw = SyscallData.rawNumbers[row * SyscallData.tables.count + column]
    return raw >= 0 ? (raw + numberOffset) | numberBits : pseudo
  }

  /// The first kernel release with the syscall at `row` on this arch.
  package func kernelVersion(row: Int) -> KernelVersion? {
    guard SyscallData.rows.indices.contains(row) else { return nil }
    if !SyscallData.rows[row].notes.isEmpty { return Self.kernelVersion(SyscallData.rows[row], architecture) }
    let kernel = SyscallData.rows[row].kernel
    return portRelease.map { Swift.max(kernel, $0) } ?? kernel
  }

  /// Resolves `name` as libseccomp's `seccomp_syscall_resolve_name_arch` does.
  package func resolve(_ name: String) -> Resolution {
    guard let row = SyscallData.row(of: name) else { return Resolution(kind: .unknown, number: -1) }
    return Self.resolve(row: row, column: column, architecture: architecture)
  }

  /// The name libseccomp's `seccomp_syscall_resolve_num_arch` gives for `number`, if any.
  package func name(forNumber number: Int) -> String? {
    let arch = architecture
    // `abi_syscall_resolve_num_munge` (src/syscalls.c): the socket/IPC pseudo numbers name their call
    // on multiplexing ABIs.
    if arch.multiplexesSocketAndIPC, (-120 ... -101).contains(number) || (-224 ... -201).contains(number) {
      return SyscallData.rows.first { $0.pseudo == number }?.name
    }
    var raw = number
    // `x32_syscall_resolve_num_munge` clears X32_SYSCALL_BIT from non-negative numbers;
    // `mips*_syscall_resolve_num_raw` subtract the ABI base when the number is at least that base.
    if arch.numberBits != 0, raw >= 0 { raw &= ~arch.numberBits }
    if arch.numberOffset != 0, raw >= arch.numberOffset { raw -= arch.numberOffset }
    if raw == -1 { return nil }
    return byNumber[raw]
  }

  /// The first kernel release with `name` on this arch (nil if libseccomp does not know the name).
  package func kernelVersion(of name: String) -> KernelVersion? {
    SyscallData.row(of: name).map { Self.kernelVersion(SyscallData.rows[$0], architecture) }
  }

  /// Per-arch note if the data has one, else max(first release, the arch's mainline port)
  /// (the reading rule of `syscall-kernel-versions.md`).
  private static func kernelVersion(_ row: SyscallRow, _ architecture: Architecture) -> KernelVersion {
    if !row.notes.isEmpty, let note = row.notes.first(where: { $0.0 == architecture.table }) { return note.1 }
    return portRelease(architecture.table).map { Swift.max(row.kernel, $0) } ?? row.kernel
  }

  /// Arches ported to mainline after 2.6 (`syscall-kernel-versions.md`, "Arch ports").
  private static func portRelease(_ table: String) -> KernelVersion? {
    switch table {
    case "x32": KernelVersion(3, 4)
    case "aarch64": KernelVersion(3, 7)
    case "riscv64": KernelVersion(4, 15)
    case "loongarch64": KernelVersion(5, 19)
    default: nil
    }
  }

  private static func resolve(row: Int, column: Int, architecture arch: Architecture) -> Resolution {
    resolve(
      raw: SyscallData.rawNumbers[row * SyscallData.tables.count + column], pseudo: SyscallData.pseudoNumbers[row],
      architecture: arch)
  }

  private static func resolve(raw: Int, pseudo: Int, architecture arch: Architecture) -> Resolution {
    resolve(
      raw: raw, pseudo: pseudo, offset: arch.numberOffset, bits: arch.numberBits, socketcall: arch.socketcallNumber,
      ipc: arch.ipcNumber)
  }

  private static func resolve(raw: Int, pseudo: Int, offset: Int, bits: Int, socketcall: Int?, ipc: Int?) -> Resolution {
    let direct = raw >= 0 ? (raw + offset) | bits : nil
    // libseccomp `abi_syscall_resolve_name_munge`: on multiplexing ABIs the 20 socket calls
    // (__PNR -101…-120) and 12 IPC calls (-201…-224) always resolve to their pseudo number,
    // even where a direct syscall exists (x86 `socket` is 359 but resolves to -101).
    if let socketcall, (-120 ... -101).contains(pseudo) {
      return Resolution(
        kind: .multiplexed(multiplexer: "socketcall", multiplexerNumber: socketcall, subcall: -pseudo - 100),
        number: pseudo, directNumber: direct)
    }
    if let ipc, (-224 ... -201).contains(pseudo) {
      return Resolution(
        kind: .multiplexed(multiplexer: "ipc", multiplexerNumber: ipc, subcall: -pseudo - 200),
        number: pseudo, directNumber: direct)
    }
    if let direct { return Resolution(kind: .direct, number: direct, directNumber: direct) }
    return Resolution(kind: .absent, number: pseudo)
  }
}
