import Foundation
import ProfileModel
import Testing
import TestSupport
@testable import seclint

/// Profiles above the size limit are refused up front with their size and the limit (a located error, exit 2),
/// by every command and from standard input; a profile at the limit is read. Timings at the limit are
/// `Scripts/stress.py`'s business, not a unit test's.
@Suite struct InputLimitTests {
  static let limitMB = ProfileLoader.maxFileSize >> 20

  /// A sparse file of `size` bytes (its length is all the size check reads).
  func sparseFile(size: Int) throws -> String {
    let url = try Scratch.directory("limit").appendingPathComponent("big.json")
    #expect(FileManager.default.createFile(atPath: url.path, contents: Data("{".utf8)))
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(size))
    try handle.close()
    return url.path
  }

  @Test func aProfileOverTheLimitIsRefusedWithItsSizeByEveryCommand() throws {
    let path = try sparseFile(size: ProfileLoader.maxFileSize + (1 << 20))
    let expected = "Error: \(path): profile is \(Self.limitMB + 1).0 MB; seclint reads profiles up to \(Self.limitMB) MB\n"
    for arguments in [["lint", path], ["blocked", path], ["explain", path, "read"], ["diff", path, path], ["diff", "--arch", "amd64", path, path]] {
      let run = runCLI(arguments)
      #expect(run.code == .failure, "\(arguments)")
      #expect(run.stderr.hasPrefix(expected), "\(arguments): \(run.stderr)")
    }
  }

  @Test func standardInputOverTheLimitIsRefused() {
    let padding = String(repeating: " ", count: ProfileLoader.maxFileSize)
    let run = runCLI(["lint", "-"], stdin: #"{"defaultAction": "SCMP_ACT_ERRNO"}"# + padding)
    #expect(run.code == .failure)
    #expect(run.stderr.hasPrefix("Error: -: profile is larger than \(Self.limitMB) MB; seclint reads profiles up to \(Self.limitMB) MB\n"), "\(run.stderr)")
  }

  @Test func aProfileJustUnderTheLimitIsRead() throws {
    // Whitespace padding: valid JSON of almost exactly the limit, read and linted like the small profile it is.
    let text = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#
    let url = try Scratch.directory("limit").appendingPathComponent("padded.json")
    try Data((text + String(repeating: " ", count: ProfileLoader.maxFileSize - text.utf8.count)).utf8).write(to: url)
    let run = runCLI(["lint", url.path, "--format", "json"])
    #expect(run.code != .failure, "\(run.stderr)")
    #expect(run.stderr.isEmpty)
  }

  @Test func theReasonRoundsToATenthOfAMegabyte() {
    #expect(ProfileLoader.tooLargeReason(size: 48 << 20) == "profile is 48.0 MB; seclint reads profiles up to \(Self.limitMB) MB")
    #expect(ProfileLoader.tooLargeReason(size: (17 << 20) + (1 << 19)) == "profile is 17.5 MB; seclint reads profiles up to \(Self.limitMB) MB")
  }
}
