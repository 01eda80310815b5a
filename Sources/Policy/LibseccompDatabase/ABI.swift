import SyscallTables

/// An ABI as libseccomp's rule database and BPF generator need it (`struct arch_def`).
package struct ABI: Hashable {
  package var token: String
  package var auditArch: UInt32
  package var is64Bit: Bool
  package var bigEndian: Bool

  package init(token: String, auditArch: UInt32, is64Bit: Bool, bigEndian: Bool) {
    (self.token, self.auditArch, self.is64Bit, self.bigEndian) = (token, auditArch, is64Bit, bigEndian)
  }

  package var isX86_64: Bool { token == "SCMP_ARCH_X86_64" }
  package var isX32: Bool { token == "SCMP_ARCH_X32" }
}

extension ABI {
  package init(_ architecture: Architecture) {
    self.init(
      token: architecture.token, auditArch: architecture.auditArch, is64Bit: architecture.bits == 64,
      bigEndian: architecture.endianness == .big)
  }
}

extension SeccompAction {
  /// libseccomp's `SCMP_ACT_*` value of the action (include/seccomp.h); errno and trace data keep 16 bits.
  package var libseccompValue: UInt32 {
    switch self {
    case .killThread: 0x0000_0000
    case .killProcess: 0x8000_0000
    case .trap: 0x0003_0000
    case .errno(let e): 0x0005_0000 | (UInt32(truncatingIfNeeded: e) & 0xFFFF)
    case .trace(let e): 0x7FF0_0000 | (UInt32(truncatingIfNeeded: e) & 0xFFFF)
    case .notify: 0x7FC0_0000
    case .log: 0x7FFC_0000
    case .allow: 0x7FFF_0000
    }
  }
}
