/// Items gathered under a key: groups in the order their keys first appear, items in the order they came. What
/// reports print as one line per group — `check`'s "SCMP_ARCH_X86_64: read write …", `blocked`'s entries with one
/// action and reason, its "Also blocked, with ERRNO(EPERM), not in the allowlist (12): …", `explain`'s ABIs with
/// the same answer, `diff`'s syscalls with the same change. Deterministic whatever the keys' hash values.
package struct OrderedGroups<Key: Hashable, Item>: Sequence {
  package typealias Group = (key: Key, items: [Item])

  package private(set) var groups: [Group] = []
  private var index: [Key: Int] = [:]

  package init() {}

  /// `elements` grouped by `key`, each contributing `item`.
  package init<Elements: Sequence>(
    _ elements: Elements, by key: (Elements.Element) -> Key, item: (Elements.Element) -> Item
  ) {
    for element in elements { append(item(element), to: key(element)) }
  }

  /// Adds `item` to `key`'s group, opening the group after the others when `key` is new.
  package mutating func append(_ item: Item, to key: Key) {
    if let position = index[key] {
      groups[position].items.append(item)
    } else {
      index[key] = groups.count
      groups.append((key, [item]))
    }
  }

  package var isEmpty: Bool { groups.isEmpty }
  package var count: Int { groups.count }

  package func makeIterator() -> IndexingIterator<[Group]> { groups.makeIterator() }
}
