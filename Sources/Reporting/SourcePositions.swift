/// Byte offsets to 1-based lines and columns (Unicode scalars, as `SourcePosition` counts them) for one file, in
/// O(log n) per lookup: SARIF's fix regions used to scan the file from its start for every edit, so a 1 MiB
/// profile with thousands of fixes spent seconds there (and a minified one-line file would be no better if a
/// column were counted from its line's start).
///
/// A line ends at LF or at a CR not followed by LF (a CRLF's CR counts as a column of its line, as the loader
/// counts it).
struct SourcePositions {
  /// The offset after each line break, ascending.
  private let lineStarts: [Int]
  /// Scalars (bytes that are not UTF-8 continuation bytes) before each multiple of `stride`.
  private let checkpoints: [Int]
  private let bytes: [UInt8]
  private static let stride = 256

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var starts: [Int] = []
    var checkpoints: [Int] = []
    checkpoints.reserveCapacity(bytes.count / Self.stride + 1)
    var scalars = 0
    for index in bytes.indices {
      if index % Self.stride == 0 { checkpoints.append(scalars) }
      let byte = bytes[index]
      if byte & 0xC0 != 0x80 { scalars += 1 }
      if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
        starts.append(index + 1)
      }
    }
    if bytes.count % Self.stride == 0 { checkpoints.append(scalars) }
    self.lineStarts = starts
    self.checkpoints = checkpoints
  }

  /// The line and column of the byte at `offset` (offsets past the end count as the end).
  func position(_ offset: Int) -> (line: Int, column: Int) {
    let offset = min(max(offset, 0), bytes.count)
    // Line breaks whose following offset is at or before `offset`: binary search for the first one after it.
    var low = 0, high = lineStarts.count
    while low < high {
      let middle = (low + high) / 2
      if lineStarts[middle] <= offset { low = middle + 1 } else { high = middle }
    }
    let lineStart = low == 0 ? 0 : lineStarts[low - 1]
    return (low + 1, 1 + scalars(before: offset) - scalars(before: lineStart))
  }

  private func scalars(before offset: Int) -> Int {
    let block = offset / Self.stride
    var count = checkpoints[block]
    var index = block * Self.stride
    while index < offset {
      if bytes[index] & 0xC0 != 0x80 { count += 1 }
      index += 1
    }
    return count
  }
}
