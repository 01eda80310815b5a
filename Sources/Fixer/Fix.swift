/// Whether applying a fix can change what a runtime enforces (ruff's classes): `safe` fixes run with
/// `lint --fix`; `unsafe` ones change behaviour on purpose and need `--unsafe-fixes`.
package enum FixApplicability: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
  /// Docker, runc and libseccomp enforce exactly the same filter before and after (`seclint diff` is empty).
  case safe
  /// The fix changes the filter: the change its message announces (a typo'd syscall now applies, a key that was
  /// ignored now binds).
  case unsafe

  package static func < (a: Self, b: Self) -> Bool { a == .safe && b == .unsafe }
}

/// One byte-range replacement in a file: bytes `start..<end` become `replacement` (UTF-8). Everything outside
/// the range stays byte-identical.
package struct TextEdit: Sendable, Hashable, Comparable {
  package var start: Int
  package var end: Int
  package var replacement: String

  package init(start: Int, end: Int, replacement: String) {
    self.start = start
    self.end = end
    self.replacement = replacement
  }

  /// Two edits conflict when their ranges share a byte, or both insert at the same place (their order would be
  /// arbitrary). Ranges that only touch (`a.end == b.start`) do not conflict.
  package func overlaps(_ other: TextEdit) -> Bool {
    if start == end && other.start == other.end { return start == other.start }
    if start == end { return other.start < start && start < other.end }
    if other.start == other.end { return start < other.start && other.start < end }
    return start < other.end && other.start < end
  }

  package static func < (a: Self, b: Self) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// A finding's fix as edits to the file it was found in, applied all together or not at all.
package struct Fix: Sendable, Hashable {
  package var applicability: FixApplicability
  /// Sorted, non-overlapping.
  package var edits: [TextEdit]

  package init(_ applicability: FixApplicability, edits: [TextEdit]) {
    self.applicability = applicability
    self.edits = edits.sorted()
  }

  /// Whether any edit of `self` conflicts with any of `other`.
  package func conflicts(with other: Fix) -> Bool {
    edits.contains { edit in other.edits.contains { edit.overlaps($0) } }
  }
}
