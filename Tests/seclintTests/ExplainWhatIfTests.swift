import Foundation
import Testing
import TestSupport
@testable import seclint

/// explain's what-ifs: a capability Docker knows is offered (`--cap-add CAP_SYS_ADMIN`); one it does not know is
/// not (Docker refuses `--cap-add CAP_NOSUCH`), and costs no evaluation (5,000 such rules took 14 s).
@Suite struct ExplainWhatIfTests {
  @Test func onlyKnownCapabilitiesAreOffered() throws {
    let path = try temporaryProfile(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE"]}}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_NOSUCH"]}}]}"#)
    let run = runCLI(["explain", path, "ptrace", "--arch", "amd64"])
    #expect(run.code == .success)
    #expect(run.stdout.contains("with --cap-add CAP_SYS_PTRACE: ALLOW"), "\(run.stdout)")
    #expect(!run.stdout.contains("CAP_NOSUCH:"), "\(run.stdout)")
    #expect(run.stdout.contains("/syscalls/2"), "the rule itself is still listed: \(run.stdout)")
  }
}
