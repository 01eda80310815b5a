import Linter
import Policy
import ProfileModel
import Testing
import TestSupport

/// Fingerprints identify a finding by what the profile means, not by where it is written.
@Suite struct FingerprintTests {
  func fingerprints(_ json: String) throws -> [String: Int] {
    let document = try ProfileLoader.load(text: json, file: "p.json")
    let lists = [Blocklist.docker].compactMap { $0 }
    var counts: [String: Int] = [:]
    for diagnostic in Linter.lint(document, options: LintOptions(blocklists: lists)) {
      #expect(diagnostic.fingerprint.count == 16)
      counts[diagnostic.ruleID + " " + diagnostic.fingerprint, default: 0] += 1
    }
    return counts
  }

  static let original = """
    {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [
      {"names": ["read", "opne", "socketcall"], "action": "SCMP_ACT_ALLOW"},
      {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE", "CAP_SYS_ADMIN"]}},
      {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_GT"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}
    ]}
    """

  @Test func reorderingRegroupingAndReformattingKeepThem() throws {
    let before = try fingerprints(Self.original)
    #expect(!before.isEmpty)
    let after = try fingerprints("""
      {"syscalls":[{"args":[{"op":"SCMP_CMP_EQ","value":1,"index":1},{"index":0,"op":"SCMP_CMP_GT","value":40}],"action":"SCMP_ACT_ALLOW","names":["socket"]},
      {"action":"SCMP_ACT_ALLOW","names":["socketcall"]},{"includes":{"caps":["CAP_SYS_ADMIN","CAP_SYS_PTRACE"]},"names":["ptrace"],"action":"SCMP_ACT_ALLOW"},
      {"names":["opne","read"],"action":"SCMP_ACT_ALLOW","comment":"regrouped"}],"architectures":["SCMP_ARCH_X86_64"],"defaultAction":"SCMP_ACT_ERRNO"}
      """)
    #expect(after == before)
  }

  @Test func changingTheDecidingRuleChangesThem() throws {
    let before = try fingerprints(Self.original)
    // (CAP_SYS_PTRACE is the gate Docker documents for ptrace, so the original rule has no finding; another
    // capability makes it one, with another deciding rule.)
    let guarded = try fingerprints(Self.original.replacingOccurrences(of: #""CAP_SYS_PTRACE", "CAP_SYS_ADMIN""#, with: #""CAP_NET_ADMIN""#))
    #expect(guarded.keys.filter { $0.hasPrefix("SCL205") } != before.keys.filter { $0.hasPrefix("SCL205") })
    let moved = try fingerprints(Self.original.replacingOccurrences(of: #""value": 40, "op": "SCMP_CMP_GT""#, with: #""value": 41, "op": "SCMP_CMP_GT""#))
    #expect(moved != before)
  }

  @Test func indexesAreReplacedByContent() throws {
    let document = try ProfileLoader.load(text: Self.original, file: "p.json")
    let diagnostic = try #require(Linter.lint(document, options: LintOptions(blocklists: [])).first { $0.ruleID == "SCL201" })
    var cache: [String: String] = [:]
    let text = Fingerprint.canonicalText(diagnostic, in: document, cache: &cache)
    #expect(text == #"SCL201|opne|/syscalls/[{"action":"SCMP_ACT_ALLOW"}]/names/["opne"]"#)
    #expect(Fingerprint.of(diagnostic, in: document) == diagnostic.fingerprint)
  }
}
