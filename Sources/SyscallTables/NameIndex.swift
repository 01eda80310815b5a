/// Name → row lookup for libseccomp's syscall names: an open-addressing table hashed with FNV-1a over the
/// UTF-8 bytes and compared byte-wise (as libseccomp's `strcmp` does).
///
/// Every evaluation resolves each profile name on several ABIs for several hosts; a `[String: Int]` pays
/// for SipHash and Unicode-aware equality on each of those lookups, this pays a few instructions per byte.
/// The table itself is generated (`SyscallData.nameBytes`, `nameStarts`, `nameSlots`, laid out by
/// `SyscallTableGenerator`'s `NameIndexLayout` with the same hash): a run builds nothing before its first lookup.
struct NameIndex: Sendable {
  /// All names' UTF-8, back to back; name `i` is `bytes[starts[i]..<starts[i + 1]]`.
  private let bytes: StaticString
  private let starts: [UInt16]
  /// Row + 1 per slot; 0 is an empty slot. The table is at most half full.
  private let slots: [UInt16]
  private let mask: Int

  init(bytes: StaticString, starts: [UInt16], slots: [UInt16]) {
    precondition(bytes.hasPointerRepresentation && slots.count.nonzeroBitCount == 1)
    self.bytes = bytes
    self.starts = starts
    self.slots = slots
    mask = slots.count - 1
  }

  /// The row of `name`, or nil when it is not one of the names (exact bytes; no Unicode normalisation).
  func row(of name: String) -> Int? {
    var name = name
    return name.withUTF8 { key in
      bytes.withUTF8Buffer { all in
        var slot = Self.hash(key) & mask
        while true {
          let entry = Int(slots[slot])
          if entry == 0 { return nil }
          let row = entry - 1
          let start = Int(starts[row])
          let end = Int(starts[row + 1])
          if end - start == key.count, memoryEqual(all.baseAddress.map { $0 + start }, key.baseAddress, key.count) {
            return row
          }
          slot = (slot + 1) & mask
        }
      }
    }
  }

  /// FNV-1a, folded (`NameIndexLayout.hash` in the generator must stay the same).
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }
}

/// Whether `count` bytes at `a` and `b` are equal (an empty key matches only an empty name: `count` is 0).
private func memoryEqual(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
  if count == 0 { return true }
  guard let a, let b else { return false }
  for i in 0..<count where a[i] != b[i] { return false }
  return true
}
