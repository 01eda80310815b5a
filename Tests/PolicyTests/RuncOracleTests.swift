import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

/// `Evaluator` against what runc + libseccomp really enforce: `Scripts/runc-oracle.py` has Debian's libseccomp
/// build the filter, adds runc's ENOSYS stub and runs the BPF for probes derived from every decision
/// (every syscall of every ABI in the filter, with argument values that exercise each branch).
@Suite(.enabled(if: Corpus.isPresent && RuncOracle.isAvailable, Comment(rawValue: RuncOracle.skipReason)))
struct RuncOracleTests {
  struct Scenario: Sendable, CustomTestStringConvertible {
    var profile: String
    var arch: String
    var caps: Set<String> = Capabilities.dockerDefault
    var kernel = KernelVersion(6, 18)
    var testDescription: String {
      let extra = caps.subtracting(Capabilities.dockerDefault).sorted().joined(separator: "+")
      return "\(profile) on \(arch)\(extra.isEmpty ? "" : " +\(extra)") kernel \(kernel)"
    }
  }

  static let mobyReleases = [
    "moby/v1.12.0.json", "moby/v17.09.0-ce.json", "moby/v19.03.9.json", "moby/v20.10.0.json",
    "moby/v20.10.10.json", "moby/v20.10.22.json", "moby/v23.0.0.json", "moby/v25.0.0.json", "moby/v28.2.0.json",
    "moby/docker-v29.4.2.json",
  ]
  static let others = [
    "containers-common/seccomp.json@2021-06-16-689e5b07.json",
    "containers-common/seccomp.json@2026-03-03-8840603a.json", "runc/seccomp_syscall_test1.json",
    "runc/seccomp_syscall_test2.json", "moby-fixtures/example.json", "spm-fixtures/seccomp_rich_b.json",
  ]

  static let scenarios: [Scenario] =
    (mobyReleases + others).map { Scenario(profile: $0, arch: "SCMP_ARCH_X86_64") }
    + ["moby/v20.10.10.json", "moby/v28.2.0.json", "moby/docker-v29.4.2.json",
       "containers-common/seccomp.json@2026-03-03-8840603a.json"].flatMap { profile in
      [
        Scenario(profile: profile, arch: "SCMP_ARCH_AARCH64"),
        Scenario(profile: profile, arch: "SCMP_ARCH_S390X"),
        Scenario(profile: profile, arch: "SCMP_ARCH_PPC64LE"),
        Scenario(profile: profile, arch: "SCMP_ARCH_X86_64", caps: Capabilities.dockerDefault.union(["CAP_SYS_ADMIN"])),
        Scenario(profile: profile, arch: "SCMP_ARCH_X86_64", kernel: KernelVersion(4, 4)),
        Scenario(profile: profile, arch: "SCMP_ARCH_AARCH64", kernel: KernelVersion(5, 4)),
      ]
    }

  @Test(arguments: scenarios)
  func evaluatorAgreesWithRuncAndLibseccomp(_ scenario: Scenario) throws {
    let architecture = try #require(Architecture.withToken(scenario.arch))
    let target = Target(
      architecture: architecture, capabilities: scenario.caps, kernel: scenario.kernel, libseccomp: .debian2_5_4)
    let document = try ProfileLoader.load(path: Corpus.path(scenario.profile), as: scenario.profile)
    let policy = Evaluator.evaluate(document, for: target)
    var probes: [RuncOracle.Probe] = []
    var expected: [(String, SeccompAction?)] = []
    for abi in policy.abis {
      for syscall in abi.syscalls {
        for arguments in RuncOracle.argumentVectors(for: syscall.decision, bits: abi.architecture.bits) {
          probes.append(RuncOracle.Probe(abi: abi.architecture.token, nr: syscall.number, args: arguments))
          expected.append(
            ("\(abi.architecture.token) \(syscall.name) \(arguments)", syscall.decision.outcome(for: arguments, bits: abi.architecture.bits)))
        }
      }
    }
    let answer = try RuncOracle.ask(profile: Corpus.path(scenario.profile), target: target, probes: probes)
    switch policy.status {
    case .enforced: #expect(answer.status == "enforced", "\(answer.message)")
    case .unconfined: #expect(answer.status == "unconfined")
    case .refused(let refusal): #expect(answer.status == "refused", "we refuse: \(refusal.message)")
    }
    guard answer.status == "enforced" else { return }
    #expect(Set(answer.arches) == Set(policy.abis.map(\.architecture.token)))
    #expect(answer.stubMax == Dictionary(uniqueKeysWithValues: policy.abis.compactMap { abi in abi.stubMaximum.map { (abi.architecture.token, $0) } }))
    var compared = 0
    var mismatches: [String] = []
    for (result, (label, predicted)) in zip(answer.results, expected) {
      guard let predicted else { continue }  // overlapping conditional rules: libseccomp's tree decides
      compared += 1
      if result.action != predicted.token || result.errno != predicted.errno {
        mismatches.append("\(label): runc+libseccomp \(result.action)(\(result.errno.map(String.init) ?? "-")) vs seclint \(predicted)")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared) probes differ: \(mismatches.prefix(15))")
    #expect(compared > 300)
  }
}


/// A profile naming architectures twice: real libseccomp answers EEXIST for an arch already in the filter, which
/// runc (libseccomp-golang `AddArch`) ignores; the evaluator's filter has each ABI once, as the oracle's does.
@Suite(.enabled(if: RuncOracle.isAvailable, Comment(rawValue: RuncOracle.skipReason)))
struct RepeatedArchitectureOracleTests {
  @Test func eachABIOnceAsRuncLoadsIt() throws {
    let directory = try Scratch.directory("oracle-arch")
    let path = directory.appendingPathComponent("repeated.json").path
    let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}"#
    try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    let architecture = try #require(Architecture.withToken("SCMP_ARCH_X86_64"))
    let target = Target(architecture: architecture, libseccomp: .debian2_5_4)
    let policy = Evaluator.evaluate(try ProfileLoader.load(path: path), for: target)
    let tokens = policy.abis.map(\.architecture.token)
    #expect(tokens == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_X86"])
    let probes = policy.abis.flatMap { abi in
      abi.syscalls.filter { ["read", "write", "open"].contains($0.name) }.map { RuncOracle.Probe(abi: abi.architecture.token, nr: $0.number, args: [0, 0, 0, 0, 0, 0]) }
    }
    let answer = try RuncOracle.ask(profile: path, target: target, probes: probes)
    #expect(answer.status == "enforced", "\(answer.message)")
    #expect(answer.arches.sorted() == tokens.sorted())
    var expected: [String] = []
    for abi in policy.abis {
      for syscall in abi.syscalls where ["read", "write", "open"].contains(syscall.name) {
        expected.append(syscall.decision.action.token)
      }
    }
    #expect(answer.results.map(\.action) == expected)
  }
}
