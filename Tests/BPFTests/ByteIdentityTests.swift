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
