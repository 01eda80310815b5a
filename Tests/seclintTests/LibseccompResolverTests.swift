import Foundation
@testable import seclint
import SyscallTables
import Testing
import TestSupport

/// `seclint syscalls --arch A NAME…` and `… NUMBER…` against the libseccomp installed on this machine
/// (Debian's libseccomp2; `.ci/run` installs `seccomp`, which brings `scmp_sys_resolver`), for every
/// (arch, name, number) row both know. The oracle is `Scripts/libseccomp-oracle.py`, which calls the same
/// functions as `scmp_sys_resolver` in one process.
@Suite struct LibseccompResolverTests {
  static let oracle = LibseccompOracle.run()

  /// `name<TAB>number…` lines of `seclint syscalls --arch ARCH QUERIES…`.
  func resolve(_ arch: String, _ queries: [String]) -> [(name: String, number: Int)] {
    let run = runCLI(["syscalls", "--arch", arch] + queries)
    return run.stdout.split(separator: "\n").map { line in
      let cells = line.split(separator: "\t")
      return (String(cells[0]), Int(cells[1]) ?? Int.min)
    }
  }

  @Test(.enabled(if: oracle != nil, "needs python3 and libseccomp.so.2 (apt-get install seccomp); skipped"))
  func namesResolveAsLibseccompDoes() throws {
    let oracle = try #require(Self.oracle)
    var compared = 0
    var unknownToInstalled: Set<String> = []
    for (arch, rows) in oracle.names.sorted(by: { $0.key < $1.key }) {
      let names = SyscallData.names
      let ours = resolve(arch, names)
      #expect(ours.map(\.name) == names, "\(arch): one line per name, in order")
      for (name, number) in zip(names, ours.map(\.number)) {
        guard let expected = rows[name] else { continue }
        if expected == -1 {
          unknownToInstalled.insert(name)
          continue
        }
        if number != expected {
          #expect(Self.tableChangesSince254.contains("\(arch) \(name)"), "\(name) on \(arch): \(number) vs \(expected)")
        }
        compared += 1
      }
    }
    print(
      "libseccomp \(oracle.version): seclint syscalls agreed on \(compared) (arch, name) rows over \(oracle.names.count) arches; "
        + "arches this libseccomp lacks: \(oracle.unknownArches.sorted()); names it lacks: \(unknownToInstalled.count)")
    #expect(compared > 9000)
    // Names an older libseccomp lacks must be ones libseccomp added since, not names we made up.
    #expect(unknownToInstalled.isSubset(of: Self.namesAddedSince254), "\(unknownToInstalled)")
  }

  @Test(.enabled(if: oracle != nil, "needs python3 and libseccomp.so.2 (apt-get install seccomp); skipped"))
  func numbersResolveAsLibseccompDoes() throws {
    let oracle = try #require(Self.oracle)
    for (arch, rows) in oracle.numbers.sorted(by: { $0.key < $1.key }) {
      for (number, name) in rows.sorted(by: { $0.key < $1.key }) where number != -1 {
        let run = runCLI(["syscalls", "--arch", arch, String(number)])
        let ours = run.stdout.split(separator: "\t").first.map(String.init)
        if Self.tableChangesSince254.contains("\(arch) \(name)") || Self.tableChangesSince254.contains("\(arch) \(ours ?? "")") {
          continue
        }
        if name.isEmpty {
          // Unknown to the installed libseccomp: we may know it only if it is a newer name.
          #expect(ours.map { Self.namesAddedSince254.contains($0) } ?? (run.code == .failure), "\(number) on \(arch)")
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
      #expect(resolve(arch, [name]).first?.number == Int(printed), "\(arch) \(name)")
    }
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
    try execute(resolverPath ?? "scmp_sys_resolver", arguments).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
