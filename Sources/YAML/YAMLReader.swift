/// Reads a YAML stream into documents of `YAMLNode`s with positions (the subset profiles and Kubernetes manifests
/// use; see README.md for what is refused). Never traps on input: everything it does not accept is a `YAMLError`.
package struct YAMLReader {
  var text: YAMLText
  var bytes: [UInt8] { text.bytes }
  /// The cursor (a byte offset).
  var index: Int
  let limits: YAMLLimits
  var depth = 0
  /// Anchors of the current document.
  var anchors: [String: YAMLNode] = [:]
  /// Nodes aliases have added to the current document so far.
  var expanded = 0

  package init(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError) {
    text = try YAMLText(bytes)
    index = text.contentStart
    self.limits = limits
  }

  /// Every document of the stream, in order.
  package static func read(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError) -> [YAMLDocument] {
    var reader = try YAMLReader(bytes, limits: limits)
    return try reader.readStream()
  }

  package static func read(_ string: String, limits: YAMLLimits = .standard) throws(YAMLError) -> [YAMLDocument] {
    try read(Array(string.utf8), limits: limits)
  }

  mutating func readStream() throws(YAMLError) -> [YAMLDocument] {
    var documents: [YAMLDocument] = []
    while true {
      try toNextContent(block: false)
      guard index < bytes.count else { break }
      var sawDirective = false
      while index < bytes.count, bytes[index] == UInt8(ascii: "%"), column(index) == 0 {
        try directive()
        sawDirective = true
        try toNextContent(block: false)
      }
      if atMarker("...") {
        if sawDirective { throw error("a directive must be followed by '---'", at: index) }
        index += 3
        try endOfLine(after: "the document end marker")
        continue
      }
      let start = position(index)
      let explicit = atMarker("---")
      if sawDirective && !explicit { throw error("a directive must be followed by '---'", at: index) }
      anchors = [:]
      expanded = 0
      let root: YAMLNode
      if explicit {
        index += 3
      } else {
        try checkIndentation()
      }
      root = try blockNode(parentIndent: -1, compact: !explicit, mappingValue: false)
      documents.append(YAMLDocument(root: root, index: documents.count + 1, start: start))
      if index < bytes.count && !atMarker("---") {
        guard atMarker("...") else {
          throw error("unexpected content after the document's root node (check the indentation)", at: index)
        }
        index += 3
        try endOfLine(after: "the document end marker")
      }
    }
    return documents
  }

  /// `%YAML 1.x` is accepted; `%TAG` is refused (tags are not supported); other directives are ignored, as the
  /// specification asks.
  private mutating func directive() throws(YAMLError) {
    let start = index
    let end = lineEnd(index)
    let line = String(decoding: bytes[start..<end], as: UTF8.self)
    if line.hasPrefix("%TAG") { throw error("%TAG directives are not supported (seclint honours no custom tags)", at: start) }
    if line.hasPrefix("%YAML"), !line.dropFirst(5).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("1.") {
      throw error("unsupported YAML version in '\(line)'", at: start)
    }
    index = end
  }

  // MARK: Block structure

  /// Anchor and tag written before a node.
  struct Properties {
    var anchor: String?
    var tag: String?
    var position: Int?
  }

  /// A node after an indicator (`- `, `key:`, `---`) or at the start of a line. `compact`: a block collection may
  /// start on this line (after `- `); `mappingValue`: a sequence at the parent's own indentation belongs to it.
  mutating func blockNode(parentIndent: Int, compact: Bool, mappingValue: Bool) throws(YAMLError) -> YAMLNode {
    skipSpaces()
    let properties = try readProperties(flow: false)
    if atLineEndOrComment() {
      let here = index
      try toNextContent(block: true)
      let col = index < bytes.count ? column(index) : -1
      let continues =
        index < bytes.count && !atDocumentMarker()
        && (col > parentIndent || (mappingValue && col == parentIndent && atSequenceEntry()))
      guard continues else { return try finish(emptyScalar(at: here), properties) }
      return try nodeContent(parentIndent: parentIndent, compact: true, properties: properties)
    }
    return try nodeContent(parentIndent: parentIndent, compact: compact, properties: properties)
  }

  /// The node whose first character is at the cursor.
  mutating func nodeContent(parentIndent: Int, compact: Bool, properties: Properties) throws(YAMLError) -> YAMLNode {
    let start = index
    let indent = column(index)
    let byte = bytes[index]
    if byte == UInt8(ascii: "-") && isBlankOrEnd(index + 1) {
      guard compact else { throw error("a block sequence cannot start on this line; start it on the next line", at: start) }
      return try finish(try blockSequence(indent: indent), properties)
    }
    if byte == UInt8(ascii: "?") && isBlankOrEnd(index + 1) {
      throw error("explicit mapping keys ('? ') are not supported", at: start)
    }
    if byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">") {
      return try finish(try blockScalar(parentIndent: parentIndent), properties)
    }
    if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
      let node = try flowCollection()
      skipSpaces()
      if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
        throw error("a flow collection as a mapping key is not supported", at: start)
      }
      try endOfLine(after: "the flow collection")
      return try finish(node, properties)
    }
    if isImplicitKey() {
      guard compact else {
        throw error("a mapping cannot start on this line (mapping values are not allowed here); quote the value or start the mapping on the next line", at: start)
      }
      // The properties belong to the first key, unless they stood on a line of their own (then to the mapping).
      let ownLine = properties.position.map { text.lineIndex($0) != text.lineIndex(start) } ?? false
      let key = try blockKey(properties: ownLine ? Properties() : properties)
      let mapping = try blockMapping(indent: indent, firstKey: key, start: start)
      return try finish(mapping, ownLine ? properties : Properties())
    }
    if byte == UInt8(ascii: "*") {
      if properties.anchor != nil || properties.tag != nil { throw error("an alias cannot have an anchor or tag", at: start) }
      let node = try alias()
      try endOfLine(after: "the alias")
      return node
    }
    let node: YAMLNode
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      node = try quotedScalar()
      try endOfLine(after: "the quoted scalar")
    } else {
      node = try plainBlockScalar(parentIndent: parentIndent)
    }
    return try finish(node, properties)
  }

  mutating func blockMapping(indent: Int, firstKey: YAMLNode, start: Int) throws(YAMLError) -> YAMLNode {
    try enter(at: start)
    defer { depth -= 1 }
    var pairs: [YAMLPair] = []
    var key = firstKey
    while true {
      let value = try blockNode(parentIndent: indent, compact: false, mappingValue: true)
      pairs.append(YAMLPair(key: key, value: value))
      guard index < bytes.count, !atDocumentMarker() else { break }
      let col = column(index)
      if col < indent { break }
      if col > indent {
        throw error("unexpected indentation: the mapping at column \(indent + 1) continues at column \(col + 1)", at: index)
      }
      if atSequenceEntry() {
        throw error("expected a key of the mapping that starts at \(position(start)), found a sequence entry", at: index)
      }
      skipSpaces()
      let properties = try readProperties(flow: false)
      guard isImplicitKey() else { throw error("expected a mapping key followed by ':'", at: index) }
      key = try blockKey(properties: properties)
    }
    return YAMLNode(.mapping(pairs), at: position(start))
  }

  mutating func blockSequence(indent: Int) throws(YAMLError) -> YAMLNode {
    let start = index
    try enter(at: start)
    defer { depth -= 1 }
    var items: [YAMLNode] = []
    while true {
      index += 1  // the '-'
      items.append(try blockNode(parentIndent: indent, compact: true, mappingValue: false))
      guard index < bytes.count, !atDocumentMarker() else { break }
      let col = column(index)
      if col < indent { break }
      if col > indent {
        throw error("unexpected indentation: the sequence at column \(indent + 1) continues at column \(col + 1)", at: index)
      }
      guard atSequenceEntry() else { break }
    }
    return YAMLNode(.sequence(items), at: position(start))
  }

  /// A key at the cursor (known to be one by `isImplicitKey`), through its ':'.
  mutating func blockKey(properties: Properties) throws(YAMLError) -> YAMLNode {
    let byte = bytes[index]
    var key: YAMLNode
    if byte == UInt8(ascii: "*") {
      if properties.anchor != nil || properties.tag != nil { throw error("an alias cannot have an anchor or tag", at: index) }
      key = try alias()
    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      let line = text.lineIndex(index)
      let start = index
      key = try quotedScalar()
      if text.lineIndex(index) != line { throw error("a mapping key must be on one line", at: start) }
      key = try finish(key, properties)
    } else {
      let start = index
      let end = plainLineEnd(from: index, flow: false).end
      key = try finish(YAMLNode(.scalar(string(start, end), .plain), at: position(start)), properties)
      index = end
    }
    skipSpaces()
    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the mapping key", at: index) }
    index += 1
    return key
  }

  /// Whether the cursor is at `key:` (plain, quoted or alias key on this line, followed by ': ' or ':' at the end).
  func isImplicitKey() -> Bool {
    guard index < bytes.count else { return false }
    var cursor = index
    let byte = bytes[cursor]
    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
      cursor += 1
      while cursor < bytes.count, !isBreak(bytes[cursor]) {
        if bytes[cursor] == byte {
          if byte == UInt8(ascii: "'"), cursor + 1 < bytes.count, bytes[cursor + 1] == byte {
            cursor += 2
            continue
          }
          break
        }
        if byte == UInt8(ascii: "\""), bytes[cursor] == UInt8(ascii: "\\") { cursor += 1 }
        cursor += 1
      }
      guard cursor < bytes.count, bytes[cursor] == byte else { return false }
      cursor += 1
    } else if byte == UInt8(ascii: "*") {
      cursor += 1
      while cursor < bytes.count, !isBlank(bytes[cursor]), !isBreak(bytes[cursor]) { cursor += 1 }
      // `*a:` ends the anchor name at the colon only when a blank follows.
      if cursor > index + 1, bytes[cursor - 1] == UInt8(ascii: ":") { return true }
    } else {
      if byte == UInt8(ascii: "#") || isFlowIndicator(byte) || byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">") {
        return false
      }
      return plainLineEnd(from: cursor, flow: false).colon
    }
    while cursor < bytes.count, isBlank(bytes[cursor]) { cursor += 1 }
    return cursor < bytes.count && bytes[cursor] == UInt8(ascii: ":") && isBlankOrEnd(cursor + 1)
  }

  // MARK: Properties and aliases

  mutating func readProperties(flow: Bool) throws(YAMLError) -> Properties {
    var properties = Properties()
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") else { break }
      let start = index
      index += 1
      while index < bytes.count, !isBlank(bytes[index]), !isBreak(bytes[index]), !(flow && isFlowIndicator(bytes[index])) {
        index += 1
      }
      let name = string(start + 1, index)
      if byte == UInt8(ascii: "&") {
        if properties.anchor != nil { throw error("a node can have only one anchor", at: start) }
        if name.isEmpty { throw error("an anchor needs a name", at: start) }
        properties.anchor = name
      } else {
        if properties.tag != nil { throw error("a node can have only one tag", at: start) }
        let tag = "!" + name
        guard ["!!str", "!!seq", "!!map"].contains(tag) else {
          throw error("tag '\(tag)' is not supported (only !!str, !!seq and !!map are honoured)", at: start)
        }
        properties.tag = tag
      }
      properties.position = properties.position ?? start
      skipSpaces()
    }
    return properties
  }

  /// Applies a node's anchor (registering it) and tag (checking it fits).
  mutating func finish(_ node: YAMLNode, _ properties: Properties) throws(YAMLError) -> YAMLNode {
    var node = node
    if let tag = properties.tag {
      let fits: Bool
      switch (tag, node.value) {
      case ("!!str", .scalar), ("!!seq", .sequence), ("!!map", .mapping): fits = true
      default: fits = false
      }
      guard fits else { throw error("tag '\(tag)' does not fit the node it is on", at: properties.position ?? index) }
      node.tag = tag
    }
    if let anchor = properties.anchor { anchors[anchor] = node }
    return node
  }

  /// `*name`: a copy of the anchored node, positioned at the alias. Expansion is counted against the limit.
  mutating func alias() throws(YAMLError) -> YAMLNode {
    let start = index
    index += 1
    while index < bytes.count, !isBlank(bytes[index]), !isBreak(bytes[index]), !isFlowIndicator(bytes[index]) {
      index += 1
    }
    // `*a: value` – the colon ends the key.
    if index > start + 1, bytes[index - 1] == UInt8(ascii: ":"), isBlankOrEnd(index) { index -= 1 }
    let name = string(start + 1, index)
    guard var node = anchors[name] else {
      throw error("unknown alias '*\(name)' (an anchor must be defined, and complete, before its aliases)", at: start)
    }
    expanded += node.size
    if expanded > limits.maxAliasExpansion {
      throw error(
        "aliases expand to more than \(limits.maxAliasExpansion) nodes in this document; refusing (alias bomb?)", at: start)
    }
    node.position = position(start)
    node.alias = name
    return node
  }

  // MARK: Helpers

  mutating func enter(at offset: Int) throws(YAMLError) {
    depth += 1
    if depth > limits.maxDepth { throw error("collections nested deeper than \(limits.maxDepth) levels", at: offset) }
  }

  mutating func position(_ offset: Int) -> YAMLPosition { text.position(offset) }
  mutating func error(_ message: String, at offset: Int) -> YAMLError { YAMLError(message, at: position(offset)) }

  func column(_ offset: Int) -> Int { offset - text.lineStart(offset) }
  func string(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

  func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
  func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
  func isBlankOrEnd(_ offset: Int) -> Bool { offset >= bytes.count || isBlank(bytes[offset]) || isBreak(bytes[offset]) }
  func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{")
      || byte == UInt8(ascii: "}")
  }

  func lineEnd(_ offset: Int) -> Int {
    var end = offset
    while end < bytes.count, !isBreak(bytes[end]) { end += 1 }
    return end
  }

  /// `---` or `...` at the start of a line, followed by a blank, a break or the end.
  func atMarker(_ marker: String) -> Bool {
    let markerBytes = Array(marker.utf8)
    guard index + 3 <= bytes.count, column(index) == 0, Array(bytes[index..<(index + 3)]) == markerBytes else { return false }
    return isBlankOrEnd(index + 3)
  }

  func atDocumentMarker() -> Bool { atMarker("---") || atMarker("...") }
  func atSequenceEntry() -> Bool { index < bytes.count && bytes[index] == UInt8(ascii: "-") && isBlankOrEnd(index + 1) }

  mutating func skipSpaces() {
    while index < bytes.count, isBlank(bytes[index]) { index += 1 }
  }

  /// At a line break, a comment or the end (after blanks).
  mutating func atLineEndOrComment() -> Bool {
    skipSpaces()
    return index >= bytes.count || isBreak(bytes[index]) || bytes[index] == UInt8(ascii: "#")
  }

  mutating func skipBreak() {
    guard index < bytes.count else { return }
    if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 2 } else { index += 1 }
  }

  /// Skips blanks, comments and empty lines up to the next content (or the end). In block context the content's
  /// indentation must be spaces only.
  mutating func toNextContent(block: Bool) throws(YAMLError) {
    while index < bytes.count {
      let byte = bytes[index]
      if isBlank(byte) {
        index += 1
      } else if byte == UInt8(ascii: "#") {
        index = lineEnd(index)
      } else if isBreak(byte) {
        skipBreak()
      } else {
        break
      }
    }
    if block && index < bytes.count { try checkIndentation() }
  }

  /// Tabs cannot indent block content (YAML 1.2 §6.1).
  mutating func checkIndentation() throws(YAMLError) {
    var cursor = text.lineStart(index)
    while cursor < index {
      if bytes[cursor] == 0x09 { throw error("a tab character indents this line; YAML allows only spaces", at: cursor) }
      cursor += 1
    }
  }

  /// After a complete inline node: only blanks and a comment may follow on the line; then on to the next content.
  mutating func endOfLine(after what: String) throws(YAMLError) {
    let before = index
    skipSpaces()
    if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
      if index == before { throw error("a comment must be separated from \(what) by a space", at: index) }
      index = lineEnd(index)
    }
    guard index >= bytes.count || isBreak(bytes[index]) else {
      throw error("unexpected text after \(what)", at: index)
    }
    try toNextContent(block: true)
  }

  mutating func emptyScalar(at offset: Int) -> YAMLNode { YAMLNode(.scalar("", .plain), at: position(offset)) }
}
