extension YAMLReader {
  /// `[…]` or `{…}` at the cursor; the cursor ends after the closing bracket.
  mutating func flowCollection() throws(YAMLError) -> YAMLNode {
    let start = index
    let startPosition = position(start)
    try enter(at: start)
    defer { depth -= 1 }
    let isSequence = bytes[index] == UInt8(ascii: "[")
    let closer = isSequence ? UInt8(ascii: "]") : UInt8(ascii: "}")
    let what = isSequence ? "flow sequence" : "flow mapping"
    index += 1
    var items: [YAMLNode] = []
    var pairs: [YAMLPair] = []
    while true {
      try flowSpace(opener: start, what: what)
      if bytes[index] == closer {
        index += 1
        break
      }
      if bytes[index] == UInt8(ascii: ",") { throw error("unexpected ',' in the \(what)", at: index) }
      let entryStart = index
      var key: YAMLNode
      if bytes[index] == UInt8(ascii: ":") && isFlowValueColon(index) {
        key = emptyScalar(at: index)
      } else {
        key = try flowNode(opener: start, what: what)
      }
      try flowSpace(opener: start, what: what)
      var value: YAMLNode?
      if bytes[index] == UInt8(ascii: ":") {
        index += 1
        try flowSpace(opener: start, what: what)
        if bytes[index] == UInt8(ascii: ",") || bytes[index] == closer {
          value = emptyScalar(at: index)
        } else {
          value = try flowNode(opener: start, what: what)
        }
      }
      if isSequence {
        if let value {
          items.append(YAMLNode(.mapping([YAMLPair(key: key, value: value)]), at: position(entryStart)))
        } else {
          items.append(key)
        }
      } else {
        pairs.append(YAMLPair(key: key, value: value ?? emptyScalar(at: index)))
      }
      try flowSpace(opener: start, what: what)
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] != closer {
        throw error("expected ',' or '\(Character(Unicode.Scalar(closer)))' in the \(what)", at: index)
      }
    }
    return YAMLNode(isSequence ? .sequence(items) : .mapping(pairs), at: startPosition)
  }

  /// A `:` that separates a flow key from its value.
  private func isFlowValueColon(_ offset: Int) -> Bool {
    isBlankOrEnd(offset + 1) || (offset + 1 < bytes.count && isFlowIndicator(bytes[offset + 1]))
  }

  /// Blanks, breaks and comments inside a flow collection; the end of the input is an error.
  private mutating func flowSpace(opener: Int, what: String) throws(YAMLError) {
    while index < bytes.count {
      let byte = bytes[index]
      if isBlank(byte) {
        index += 1
      } else if isBreak(byte) {
        skipBreak()
        if atDocumentMarker() { throw error("a document marker inside a \(what)", at: index) }
      } else if byte == UInt8(ascii: "#") {
        if index > 0, !isBlank(bytes[index - 1]), !isBreak(bytes[index - 1]) {
          throw error("a comment must be separated from the content by a space", at: index)
        }
        index = lineEnd(index)
      } else {
        return
      }
    }
    throw error("unterminated \(what) (no closing bracket before the end of the input)", at: opener)
  }

  /// A node inside a flow collection.
  private mutating func flowNode(opener: Int, what: String) throws(YAMLError) -> YAMLNode {
    let properties = try readProperties(flow: true)
    if properties.position != nil { try flowSpace(opener: opener, what: what) }
    let byte = bytes[index]
    if byte == UInt8(ascii: "*") {
      if properties.anchor != nil || properties.tag != nil { throw error("an alias cannot have an anchor or tag", at: index) }
      return try alias()
    }
    let node: YAMLNode
    if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
      node = try flowCollection()
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      node = try quotedScalar()
    } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
      node = emptyScalar(at: index)
    } else {
      node = try flowPlain()
    }
    return try finish(node, properties)
  }

  /// A plain scalar inside a flow collection, possibly continued on the following lines.
  private mutating func flowPlain() throws(YAMLError) -> YAMLNode {
    let start = index
    let startPosition = position(start)
    let byte = bytes[index]
    if byte == UInt8(ascii: "@") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">") {
      throw error("'\(Character(Unicode.Scalar(byte)))' cannot start a plain scalar in a flow collection; quote the value", at: start)
    }
    if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?")) && isBlankOrEnd(index + 1) {
      throw error("unexpected '\(Character(Unicode.Scalar(byte)))' in a flow collection", at: start)
    }
    var result: [UInt8] = []
    while true {
      let line = plainLineEnd(from: index, flow: true)
      result += bytes[index..<line.end]
      index = line.end
      if line.colon { break }
      // Continue on the next line unless what follows ends the scalar.
      var probe = index
      while probe < bytes.count, isBlank(bytes[probe]) { probe += 1 }
      guard probe < bytes.count, isBreak(bytes[probe]) else { break }
      var emptyLines = 0
      var next = probe
      while next < bytes.count {
        if bytes[next] == 0x0D, next + 1 < bytes.count, bytes[next + 1] == 0x0A { next += 2 } else { next += 1 }
        while next < bytes.count, isBlank(bytes[next]) { next += 1 }
        if next < bytes.count, isBreak(bytes[next]) {
          emptyLines += 1
          continue
        }
        break
      }
      guard next < bytes.count else { break }
      let nextByte = bytes[next]
      if isFlowIndicator(nextByte) || nextByte == UInt8(ascii: "#") || (nextByte == UInt8(ascii: ":") && isFlowValueColon(next)) {
        break
      }
      let saved = index
      index = next
      if atDocumentMarker() {
        index = saved
        break
      }
      if emptyLines == 0 { result.append(0x20) } else { result += [UInt8](repeating: 0x0A, count: emptyLines) }
    }
    return YAMLNode(.scalar(String(decoding: result, as: UTF8.self), .plain), at: startPosition)
  }
}
