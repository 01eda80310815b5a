extension YAMLReader {
  /// Where a plain scalar that starts at `from` ends on its line (trailing blanks excluded), and whether it ends
  /// at a `: ` (so it is a mapping key). Flow context also ends it at `,[]{}` and at `:` before those.
  func plainLineEnd(from: Int, flow: Bool) -> (end: Int, colon: Bool) {
    var cursor = from
    var end = from
    while cursor < bytes.count {
      let byte = bytes[cursor]
      if isBreak(byte) { break }
      if byte == UInt8(ascii: ":") {
        let next = cursor + 1
        if isBlankOrEnd(next) || (flow && next < bytes.count && isFlowIndicator(bytes[next])) { return (end, true) }
      }
      if flow && isFlowIndicator(byte) { break }
      if byte == UInt8(ascii: "#"), cursor > from, isBlank(bytes[cursor - 1]) { break }
      cursor += 1
      if !isBlank(byte) { end = cursor }
    }
    return (end, false)
  }

  /// A plain scalar in block context, folding continuation lines indented deeper than the parent.
  mutating func plainBlockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
    let start = index
    let byte = bytes[index]
    if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "`") {
      throw error("'\(Character(Unicode.Scalar(byte)))' is reserved and cannot start a plain scalar; quote the value", at: start)
    }
    if isFlowIndicator(byte) || byte == UInt8(ascii: "%") && column(index) == 0 {
      throw error("'\(Character(Unicode.Scalar(byte)))' cannot start a plain scalar; quote the value", at: start)
    }
    if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?"), isBlankOrEnd(index + 1) {
      throw error("unexpected '\(Character(Unicode.Scalar(byte)))'", at: start)
    }
    var result = bytes[start..<plainLineEnd(from: start, flow: false).end].map { $0 }
    index = plainLineEnd(from: start, flow: false).end
    // Continuation lines: more indented than the parent, not comments, not document markers.
    while true {
      let save = index
      skipSpaces()
      guard index < bytes.count, isBreak(bytes[index]) else {
        index = save
        break
      }
      var emptyLines = 0
      var probe = index
      var contentStart = -1
      while probe < bytes.count {
        // Skip the break, then the next line's blanks.
        if bytes[probe] == 0x0D, probe + 1 < bytes.count, bytes[probe + 1] == 0x0A { probe += 2 } else { probe += 1 }
        let lineStart = probe
        while probe < bytes.count, isBlank(bytes[probe]) { probe += 1 }
        if probe < bytes.count, isBreak(bytes[probe]) {
          emptyLines += 1
          continue
        }
        if probe < bytes.count { contentStart = probe }
        _ = lineStart
        break
      }
      guard contentStart >= 0 else {
        index = save
        break
      }
      let savedIndex = index
      index = contentStart
      let indent = column(contentStart)
      if indent <= parentIndent || atDocumentMarker() || bytes[contentStart] == UInt8(ascii: "#") {
        index = save
        _ = savedIndex
        break
      }
      try checkIndentation()
      let line = plainLineEnd(from: contentStart, flow: false)
      if line.colon {
        throw error("a mapping key inside a multi-line plain scalar (mapping values are not allowed here); quote the value", at: contentStart)
      }
      if emptyLines == 0 { result.append(0x20) } else { result += [UInt8](repeating: 0x0A, count: emptyLines) }
      result += bytes[contentStart..<line.end]
      index = line.end
    }
    let node = YAMLNode(.scalar(String(decoding: result, as: UTF8.self), .plain), at: position(start))
    try endOfLine(after: "the scalar")
    return node
  }

  /// A single- or double-quoted scalar (possibly over several lines); the cursor ends after the closing quote.
  mutating func quotedScalar() throws(YAMLError) -> YAMLNode {
    let start = index
    let quote = bytes[index]
    let double = quote == UInt8(ascii: "\"")
    index += 1
    var result: [UInt8] = []
    /// Bytes of `result` that trailing-blank trimming at a line break must keep (escaped content).
    var kept = 0
    while true {
      guard index < bytes.count else {
        throw error("unterminated \(double ? "double" : "single")-quoted scalar", at: start)
      }
      let byte = bytes[index]
      if byte == quote {
        if !double, index + 1 < bytes.count, bytes[index + 1] == quote {
          result.append(quote)
          index += 2
          kept = result.count
          continue
        }
        index += 1
        break
      }
      if isBreak(byte) {
        while result.count > kept, isBlank(result[result.count - 1]) { result.removeLast() }
        skipBreak()
        var emptyLines = 0
        while true {
          skipSpaces()
          if index < bytes.count, isBreak(bytes[index]) {
            emptyLines += 1
            skipBreak()
            continue
          }
          break
        }
        if atDocumentMarker() && column(index) == 0 {
          throw error("a document marker inside a quoted scalar", at: index)
        }
        if emptyLines == 0 { result.append(0x20) } else { result += [UInt8](repeating: 0x0A, count: emptyLines) }
        continue
      }
      if double && byte == UInt8(ascii: "\\") {
        try escape(into: &result)
        kept = result.count
        continue
      }
      result.append(byte)
      index += 1
    }
    return YAMLNode(.scalar(String(decoding: result, as: UTF8.self), double ? .doubleQuoted : .singleQuoted), at: position(start))
  }

  /// One escape sequence of a double-quoted scalar (YAML 1.2 §5.7).
  private mutating func escape(into result: inout [UInt8]) throws(YAMLError) {
    let start = index
    index += 1
    guard index < bytes.count else { throw error("unterminated escape sequence", at: start) }
    let byte = bytes[index]
    index += 1
    func append(_ scalar: UInt32) { result += Array(String(Character(Unicode.Scalar(scalar)!)).utf8) }
    switch byte {
    case UInt8(ascii: "0"): result.append(0)
    case UInt8(ascii: "a"): result.append(7)
    case UInt8(ascii: "b"): result.append(8)
    case UInt8(ascii: "t"), 0x09: result.append(9)
    case UInt8(ascii: "n"): result.append(10)
    case UInt8(ascii: "v"): result.append(11)
    case UInt8(ascii: "f"): result.append(12)
    case UInt8(ascii: "r"): result.append(13)
    case UInt8(ascii: "e"): result.append(0x1B)
    case UInt8(ascii: " "): result.append(0x20)
    case UInt8(ascii: "\""): result.append(UInt8(ascii: "\""))
    case UInt8(ascii: "/"): result.append(UInt8(ascii: "/"))
    case UInt8(ascii: "\\"): result.append(UInt8(ascii: "\\"))
    case UInt8(ascii: "N"): append(0x85)
    case UInt8(ascii: "_"): append(0xA0)
    case UInt8(ascii: "L"): append(0x2028)
    case UInt8(ascii: "P"): append(0x2029)
    case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
      let width = byte == UInt8(ascii: "x") ? 2 : byte == UInt8(ascii: "u") ? 4 : 8
      guard index + width <= bytes.count, let value = UInt32(string(index, index + width), radix: 16),
        let scalar = Unicode.Scalar(value)
      else { throw error("invalid escape sequence: expected \(width) hexadecimal digits of a Unicode scalar", at: start) }
      index += width
      append(scalar.value)
    case 0x0A, 0x0D:
      // An escaped line break: the line continues without a space, leading blanks of the next line dropped.
      index -= 1
      skipBreak()
      skipSpaces()
    default:
      throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'", at: start)
    }
  }

  enum Chomping { case strip, clip, keep }

  /// A literal (`|`) or folded (`>`) block scalar with optional indentation and chomping indicators.
  mutating func blockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
    let start = index
    let literal = bytes[index] == UInt8(ascii: "|")
    index += 1
    var chomping = Chomping.clip
    var explicitIndent: Int?
    for _ in 0..<2 {
      guard index < bytes.count else { break }
      let byte = bytes[index]
      if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
        chomping = byte == UInt8(ascii: "+") ? .keep : .strip
        index += 1
      } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte), explicitIndent == nil {
        explicitIndent = Int(byte - UInt8(ascii: "0"))
        index += 1
      } else if byte == UInt8(ascii: "0") {
        throw error("a block scalar's indentation indicator must be 1 to 9", at: index)
      }
    }
    let before = index
    skipSpaces()
    if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
      if index == before { throw error("a comment must be separated from the block scalar header by a space", at: index) }
      index = lineEnd(index)
    }
    guard index >= bytes.count || isBreak(bytes[index]) else {
      throw error("unexpected text after the block scalar header", at: index)
    }
    skipBreak()
    let base = max(parentIndent, 0)
    var contentIndent: Int
    if let explicitIndent {
      contentIndent = (parentIndent < 0 ? 0 : parentIndent) + explicitIndent
    } else {
      // Auto-detect: the first non-empty line's indentation; leading empty lines may not be deeper.
      var probe = index
      var maxEmpty = 0
      var maxEmptyAt = index
      contentIndent = 0
      while probe < bytes.count {
        var spaces = 0
        let lineStart = probe
        while probe < bytes.count, bytes[probe] == 0x20 { probe += 1; spaces += 1 }
        if probe >= bytes.count || isBreak(bytes[probe]) {
          if spaces > maxEmpty { (maxEmpty, maxEmptyAt) = (spaces, lineStart) }
          if probe < bytes.count {
            if bytes[probe] == 0x0D, probe + 1 < bytes.count, bytes[probe + 1] == 0x0A { probe += 2 } else { probe += 1 }
          }
          continue
        }
        contentIndent = spaces
        break
      }
      if contentIndent <= parentIndent || (probe >= bytes.count) { contentIndent = max(base + 1, parentIndent + 1) }
      if maxEmpty > contentIndent && contentIndent > parentIndent {
        throw error("a leading empty line of the block scalar is indented more than its first line", at: maxEmptyAt)
      }
    }
    var lines: [[UInt8]] = []
    while index < bytes.count {
      let lineStart = index
      var spaces = 0
      while index < bytes.count, bytes[index] == 0x20, spaces < contentIndent { index += 1; spaces += 1 }
      if index >= bytes.count || isBreak(bytes[index]) {
        lines.append([])
        if index < bytes.count { skipBreak() }
        continue
      }
      if spaces < contentIndent {
        // Blanks only (spaces then a tab…) count as an empty line; anything else ends the scalar.
        var probe = index
        while probe < bytes.count, isBlank(bytes[probe]) { probe += 1 }
        if probe >= bytes.count || isBreak(bytes[probe]) {
          lines.append([])
          index = probe
          if index < bytes.count { skipBreak() }
          continue
        }
        index = lineStart
        break
      }
      if contentIndent == 0 && (atDocumentMarker()) {
        index = lineStart
        break
      }
      let end = lineEnd(index)
      lines.append(Array(bytes[index..<end]))
      index = end
      if index < bytes.count { skipBreak() }
    }
    var trailing = 0
    while let last = lines.last, last.isEmpty {
      lines.removeLast()
      trailing += 1
    }
    var body: [UInt8] = []
    if literal {
      for (number, line) in lines.enumerated() {
        if number > 0 { body.append(0x0A) }
        body += line
      }
    } else {
      var pendingEmpty = 0
      var previousMore = false
      var first = true
      for line in lines {
        if line.isEmpty {
          pendingEmpty += 1
          continue
        }
        let more = isBlank(line[0])
        if first {
          body += [UInt8](repeating: 0x0A, count: pendingEmpty)
        } else if !previousMore && !more {
          if pendingEmpty == 0 { body.append(0x20) } else { body += [UInt8](repeating: 0x0A, count: pendingEmpty) }
        } else {
          body += [UInt8](repeating: 0x0A, count: pendingEmpty + 1)
        }
        body += line
        pendingEmpty = 0
        previousMore = more
        first = false
      }
    }
    switch chomping {
    case .strip: break
    case .clip: if !lines.isEmpty { body.append(0x0A) }
    case .keep: body += [UInt8](repeating: 0x0A, count: (lines.isEmpty ? 0 : 1) + trailing)
    }
    let node = YAMLNode(.scalar(String(decoding: body, as: UTF8.self), literal ? .literal : .folded), at: position(start))
    try toNextContent(block: true)
    return node
  }
}
