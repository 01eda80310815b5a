import ProfileModel
import SyscallTables
import Upstream

/// A profile's own edits replayed onto a newer upstream default.
package struct RebaseResult: Sendable {
  /// Why an edit was not replayed.
  package struct Conflict: Sendable, Hashable {
    /// A syscall name, or a top-level field (`defaultAction`, `architectures`, …).
    package var subject: String
    package var reason: String
  }

  /// The newer upstream profile with the edits applied.
  package var profile: Profile
  /// Syscalls and fields whose edit was replayed.
  package var applied: [String]
  package var conflicts: [Conflict]
  /// Syscalls the fork changed exactly as upstream later did: nothing to replay.
  package var alreadyUpstream: [String] = []
}

/// Replays a fork's edits onto a newer upstream release, by meaning: every syscall the fork decides differently
/// from its base is decided as the fork decides it (its rules for that syscall, in its order, replace upstream's),
/// unless upstream changed that syscall too — then upstream's rules stay and the edit is a conflict to merge by
/// hand. Top-level settings likewise. So the symbolic diff from the new upstream to the result equals the diff
/// from the base to the fork, except for the conflicts (`RebaseTests` checks this over generated forks).
package enum Rebase {
  package static func rebase(_ fork: Profile, base: Profile, onto target: Profile) -> RebaseResult {
    let (mine, old, new) = (ProfileMeaning(fork), ProfileMeaning(base), ProfileMeaning(target))
    let edits = mine.edits(from: old)
    var replay = Set<String>()
    var conflicts: [RebaseResult.Conflict] = []
    var same: [String] = []
    for name in edits.added + edits.removed + edits.changed {
      if mine.syscalls[name] == new.syscalls[name] {
        same.append(name)
      } else if new.syscalls[name] == old.syscalls[name] {
        replay.insert(name)
      } else {
        conflicts.append(.init(subject: name, reason: "upstream changed \(name) too; kept upstream's rules"))
      }
    }
    var result = target
    // Upstream's rules lose the replayed names; the fork's rules for them follow, in the fork's order.
    var rules: [SyscallRule] = []
    for var rule in target.syscalls ?? [] {
      let names = rule.effectiveNames
      let kept = names.filter { !replay.contains($0) }
      if kept.count == names.count {
        rules.append(rule)
        continue
      }
      guard !kept.isEmpty else { continue }
      rule.names = kept
      rule.name = nil
      rules.append(rule)
    }
    for var rule in fork.syscalls ?? [] {
      let names = rule.effectiveNames.filter { replay.contains($0) }
      guard !names.isEmpty else { continue }
      rule.names = names
      rule.name = nil
      rules.append(rule)
    }
    result.syscalls = rules
    var applied = replay.sorted()
    for field in edits.top {
      guard new.top[field] == old.top[field] else {
        conflicts.append(.init(subject: field, reason: "upstream changed \(field) too; kept upstream's value"))
        continue
      }
      switch field {
      case "defaultAction":
        (result.defaultAction, result.defaultErrnoRet) = (fork.defaultAction, fork.defaultErrnoRet)
      case "defaultErrno": result.defaultErrno = fork.defaultErrno
      case "architectures": (result.architectures, result.archMap) = (fork.architectures, fork.archMap)
      case "flags": result.flags = fork.flags
      case "listenerPath": (result.listenerPath, result.listenerMetadata) = (fork.listenerPath, fork.listenerMetadata)
      default: continue
      }
      applied.append(field)
    }
    // Names no libseccomp knows have no meaning to replay; say so rather than drop them silently.
    let unknown = Set((fork.syscalls ?? []).flatMap(\.effectiveNames)).filter { !SyscallData.isKnown($0) && !$0.isEmpty }
    for name in unknown.sorted() {
      conflicts.append(.init(subject: name, reason: "libseccomp knows no syscall '\(name)' (runc skips it); left out"))
    }
    return RebaseResult(
      profile: result, applied: applied, conflicts: conflicts.sorted { $0.subject < $1.subject }, alreadyUpstream: same.sorted())
  }
}
