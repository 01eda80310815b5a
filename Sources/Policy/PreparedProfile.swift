import ProfileModel
import SyscallTables

/// What evaluating a document needs from it whatever the target, computed once: every rule as runc receives
/// it (with its names' libseccomp table rows), every rule's Docker guard and whether Docker refuses to decode it.
/// Evaluating one document for many targets (lint's hosts, diff's grid) shares it, so each name is hashed
/// once instead of once per host, stage and ABI.
package struct PreparedProfile: Sendable {
  /// The rule as Docker hands it to runc when it keeps it (names, their rows, runc's parsed action and
  /// condition chains), by rule index.
  let rules: [OCISeccomp.Rule]
  /// By rule index.
  let guards: [Guard]
  /// By rule index: the guard is empty, so the rule is kept on every target (no set is consulted).
  let unguarded: [Bool]
  /// moby's `json.Unmarshal` failure, if any (`DockerStage.decodingRefusal`).
  let decodingRefusal: Refusal?
  /// moby's refusal of a rule with both `name` and `names`, if any (`DockerStage.namesConflict`).
  let namesConflict: Refusal?

  package init(_ document: ProfileDocument) {
    self.init(document, guards: (document.profile.syscalls ?? []).map(Guard.init))
  }

  /// With the rules' guards already built (`guards[i] == Guard(document.profile.syscalls[i])`, as
  /// `SymbolicPolicy` builds them): lint builds both and need not parse every guard twice.
  package init(_ document: ProfileDocument, guards: [Guard]) {
    let rules = document.profile.syscalls ?? []
    self.rules = rules.enumerated().map { index, rule in
      Self.ociRule(rule, index: index)
    }
    self.guards = guards
    unguarded = guards.map(\.isAlways)
    decodingRefusal = DockerStage.decodingRefusal(document)
    namesConflict = DockerStage.namesConflict(rules)
  }

  /// The table row of name `name` of rule `rule` (`-1`: the legacy `name` field), nil when the tables do not
  /// have it: lint's rules look names up here instead of hashing them again.
  package func row(rule: Int, name: Int) -> Int? {
    guard rules.indices.contains(rule) else { return nil }
    let rows = rules[rule].rows
    let position = max(name, 0)
    return rows.indices.contains(position) ? rows[position] : nil
  }

  /// The rule at `index` as Docker hands it to runc.
  static func ociRule(_ rule: SyscallRule, index: Int) -> OCISeccomp.Rule {
    let names = rule.effectiveNames
    return OCISeccomp.Rule(
      pointer: JSONPointer(["syscalls", String(index)]), names: names, rows: names.map(SyscallData.row(of:)),
      action: rule.action ?? "", errnoRet: rule.errnoRet, args: rule.args ?? [], comment: rule.comment)
  }
}
