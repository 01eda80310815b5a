import Foundation
import SyscallTableGenerator
import Testing
import TestSupport

@Suite struct GeneratedTablesTests {
  @Test func generatedTablesAreUpToDate() throws {
    let expected = try SyscallTableGenerator.generate(packageRoot: Paths.packageRoot)
    let actual = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent(SyscallTableGenerator.outputPath), encoding: .utf8)
    #expect(
      actual == expected,
      "SyscallTables+Generated.swift is out of date. Please run 'swift run generate-syscall-tables'.")
  }

  @Test func embeddedBlocklistsAreUpToDate() throws {
    let expected = try BlocklistRenderer.generate(packageRoot: Paths.packageRoot)
    let actual = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent(BlocklistRenderer.outputPath), encoding: .utf8)
    #expect(actual == expected, "Blocklists+Generated.swift is out of date. Please run 'swift run generate-syscall-tables'.")
  }

  /// The vendored data must stay byte-identical to the researched copy in ../shared/data.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: Paths.shared.appendingPathComponent("data").path),
      "../shared/data is not present on this machine; vendored data not compared"))
  func vendoredDataMatchesSharedData() throws {
    for file in [
      SyscallTableGenerator.syscallsFile, SyscallTableGenerator.pseudoFile, SyscallTableGenerator.archesFile,
      SyscallTableGenerator.kernelFile,
    ] {
      let vendored = try Data(
        contentsOf: Paths.packageRoot.appendingPathComponent(SyscallTableGenerator.dataDirectory)
          .appendingPathComponent(file))
      let shared = try Data(contentsOf: Paths.shared.appendingPathComponent("data").appendingPathComponent(file))
      #expect(vendored == shared, "Data/syscalls/\(file) differs from ../shared/data/\(file)")
    }
  }

  @Test func generatorRejectsMalformedData() throws {
    #expect(throws: SyscallTableGenerator.DataError.self) {
      try SyscallTableGenerator.generate(
        syscallsCSV: "#syscall (x),x86,x86_kver\nread,abc,KV\n", pseudoCSV: "name,pnr\n", archesCSV: "",
        kernelTSV: "")
    }
  }
}
