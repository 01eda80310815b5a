import Policy

/// Sections per ABI and the final layout of libseccomp 2.5.4's `_gen_bpf_build_bpf`: the priority-sorted syscall
/// checks, the x86_64/x32 ABI split, pulling referenced blocks in after their first user, accumulator reloads,
/// long jumps over 255 instructions, and the resolution of every jump to an offset.
extension Generator {
  /// `_sys_priority_sort`: stable, highest priority first.
  static func prioritySorted(_ entries: [SyscallEntryDB], into list: inout [SyscallEntryDB]) {
    for entry in entries {
      if list.isEmpty {
        list.append(entry)
        continue
      }
      var i = 0
      while i + 1 < list.count && entry.priority <= list[i].priority { i += 1 }
      if entry.priority > list[i].priority { list.insert(entry, at: i) } else { list.append(entry) }
    }
  }

  /// `_skip_syscall`: phantom entries and pseudo numbers are not emitted.
  static func skipped(_ entry: SyscallEntryDB) -> Bool { !entry.valid || Int32(bitPattern: entry.number) < 0 }

  /// `_gen_bpf_syscall`
  mutating func syscall(_ db: RuleDatabase, _ entry: SyscallEntryDB, next: Int, reset: Bool) -> Block {
    let b = Block()
    var acc: Acc
    if reset {
      b.instrs.append(Instr(op: Instruction.ldAbsWord, k: .value(UInt32(Self.offsetNumber))))
      acc = .at(Self.offsetNumber)
      b.accStart = .undefined
      b.accEnd = .at(Self.offsetNumber)
    } else {
      acc = .undefined
      b.accStart = .at(Self.offsetNumber)
      b.accEnd = .at(Self.offsetNumber)
    }
    let head = chain(db, entry.action, entry.chains, .hash(defaultHash), &acc)
    b.instrs.append(Instr(op: Instruction.jeqK, jt: .hash(head.hash), jf: .hash(next), k: .value(entry.number)))
    return add(b, found: true)
  }

  /// `_gen_bpf_arch`: the blocks of one ABI section (with x32 as x86_64's secondary or vice versa), head first.
  mutating func section(_ db: RuleDatabase, secondary: RuleDatabase?) -> [Block] {
    var sorted: [SyscallEntryDB] = []
    var origin: [Int] = []  // which database each sorted entry came from (0 primary, 1 secondary)
    var tagged: [SyscallEntryDB] = []
    Self.prioritySorted(db.syscalls, into: &tagged)
    sorted = tagged
    origin = Array(repeating: 0, count: sorted.count)
    if let secondary {
      // Insert the secondary's entries into the same priority list, keeping track of their database.
      for entry in secondary.syscalls {
        var i = 0
        if sorted.isEmpty {
          sorted.append(entry)
          origin.append(1)
          continue
        }
        while i + 1 < sorted.count && entry.priority <= sorted[i].priority { i += 1 }
        if entry.priority > sorted[i].priority {
          sorted.insert(entry, at: i)
          origin.insert(1, at: i)
        } else {
          sorted.append(entry)
          origin.append(1)
        }
      }
    }
    let abi = db.abi
    var reset = !((abi.isX86_64 || abi.isX32) && secondary == nil)
    var blocks: [Block] = []  // head first
    var position = sorted.count - 1
    while position >= 0 {
      let entry = sorted[position]
      let isHead = position == 0
      position -= 1
      if Self.skipped(entry) { continue }
      let next = blocks.first?.hash ?? defaultHash
      let source = origin[position + 1] == 0 ? db : secondary!
      let b = syscall(source, entry, next: next, reset: isHead ? reset : false)
      blocks.insert(b, at: 0)
    }
    reset = false
    var count = blocks.count
    if (abi.isX86_64 || abi.isX32) && secondary == nil {
      let b = Block()
      b.instrs.append(Instr(op: Instruction.ldAbsWord, k: .value(UInt32(Self.offsetNumber))))
      b.accEnd = .at(Self.offsetNumber)
      let target = blocks.first?.hash ?? defaultHash
      if abi.isX86_64 {
        b.instrs.append(Instr(op: Instruction.jgeK, jt: .none, jf: .hash(target), k: .value(Self.x32Bit)))
        b.instrs.append(Instr(op: Instruction.jeqK, jt: .hash(target), jf: .hash(badArchHash), k: .value(0xFFFF_FFFF)))
      } else {
        b.instrs.append(Instr(op: Instruction.jgeK, jt: .hash(target), jf: .hash(badArchHash), k: .value(Self.x32Bit)))
      }
      count += 1
      blocks.insert(add(b, found: true), at: 0)
    }
    let check = Block()
    check.instrs.append(
      Instr(op: Instruction.jeqK, jt: .hash(blocks.first?.hash ?? defaultHash), jf: .next(count), k: .value(abi.auditArch)))
    blocks.insert(add(check, found: true), at: 0)
    return blocks
  }
}
