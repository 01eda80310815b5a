import BPF
import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

@Suite struct ByteIdentityTests {
  static let small: [String] = [
    #"{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}"#,
    #"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":8,"op":"SCMP_CMP_NE"}]}]}"#,
    #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":2114060288,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"}]},{"names":["kill"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":5,"op":"SCMP_CMP_GT"},{"index":0,"value":3,"op":"SCMP_CMP_LE"}]}]}"#,
    #"{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["vm86"],"action":"SCMP_ACT_ERRNO"},{"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}"#,
    #"{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["socket","accept","read"],"action":"SCMP_ACT_ALLOW"},{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]}"#,
    // Class 4(a) twice: an absent name first in the merged x86_64/x32 section; x86 `semop` stored under its
    // pseudo number (MiscompilationTests runs both programs).
    #"{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["vm86"],"action":"SCMP_ACT_ERRNO"},{"names":["personality"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}"#,
    #"{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],"syscalls":[{"names":["semop"],"action":"SCMP_ACT_KILL_PROCESS"}]}"#,
  ]

  static let targets: [Target] = ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64", "SCMP_ARCH_S390X"].map {
    Target(architecture: Architecture.withToken($0)!, libseccomp: .debian2_5_4)
  }

  @Test(.enabled(if: RuncOracle.isAvailable, "python3-seccomp for /usr/bin/python3.11 is not installed (apt-get install python3-seccomp); byte-identity tests skipped"))
  func smallProfilesAreByteIdentical() throws {
    let requests = Self.small.flatMap { text in Self.targets.map { (profileText: text, target: $0) } }
    let answers = try ExportReference.export(requests)
    for (request, answer) in zip(requests, answers) {
      let verdict = ExportReference.compare(request.profileText, request.target, answer)
      #expect(verdict == .identical || verdict == .refusedBoth, "\(request.target.architecture) \(request.profileText)")
    }
  }
}

/// Counts over a set of profiles × targets.
struct IdentityTally: CustomStringConvertible {
  var identical = 0
  var refusedBoth = 0
  var unconfinedBoth = 0
  var notAnObject = 0
  var oracleHostResolution = 0
  var different: [String] = []
  var mismatched: [String] = []

  var description: String {
    "\(identical) identical, \(different.count) different, \(mismatched.count) status mismatches, "
      + "\(refusedBoth) refused by both, \(unconfinedBoth) unconfined in both, \(notAnObject) not a JSON object "
      + "(Docker refuses; the oracle loads nothing), \(oracleHostResolution) differing only by the oracle's x86_64 name "
      + "resolution (sys_debug_setcontext on a ppc host)"
  }

  static func run(_ files: [(label: String, text: String)], targets: [Target]) throws -> IdentityTally {
    try run(files.flatMap { file in targets.map { (label: file.label, profileText: file.text, target: $0) } })
  }

  static func run(_ requests: [(label: String, profileText: String, target: Target)]) throws -> IdentityTally {
    var tally = IdentityTally()
    var start = 0
    while start < requests.count {
      let slice = Array(requests[start..<min(requests.count, start + 40)])
      let answers = try ExportReference.export(slice.map { ($0.profileText, $0.target) })
      for (request, answer) in zip(slice, answers) {
        switch ExportReference.compare(request.profileText, request.target, answer) {
        case .identical: tally.identical += 1
        case .refusedBoth: tally.refusedBoth += 1
        case .unconfinedBoth: tally.unconfinedBoth += 1
        case .notAnObject: tally.notAnObject += 1
        case .oracleHostResolution: tally.oracleHostResolution += 1
        case .different(let why): tally.different.append("\(request.label) \(request.target.architecture): \(why)")
        case .mismatch(let why): tally.mismatched.append("\(request.label) \(request.target.architecture): \(why)")
        }
      }
      start += 40
    }
    return tally
  }
}

@Suite struct CorpusByteIdentityTests {
  static func projectFiles() -> [(label: String, text: String)] {
    let root = Paths.packageRoot
    var result: [(String, String)] = []
    for directory in ["profiles", "Tests/Fuzz/seeds", "Data/upstream/moby", "Data/upstream/containers-common"] {
      let url = root.appendingPathComponent(directory)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".json") {
        if let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) {
          result.append(("\(directory)/\(name)", text))
        }
      }
    }
    return result
  }

  @Test(.enabled(if: RuncOracle.isAvailable, "python3-seccomp for /usr/bin/python3.11 is not installed (apt-get install python3-seccomp); byte-identity tests skipped"))
  func projectProfilesAreByteIdentical() throws {
    let tally = try IdentityTally.run(Self.projectFiles(), targets: ByteIdentityTests.targets)
    print("BPF byte identity, project profiles × amd64/arm64/s390x: \(tally)")
    #expect(tally.different.isEmpty, "\(tally.different.prefix(20).joined(separator: "\n"))")
    #expect(tally.mismatched.isEmpty, "\(tally.mismatched.prefix(20).joined(separator: "\n"))")
    #expect(tally.identical > 0)
  }

  @Test(.enabled(if: RuncOracle.isAvailable && Corpus.isPresent, "\(RuncOracle.skipReason)"))
  func corpusIsByteIdentical() throws {
    let files = Corpus.profiles.compactMap { relative -> (label: String, text: String)? in
      guard let text = try? String(contentsOfFile: Corpus.path(relative), encoding: .utf8) else { return nil }
      return (relative, text)
    }
    let tally = try IdentityTally.run(files, targets: ByteIdentityTests.targets)
    print("BPF byte identity, corpus (\(files.count) profiles) × amd64/arm64/s390x: \(tally)")
    #expect(tally.different.isEmpty, "\(tally.different.prefix(20).joined(separator: "\n"))")
    #expect(tally.mismatched.isEmpty, "\(tally.mismatched.prefix(20).joined(separator: "\n"))")
  }
}

@Suite struct GeneratedByteIdentityTests {
  /// Seeded hostile-but-valid profiles (TestSupport's generator: overlapping conditions, 32-bit and masked values,
  /// repeated rules, every multiplexing ABI) on their generated hosts.
  @Test(.enabled(if: RuncOracle.isAvailable, "python3-seccomp for /usr/bin/python3.11 is not installed (apt-get install python3-seccomp); byte-identity tests skipped"))
  func generatedProfilesAreByteIdentical() throws {
    let count = Int(ProcessInfo.processInfo.environment["SECLINT_BPF_CASES"] ?? "") ?? 400
    let cases = ProfileGenerator.cases(seed: 19, count: count)
    let tally = try IdentityTally.run(cases.map { (label: "case \($0.index): \($0.profileText)", profileText: $0.profileText, target: $0.target) })
    print("BPF byte identity, \(count) generated cases: \(tally)")
    #expect(tally.different.isEmpty, "\(tally.different.prefix(10).joined(separator: "\n"))")
    // Known: libseccomp refuses some overlapping conditional rules with -EEXIST that neither seclint's conflict
    // model nor this compiler's merge reproduces yet (generated case 45, x86 `_llseek`).
    withKnownIssue("-EEXIST refusals of overlapping conditional rules are not all reproduced", isIntermittent: true) {
      #expect(tally.mismatched.isEmpty, "\(tally.mismatched.prefix(10).joined(separator: "\n"))")
    }
  }
}
