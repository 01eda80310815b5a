import Lineage
import Policy
import ProfileModel
import SyscallTables

/// `blocked --base`: what the base blocks for the same target, so each blocked entry of the profile is
/// `inherited` (the base blocks that syscall on that ABI the same way: same action, same argument branches) or
/// `introduced` (the base allows it, or blocks it differently), and the syscalls the base blocks that the profile
/// allows are listed as `unblocked`. Rule positions and reasons do not count: the two files differ in layout.
struct BlockedLineage {
  /// `moby 29.4.3–29.7.2`, or the base file's name.
  var name: String
  /// `derived from moby 25.0.3–28.1.1 (one content): 3 syscalls added` (upstream bases only).
  var summary: String?
  /// Why the base blocks nothing comparable for this target (it is refused or unconfined), if so.
  var unusable: String?
  /// The base's blocked entries: ABI token and syscall → `key(of:)` of its decision.
  private var blocked: [String: String] = [:]

  init(base: ResolvedBase, target: Target) {
    name = base.name
    summary = base.match?.summary
    let policy = Evaluator.evaluate(base.document, for: target)
    switch policy.status {
    case .refused(let refusal): unusable = "the base is refused for this target (\(refusal.stage): \(refusal.message))"
    case .unconfined(let reason): unusable = "the base runs unconfined for this target (\(reason))"
    case .enforced: break
    }
    for abi in policy.abis {
      for syscall in abi.syscalls where syscall.decision.canBlock {
        blocked[Self.slot(abi.architecture, syscall.name)] = Self.key(of: syscall.decision)
      }
    }
  }

  /// Whether the base blocks `syscall` on `architecture` exactly as the profile does.
  func inherits(_ syscall: SyscallDecision, on architecture: Architecture) -> Bool {
    blocked[Self.slot(architecture, syscall.name)] == Self.key(of: syscall.decision)
  }

  /// Whether the base blocks `name` on `architecture` at all.
  func blocks(_ name: String, on architecture: Architecture) -> Bool { blocked[Self.slot(architecture, name)] != nil }

  private static func slot(_ architecture: Architecture, _ name: String) -> String { architecture.token + "\u{0}" + name }

  /// The action and argument branches, without the deciding rule's position.
  private static func key(of decision: Decision) -> String {
    "\(decision.action)|" + decision.branches.map { "\($0.conditions.conditionText)>\($0.action)" }.joined(separator: "|")
  }
}
