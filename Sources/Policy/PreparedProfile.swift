import ProfileModel
import SyscallTables

/// What evaluating a document needs from it whatever the target, computed once: the libseccomp table row
/// of every rule name, every rule's Docker guard and whether Docker refuses to decode the profile.
/// Evaluating one document for many targets (lint's hosts, diff's grid) shares it, so each name is hashed
/// once instead of once per host, stage and ABI.
package struct PreparedProfile: Sendable {
  /// By rule index, then by position in the rule's `effectiveNames`; nil for names libseccomp does not know.
  let rows: [[Int?]]
  /// By rule index.
  let guards: [Guard]
  /// `/syscalls/<index>` by rule index.
  let pointers: [JSONPointer]
  /// moby's `json.Unmarshal` failure, if any (`DockerStage.decodingRefusal`).
  let decodingRefusal: Refusal?

  package init(_ document: ProfileDocument) {
    let rules = document.profile.syscalls ?? []
    rows = rules.map { rule in rule.effectiveNames.map(SyscallData.row(of:)) }
    guards = rules.map(Guard.init)
    pointers = rules.indices.map { JSONPointer(["syscalls", String($0)]) }
    decodingRefusal = DockerStage.decodingRefusal(document)
  }

  func rows(ofRule index: Int) -> [Int?] { rows.indices.contains(index) ? rows[index] : [] }
}
