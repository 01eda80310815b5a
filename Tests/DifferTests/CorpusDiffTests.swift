import Differ
import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusDiffTests {
  func load(_ relative: String) throws -> ProfileDocument { try ProfileLoader.load(path: Corpus.path(relative), as: relative) }

  /// spm's golden (diff_seccomp_rich_json.golden): defaultErrnoRet, architectures, flags, listenerPath,
  /// listenerMetadata; syscalls added fstat, kill; removed close, open, ptrace; changed clone, openat.
  @Test func spmFixturePairGivesSpmsChangesPlusDirection() throws {
    let diff = ProfileDiff.symbolic(old: try load("spm-fixtures/seccomp_rich_a.json"), new: try load("spm-fixtures/seccomp_rich_b.json"))
    // Plus one spm does not report: b mixes big- and little-endian arches, so no host can load it.
    #expect(diff.top.map(\.field) == ["defaultAction", "architectures", "flags", "listenerPath", "listenerMetadata", "status"])
    #expect(diff.top.first { $0.field == "architectures" }?.new == "-SCMP_ARCH_AARCH64 -SCMP_ARCH_ARM +SCMP_ARCH_S390X")
    let directions = Dictionary(uniqueKeysWithValues: diff.changes.map { ($0.syscall, $0.direction) })
    #expect(Set(directions.keys) == ["fstat", "kill", "close", "open", "ptrace", "clone", "openat"])
    #expect(directions == [
      "fstat": .widened, "kill": .changed, "close": .narrowed, "open": .narrowed, "ptrace": .narrowed, "clone": .changed,
      "openat": .changed,
    ])
  }

  @Test func formatChange112To113IsNoChangeForTheTargetV112WasGeneratedFor() throws {
    // v1.12's default.json was materialised for amd64 and Docker's default capabilities.
    let diff = ProfileDiff.evaluated(old: try load("moby/v1.12.0.json"), new: try load("moby/v1.13.0.json"), target: Target(architecture: try #require(Architecture.parse("amd64")), kernel: KernelVersion(4, 9)))
    #expect(diff.isEmpty, "\(diff.top.map(\.field)) \(diff.changes.map(\.syscall))")
  }

  struct Pair: Sendable, CustomTestStringConvertible {
    var old: String
    var new: String
    var expect: [(arch: String, syscall: String, direction: Direction)]
    var testDescription: String { "\(old) → \(new)" }
  }

  static let pairs: [Pair] = [
    Pair(old: "moby/v20.10.0.json", new: "moby/v20.10.10.json", expect: [("SCMP_ARCH_X86_64", "clone3", .changed)]),
    Pair(old: "moby/v20.10.18.json", new: "moby/v20.10.22.json", expect: [("SCMP_ARCH_X86_64", "socket", .narrowed)]),
    Pair(old: "moby/v23.0.10.json", new: "moby/v25.0.0.json", expect: [
      ("SCMP_ARCH_X86_64", "io_uring_setup", .narrowed), ("SCMP_ARCH_X86_64", "io_uring_enter", .narrowed),
      ("SCMP_ARCH_X86_64", "io_uring_register", .narrowed),
    ]),
    Pair(old: "moby/v28.2.0.json", new: "moby/docker-v29.4.2.json", expect: [("SCMP_ARCH_X86", "socketcall", .narrowed)]),
    Pair(old: "moby/docker-v29.4.2.json", new: "moby/docker-v29.4.3.json", expect: [("SCMP_ARCH_X86", "socketcall", .widened)]),
  ]

  /// The evaluated diff equals what runc + libseccomp enforce before and after, per ABI: every change's two sides
  /// are checked against the oracle, with argument vectors that exercise both.
  @Test(.enabled(if: RuncOracle.isAvailable, Comment(rawValue: RuncOracle.skipReason)), arguments: pairs)
  func mobyReleasePairsAgreeWithRuncAndLibseccomp(_ pair: Pair) throws {
    let target = Target(architecture: try #require(Architecture.parse("amd64")), kernel: KernelVersion(6, 18), libseccomp: .debian2_5_4)
    let diff = ProfileDiff.evaluated(old: try load(pair.old), new: try load(pair.new), target: target)
    for expected in pair.expect {
      #expect(diff.changes.contains { $0.arch?.token == expected.arch && $0.syscall == expected.syscall && $0.direction == expected.direction }, "\(expected)")
    }
    let before = Evaluator.evaluate(try load(pair.old), for: target)
    let after = Evaluator.evaluate(try load(pair.new), for: target)
    for (profile, policy, pick) in [(pair.old, before, { (c: SyscallChange) in c.old }), (pair.new, after, { (c: SyscallChange) in c.new })] {
      var probes: [RuncOracle.Probe] = []
      var predicted: [SeccompAction?] = []
      for change in diff.changes {
        guard let arch = change.arch, let abi = policy.abi(arch), let syscall = abi.syscalls.first(where: { $0.name == change.syscall }) else { continue }
        #expect(pick(change).action == syscall.decision.action)
        for arguments in RuncOracle.argumentVectors(for: syscall.decision, bits: arch.bits) {
          probes.append(RuncOracle.Probe(abi: arch.token, nr: syscall.number, args: arguments))
          predicted.append(syscall.decision.outcome(for: arguments, bits: arch.bits))
        }
      }
      let answer = try RuncOracle.ask(profile: Corpus.path(profile), target: target, probes: probes)
      for (result, expected) in zip(answer.results, predicted) {
        guard let expected else { continue }
        #expect(result.action == expected.token && result.errno == expected.errno, "\(profile): \(result) vs \(expected)")
      }
    }
  }

  @Test func podmanHistoryDiffsInOrder() throws {
    let history = Corpus.profiles.filter { $0.hasPrefix("containers-common/seccomp.json@") }
    #expect(history.count >= 12)
    var sawENOSYSDefault = false
    for (old, new) in zip(history, history.dropFirst()) {
      let diff = ProfileDiff.symbolic(old: try load(old), new: try load(new))
      if diff.top.contains(where: { $0.field == "defaultAction" && $0.new == "ERRNO(ENOSYS)" }) { sawENOSYSDefault = true }
      #expect(!diff.isEmpty, "\(old) → \(new): every snapshot in the corpus changed something")
    }
    #expect(sawENOSYSDefault, "2021-05-24 switched Podman's default to ENOSYS")
  }
}
