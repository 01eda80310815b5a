/// The bytes of a YAML stream, checked once: valid UTF-8, only characters YAML allows, a byte order mark only at
/// the start. Maps byte offsets to line:column.
struct YAMLText {
  let bytes: [UInt8]
  /// Where the content starts (3 after a UTF-8 byte order mark).
  let contentStart: Int
  /// Byte offset of each line's start.
  private(set) var lineStarts: [Int] = []
  /// Forward-scan cache for `position(_:)`: positions are asked for in increasing order while parsing, so
  /// counting columns from the last answer keeps long lines linear instead of quadratic.
  private var cache = (line: 0, offset: 0, column: 1)

  init(_ bytes: [UInt8]) throws(YAMLError) {
    self.bytes = bytes
    contentStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    lineStarts = [contentStart]
    cache = (0, contentStart, 1)
    try validate()
  }

  /// 1-based line and column (Unicode scalars) of a byte offset.
  mutating func position(_ offset: Int) -> YAMLPosition {
    let offset = min(max(offset, contentStart), bytes.count)
    let line = lineIndex(offset)
    var column: Int
    var from: Int
    if cache.line == line && cache.offset > offset && cache.offset - offset < offset - lineStarts[line] {
      // Backwards from the cache (a collection's start, asked for after its items): costs the collection's length.
      column = cache.column
      var cursor = cache.offset
      while cursor > offset {
        cursor -= 1
        if bytes[cursor] & 0xC0 != 0x80 { column -= 1 }
      }
      return YAMLPosition(line: line + 1, column: column, offset: offset)
    }
    if cache.line == line && cache.offset <= offset {
      column = cache.column
      from = cache.offset
    } else {
      column = 1
      from = lineStarts[line]
    }
    while from < offset {
      if bytes[from] & 0xC0 != 0x80 { column += 1 }
      from += 1
    }
    cache = (line, offset, column)
    return YAMLPosition(line: line + 1, column: column, offset: offset)
  }

  /// 0-based index of the line holding `offset`.
  func lineIndex(_ offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// The byte offset where the line holding `offset` starts.
  func lineStart(_ offset: Int) -> Int { lineStarts[lineIndex(offset)] }

  /// UTF-8 and YAML's printable set (YAML 1.2 §5.1: tab, line breaks, U+0020–U+007E, U+0085, U+00A0–U+D7FF,
  /// U+E000–U+FFFD, U+10000 and above; a byte order mark only at the start).
  private mutating func validate() throws(YAMLError) {
    var index = contentStart
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte < 0x80 {
        if byte == 0x0A {
          lineStarts.append(index + 1)
        } else if byte == 0x0D {
          if index + 1 >= count || bytes[index + 1] != 0x0A { lineStarts.append(index + 1) }
        } else if byte != 0x09 && (byte < 0x20 || byte == 0x7F) {
          throw YAMLError("control character U+\(hex(UInt32(byte), 4)) is not allowed in YAML", at: position(index))
        }
        index += 1
        continue
      }
      let length: Int
      var scalar: UInt32
      switch byte {
      case 0xC2...0xDF: (length, scalar) = (2, UInt32(byte & 0x1F))
      case 0xE0...0xEF: (length, scalar) = (3, UInt32(byte & 0x0F))
      case 0xF0...0xF4: (length, scalar) = (4, UInt32(byte & 0x07))
      default: throw YAMLError("invalid UTF-8 (byte 0x\(hex(UInt32(byte), 2)))", at: position(index))
      }
      guard index + length <= count else {
        throw YAMLError("invalid UTF-8 (truncated sequence at the end of the input)", at: position(index))
      }
      for next in bytes[(index + 1)..<(index + length)] {
        guard next & 0xC0 == 0x80 else {
          throw YAMLError("invalid UTF-8 (byte 0x\(hex(UInt32(byte), 2)) not followed by a continuation byte)", at: position(index))
        }
        scalar = scalar << 6 | UInt32(next & 0x3F)
      }
      let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
        throw YAMLError("invalid UTF-8 (overlong, surrogate or out-of-range sequence)", at: position(index))
      }
      if scalar == 0xFEFF {
        throw YAMLError("byte order mark inside the stream (allowed only at its start)", at: position(index))
      }
      if (0x80...0x9F).contains(scalar) && scalar != 0x85 || scalar == 0xFFFE || scalar == 0xFFFF {
        throw YAMLError("character U+\(hex(scalar, 4)) is not allowed in YAML", at: position(index))
      }
      index += length
    }
  }
}

/// Upper-case hexadecimal, zero-padded to `width` digits.
func hex(_ value: UInt32, _ width: Int) -> String {
  let digits = String(value, radix: 16, uppercase: true)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
