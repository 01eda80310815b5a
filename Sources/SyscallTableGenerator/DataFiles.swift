import Foundation

/// `libseccomp-syscalls.csv`: a `#syscall (…)` header, then one row per name with 18 (number, kver) pairs.
struct SyscallCSV {
  let header: String
  let tables: [String]
  let names: [String]
  /// `numbers[row][table]`, the raw csv number or nil for `PNR`.
  let numbers: [[Int?]]
  let index: [String: Int]

  init(_ text: String) throws {
    let file = SyscallTableGenerator.syscallsFile
    let lines = SyscallTableGenerator.lines(text)
    guard let first = lines.first, first.hasPrefix("#") else {
      throw SyscallTableGenerator.DataError(file, 1, "missing '#syscall' header")
    }
    let headerCells = first.split(separator: ",").map(String.init)
    header = headerCells[0]
    let columns = Array(headerCells.dropFirst())
    guard columns.count % 2 == 0, !columns.isEmpty else {
      throw SyscallTableGenerator.DataError(file, 1, "expected (arch, arch_kver) column pairs")
    }
    tables = stride(from: 0, to: columns.count, by: 2).map { columns[$0] }
    var names: [String] = []
    var numbers: [[Int?]] = []
    for (offset, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == columns.count + 1 else {
        throw SyscallTableGenerator.DataError(file, offset + 1, "expected \(columns.count + 1) cells")
      }
      names.append(cells[0])
      numbers.append(
        try tables.indices.map { table -> Int? in
          let cell = cells[1 + 2 * table]
          if cell == "PNR" { return nil }
          guard let number = Int(cell), number >= 0 else {
            throw SyscallTableGenerator.DataError(file, offset + 1, "bad number '\(cell)'")
          }
          return number
        })
    }
    guard Set(names).count == names.count else {
      throw SyscallTableGenerator.DataError(file, 2, "names must be unique")
    }
    self.names = names
    self.numbers = numbers
    index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
  }
}

/// `arches.csv`: one row per libseccomp architecture.
struct ArchesCSV {
  struct Row {
    var cells: [String: String]
    subscript(_ key: String) -> String { cells[key] ?? "" }
  }
  static let columns = [
    "oci_token", "libseccomp_name", "csv_column", "scmp_token_hex", "audit_arch_name", "audit_arch_hex", "bits",
    "endian", "nr_add", "nr_or", "socketcall_nr", "ipc_nr", "moby_archmap_parent", "moby_native_name",
    "runc_accepts", "min_libseccomp",
  ]
  let rows: [Row]

  init(_ text: String, tables: [String]) throws {
    let file = SyscallTableGenerator.archesFile
    let lines = SyscallTableGenerator.lines(text)
    let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
    guard header == Self.columns else {
      throw SyscallTableGenerator.DataError(file, 1, "unexpected header \(header)")
    }
    rows = try lines.enumerated().dropFirst().map { offset, line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == header.count else {
        throw SyscallTableGenerator.DataError(file, offset + 1, "expected \(header.count) cells")
      }
      let row = Row(cells: Dictionary(uniqueKeysWithValues: zip(header, cells)))
      guard tables.contains(row["csv_column"]) else {
        throw SyscallTableGenerator.DataError(file, offset + 1, "unknown csv column '\(row["csv_column"])'")
      }
      guard row["endian"] == "little" || row["endian"] == "big", row["bits"] == "32" || row["bits"] == "64"
      else { throw SyscallTableGenerator.DataError(file, offset + 1, "bad bits/endian") }
      return row
    }
  }
}

/// `syscall-kernel-versions.tsv`: name, kernel, per-arch notes (`arch:version …`), source, remarks.
struct KernelTSV {
  struct Version { var major, minor: Int; var patch: Int? }
  /// Aligned with the csv names.
  let kernels: [Version]
  let notes: [[(table: String, version: Version)]]

  init(_ text: String, names: [String], tables: [String]) throws {
    let file = SyscallTableGenerator.kernelFile
    let lines = SyscallTableGenerator.lines(text)
    var kernels: [Version] = []
    var notes: [[(String, Version)]] = []
    for (offset, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      let lineNumber = offset + 1
      guard cells.count >= 3, offset - 1 < names.count, cells[0] == names[offset - 1] else {
        throw SyscallTableGenerator.DataError(file, lineNumber, "rows must follow the csv's names in order")
      }
      guard let kernel = Self.parse(cells[1]) else {
        throw SyscallTableGenerator.DataError(file, lineNumber, "bad kernel version '\(cells[1])'")
      }
      kernels.append(kernel)
      notes.append(
        try cells[2].split(separator: " ").map { token in
          let parts = token.split(separator: ":").map(String.init)
          guard parts.count == 2, tables.contains(parts[0]), let version = Self.parse(parts[1]) else {
            throw SyscallTableGenerator.DataError(file, lineNumber, "bad per-arch note '\(token)'")
          }
          return (parts[0], version)
        })
    }
    guard kernels.count == names.count else {
      throw SyscallTableGenerator.DataError(file, lines.count, "expected \(names.count) rows")
    }
    self.kernels = kernels
    self.notes = notes
  }

  static func parse(_ text: String) -> Version? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
    return Version(major: parts[0]!, minor: parts[1]!, patch: parts.count == 3 ? parts[2]! : nil)
  }
}
