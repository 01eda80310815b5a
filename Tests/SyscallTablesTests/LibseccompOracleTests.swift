import Foundation
import SyscallTables
import Testing

/// Compares every (arch, name, number) row with the libseccomp installed on this machine (Debian's
/// `libseccomp2`; `.ci/run` installs `seccomp` for `scmp_sys_resolver`), through `Scripts/libseccomp-oracle.py`.
@Suite struct LibseccompOracleTests {
  static let oracle = LibseccompOracle.run()

  @Test(.enabled(if: oracle != nil, "needs python3 and libseccomp.so.2 (apt-get install seccomp); skipped"))
  func nameToNumberMatchesLibseccomp() throws {
    let oracle = try #require(Self.oracle)
    var compared = 0
    var unknownToInstalled: Set<String> = []
    for (arch, rows) in oracle.names {
      let table = SyscallTable.forArchitecture(try #require(Architecture.parse(arch)))
      for (name, number) in rows {
        if number == -1 {
          unknownToInstalled.insert(name)
          continue
        }
        if table.resolve(name).number != number {
          #expect(Self.tableChangesSince254.contains("\(arch) \(name)"), "\(name) on \(arch)")
        }
        compared += 1
      }
    }
    print(
      "libseccomp \(oracle.version): compared \(compared) (arch, name) rows on \(oracle.names.count) arches; "
        + "not known to it: arches \(oracle.unknownArches.sorted()), \(unknownToInstalled.count) names "
        + "\(unknownToInstalled.sorted())")
    #expect(compared > 9000)
    // Names an older libseccomp lacks must be ones libseccomp added since, not names we made up.
    #expect(unknownToInstalled.isSubset(of: Self.namesAddedSince254), "\(unknownToInstalled)")
  }

  /// What libseccomp v2.6.1's data (ours) has that Debian bookworm's 2.5.4-1+deb12u1 (patched up to Linux 6.7)
  /// lacks: syscalls of Linux 6.8+, and the m68k private calls and riscv_hwprobe that came with libseccomp 2.6.
  static let namesAddedSince254: Set<String> = [
    "atomic_barrier", "atomic_cmpxchg_32", "file_getattr", "file_setattr", "getpagesize", "getxattrat",
    "listmount", "listns", "listxattrat", "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mseal",
    "open_tree_attr", "removexattrat", "riscv_hwprobe", "rseq_slice_yield", "setxattrat", "statmount", "uprobe",
    "uretprobe",
  ]

  /// Numbers that changed between 2.5.4 and the v7.1 table: parisc64 dropped its `_llseek` slot, and x32
  /// gained `map_shadow_stack` (453) after Debian's 6.7 backport.
  static let tableChangesSince254: Set<String> = ["parisc64 _llseek", "x32 map_shadow_stack"]

  @Test(.enabled(if: oracle != nil, "needs python3 and libseccomp.so.2 (apt-get install seccomp); skipped"))
  func numberToNameMatchesLibseccomp() throws {
    let oracle = try #require(Self.oracle)
    for (arch, rows) in oracle.numbers {
      let table = SyscallTable.forArchitecture(try #require(Architecture.parse(arch)))
      for (number, name) in rows where number != -1 {
        let ours = table.name(forNumber: number)
        if Self.tableChangesSince254.contains("\(arch) \(name)") || Self.tableChangesSince254.contains("\(arch) \(ours ?? "")") {
          continue
        }
        if name.isEmpty {
          #expect(ours.map { oracle.unknown(name: $0, arch: arch) } ?? true, "\(number) on \(arch)")
        } else {
          #expect(ours == name, "\(number) on \(arch)")
        }
      }
    }
  }

  /// The ctypes oracle itself agrees with the `scmp_sys_resolver` binary on a sample.
  @Test(.enabled(if: oracle != nil && LibseccompOracle.resolverPath != nil, "scmp_sys_resolver not installed; skipped"))
  func oracleAgreesWithScmpSysResolver() throws {
    let oracle = try #require(Self.oracle)
    for (arch, name) in [("x86", "socket"), ("x32", "ptrace"), ("mips", "read"), ("arm", "set_tls"),
                         ("s390x", "shmctl"), ("x86_64", "socketcall"), ("ppc64le", "recv")] {
      let printed = try LibseccompOracle.scmpSysResolver(["-a", arch, name])
      #expect(Int(printed) == oracle.names[arch]?[name], "\(arch) \(name)")
    }
  }
}

struct LibseccompOracle: Sendable {
  var version = ""
  var names: [String: [String: Int]] = [:]
  var numbers: [String: [Int: String]] = [:]
  var unknownArches: Set<String> = []

  func unknown(name: String, arch: String) -> Bool { names[arch]?[name] == -1 }

  static var resolverPath: String? {
    ["/usr/bin/scmp_sys_resolver", "/usr/local/bin/scmp_sys_resolver"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  static func run() -> LibseccompOracle? {
    let script = Paths.packageRoot.appendingPathComponent("Scripts/libseccomp-oracle.py").path
    let input = SyscallData.names.joined(separator: "\n")
    guard let output = try? execute("/usr/bin/env", ["python3", script] + Architecture.all.map(\.name), input: input)
    else { return nil }
    var oracle = LibseccompOracle()
    for line in output.split(separator: "\n") {
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      switch (cells.first, cells.count) {
      case ("V", 2): oracle.version = cells[1]
      case ("A", 3): oracle.unknownArches.insert(cells[1])
      case ("N", 4): oracle.names[cells[1], default: [:]][cells[2]] = Int(cells[3])
      case ("R", 4): if let n = Int(cells[2]) { oracle.numbers[cells[1], default: [:]][n] = cells[3] }
      default: continue
      }
    }
    return oracle.names.isEmpty ? nil : oracle
  }

  static func scmpSysResolver(_ arguments: [String]) throws -> String {
    try execute(resolverPath ?? "scmp_sys_resolver", arguments, input: "")
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private struct Failed: Error {}

  private static func execute(_ tool: String, _ arguments: [String], input: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw Failed() }
    return String(decoding: data, as: UTF8.self)
  }
}
