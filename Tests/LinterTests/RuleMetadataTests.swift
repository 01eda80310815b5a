import Linter
import Testing

@Suite struct RuleMetadataTests {
  @Test func idsAreSortedAndUnique() {
    let ids = RuleRegistry.descriptors.map(\.id)
    #expect(ids == ids.sorted())
    #expect(Set(ids).count == ids.count)
    #expect(Set(RuleRegistry.descriptors.map(\.name)).count == ids.count)
  }

  @Test(arguments: RuleRegistry.descriptors.map(\.id))
  func descriptorIsComplete(_ id: String) throws {
    let rule = try #require(RuleRegistry.descriptor(id))
    #expect(rule.id.wholeMatch(of: /SCL[0-9]{3}/) != nil)
    #expect(rule.name.wholeMatch(of: /[a-z]+(-[a-z0-9]+)*/) != nil, "kebab-case name")
    #expect(rule.summary.hasSuffix("."))
    for heading in ["**What it does.**", "**Why it matters.**", "**Example.**", "**Instead.**", "**References.**"] {
      #expect(rule.rationale.contains(heading), "\(rule.name) rationale lacks \(heading)")
    }
    #expect(rule.examples.contains { $0.triggers }, "\(rule.name) needs a triggering example")
    #expect(rule.examples.contains { !$0.triggers }, "\(rule.name) needs a passing example")
    #expect(RuleRegistry.descriptor(rule.name)?.id == rule.id)
  }

  /// The public contract of the issue: these names exist.
  @Test func requiredRuleNamesExist() {
    for name in [
      "unknown-key", "duplicate-key", "invalid-value", "conflicting-fields", "unconfined-profile", "unknown-syscall",
      "syscall-not-on-arch", "missing-arch-guard", "never-matching-condition", "blocklist-conflict", "default-allow",
      "redundant-rule", "conflicting-rules", "no-architectures", "notify-misuse", "runtime-rejects",
    ] {
      #expect(RuleRegistry.descriptor(name) != nil, "\(name)")
    }
  }
}
