/// A place in YAML text: 1-based line and column (columns count Unicode scalars) and the 0-based byte offset.
package struct YAMLPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var line: Int
  package var column: Int
  package var offset: Int

  package init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  package var description: String { "\(line):\(column)" }
  package static func < (a: Self, b: Self) -> Bool { a.offset < b.offset }
}

/// How a scalar was written; only plain scalars are resolved to null, booleans and numbers.
package enum YAMLScalarStyle: String, Sendable, Hashable {
  case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One node of a YAML document, with the position where it starts (for an alias: the alias itself).
package struct YAMLNode: Sendable, Hashable {
  package enum Value: Sendable, Hashable {
    /// The scalar's content after quoting, escapes, folding and chomping.
    case scalar(String, YAMLScalarStyle)
    case sequence([YAMLNode])
    /// Pairs in file order; duplicate keys are kept (the reader reports them, Kubernetes keeps the last).
    case mapping([YAMLPair])
  }

  package var value: Value
  package var position: YAMLPosition
  /// `!!str`, `!!seq` or `!!map` when the node carried one of those tags (the only ones honoured).
  package var tag: String?
  /// The anchor this node was copied from, when it is the expansion of an alias (`*name`).
  package var alias: String?
  /// Nodes in this subtree (1 for a scalar): what expanding an alias to it costs.
  package var size: Int

  package init(_ value: Value, at position: YAMLPosition, tag: String? = nil) {
    self.value = value
    self.position = position
    self.tag = tag
    switch value {
    case .scalar: size = 1
    case .sequence(let items): size = items.reduce(1) { $0 &+ $1.size }
    case .mapping(let pairs): size = pairs.reduce(1) { $0 &+ $1.key.size &+ $1.value.size }
    }
  }

  /// The scalar's text and style, or nil for a collection.
  package var scalar: (text: String, style: YAMLScalarStyle)? {
    if case .scalar(let text, let style) = value { return (text, style) }
    return nil
  }
  package var items: [YAMLNode]? { if case .sequence(let items) = value { items } else { nil } }
  package var pairs: [YAMLPair]? { if case .mapping(let pairs) = value { pairs } else { nil } }

  /// The value of the last pair whose key is the plain or quoted scalar `key` (Kubernetes: last wins).
  package subscript(key: String) -> YAMLNode? {
    pairs?.last { $0.key.scalar?.text == key }?.value
  }
}

/// One `key: value` pair of a mapping.
package struct YAMLPair: Sendable, Hashable {
  package var key: YAMLNode
  package var value: YAMLNode

  package init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}

/// One document of a stream (`---` … `...`).
package struct YAMLDocument: Sendable, Hashable {
  package var root: YAMLNode
  /// 1-based index in the stream.
  package var index: Int
  /// Where the document starts: its `---` marker, or its first content.
  package var start: YAMLPosition

  package init(root: YAMLNode, index: Int, start: YAMLPosition) {
    self.root = root
    self.index = index
    self.start = start
  }
}

/// Why a YAML stream could not be read: `line:column: message`.
package struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
  package var message: String
  package var position: YAMLPosition

  package init(_ message: String, at position: YAMLPosition) {
    self.message = message
    self.position = position
  }

  package var description: String { "\(position.line):\(position.column): \(message)" }
}

/// Bounds that keep hostile input from exhausting the stack or memory.
package struct YAMLLimits: Sendable, Hashable {
  /// Collections nested deeper than this are refused.
  package var maxDepth: Int
  /// Nodes that aliases may add to one document in total (an alias to a 10-node subtree adds 10).
  package var maxAliasExpansion: Int

  package init(maxDepth: Int = 256, maxAliasExpansion: Int = 100_000) {
    self.maxDepth = maxDepth
    self.maxAliasExpansion = maxAliasExpansion
  }

  package static let standard = YAMLLimits()
}
