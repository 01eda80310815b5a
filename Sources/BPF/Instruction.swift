import Policy

/// A classic BPF instruction (`struct sock_filter`): 16-bit code, jump offsets, 32-bit constant.
package struct Instruction: Hashable, Sendable {
  package var code: UInt16
  package var jt: UInt8
  package var jf: UInt8
  package var k: UInt32

  package init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32) {
    self.code = code
    self.jt = jt
    self.jf = jf
    self.k = k
  }

  // Opcodes libseccomp emits (linux/filter.h).
  package static let ldAbsWord: UInt16 = 0x20  // BPF_LD | BPF_W | BPF_ABS
  package static let aluAndK: UInt16 = 0x54  // BPF_ALU | BPF_AND | BPF_K
  package static let ja: UInt16 = 0x05  // BPF_JMP | BPF_JA
  package static let jeqK: UInt16 = 0x15
  package static let jgtK: UInt16 = 0x25
  package static let jgeK: UInt16 = 0x35
  package static let jsetK: UInt16 = 0x45
  package static let retK: UInt16 = 0x06
}

/// A BPF program and the byte order its records are written in.
package struct Program: Hashable, Sendable {
  package var instructions: [Instruction]
  /// Records are written in this order (libseccomp writes the filter's ABI byte order, `_htot16`/`_htot32`).
  package var bigEndian: Bool

  package init(instructions: [Instruction], bigEndian: Bool) {
    self.instructions = instructions
    self.bigEndian = bigEndian
  }

  /// 8-byte `sock_filter` records as `seccomp_export_bpf` writes them.
  package var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(instructions.count * 8)
    for i in instructions {
      if bigEndian {
        out += [UInt8(i.code >> 8), UInt8(i.code & 0xFF), i.jt, i.jf]
        out += [UInt8(i.k >> 24), UInt8((i.k >> 16) & 0xFF), UInt8((i.k >> 8) & 0xFF), UInt8(i.k & 0xFF)]
      } else {
        out += [UInt8(i.code & 0xFF), UInt8(i.code >> 8), i.jt, i.jf]
        out += [UInt8(i.k & 0xFF), UInt8((i.k >> 8) & 0xFF), UInt8((i.k >> 16) & 0xFF), UInt8(i.k >> 24)]
      }
    }
    return out
  }

  /// Reads records written by `bytes` (or by libseccomp's export).
  package init?(bytes: [UInt8], bigEndian: Bool) {
    guard bytes.count % 8 == 0 else { return nil }
    var result: [Instruction] = []
    for start in stride(from: 0, to: bytes.count, by: 8) {
      let b = Array(bytes[start..<start + 8])
      if bigEndian {
        result.append(
          Instruction(
            code: UInt16(b[0]) << 8 | UInt16(b[1]), jt: b[2], jf: b[3],
            k: UInt32(b[4]) << 24 | UInt32(b[5]) << 16 | UInt32(b[6]) << 8 | UInt32(b[7])))
      } else {
        result.append(
          Instruction(
            code: UInt16(b[1]) << 8 | UInt16(b[0]), jt: b[2], jf: b[3],
            k: UInt32(b[7]) << 24 | UInt32(b[6]) << 16 | UInt32(b[5]) << 8 | UInt32(b[4])))
      }
    }
    self.init(instructions: result, bigEndian: bigEndian)
  }
}
