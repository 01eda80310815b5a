/// Byte order of an ABI, as libseccomp's `arch_def.endian` records it.
package enum Endianness: String, Sendable, Hashable, Codable {
  case little, big
}

/// The facts about one architecture (generated from `Data/syscalls/arches.csv` into
/// `SyscallData.architectureInfos`).
struct ArchitectureInfo: Sendable {
  let token: String
  let name: String
  let table: String
  let scmpToken: UInt32
  let auditArchName: String
  let auditArch: UInt32
  let bits: Int
  let endianness: Endianness
  let numberOffset: Int
  let numberBits: Int
  let socketcallNumber: Int?
  let ipcNumber: Int?
  let mobyArchMapParents: [String]
  let mobyNativeName: String?
  let runcAccepts: Bool
  let minLibseccomp: String
}

/// One of libseccomp's 23 architectures, with the facts a profile's behaviour depends on
/// (generated from `Data/syscalls/arches.csv`). A one-byte handle into the generated table: copying, comparing
/// and hashing an architecture costs nothing, which matters because evaluations pass them around constantly.
package struct Architecture: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Position in `SyscallData.architectureInfos` (arches.csv order).
  let index: UInt8

  init(index: Int) { self.index = UInt8(truncatingIfNeeded: index) }

  private var info: ArchitectureInfo { SyscallData.architectureInfos[Int(index)] }

  /// The OCI/Docker spelling used in profiles, e.g. `SCMP_ARCH_X86_64`.
  package var token: String { info.token }
  /// libseccomp's short name, e.g. `x86_64` (what `scmp_sys_resolver -a` takes).
  package var name: String { info.name }
  /// The column pair of libseccomp's `syscalls.csv` this arch reads its numbers from.
  package var table: String { info.table }
  /// libseccomp's API token (`SCMP_ARCH_*` value).
  package var scmpToken: UInt32 { info.scmpToken }
  /// The kernel's `AUDIT_ARCH_*` name and value seen in `seccomp_data.arch`.
  package var auditArchName: String { info.auditArchName }
  package var auditArch: UInt32 { info.auditArch }
  /// libseccomp's `ARCH_SIZE`: 32-bit ABIs compare only the low 32 bits of arguments.
  package var bits: Int { info.bits }
  package var endianness: Endianness { info.endianness }
  /// Added to a csv number to give the kernel's `seccomp_data.nr` (mips o32 4000, n64 5000, n32 6000).
  package var numberOffset: Int { info.numberOffset }
  /// OR-ed into a csv number (x32's `X32_SYSCALL_BIT` 0x40000000).
  package var numberBits: Int { info.numberBits }
  /// The `socketcall`/`ipc` multiplexers where libseccomp rewrites socket and SysV IPC rules onto them.
  package var socketcallNumber: Int? { info.socketcallNumber }
  package var ipcNumber: Int? { info.ipcNumber }
  /// OCI tokens of the moby `archMap` entries that list this arch as a sub-architecture.
  package var mobyArchMapParents: [String] { info.mobyArchMapParents }
  /// The string moby compares with `includes.arches`/`excludes.arches` on a host of this arch, if any.
  package var mobyNativeName: String? { info.mobyNativeName }
  /// Whether runc's `archs` map takes the token (PARISC*, M68K, SH and SHEB are refused).
  package var runcAccepts: Bool { info.runcAccepts }
  /// First libseccomp release that supports the arch.
  package var minLibseccomp: String { info.minLibseccomp }

  /// Whether libseccomp multiplexes socket and SysV IPC calls through `socketcall`/`ipc` on this ABI.
  package var multiplexesSocketAndIPC: Bool { socketcallNumber != nil }

  package var description: String { token }

  /// Ordered by OCI token, so every listing sorted "by arch" is stable.
  package static func < (a: Self, b: Self) -> Bool { a.token < b.token }
}

extension Architecture {
  /// All 23 architectures in `arches.csv` order.
  package static var all: [Architecture] { SyscallData.architectures }

  /// Looks an arch up by its exact OCI token (`SCMP_ARCH_X86_64`), as runc and libseccomp compare it.
  package static func withToken(_ token: String) -> Architecture? { byToken[token] }

  /// Parses a user-supplied arch: the OCI token, libseccomp's name, moby's native name or a GOARCH
  /// value, case-insensitively (`SCMP_ARCH_X86_64`, `x86_64`, `amd64` are the same arch).
  package static func parse(_ text: String) -> Architecture? { bySpelling[text.lowercased()] }

  /// Every spelling `parse` accepts, sorted (for "did you mean" suggestions and help).
  package static var spellings: [String] { bySpelling.keys.sorted() }

  /// The architecture this binary was built for; `nil` on a CPU libseccomp does not support.
  package static var native: Architecture? {
    #if arch(x86_64)
      return withToken("SCMP_ARCH_X86_64")
    #elseif arch(arm64)
      return withToken("SCMP_ARCH_AARCH64")
    #elseif arch(i386)
      return withToken("SCMP_ARCH_X86")
    #elseif arch(arm)
      return withToken("SCMP_ARCH_ARM")
    #elseif arch(s390x)
      return withToken("SCMP_ARCH_S390X")
    #elseif arch(powerpc64le)
      return withToken("SCMP_ARCH_PPC64LE")
    #elseif arch(powerpc64)
      return withToken("SCMP_ARCH_PPC64")
    #elseif arch(riscv64)
      return withToken("SCMP_ARCH_RISCV64")
    #else
      return nil
    #endif
  }

  /// GOARCH values (Go's `runtime.GOARCH`) and the ABI a Go binary of that arch runs as; moby's own
  /// `goToNative` table covers the same arches (moby/profiles `seccomp/seccomp_linux.go`).
  static let goArchitectures: [String: String] = [
    "386": "SCMP_ARCH_X86", "amd64": "SCMP_ARCH_X86_64", "arm": "SCMP_ARCH_ARM", "arm64": "SCMP_ARCH_AARCH64",
    "loong64": "SCMP_ARCH_LOONGARCH64", "mips": "SCMP_ARCH_MIPS", "mipsle": "SCMP_ARCH_MIPSEL",
    "mips64": "SCMP_ARCH_MIPS64", "mips64le": "SCMP_ARCH_MIPSEL64", "mips64p32": "SCMP_ARCH_MIPS64N32",
    "mips64p32le": "SCMP_ARCH_MIPSEL64N32", "ppc": "SCMP_ARCH_PPC", "ppc64": "SCMP_ARCH_PPC64",
    "ppc64le": "SCMP_ARCH_PPC64LE", "riscv64": "SCMP_ARCH_RISCV64", "s390": "SCMP_ARCH_S390",
    "s390x": "SCMP_ARCH_S390X",
  ]

  private static let byToken: [String: Architecture] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.token, $0) })

  private static let bySpelling: [String: Architecture] = {
    var result: [String: Architecture] = [:]
    for arch in all {
      for spelling in [arch.token, arch.name] + (arch.mobyNativeName.map { [$0] } ?? []) {
        result[spelling.lowercased()] = arch
      }
    }
    for (go, token) in goArchitectures { result[go] = result[go] ?? byToken[token] }
    return result
  }()
}
