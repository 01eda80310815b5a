/// The layout of `SyscallTables`' name index, worked out here so the generated file holds it as literals and
/// nothing is hashed when a run starts: every name's UTF-8 back to back, where each starts, and an
/// open-addressing table of row + 1 per slot (0: empty), at most half full, probed linearly.
///
/// The hash must be `NameIndex.hash` (FNV-1a over the UTF-8, folded): `NameIndexTests` looks every name up
/// through the generated table, so a difference fails there.
struct NameIndexLayout {
  let bytes: String
  let starts: [Int]
  let slots: [Int]

  init(names: [String]) {
    var bytes = ""
    var starts = [0]
    for name in names {
      bytes += name
      starts.append(bytes.utf8.count)
    }
    var capacity = 16
    while capacity < names.count * 2 { capacity *= 2 }
    var slots = [Int](repeating: 0, count: capacity)
    for (row, name) in names.enumerated() {
      var slot = Self.hash(Array(name.utf8)) & (capacity - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
      slots[slot] = row + 1
    }
    self.bytes = bytes
    self.starts = starts
    self.slots = slots
  }

  static func hash(_ bytes: [UInt8]) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }
}
