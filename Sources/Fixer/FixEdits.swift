import ProfileModel

/// Builds the edits of a fix from the loader's positions: the tree says where a key, value, element or member
/// starts; `JSONExtent` reads where it ends from the file's bytes. Every builder returns nil rather than an edit
/// it cannot place exactly (a position that is not where the tree says, a document read from YAML).
package struct FixEdits {
  private let root: JSONNode
  private let bytes: [UInt8]

  package init(_ document: ProfileDocument) {
    root = document.root
    bytes = document.sourceBytes
  }

  /// Renames the key of the member whose key starts at `keyOffset` (`"Names"` → `"names"`).
  package func renameKey(at keyOffset: Int, to key: String) -> [TextEdit]? {
    guard let (container, index) = parent(ofOffset: keyOffset), let members = container.members,
      members[index].keyPosition.offset == keyOffset,
      let end = JSONExtent.end(ofStringAt: keyOffset, in: bytes)
    else { return nil }
    return [TextEdit(start: keyOffset, end: end, replacement: JSONExtent.quoted(key))]
  }

  /// Replaces the string value starting at `offset` (`"opne"` → `"open"`).
  package func replaceString(at offset: Int, with text: String) -> [TextEdit]? {
    guard let (container, index) = parent(ofOffset: offset) else { return nil }
    let node = container.members.map { $0[index].value } ?? container.elements?[index]
    guard let node, node.string != nil, node.position.offset == offset,
      let end = JSONExtent.end(ofStringAt: offset, in: bytes)
    else { return nil }
    return [TextEdit(start: offset, end: end, replacement: JSONExtent.quoted(text))]
  }

  /// Replaces the value of member `key` of the object starting at `objectOffset` with the JSON `value`, or adds the
  /// member after the object's last member when it has none (in the layout of that last member's line).
  package func setMember(_ key: String, toJSON value: String, inObjectAt objectOffset: Int) -> [TextEdit]? {
    guard let object = node(atOffset: objectOffset), let members = object.members, let last = members.last else { return nil }
    let existing = members.filter { GoKeyMatching.binds($0.key, to: key) }
    if let member = existing.last {
      guard existing.count == 1, let end = JSONExtent.end(ofValueAt: member.value.position.offset, in: bytes) else { return nil }
      return [TextEdit(start: member.value.position.offset, end: end, replacement: value)]
    }
    guard let end = JSONExtent.end(ofValueAt: last.value.position.offset, in: bytes) else { return nil }
    // Whatever separates the last two members (", " or ",\n\t\t\t"), else a single space.
    var separator = ", "
    if members.count > 1, let previousEnd = JSONExtent.end(ofValueAt: members[members.count - 2].value.position.offset, in: bytes) {
      separator = String(decoding: bytes[previousEnd..<last.keyPosition.offset], as: UTF8.self)
    }
    return [TextEdit(start: end, end: end, replacement: separator + JSONExtent.quoted(key) + ": " + value)]
  }

  /// Removes the array element or object member whose value (or, for a member, key) starts at `offset`, with the
  /// separator that goes with it: the comma and break before it, or, for the first one, up to the next one; an
  /// only element or member leaves `[]` or `{}`.
  package func remove(at offset: Int) -> [TextEdit]? {
    guard let (container, index) = parent(ofOffset: offset) else { return nil }
    let starts: [Int]
    let valueStarts: [Int]
    if let members = container.members {
      starts = members.map(\.keyPosition.offset)
      valueStarts = members.map(\.value.position.offset)
    } else {
      starts = container.elements?.map(\.position.offset) ?? []
      valueStarts = starts
    }
    func end(_ i: Int) -> Int? { JSONExtent.end(ofValueAt: valueStarts[i], in: bytes) }
    if starts.count == 1 {
      guard let only = end(0) else { return nil }
      let close = JSONExtent.skipWhitespace(from: only, in: bytes)
      guard close < bytes.count, bytes[close] == UInt8(ascii: "]") || bytes[close] == UInt8(ascii: "}") else { return nil }
      return [TextEdit(start: container.position.offset + 1, end: close, replacement: "")]
    }
    if index == 0 {
      return [TextEdit(start: starts[0], end: starts[1], replacement: "")]
    }
    guard let previous = end(index - 1), let this = end(index) else { return nil }
    return [TextEdit(start: previous, end: this, replacement: "")]
  }

  /// The node whose value starts at `offset`.
  package func node(atOffset offset: Int) -> JSONNode? {
    if root.position.offset == offset { return root }
    guard let (container, index) = parent(ofOffset: offset) else { return nil }
    return container.members.map { $0[index].value } ?? container.elements?[index]
  }

  /// The object or array holding the member (by key or value offset) or element that starts at `offset`, and
  /// its index there. Depth-first with an explicit stack (no recursion on hostile nesting).
  private func parent(ofOffset offset: Int) -> (JSONNode, Int)? {
    var stack = [root]
    while let node = stack.popLast() {
      if let members = node.members {
        for (index, member) in members.enumerated() {
          if member.keyPosition.offset == offset || member.value.position.offset == offset { return (node, index) }
        }
        stack += members.map(\.value).filter { $0.position.offset < offset }
      } else if let elements = node.elements {
        for (index, element) in elements.enumerated() where element.position.offset == offset { return (node, index) }
        stack += elements.filter { $0.position.offset < offset }
      }
    }
    return nil
  }
}
