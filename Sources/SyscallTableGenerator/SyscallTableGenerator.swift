import Foundation

/// Turns libseccomp's syscall data (vendored, unmodified, in `Data/syscalls/`) into the Swift source of
/// `Sources/SyscallTables/SyscallTables+Generated.swift`.
///
/// The output holds sorted literals and no logic; the fix-ups libseccomp applies when it resolves a name
/// (mips offsets, the x32 bit, socket/IPC multiplexing) live in hand-written code in `SyscallTables`.
package enum SyscallTableGenerator {
  /// The data files, relative to the package root.
  package static let dataDirectory = "Data/syscalls"
  package static let syscallsFile = "libseccomp-syscalls.csv"
  package static let pseudoFile = "libseccomp-pseudo-syscalls.csv"
  package static let archesFile = "arches.csv"
  package static let kernelFile = "syscall-kernel-versions.tsv"
  /// The generated file, relative to the package root.
  package static let outputPath = "Sources/SyscallTables/SyscallTables+Generated.swift"

  package struct DataError: Error, CustomStringConvertible {
    package var description: String
    init(_ file: String, _ line: Int, _ message: String) { description = "\(file):\(line): \(message)" }
  }

  /// Reads the four data files below `root` and returns the generated Swift source.
  package static func generate(packageRoot root: URL) throws -> String {
    let dir = root.appendingPathComponent(dataDirectory)
    func read(_ name: String) throws -> String {
      try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    return try generate(
      syscallsCSV: read(syscallsFile), pseudoCSV: read(pseudoFile), archesCSV: read(archesFile),
      kernelTSV: read(kernelFile))
  }

  /// Generates the Swift source from the contents of the four data files.
  package static func generate(
    syscallsCSV: String, pseudoCSV: String, archesCSV: String, kernelTSV: String
  ) throws -> String {
    let table = try SyscallCSV(syscallsCSV)
    let pseudo = try parsePseudo(pseudoCSV)
    let arches = try ArchesCSV(archesCSV, tables: table.tables)
    let kernels = try KernelTSV(kernelTSV, names: table.names, tables: table.tables)
    // The header also defines __PNR_ values for names the csv no longer lists (e.g. oldwait4); unused.
    for (row, name) in table.names.enumerated() where table.numbers[row].contains(nil) && pseudo[name] == nil {
      throw DataError(pseudoFile, 0, "'\(name)' is PNR on some arch but has no pseudo number")
    }
    return Renderer(table: table, pseudo: pseudo, arches: arches, kernels: kernels).render()
  }

  static func parsePseudo(_ text: String) throws -> [String: Int] {
    var result: [String: Int] = [:]
    for (offset, line) in lines(text).enumerated().dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == 2, let pnr = Int(cells[1]), pnr < 0 else {
        throw DataError(pseudoFile, offset + 1, "expected 'name,negative-number'")
      }
      result[cells[0]] = pnr
    }
    return result
  }

  static func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: true).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
  }
}
