/// Name → row lookup for libseccomp's syscall names: an open-addressing table hashed with FNV-1a over the
/// UTF-8 bytes and compared byte-wise (as libseccomp's `strcmp` does).
///
/// Every evaluation resolves each profile name on several ABIs for several hosts; a `[String: Int]` pays
/// for SipHash and Unicode-aware equality on each of those lookups, this pays a few instructions per byte.
struct NameIndex: Sendable {
  /// All names' UTF-8, back to back; name `i` is `bytes[starts[i]..<starts[i + 1]]`.
  private let bytes: [UInt8]
  private let starts: [Int]
  /// Row + 1 per slot; 0 is an empty slot. The table is at most half full.
  private let slots: [Int]
  private let mask: Int

  init(_ names: [String]) {
    var bytes: [UInt8] = []
    var starts = [0]
    bytes.reserveCapacity(names.count * 16)
    starts.reserveCapacity(names.count + 1)
    for name in names {
      // From the contiguous UTF-8 (always there for these literals): appending the view element by element
      // cost more than hashing every name.
      if name.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
        bytes.append(contentsOf: name.utf8)
      }
      starts.append(bytes.count)
    }
    var capacity = 16
    while capacity < names.count * 2 { capacity *= 2 }
    var slots = [Int](repeating: 0, count: capacity)
    for row in names.indices {
      let hash = bytes.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[row]..<starts[row + 1]])) }
      var slot = hash & (capacity - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = row + 1
    }
    self.bytes = bytes
    self.starts = starts
    self.slots = slots
    mask = capacity - 1
  }

  /// The row of `name`, or nil when it is not one of the names (exact bytes; no Unicode normalisation).
  func row(of name: String) -> Int? {
    var name = name
    return name.withUTF8 { key in
      var slot = Self.hash(key) & mask
      while true {
        let entry = slots[slot]
        if entry == 0 { return nil }
        let row = entry - 1
        let start = starts[row]
        let end = starts[row + 1]
        if end - start == key.count {
          let equal = bytes.withUnsafeBufferPointer { all in
            key.isEmpty || memoryEqual(all.baseAddress.map { $0 + start }, key.baseAddress, key.count)
          }
          if equal { return row }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }
}

private func memoryEqual(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
  guard let a, let b else { return false }
  for i in 0..<count where a[i] != b[i] { return false }
  return true
}
