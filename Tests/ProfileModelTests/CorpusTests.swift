import Foundation
import ProfileModel
import Testing
import TestSupport

extension Corpus {
  static func load(_ relative: String) throws -> ProfileDocument {
    try ProfileLoader.load(path: path(relative), as: relative)
  }
}

@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason))) struct CorpusTests {
  @Test func everyCorpusProfileLoads() throws {
    let profiles = Corpus.profiles
    #expect(profiles.count >= 85)
    for relative in profiles {
      #expect(throws: Never.self, "\(relative)") { _ = try Corpus.load(relative) }
    }
  }

  @Test func mobyAndPodmanDefaultsDecodeWithoutIssues() throws {
    for relative in Corpus.profiles where relative.hasPrefix("moby/") || relative.hasPrefix("containers-common/seccomp.json@") {
      let doc = try Corpus.load(relative)
      #expect(doc.issues.isEmpty, "\(relative): \(doc.issues.map(\.message))")
      #expect(doc.profile.defaultAction != nil, "\(relative)")
      #expect((doc.profile.syscalls?.count ?? 0) > 10, "\(relative)")
    }
  }

  @Test func legacyFormatFixtureMatchesMobysTest() throws {
    // moby TestLoadLegacyProfile: default-old-format.json has architectures [X86_64, X86, X32] and 311 rules,
    // the first being accept ALLOW.
    let doc = try Corpus.load("moby-fixtures/default-old-format.json")
    #expect(doc.profile.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"])
    #expect(doc.profile.syscalls?.count == 311)
    #expect(doc.profile.syscalls?.first?.effectiveNames == ["accept"])
    #expect(doc.profile.syscalls?.first?.action == "SCMP_ACT_ALLOW")
  }

  @Test func exampleFixtureMatchesMobysTest() throws {
    // moby TestLoadProfile: 4 rules; clone MASKED_EQ 2114060288; syslog ERRNO errnoRet 12345.
    let doc = try Corpus.load("moby-fixtures/example.json")
    let rules = try #require(doc.profile.syscalls)
    #expect(rules.map(\.effectiveNames) == [["clone"], ["open"], ["close"], ["syslog"]])
    #expect(rules[0].args == [SyscallArg(index: 0, value: 2_114_060_288, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ")])
    #expect(rules[3].errnoRet == 12345)
    #expect(doc.profile.defaultErrnoRet == 1)
  }
}
