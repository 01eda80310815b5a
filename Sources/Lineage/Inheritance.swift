import Linter
import ProfileModel

/// Whether a finding is the profile's own or came with the upstream default it was copied from.
package enum Inheritance {
  /// Splits `findings` (of a profile with meaning `profile`) into inherited — the base has a finding of the
  /// same rule for the same syscalls, decided the same way in both — and introduced. Findings about no syscall
  /// match on rule and message. Each base finding accounts for one finding of the profile (a multiset match).
  package static func inherited(
    _ findings: [Diagnostic], profile: ProfileMeaning, base: [Diagnostic], baseMeaning: ProfileMeaning
  ) -> [Bool] {
    inherited(findings, profile: profile, base: base) { baseMeaning.syscalls[$0] }
  }

  /// `inherited(_:profile:base:baseMeaning:)` with the base's rules per syscall looked up as needed (an
  /// upstream base's from the meaning table: only the syscalls its findings name are read).
  package static func inherited(
    _ findings: [Diagnostic], profile: ProfileMeaning, base: [Diagnostic], baseRules: (String) -> [String]?
  ) -> [Bool] {
    var available: [String: Int] = [:]
    for finding in base { available[key(finding, baseRules), default: 0] += 1 }
    return findings.map { finding in
      let k = key(finding) { profile.syscalls[$0] }
      guard let count = available[k], count > 0 else { return false }
      available[k] = count - 1
      return true
    }
  }

  /// Rule, syscalls with how the profile decides each, arches and condition; or rule and message.
  static func key(_ finding: Diagnostic, _ rules: (String) -> [String]?) -> String {
    guard !finding.syscalls.isEmpty else { return "\(finding.ruleID)\u{0}\(finding.message)" }
    let syscalls = finding.syscalls.sorted().map { name in
      name + "=" + (rules(name) ?? ["(not known to libseccomp)"]).joined(separator: ";")
    }
    return [finding.ruleID, syscalls.joined(separator: ","), finding.arches.sorted().joined(separator: ","),
      finding.condition ?? ""].joined(separator: "\u{0}")
  }
}
