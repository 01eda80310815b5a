import Foundation
import Testing
import TestSupport
@testable import seclint

@Suite struct BPFCommandTests {
  func run(_ arguments: [String]) -> CLIRun { runCLI(arguments, in: Paths.packageRoot) }

  @Test func disassemblyWithTheStubLayer() {
    let result = run(["bpf", "profiles/webapp.json", "--arch", "amd64", "--kernel", "6.1"])
    #expect(result.code == .success)
    expectGolden(result.stdout, "bpf-webapp-amd64.txt")
  }

  @Test func libseccompOnlyHexIsTheExportedRecords() {
    let hex = run(["bpf", "profiles/webapp.json", "--arch", "s390x", "--libseccomp-only", "--format", "hex"])
    #expect(hex.code == .success)
    let lines = hex.stdout.split(separator: "\n")
    #expect(!lines.isEmpty && lines.allSatisfy { $0.count == 16 })
    // s390x is big-endian: the first record is `ld $data[4]` as 0x0020 then k 4, high byte first.
    #expect(lines.first == "0020000000000004")
    #expect(!hex.stdout.contains("ENOSYS"))
  }

  @Test func rawNeedsAnOutputFileAndWritesTheBinary() throws {
    let refused = run(["bpf", "profiles/webapp.json", "--format", "raw"])
    #expect(refused.code == .failure)
    #expect(refused.stderr.contains("needs '--output FILE'"))
    let directory = try Scratch.directory("bpf-raw")
    let file = directory.appendingPathComponent("webapp.bpf").path
    let written = run(["bpf", "profiles/webapp.json", "--arch", "amd64", "--format", "raw", "-o", file])
    #expect(written.code == .success)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
    let hex = run(["bpf", "profiles/webapp.json", "--arch", "amd64", "--format", "hex"]).stdout
    #expect(bytes.map { String(format: "%02x", $0) }.joined() == hex.replacingOccurrences(of: "\n", with: ""))
    #expect(bytes.count % 8 == 0 && bytes.count > 0)
  }

  @Test func otherReleasesAreRefusedClearly() {
    let result = run(["bpf", "profiles/webapp.json", "--libseccomp-version", "2.6.1"])
    #expect(result.code == .failure)
    #expect(result.stderr.contains("2.6.1's code generator is not modelled"))
  }

  @Test func refusedProfilesSayTheContainerWouldNotStart() {
    let result = runCLI(
      ["bpf", "-", "--arch", "amd64"],
      stdin: #"{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_BOGUS"}]}"#)
    #expect(result.code == .failure)
    #expect(result.stderr.contains("would not start"))
  }
}
