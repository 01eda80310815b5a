import Policy
import ProfileModel
import SyscallTables

/// Whether a change lets a container do more, less, or something else.
package enum Direction: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
  case widened, narrowed, changed

  package static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}

/// One side of a syscall change: the decision in words and, where it is one action, that action.
package struct DecisionSide: Sendable, Hashable {
  /// The action when the call's arguments and the target do not matter (or the fallback action).
  package var action: SeccompAction?
  /// Argument-dependent branches (evaluated diff) — nil when the arguments do not matter.
  package var branches: [Branch]?
  /// Capability/kernel/arch/argument conditions in words (symbolic diff), e.g. `ALLOW on kernel ≥ 4.8`.
  package var condition: String?
  /// Short human form: `ALLOW`, `ERRNO(EPERM) by default`, `ALLOW when arg0 == 1; otherwise ERRNO(EPERM)`.
  package var summary: String
}

/// A syscall whose decision differs between the two profiles (on one ABI for an evaluated diff).
package struct SyscallChange: Sendable, Hashable {
  package var syscall: String
  package var arch: Architecture?
  package var old: DecisionSide
  package var new: DecisionSide
  package var direction: Direction
}

/// A change outside the syscall rules: default action, errno, architectures, flags, listener, status.
package struct TopChange: Sendable, Hashable {
  package var field: String
  package var old: String
  package var new: String
  package var direction: Direction
}

/// The semantic difference between two profiles.
package struct ProfileDiff: Sendable {
  package var oldFile: String
  package var newFile: String
  /// nil for a symbolic diff (over every target).
  package var target: Target?
  package var top: [TopChange]
  package var changes: [SyscallChange]

  package func count(_ direction: Direction) -> Int {
    top.filter { $0.direction == direction }.count + changes.filter { $0.direction == direction }.count
  }

  package var isEmpty: Bool { top.isEmpty && changes.isEmpty }
}
