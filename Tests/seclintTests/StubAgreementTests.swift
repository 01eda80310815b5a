import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport
@testable import seclint

/// runc's ENOSYS stub as `bpf` and `blocked` show it: the largest number a rule name resolves to per ABI in the
/// filter, with the libseccomp runc links (runc libcontainer/seccomp/patchbpf/enosys_linux.go `findLastSyscalls`:
/// `GetSyscallFromNameByArch` over every rule name, unknown names skipped). `bpf` models 2.5.4 only, so the two
/// commands are compared with `--libseccomp-version 2.5.4`; `blocked` without it uses 2.6.1, whose table knows
/// newer calls (moby's default on amd64: 456 with Debian's 2.5.4, 466 with 2.6.1). The real 2.5.4's resolver
/// (`Scripts/runc-oracle.py`) must agree where the bindings are installed.
@Suite struct StubAgreementTests {
  func run(_ arguments: [String]) -> CLIRun { runCLI(arguments, in: Paths.packageRoot) }

  static func bpfThresholds(_ json: String) throws -> [String: Int] {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    var result: [String: Int] = [:]
    for line in object?["runcStub"] as? [String] ?? [] {
      let parts = line.split(separator: " ")
      guard parts.count > 3, parts[1] == "nr", parts[2] == ">", let value = Int(parts[3]) else { continue }
      result[String(parts[0].dropLast())] = value
    }
    return result
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func bpfAndBlockedShowTheSameStubPerRelease() throws {
    let profile = Corpus.path("moby/docker-v29.4.2.json")
    for arch in ["amd64", "arm64", "s390x"] {
      let bpf = run(["bpf", profile, "--arch", arch, "--format", "json"])
      #expect(bpf.code == .success)
      let fromBPF = try Self.bpfThresholds(bpf.stdout)
      let blocked = run(["blocked", profile, "--arch", arch, "--libseccomp-version", "2.5.4", "--format", "json"])
      let object = try JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as? [String: Any]
      let fromBlocked = object?["enosysAbove"] as? [String: Int] ?? [:]
      #expect(!fromBPF.isEmpty && fromBPF == fromBlocked, "\(arch): bpf \(fromBPF), blocked \(fromBlocked)")
      if arch == "amd64" { #expect(fromBPF["SCMP_ARCH_X86_64"] == 456) }
      let newer = run(["blocked", profile, "--arch", arch, "--format", "json"])
      let newerObject = try JSONSerialization.jsonObject(with: Data(newer.stdout.utf8)) as? [String: Any]
      if arch == "amd64" { #expect((newerObject?["enosysAbove"] as? [String: Int])?["SCMP_ARCH_X86_64"] == 466) }
      guard RuncOracle.isAvailable else { continue }
      let text = try String(contentsOfFile: profile, encoding: .utf8)
      let target = Target(architecture: Architecture.parse(arch)!, libseccomp: .debian2_5_4)
      let real = try RuncOracle.askBatch([(profileText: text, target: target, probes: [])])[0]
      #expect(real.stubMax == fromBPF, "\(arch): libseccomp 2.5.4 \(real.stubMax), seclint \(fromBPF)")
    }
  }
}
