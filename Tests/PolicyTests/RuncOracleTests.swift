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

/// Runs `Scripts/runc-oracle.py` with Debian's python3-seccomp.
enum RuncOracle {
  static let python = "/usr/bin/python3.11"
  static let isAvailable =
    FileManager.default.isExecutableFile(atPath: python)
    && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/seccomp.cpython-311-x86_64-linux-gnu.so")
  static let skipReason = "needs ../shared/corpus and python3-seccomp for /usr/bin/python3.11 (apt-get install python3-seccomp); skipped"

  struct Probe: Encodable {
    var abi: String
    var nr: Int
    var args: [UInt64]
  }

  struct Answer: Decodable {
    struct Result: Decodable {
      var action: String
      var errno: Int?
    }
    var status: String
    var message: String
    var arches: [String]
    var stubMax: [String: Int]
    var results: [Result]
  }

  static func ask(profile: String, target: Target, probes: [Probe]) throws -> Answer {
    struct Request: Encodable {
      struct TargetJSON: Encodable {
        var arch: String
        var native: String
        var caps: [String]
        var kernel: [Int]
        var runtime: String
      }
      var profile: String
      var target: TargetJSON
      var probes: [Probe]
    }
    let request = Request(
      profile: profile,
      target: .init(
        arch: target.architecture.token, native: target.mobyNativeName, caps: target.capabilities.sorted(),
        kernel: [target.kernel.major, target.kernel.minor], runtime: target.runtime.rawValue),
      probes: probes)
    let input = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
    let output = try execute(python, [Paths.script("runc-oracle.py")], input: input)
    return try JSONDecoder().decode(Answer.self, from: Data(output.utf8))
  }

  /// Zeros, all ones, and for every branch a vector that satisfies it (others zero).
  static func argumentVectors(for decision: Decision, bits: Int) -> [[UInt64]] {
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var vectors: [[UInt64]] = [Array(repeating: 0, count: 6), Array(repeating: mask, count: 6)]
    for branch in decision.branches {
      var vector = [UInt64](repeating: 0, count: 6)
      var satisfiable = true
      for condition in branch.conditions where condition.index < 6 {
        guard let value = condition.satisfyingValue else {
          satisfiable = false
          break
        }
        vector[condition.index] = value & mask
      }
      if satisfiable, !vectors.contains(vector) { vectors.append(vector) }
      // The same vector with the high half set: 64-bit ABIs compare all 64 bits (arch-hazards.md §2).
      if satisfiable, bits == 64 {
        let high = vector.map { $0 | 0x1_0000_0000 }
        if !vectors.contains(high) { vectors.append(high) }
      }
    }
    return vectors
  }
}
