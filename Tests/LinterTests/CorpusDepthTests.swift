import Linter
import Policy
import ProfileModel
import Testing
import TestSupport

/// Issue "Linter depth" on the real moby history.
@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusDepthTests {
  func lint(_ relative: String, docker: String? = nil, libseccomp: LibseccompRelease? = nil) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(path: Corpus.path(relative), as: relative)
    let options = LintOptions(
      blocklists: [try Blocklist.load("docker")], dockerVersion: docker.flatMap(DockerVersion.init), libseccomp: libseccomp)
    return Linter.lint(document, options: options)
  }

  @Test func latestMobyDefault() throws {
    let found = try lint("moby/docker-v29.4.3.json")
    // The socket high-bit hole: `arg0 > 40` lets 0x1_0000_0028 (AF_VSOCK) through on 64-bit ABIs.
    let highBits = found.filter { $0.ruleName == "int-arg-high-bits" }
    #expect(highBits.contains { $0.syscalls == ["socket"] && $0.message.contains("0x100000028 passes this condition and the kernel sees 40") })
    // The socketcall path on the x86 sub-arch.
    #expect(found.contains { $0.ruleName == "missing-arch-guard" && $0.syscalls == ["socket", "socketcall"] && $0.arches.contains("SCMP_ARCH_X86") })
    // clone3 is ENOSYS on x86: not reported there (only on MIPS, where ENOSYS is 89, not 38).
    let fallback = found.filter { $0.ruleName == "eperm-for-fallback" && $0.syscalls.contains("clone3") }
    #expect(fallback.allSatisfy { $0.arches.allSatisfy { $0.hasPrefix("SCMP_ARCH_MIPS") } })
    #expect(!found.contains { $0.ruleName == "io-uring-allowed" })
  }

  @Test func ioUringIsReportedExactlyForTheReleasesThatAllowedIt() throws {
    var reported: [String] = []
    for relative in Corpus.profiles where relative.hasPrefix("moby/v") || relative.hasPrefix("moby/docker-") {
      if try lint(relative).contains(where: { $0.ruleName == "io-uring-allowed" }) { reported.append(relative) }
    }
    #expect(!reported.isEmpty)
    #expect(reported.allSatisfy { $0.hasPrefix("moby/v20.10") || $0.hasPrefix("moby/v22.06") || $0.hasPrefix("moby/v23.0") }, "\(reported)")
    #expect(reported.contains("moby/v20.10.0.json") && reported.contains("moby/v23.0.10.json"))
    #expect(!reported.contains("moby/v25.0.0.json") && !reported.contains("moby/v19.03.9.json"))
  }

  @Test func dockerVersionCompat() throws {
    // v20.10.10 introduced clone3 → ENOSYS via errnoRet; Docker 20.10.9 ignores errnoRet.
    let found = try lint("moby/v20.10.10.json", docker: "20.10.9").filter { $0.ruleName == "docker-version-compat" }
    #expect(found.contains { $0.syscalls == ["clone3"] && $0.message.contains("ignores 'errnoRet'") && $0.message.contains("runc drops it") })
    #expect(try lint("moby/v20.10.10.json", docker: "20.10.10").filter { $0.ruleName == "docker-version-compat" }.isEmpty)
    // minKernel before 19.03.
    #expect(try lint("moby/v19.03.9.json", docker: "18.09").contains { $0.ruleName == "docker-version-compat" && $0.message.contains("minKernel") })
  }

  @Test func unsupportedByDebiansLibseccomp() throws {
    let found = try lint("moby/docker-v29.4.3.json", libseccomp: .debian2_5_4).filter { $0.ruleName == "unsupported-by-libseccomp" }
    #expect(Set(found.flatMap(\.syscalls)).isSuperset(of: ["mseal", "statmount", "listmount"]))
    #expect(try lint("moby/docker-v29.4.3.json", libseccomp: .v2_6_1).filter { $0.ruleName == "unsupported-by-libseccomp" }.isEmpty)
  }

  @Test func argOrSemanticsOnTheAFALGAttemptShape() throws {
    // moby/profiles dec315c's construction: NE 38 and NE 40 on one rule.
    let document = try ProfileLoader.load(
      text: #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_NE"}, {"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]}]}"#,
      file: "p.json")
    let found = Linter.lint(document, options: LintOptions(blocklists: [])).filter { $0.ruleName == "arg-or-semantics" }
    #expect(found.first?.message.hasSuffix("arg0 != 38 OR arg0 != 40 — that is, always") == true)
  }
}
