import Policy

import SyscallTables

/// A listing of a program in the style of libseccomp's `scmp_bpf_disasm` (line, code, jt, jf, k, then the
/// instruction) with symbolic names: `seccomp_data` fields, syscall names of the ABI section the instruction
/// is in, `AUDIT_ARCH_*` names and `SCMP_ACT_*` return values.
package enum Disassembler {
  package static func listing(_ program: Program, architectures: [Architecture], firstLine: Int = 0, title: String? = nil) -> [String] {
    var lines: [String] = []
    if let title { lines.append(title) }
    lines.append(" line  OP   JT   JF   K")
    lines.append("=================================")
    // Which ABI's numbers a comparison with the syscall number means: the last arch check passed.
    var section: [Architecture] = []
    var loaded: Int32 = -1
    // Lines an arch check jumps to when the arch differs: the next arch check (the accumulator still holds arch).
    var archCheckLines: Set<Int> = []
    for (index, i) in program.instructions.enumerated() {
      let line = firstLine + index
      var text: String
      switch i.code {
      case Instruction.ldAbsWord:
        loaded = Int32(bitPattern: i.k)
        text = "ld  $data[\(i.k)]" + field(i.k, bigEndian: program.bigEndian)
      case Instruction.aluAndK:
        text = "and " + hex(i.k)
      case Instruction.ja:
        text = "jmp \(line + 1 + Int(i.k))"
      case Instruction.jeqK, Instruction.jgtK, Instruction.jgeK, Instruction.jsetK:
        let name = [Instruction.jeqK: "jeq", Instruction.jgtK: "jgt", Instruction.jgeK: "jge", Instruction.jsetK: "jset"][i.code]!
        var operand = hex(i.k)
        if loaded == 4 || archCheckLines.contains(line), let arches = archNames(i.k, architectures) {
          operand += "  # \(arches.map(\.auditArchName).first ?? "")"
          if i.code == Instruction.jeqK {
            section = arches
            archCheckLines.insert(line + 1 + Int(i.jf))
          }
        } else if loaded == 0, i.code == Instruction.jeqK, let name = syscallName(i.k, section) {
          operand += "  # \(name)"
        }
        text = "\(name) \(operand) true:\(line + 1 + Int(i.jt)) false:\(line + 1 + Int(i.jf))"
      case Instruction.retK:
        text = "ret " + action(i.k)
      default:
        text = "??? " + hex(i.k)
      }
      let record = hexDigits(UInt32(i.code), 2) + " " + hexDigits(UInt32(i.jt), 2) + " " + hexDigits(UInt32(i.jf), 2) + " "
        + hexDigits(i.k, 8)
      lines.append(String(line).leftPadded(5) + ": " + record + "   " + text)
    }
    return lines
  }

  static func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }

  static func hexDigits(_ v: UInt32, _ width: Int) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  static func field(_ offset: UInt32, bigEndian: Bool) -> String {
    switch offset {
    case 0: return "  # nr"
    case 4: return "  # arch"
    case 8, 12: return "  # instruction_pointer"
    case 16..<64:
      let arg = (offset - 16) / 8
      let high = ((offset - 16) % 8 == 4) != bigEndian
      return "  # args[\(arg)] \(high ? "high" : "low") word"
    default: return ""
    }
  }

  static func archNames(_ audit: UInt32, _ architectures: [Architecture]) -> [Architecture]? {
    let matching = architectures.filter { $0.auditArch == audit }
    return matching.isEmpty ? nil : matching
  }

  static func syscallName(_ number: UInt32, _ section: [Architecture]) -> String? {
    for arch in section {
      if let name = SyscallTable.forArchitecture(arch).name(forNumber: Int(number)) { return name }
    }
    return nil
  }

  /// `SCMP_ACT_*` spelling of a return value.
  package static func action(_ k: UInt32) -> String {
    switch k & 0xFFFF_0000 {
    case 0x8000_0000: return "KILL_PROCESS"
    case 0x0000_0000: return "KILL_THREAD"
    case 0x0003_0000: return "TRAP"
    case 0x0005_0000: return "ERRNO(\(k & 0xFFFF))"
    case 0x7FC0_0000: return "NOTIFY"
    case 0x7FF0_0000: return "TRACE(\(k & 0xFFFF))"
    case 0x7FFC_0000: return "LOG"
    case 0x7FFF_0000: return "ALLOW"
    default: return hex(k)
    }
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
