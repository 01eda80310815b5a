import Linter
import Policy
import ProfileModel
import Testing
import TestSupport

/// The linter on the real profiles in ../shared/corpus: no false positives on the defaults, the real defects found.
@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusLintTests {
  func lint(_ relative: String, blocklists: [String] = ["docker"]) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(path: Corpus.path(relative), as: relative)
    let lists = try blocklists.map { name throws(Blocklist.LoadError) in try Blocklist.load(name) }
    return Linter.lint(document, options: LintOptions(blocklists: lists))
  }

  @Test func noSchemaOrNameFalsePositivesOnMobyAndPodmanDefaults() throws {
    let defaults = Corpus.profiles.filter { $0.hasPrefix("moby/") || $0.hasPrefix("containers-common/seccomp.json@") }
    #expect(defaults.count >= 45)
    for relative in defaults {
      let wrong = try lint(relative).filter {
        ["unknown-syscall", "invalid-value", "unknown-key", "duplicate-key", "runtime-rejects", "conflicting-fields"].contains($0.ruleName)
      }
      #expect(wrong.isEmpty, "\(relative): \(wrong.map(\.message))")
    }
  }

  @Test func findsTheGeneratorPlaceholderInInspektorGadgetsSample() throws {
    let found = try lint("inspektor-gadget/advise_seccomp-nginx-example.json").filter { $0.ruleName == "unknown-syscall" }
    #expect(found.map(\.syscalls) == [["syscall_1f4"]])
    #expect(found.first?.message.contains("placeholder for syscall number 500") == true)
  }

  @Test func findsSysdigEventNamesInCessasProfile() throws {
    let found = try lint("cessa/tomcat-test.profile.json").filter { $0.ruleName == "unknown-syscall" }
    #expect(found.flatMap(\.syscalls).sorted() == ["procexit", "signaldeliver"])
  }

  @Test func findsTheErrnoLibseccompRefusesInMobysFixture() throws {
    let found = try lint("moby-fixtures/example.json").filter { $0.ruleName == "invalid-value" }
    #expect(found.map(\.pointer.description) == ["/syscalls/3/errnoRet"])
    #expect(found.first?.message.hasPrefix("errno 12345") == true)
  }

  @Test func findsMixedEndianArchitectureLists() throws {
    let found = try lint("spm-fixtures/seccomp_rich_b.json").filter { $0.ruleName == "runtime-rejects" }
    #expect(found.count == 1)
    #expect(found.first?.arches == ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"])
    // security-profiles-operator groups PPC64 and PPC under PPC64LE: a ppc64le host cannot load it.
    #expect(try lint("security-profiles-operator/bpf-recorder.json").contains { $0.ruleName == "runtime-rejects" })
  }

  @Test func latestMobyDefaultAllowsSocketcallAlthoughDockerDocumentsItBlocked() throws {
    let found = try lint("moby/docker-v29.4.3.json").filter { $0.ruleName == "blocklist-conflict" && $0.syscalls == ["socketcall"] }
    #expect(found.count == 1)
    #expect(found.first?.severity == .error)
    #expect(found.first?.message.hasPrefix("socketcall is allowed unconditionally although the docker blocklist blocks it") == true)
    // docker-v29.4.2 briefly returned ENOSYS for socketcall: no conflict there.
    #expect(try lint("moby/docker-v29.4.2.json").contains { $0.ruleName == "blocklist-conflict" && $0.syscalls == ["socketcall"] } == false)
  }

  @Test func mobysArmBlockNamesASyscallArmDoesNotHave() throws {
    let found = try lint("moby/docker-v29.4.3.json").filter { $0.ruleName == "syscall-not-on-arch" }
    #expect(found.map(\.syscalls) == [["sync_file_range2"]])
  }

  @Test func everyCorpusProfileLintsWithoutCrashing() throws {
    for relative in Corpus.profiles {
      _ = try lint(relative, blocklists: ["docker", "palantir"])
    }
  }
}
