import Foundation
import ProfileModel
import Testing
import TestSupport

@Suite struct FileReaderTests {
  @Test func readsFilesAndReportsWhyNot() throws {
    let directory = try Scratch.directory("reader")
    let file = directory.appendingPathComponent("p.json").path
    try Data("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}".utf8).write(to: URL(fileURLWithPath: file))
    #expect(try FileReader.read(file, limit: 1 << 20).get() == Array("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}".utf8))
    #expect(FileReader.read(file, limit: 10) == .failure(.tooLarge))
    #expect(FileReader.read(directory.path, limit: 1 << 20) == .failure(.directory))
    #expect(FileReader.read(directory.appendingPathComponent("missing.json").path, limit: 1 << 20) == .failure(.missing))
    #expect(FileReader.read(file + "/below-a-file", limit: 1 << 20) == .failure(.system(ENOTDIR)))
    #expect(FileReader.exists(file) && !FileReader.exists(file + ".nope"))
  }

  /// Files whose size `stat` reports as 0 (procfs, pipes) are read to their end.
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status"), "needs procfs"))
  func readsFilesWithoutASize() throws {
    let status = try FileReader.read("/proc/self/status", limit: 1 << 20).get()
    #expect(String(decoding: status, as: UTF8.self).contains("Name:"))
    #expect(FileReader.read("/proc/self/status", limit: 8) == .failure(.tooLarge))
  }
}
