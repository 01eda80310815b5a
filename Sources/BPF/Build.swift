import Policy

extension Generator {
  static let jumpMaximum = 255

  /// `_gen_bpf_build_bpf` + `_bpf_append_blk`: the whole program for the ABI databases in filter order.
  mutating func build(_ databases: [RuleDatabase], defaultAction: UInt32, badArchAction: UInt32) throws(DatabaseError) -> [Instruction] {
    let badArch = add(actionBlock(badArchAction), found: true)
    badArchHash = badArch.hash
    defaultHash = add(actionBlock(defaultAction), found: false).hash
    let top = Block()
    top.instrs = [Instr(op: Instruction.ldAbsWord, k: .value(UInt32(Self.offsetArch)))]
    top.accEnd = .at(Self.offsetArch)
    var list: [Block] = [add(top, found: true)]
    let x86_64 = databases.firstIndex { $0.abi.isX86_64 }
    let x32 = databases.firstIndex { $0.abi.isX32 }
    for (index, db) in databases.enumerated() {
      var secondary: RuleDatabase?
      if index == x86_64 {
        if let x32, x32 > index { secondary = databases[x32] } else if x32 != nil { continue }
      } else if index == x32 {
        if let x86_64, x86_64 > index { secondary = databases[x86_64] } else if x86_64 != nil { continue }
      }
      list += section(db, secondary: secondary)
    }
    list.append(badArch)
    // Top-level TGT_NXT jumps (the arch checks' "not this arch").
    for (position, block) in list.enumerated() where position + 1 < list.count {
      for index in block.instrs.indices {
        if case .next(let n) = block.instrs[index].jt {
          guard position + 1 + n < list.count else { throw .fault }
          block.instrs[index].jt = .hash(list[position + 1 + n].hash)
        }
        if case .next(let n) = block.instrs[index].jf {
          guard position + 1 + n < list.count else { throw .fault }
          block.instrs[index].jf = .hash(list[position + 1 + n].hash)
        }
      }
    }
    try pullIn(&list)
    try longJumps(&list)
    return try resolve(list)
  }

  /// Every referenced block is placed after the last-listed block that jumps to it, one at a time, restarting
  /// from the tail; a block that expects an argument word loaded gets the load prepended when its new
  /// predecessor leaves another one.
  mutating func pullIn(_ list: inout [Block]) throws(DatabaseError) {
    var position = list.count - 1
    while position >= 0 {
      let current = list[position]
      var placed: Block?
      var index = current.instrs.count - 1
      while index >= 0 && placed == nil {
        let i = current.instrs[index]
        if case .hash(let h) = i.jt { placed = findOnce(h) }
        if placed == nil, case .hash(let h) = i.jf { placed = findOnce(h) }
        if placed == nil, case .hash(let h) = i.k { placed = findOnce(h) }
        if let b = placed {
          if b.accStart.offset != -1 && current.accEnd != b.accStart {
            if b.accStart.mask != .max { b.instrs.insert(Instr(op: Instruction.aluAndK, k: .value(b.accStart.mask)), at: 0) }
            b.instrs.insert(Instr(op: Instruction.ldAbsWord, k: .value(UInt32(bitPattern: b.accStart.offset))), at: 0)
            b.accStart = .undefined
          }
          list.insert(b, at: position + 1)
        }
        index -= 1
      }
      position = placed != nil ? list.count - 1 : position - 1
    }
  }

  /// Distance in instructions from instruction `offset` of `list[from]` to the first block with identity
  /// `hash` after it, counting until `limit` is passed; nil when no such block follows.
  private func distance(_ list: [Block], from: Int, offset: Int, toHash hash: Int, limit: Int) -> (Int, Int)? {
    var length = list[from].instrs.count - (offset + 1)
    var j = from + 1
    while j < list.count && list[j].hash != hash && length < limit {
      length += list[j].instrs.count
      j += 1
    }
    return j < list.count ? (length, j) : nil
  }

  mutating func longJumps(_ list: inout [Block]) throws(DatabaseError) {
    var position = list.count - 1
    while position >= 0 {
      var inserted = 0
      var index = list[position].instrs.count - 1
      while index >= 0 {
        let i = list[position].instrs[index]
        for jump in [i.jt, i.jf] {
          guard case .hash(let h) = jump else { continue }
          inserted += try longJump(&list, position, index, h)
        }
        index -= 1
      }
      if inserted == 0 { position -= 1 }
    }
  }

  /// `_gen_bpf_build_jmp` (+ `_gen_bpf_build_jmp_ret`): 1 when a long jump or a nearer return was inserted.
  private mutating func longJump(_ list: inout [Block], _ position: Int, _ offset: Int, _ hash: Int) throws(DatabaseError) -> Int {
    var t = list.count - 1
    while t != position && list[t].hash != hash { t -= 1 }
    if t == position { throw .fault }
    let target = list[t]
    if target.instrs.count == 1 && target.instrs[0].op == Instruction.retK {
      // Is the return itself within reach?
      var length = list[position].instrs.count - (offset + 1)
      var j = position + 1
      while j < list.count && j != t && length < Self.jumpMaximum {
        length += list[j].instrs.count
        j += 1
      }
      if j >= list.count { throw .fault }
      if !(length <= Self.jumpMaximum && j == t) {
        guard let (near, _) = distance(list, from: position, offset: offset, toHash: hash, limit: Self.jumpMaximum) else {
          throw .fault
        }
        let found = near <= Self.jumpMaximum && {
          var j2 = position + 1
          var l2 = list[position].instrs.count - (offset + 1)
          while j2 < list.count && list[j2].hash != hash && l2 < Self.jumpMaximum {
            l2 += list[j2].instrs.count
            j2 += 1
          }
          return j2 < list.count && list[j2].hash == hash
        }()
        if !found {
          // A copy of the return right after the jumping block. libseccomp 2.5.4 builds it from the stored
          // (already byte-ordered) constant and orders it again: on a big-endian ABI the copy's constant ends up
          // byte-swapped (`_gen_bpf_build_jmp_ret` → `_gen_bpf_action`).
          guard case .value(let k) = target.instrs[0].k else { throw .fault }
          let copy = Block()
          copy.instrs = [Instr(op: Instruction.retK, k: .value(bigEndian ? k.byteSwapped : k))]
          copy.hash = hash
          copy.hashed = true
          list.insert(copy, at: position + 1)
          return 1
        }
        return 0
      }
      return 0
    }
    var length = list[position].instrs.count - (offset + 1)
    var j = position + 1
    while j < list.count && j != t && length < Self.jumpMaximum {
      length += list[j].instrs.count
      j += 1
    }
    if j >= list.count { throw .fault }
    if length <= Self.jumpMaximum && j == t { return 0 }
    var l2 = list[position].instrs.count - (offset + 1)
    var j2 = position + 1
    while j2 < list.count && list[j2].hash != hash && l2 < Self.jumpMaximum {
      l2 += list[j2].instrs.count
      j2 += 1
    }
    if j2 >= list.count { throw .fault }
    if l2 <= Self.jumpMaximum && list[j2].hash == hash { return 0 }
    let jump = Block()
    jump.instrs = [Instr(op: Instruction.ja, k: .hash(hash))]
    jump.hash = hash
    jump.hashed = true
    list.insert(jump, at: position + 1)
    return 1
  }

  /// Resolves every identity jump to an offset and flattens the blocks.
  func resolve(_ list: [Block]) throws(DatabaseError) -> [Instruction] {
    var out: [Instruction] = []
    for (position, block) in list.enumerated() {
      for (index, i) in block.instrs.enumerated() {
        var result = Instruction(code: i.op, k: 0)
        for side in [true, false] {
          let jump = side ? i.jt : i.jf
          var value: UInt8 = 0
          switch jump {
          case .none: value = 0
          case .imm(let v): value = v
          case .hash(let h):
            guard let (length, _) = distance(list, from: position, offset: index, toHash: h, limit: Int.max),
              length <= Self.jumpMaximum
            else { throw .fault }
            value = UInt8(length)
          default: throw .fault
          }
          if side { result.jt = value } else { result.jf = value }
        }
        switch i.k {
        case .value(let v): result.k = v
        case .hash(let h):
          // Long jumps count to the last block with the identity.
          var t = list.count - 1
          while t > position && list[t].hash != h { t -= 1 }
          guard t > position else { throw .fault }
          var length = block.instrs.count - (index + 1)
          for j in (position + 1)..<t { length += list[j].instrs.count }
          result.k = UInt32(length)
        }
        out.append(result)
      }
    }
    return out
  }
}
