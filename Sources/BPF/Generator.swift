import Policy

/// The BPF generator of libseccomp 2.5.4 (src/gen_bpf.c, `gen_bpf_generate`) as seclint's own design: blocks of
/// instructions identified by their content (libseccomp's block hash table), laid out by the same rules so the
/// program is byte-identical to `seccomp_export_bpf`.
struct Generator {
  enum Jump: Hashable {
    case none
    case hash(Int)  // TGT_PTR_HSH: a block by identity
    case imm(UInt8)  // resolved
    case next(Int)  // TGT_NXT: the n-th block after this one (top level only)
    case node(Int)  // TGT_PTR_DB: a tree node not generated yet
    case level(ObjectIdentifier)  // TGT_PTR_BLK: the next block on a tree level
  }
  enum Constant: Hashable {
    case value(UInt32)
    case hash(Int)  // a long jump's target
  }
  struct Instr: Hashable {
    var op: UInt16
    var jt: Jump = .none
    var jf: Jump = .none
    var k: Constant
  }
  struct Acc: Hashable {
    var offset: Int32
    var mask: UInt32
    static let undefined = Acc(offset: -1, mask: .max)
    static func at(_ offset: Int32) -> Acc { Acc(offset: offset, mask: .max) }
  }
  final class Block {
    var instrs: [Instr] = []
    var accStart = Acc.undefined
    var accEnd = Acc.undefined
    var hash = -1
    var hashed = false
    init() {}
  }
  struct Key: Hashable {
    var instrs: [Instr]
    var accStart: Acc
    var accEnd: Acc
  }

  static let offsetNumber: Int32 = 0
  static let offsetArch: Int32 = 4
  static let x32Bit: UInt32 = 0x4000_0000

  var table: [Key: Int] = [:]
  var tableBlocks: [Block] = []
  var tableFound: [Bool] = []
  var levelBlocks: [ObjectIdentifier: Block] = [:]
  var defaultHash = 0
  var badArchHash = 0
  var bigEndian = false

  /// `_hsh_add`: a block whose content is already in the table becomes that block (`found` false) or a listed
  /// duplicate with the same identity (`found` true).
  mutating func add(_ block: Block, found: Bool) -> Block {
    if block.hashed { return block }
    let key = Key(instrs: block.instrs, accStart: block.accStart, accEnd: block.accEnd)
    block.hashed = true
    if let id = table[key] {
      block.hash = id
      return found ? block : tableBlocks[id]
    }
    let id = tableBlocks.count
    table[key] = id
    tableBlocks.append(block)
    tableFound.append(found)
    block.hash = id
    return block
  }

  mutating func findOnce(_ id: Int) -> Block? {
    guard id >= 0, id < tableFound.count, !tableFound[id] else { return nil }
    tableFound[id] = true
    return tableBlocks[id]
  }

  func actionBlock(_ action: UInt32) -> Block {
    let b = Block()
    b.instrs = [Instr(op: Instruction.retK, k: .value(action))]
    return b
  }

  mutating func actionHashed(_ action: UInt32) -> Int { add(actionBlock(action), found: false).hash }

  /// `_gen_bpf_node`
  mutating func node(_ db: RuleDatabase, _ n: Int, _ acc: inout Acc) -> Block {
    let node = db.arena.nodes[n]
    let b = Block()
    b.accStart = acc
    let trueHash = node.trueActionSet ? actionHashed(node.trueAction) : 0
    let falseHash = node.falseActionSet ? actionHashed(node.falseAction) : 0
    if node.offset != acc.offset || (node.mask & acc.mask) != node.mask {
      acc = .at(node.offset)
      b.instrs.append(Instr(op: Instruction.ldAbsWord, k: .value(UInt32(bitPattern: node.offset))))
      b.accStart = .undefined
    }
    if node.mask != acc.mask {
      acc.mask = node.mask
      b.instrs.append(Instr(op: Instruction.aluAndK, k: .value(node.mask)))
    }
    b.accEnd = acc
    let op: UInt16
    switch node.op {
    case .maskedEq, .eq: op = Instruction.jeqK
    case .gt: op = Instruction.jgtK
    case .ge: op = Instruction.jgeK
    default: op = Instruction.jeqK  // never generated (NE/LT/LE are rewritten)
    }
    var i = Instr(op: op, k: .value(node.datum))
    i.jt = node.nextTrue.map { .node($0) } ?? (node.trueActionSet ? .hash(trueHash) : .next(0))
    i.jf = node.nextFalse.map { .node($0) } ?? (node.falseActionSet ? .hash(falseHash) : .next(0))
    b.instrs.append(i)
    return b
  }

  /// `_gen_bpf_chain_lvl_res`
  mutating func resolveLevel(_ db: RuleDatabase, _ sysAction: UInt32, _ block: Block, _ following: Jump) -> Block {
    if block.hashed { return block }
    for index in block.instrs.indices {
      for side in [true, false] {
        let jump = side ? block.instrs[index].jt : block.instrs[index].jf
        var resolved: Jump?
        switch jump {
        case .level(let id):
          resolved = .hash(resolveLevel(db, sysAction, levelBlocks[id]!, following).hash)
        case .node(let n):
          var acc = block.accEnd
          resolved = .hash(chain(db, sysAction, n, following, &acc).hash)
        default: break
        }
        if let resolved {
          if side { block.instrs[index].jt = resolved } else { block.instrs[index].jf = resolved }
        }
      }
    }
    return add(block, found: false)
  }

  /// `_gen_bpf_chain`: the blocks of one tree level (and, through them, the levels below); returns the head.
  mutating func chain(_ db: RuleDatabase, _ sysAction: UInt32, _ start: Int?, _ following: Jump, _ accIn: inout Acc) -> Block {
    var acc = accIn
    var level: [Block] = []
    if let start {
      var c: Int? = db.arena.levelStart(start)
      while let n = c {
        level.append(node(db, n, &acc))
        c = db.arena.nodes[n].levelNext
      }
      for (position, b) in level.enumerated() {
        let next: Jump
        if position + 1 < level.count {
          let nb = level[position + 1]
          levelBlocks[ObjectIdentifier(nb)] = nb
          next = .level(ObjectIdentifier(nb))
        } else {
          next = following
        }
        for index in b.instrs.indices {
          if b.instrs[index].jt == .next(0) { b.instrs[index].jt = next }
          if b.instrs[index].jf == .next(0) { b.instrs[index].jf = next }
        }
      }
    } else {
      level = [actionBlock(sysAction)]
    }
    var head = level[0]
    var position = level.count - 1
    var nextResolved: Block?
    while position >= 0 {
      let jump: Jump = nextResolved.map { b in
        levelBlocks[ObjectIdentifier(b)] = b
        return .level(ObjectIdentifier(b))
      } ?? following
      let resolved = resolveLevel(db, sysAction, level[position], jump)
      nextResolved = resolved
      if position == 0 { head = resolved }
      position -= 1
    }
    return head
  }
}
