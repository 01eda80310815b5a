import Policy

/// Runs a program on one `struct seccomp_data`, as the kernel's classic-BPF interpreter would for the
/// instructions libseccomp emits (loads of 32-bit words, AND, JEQ/JGT/JGE/JSET, JA, RET).
package enum Interpreter {
  package enum Failure: Error, Equatable, Sendable {
    case unsupported(line: Int, code: UInt16)
    case outOfBounds(line: Int)
    case fellOffTheEnd
  }

  /// The `seccomp_data` a syscall presents: nr, AUDIT_ARCH, instruction pointer, six arguments.
  package struct Call: Sendable {
    package var number: UInt32
    package var auditArch: UInt32
    package var arguments: [UInt64]
    package init(number: UInt32, auditArch: UInt32, arguments: [UInt64] = [0, 0, 0, 0, 0, 0]) {
      self.number = number
      self.auditArch = auditArch
      self.arguments = arguments
    }

    /// The 32-bit word at a byte offset, in the ABI's byte order.
    func word(at offset: UInt32, bigEndian: Bool) -> UInt32? {
      switch offset {
      case 0: return number
      case 4: return auditArch
      case 8, 12: return 0
      case 16..<64 where offset % 4 == 0:
        let index = Int((offset - 16) / 8)
        let value = index < arguments.count ? arguments[index] : 0
        let lowFirst = !bigEndian
        let isFirstWord = (offset - 16) % 8 == 0
        return UInt32(truncatingIfNeeded: isFirstWord == lowFirst ? value : value >> 32)
      default: return nil
      }
    }
  }

  /// The 32-bit return value (`SECCOMP_RET_*` | data).
  package static func run(_ program: Program, _ call: Call) throws(Failure) -> UInt32 {
    var a: UInt32 = 0
    var pc = 0
    var steps = 0
    while pc < program.instructions.count, steps <= program.instructions.count {
      let i = program.instructions[pc]
      steps += 1
      switch i.code {
      case Instruction.ldAbsWord:
        guard let word = call.word(at: i.k, bigEndian: program.bigEndian) else { throw .outOfBounds(line: pc) }
        a = word
        pc += 1
      case Instruction.aluAndK:
        a &= i.k
        pc += 1
      case Instruction.ja:
        pc += 1 + Int(i.k)
      case Instruction.jeqK, Instruction.jgtK, Instruction.jgeK, Instruction.jsetK:
        let taken: Bool
        switch i.code {
        case Instruction.jeqK: taken = a == i.k
        case Instruction.jgtK: taken = a > i.k
        case Instruction.jgeK: taken = a >= i.k
        default: taken = a & i.k != 0
        }
        pc += 1 + Int(taken ? i.jt : i.jf)
      case Instruction.retK:
        return i.k
      default:
        throw .unsupported(line: pc, code: i.code)
      }
    }
    throw .fellOffTheEnd
  }
}
