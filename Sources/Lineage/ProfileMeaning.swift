import Policy
import ProfileModel
import SyscallTables

/// What a profile means, in a form two profiles can be compared by: per syscall name, the rules that decide it
/// (action, argument conditions, Docker guard) and the top-level settings. Formatting, key order, rule order,
/// how names are grouped into rules, comments and names libseccomp does not know leave it unchanged.
package struct ProfileMeaning: Sendable, Hashable {
  /// Top-level settings by field: `defaultAction`, `architectures`, `flags`, `listenerPath`.
  package var top: [String: String]
  /// Per known syscall name, its rules' meanings, sorted (a name's rules rarely change order in a fork, and
  /// recognition must survive a reorder; the symbolic diff still judges order where it matters).
  package var syscalls: [String: [String]]

  package init(top: [String: String], syscalls: [String: [String]]) {
    (self.top, self.syscalls) = (top, syscalls)
  }

  package init(_ profile: Profile) {
    let policy = SymbolicPolicy(profile)
    var top: [String: String] = [:]
    top["defaultAction"] = policy.defaultAction.map(\.description) ?? (profile.defaultAction ?? "")
    if let name = profile.defaultErrno { top["defaultErrno"] = name }
    top["architectures"] = Self.architectures(profile)
    if let flags = profile.flags, !flags.isEmpty { top["flags"] = Set(flags).sorted().joined(separator: ",") }
    if let listener = profile.listenerPath, !listener.isEmpty { top["listenerPath"] = listener }
    self.top = top
    var syscalls: [String: [String]] = [:]
    for rule in policy.rules {
      let meaning = Self.meaning(of: rule)
      for name in Set(rule.names) where SyscallData.isKnown(name) { syscalls[name, default: []].append(meaning) }
    }
    self.syscalls = syscalls.mapValues { $0.sorted() }
  }

  /// `ALLOW if arg0 == 1 with CAP_SYS_ADMIN`: one rule as it applies to each of its names.
  static func meaning(of rule: SymbolicRule) -> String {
    let action = rule.action?.description ?? rule.actionToken
    let chains = rule.chains.map { $0.sorted().conditionText }.sorted().joined(separator: " || ")
    return "\(action) if \(chains) \(rule.guardCondition)"
  }

  /// The ABIs the filter can cover: `architectures`, or every archMap entry with its sub-arches, sorted.
  static func architectures(_ profile: Profile) -> String {
    var parts = Set(profile.architectures ?? [])
    for entry in profile.archMap ?? [] {
      parts.insert(([entry.architecture ?? ""] + (entry.subArchitectures ?? []).sorted()).joined(separator: "+"))
    }
    return parts.sorted().joined(separator: ",")
  }

  /// How `self` differs from `base`, by syscall and top-level field.
  package func edits(from base: ProfileMeaning) -> MeaningEdits {
    var edits = MeaningEdits()
    for (name, rules) in syscalls {
      guard let old = base.syscalls[name] else {
        edits.added.append(name)
        continue
      }
      if old != rules { edits.changed.append(name) }
    }
    edits.removed = base.syscalls.keys.filter { syscalls[$0] == nil }
    edits.top = Set(top.keys).union(base.top.keys).filter { top[$0] != base.top[$0] }
    edits.added.sort()
    edits.removed.sort()
    edits.changed.sort()
    edits.top.sort()
    return edits
  }
}

/// The syscalls and settings one profile adds, removes or changes against another.
package struct MeaningEdits: Sendable, Hashable {
  package var added: [String] = []
  package var removed: [String] = []
  package var changed: [String] = []
  package var top: [String] = []

  package var count: Int { added.count + removed.count + changed.count + top.count }
  package var isEmpty: Bool { count == 0 }

  /// `3 syscalls added, 1 changed, defaultAction changed` or `identical in meaning`.
  package var summary: String {
    var parts: [String] = []
    func plural(_ n: Int, _ what: String) -> String { n == 1 ? "1 syscall \(what)" : "\(n) syscalls \(what)" }
    if !added.isEmpty { parts.append(plural(added.count, "added")) }
    if !removed.isEmpty { parts.append(plural(removed.count, "removed")) }
    if !changed.isEmpty { parts.append(plural(changed.count, "changed")) }
    parts += top.map { "\($0) changed" }
    return parts.isEmpty ? "identical in meaning" : parts.joined(separator: ", ")
  }
}
