/// `Resolution` as plain integers: what libseccomp does with a rule on the name at a row of the tables, on one
/// ABI, without the multiplexer's name. Copying one retains nothing, so the evaluation's per-ABI loops (refusals,
/// miscompilations, the filter's rules per number) resolve each applied name once per ABI into an array of these
/// and read it by position (`SyscallTable.placement(row:)`).
package struct RowPlacement: Sendable, Equatable {
  package enum Kind: UInt8, Sendable {
    case direct, multiplexed, absent, unknown
  }

  // Stored in 12 bytes (an evaluation keeps one per applied name per ABI: hundreds per target, and the pages
  // they take are part of a short run's cost). Every number of the tables fits 32 bits (x32's 0x40000000 bit
  // included, pseudo numbers are above -11000), the multiplexers 16 bits and the sub-calls 8.
  package let kind: Kind
  private let storedSubcall: UInt8
  private let storedMultiplexer: Int16
  private let storedNumber: Int32
  private let storedDirect: Int32

  /// The number the resolver returns: real, pseudo (negative) or -1 (`Resolution.number`).
  package var number: Int { Int(storedNumber) }
  /// For `.multiplexed`: the multiplexer's number and the sub-call (`arg0`) the rule is rewritten with.
  package var multiplexer: Int { Int(storedMultiplexer) }
  package var subcall: Int { Int(storedSubcall) }
  /// The kernel's `seccomp_data.nr` of the direct syscall, when the ABI has one (`Resolution.directNumber`).
  package var directNumber: Int? { storedDirect == .min ? nil : Int(storedDirect) }

  package init(kind: Kind, number: Int, multiplexer: Int = 0, subcall: Int = 0, directNumber: Int? = nil) {
    self.kind = kind
    storedNumber = Int32(truncatingIfNeeded: number)
    storedMultiplexer = Int16(truncatingIfNeeded: multiplexer)
    storedSubcall = UInt8(truncatingIfNeeded: subcall)
    storedDirect = directNumber.map { Int32(truncatingIfNeeded: $0) } ?? .min
  }

  /// The same answer as `resolution`.
  package init(_ resolution: Resolution) {
    switch resolution.kind {
    case .direct: self.init(kind: .direct, number: resolution.number, directNumber: resolution.directNumber)
    case .multiplexed(_, let multiplexer, let subcall):
      self.init(
        kind: .multiplexed, number: resolution.number, multiplexer: multiplexer, subcall: subcall,
        directNumber: resolution.directNumber)
    case .absent: self.init(kind: .absent, number: resolution.number, directNumber: resolution.directNumber)
    case .unknown: self.init(kind: .unknown, number: resolution.number, directNumber: resolution.directNumber)
    }
  }
}

extension SyscallTable {
  /// `RowPlacement(resolve(row:))`, from the flat tables and this table's copied fix-ups (no architecture facts
  /// are looked up and no resolution is built).
  package func placement(row: Int) -> RowPlacement {
    placement(row: row, pseudoNumbers: SyscallData.pseudoNumbers, rawNumbers: SyscallData.rawNumbers, stride: SyscallData.tables.count)
  }

  /// `placement(row:)` of each of `rows`, in order (the tables are fetched once, not once per row).
  package func placements(rows: [Int]) -> [RowPlacement] {
    let (pseudoNumbers, rawNumbers, stride) = (SyscallData.pseudoNumbers, SyscallData.rawNumbers, SyscallData.tables.count)
    var result: [RowPlacement] = []
    result.reserveCapacity(rows.count)
    for row in rows { result.append(placement(row: row, pseudoNumbers: pseudoNumbers, rawNumbers: rawNumbers, stride: stride)) }
    return result
  }

  @inline(__always)
  private func placement(row: Int, pseudoNumbers: [Int], rawNumbers: [Int], stride: Int) -> RowPlacement {
    guard pseudoNumbers.indices.contains(row) else { return RowPlacement(kind: .unknown, number: -1) }
    let raw = rawNumbers[row * stride + column]
    let pseudo = pseudoNumbers[row]
    let direct = raw >= 0 ? (raw + numberOffset) | numberBits : nil
    // As `resolve(raw:pseudo:architecture:)`: libseccomp's `abi_syscall_resolve_name_munge`.
    if let socketcallNumber, (-120 ... -101).contains(pseudo) {
      return RowPlacement(kind: .multiplexed, number: pseudo, multiplexer: socketcallNumber, subcall: -pseudo - 100, directNumber: direct)
    }
    if let ipcNumber, (-224 ... -201).contains(pseudo) {
      return RowPlacement(kind: .multiplexed, number: pseudo, multiplexer: ipcNumber, subcall: -pseudo - 200, directNumber: direct)
    }
    if let direct { return RowPlacement(kind: .direct, number: direct, directNumber: direct) }
    return RowPlacement(kind: .absent, number: pseudo)
  }
}
