#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file descriptor in fixed-size chunks and hands out one line at a time, never holding the whole file:
/// memory stays at the buffer size (1 MiB, grown only for a longer line, up to `maximumLine`).
package struct LineReader: ~Copyable {
  /// A line longer than this is cut here (the rest is skipped up to its newline) and reported as cut.
  package static let maximumLine = 16 << 20

  private var buffer: UnsafeMutableRawBufferPointer

  package init(capacity: Int = 1 << 20) {
    buffer = .allocate(byteCount: max(capacity, 64), alignment: 1)
  }

  deinit { buffer.deallocate() }

  /// Calls `body` with each line (without its `\n` or a trailing `\r`) and whether it was cut at `maximumLine`.
  /// Returns nil, or the `errno` of a failed read.
  package mutating func forEachLine(
    of descriptor: Int32, _ body: (UnsafeBufferPointer<UInt8>, _ cut: Bool) -> Void
  ) -> Int32? {
    var filled = 0
    var skipping = false  // inside the tail of a cut line
    while true {
      if filled == buffer.count {
        // The buffer holds one unfinished line: grow it, or cut the line.
        if buffer.count < Self.maximumLine {
          let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, Self.maximumLine), alignment: 1)
          bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
          buffer.deallocate()
          buffer = bigger
        } else {
          if !skipping { body(lineView(0, filled), true) }
          skipping = true
          filled = 0
        }
      }
      let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
      if count < 0 {
        if errno == EINTR { continue }
        return errno
      }
      if count == 0 {
        if filled > 0, !skipping { body(lineView(0, filled), false) }
        return nil
      }
      let end = filled + count
      var start = 0
      let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
      var position = filled
      while position < end {
        guard let found = memchr(base + position, 0x0A, end - position) else { break }
        let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - UnsafePointer(base)
        if skipping {
          skipping = false
        } else {
          body(lineView(start, newline), false)
        }
        start = newline + 1
        position = start
      }
      // Keep the unfinished tail at the front.
      if start > 0 {
        let tail = end - start
        if tail > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, tail) }
        filled = tail
      } else {
        filled = end
      }
    }
  }

  private func lineView(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
    let base = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
    var stop = end
    if stop > start, base[stop - 1] == 0x0D { stop -= 1 }
    return UnsafeBufferPointer(start: base + start, count: stop - start)
  }
}

/// Splits an in-memory buffer (standard input, tests) into the same lines `LineReader` gives.
package func forEachLine(in bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, _ cut: Bool) -> Void) {
  bytes.withUnsafeBufferPointer { all in
    var start = 0
    for index in all.indices where all[index] == 0x0A {
      var stop = index
      if stop > start, all[stop - 1] == 0x0D { stop -= 1 }
      body(UnsafeBufferPointer(rebasing: all[start..<stop]), false)
      start = index + 1
    }
    if start < all.count { body(UnsafeBufferPointer(rebasing: all[start...]), false) }
  }
}
