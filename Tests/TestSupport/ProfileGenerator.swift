import Foundation
import Policy
import SyscallTables

/// A small deterministic random source (SplitMix64), so a differential run is reproducible from its seed.
package struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64
  package init(seed: UInt64) { state = seed }
  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One generated case: a profile (JSON text) and the host it runs on.
package struct DifferentialCase: Sendable {
  package var index: Int
  package var profileText: String
  package var target: Target
  /// A corpus file's path (corpus cases); nil for generated ones.
  package var file: String? = nil
  /// Probe every syscall of every ABI (corpus cases), not only the named ones and a few others.
  package var everySyscall = false

  package init(index: Int, profileText: String, target: Target, file: String? = nil, everySyscall: Bool = false) {
    self.index = index
    self.profileText = profileText
    self.target = target
    self.file = file
    self.everySyscall = everySyscall
  }
}

/// Hostile-but-valid Docker profiles for differential runs against the real libseccomp: names that land on the
/// classes libseccomp compiles surprisingly (socket/IPC multiplexing, 32-bit ABIs, MASKED_EQ with bits outside
/// the mask or a zero mask, repeated argument indexes, same conditions with different actions, sections whose
/// first syscall does not exist on the ABI, pseudo-number collisions, names a release does not know), with
/// arch lists and archMaps a host of each byte order can load.
package enum ProfileGenerator {
  /// Names chosen for the classes above, plus ordinary ones.
  static let names = [
    "read", "write", "kill", "tkill", "personality", "clone", "ptrace", "mount", "openat", "open", "chmod",
    "setns", "unshare", "socket", "bind", "connect", "accept4", "socketpair", "sendmsg", "shmget", "semop",
    "msgsnd", "ipc", "socketcall", "vm86", "vm86old", "arch_prctl", "modify_ldt", "iopl", "sys_debug_setcontext",
    "switch_endian", "io_uring_setup", "clone3", "mseal", "process_mrelease", "bogus_call", "sync_file_range2",
    "arm_fadvise64_64", "cacheflush", "s390_runtime_instr", "getrandom", "prctl", "fchmodat2", "_llseek",
  ]
  static let defaults = ["SCMP_ACT_ERRNO", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRAP"]
  static let actions = [
    "SCMP_ACT_ALLOW", "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
    "SCMP_ACT_TRAP", "SCMP_ACT_LOG", "SCMP_ACT_TRACE",
  ]
  static let operators = [
    "SCMP_CMP_EQ", "SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_GT", "SCMP_CMP_GE",
    "SCMP_CMP_MASKED_EQ", "SCMP_CMP_MASKED_EQ",
  ]
  static let values: [UInt64] = [
    0, 1, 2, 8, 0x10, 0xFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0008, 0xFFFF_FFFF_0000_0000,
    0x8000_0000_0000_0000, .max, 0xFFFF_FFFF_FFFF_FFF7,
  ]
  /// Hosts and the ABI groups they can load (one byte order per filter); the first of each group is the host.
  static let hosts: [[String]] = [
    ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
    ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
    ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
    ["SCMP_ARCH_S390X", "SCMP_ARCH_S390"],
    ["SCMP_ARCH_PPC64LE"],
    ["SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_MIPSEL"],
    ["SCMP_ARCH_MIPSEL64", "SCMP_ARCH_X86_64"],
    ["SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPSEL"],
    ["SCMP_ARCH_X86"],
    ["SCMP_ARCH_ARM"],
  ]

  /// Cases `first..<first+count` of the sequence `seed` generates (a long run in chunks gives the same cases as
  /// one run).
  package static func cases(seed: UInt64, count: Int, first: Int = 0) -> [DifferentialCase] {
    var random = SeededRandom(seed: seed)
    return Array((0..<(first + count)).map { generate(index: $0, random: &random) }.dropFirst(first))
  }

  static func generate(index: Int, random: inout SeededRandom) -> DifferentialCase {
    let group = hosts.randomElement(using: &random)!
    let host = Architecture.withToken(group[0])!
    var fields: [String] = []
    let defaultAction = defaults.randomElement(using: &random)!
    fields.append(#""defaultAction": "\#(defaultAction)""#)
    if defaultAction == "SCMP_ACT_ERRNO", Bool.random(using: &random) { fields.append(#""defaultErrnoRet": 1"#) }
    switch Int.random(in: 0..<3, using: &random) {
    case 0:
      let subs = group.dropFirst().map { #""\#($0)""# }.joined(separator: ", ")
      fields.append(#""archMap": [{"architecture": "\#(group[0])", "subArchitectures": [\#(subs)]}]"#)
    case 1: fields.append(#""architectures": [\#(group.map { #""\#($0)""# }.joined(separator: ", "))]"#)
    default: break
    }
    var rules: [String] = []
    for _ in 0..<Int.random(in: 1...7, using: &random) {
      rules.append(rule(random: &random))
      // Same names and conditions again with another action: libseccomp's -EEXIST.
      if Int.random(in: 0..<6, using: &random) == 0, let last = rules.last {
        let action = actions.randomElement(using: &random)!
        rules.append(last.replacingAction(with: action))
      }
    }
    fields.append(#""syscalls": [\#(rules.joined(separator: ", "))]"#)
    let text = "{" + fields.joined(separator: ", ") + "}"
    let runtime: Runtime = Int.random(in: 0..<8, using: &random) == 0 ? .none : .runc
    return DifferentialCase(
      index: index, profileText: text,
      target: Target(architecture: host, runtime: runtime, libseccomp: .debian2_5_4))
  }

  static func rule(random: inout SeededRandom) -> String {
    var names: [String] = []
    for _ in 0..<Int.random(in: 1...3, using: &random) {
      let name = ProfileGenerator.names.randomElement(using: &random)!
      if !names.contains(name) { names.append(name) }
    }
    var fields = [#""names": [\#(names.map { #""\#($0)""# }.joined(separator: ", "))]"#]
    let action = actions.randomElement(using: &random)!
    fields.append(#""action": "\#(action)""#)
    if action == "SCMP_ACT_ERRNO" || action == "SCMP_ACT_TRACE", Bool.random(using: &random) {
      fields.append(#""errnoRet": \#([1, 13, 38].randomElement(using: &random)!)"#)
    }
    var args: [String] = []
    for _ in 0..<[0, 0, 1, 1, 1, 2, 3].randomElement(using: &random)! {
      let index = [0, 0, 1, 1, 2].randomElement(using: &random)!
      let op = operators.randomElement(using: &random)!
      var value = values.randomElement(using: &random)!
      var valueTwo: UInt64 = 0
      if op == "SCMP_CMP_MASKED_EQ" {
        valueTwo = values.randomElement(using: &random)!
        if Int.random(in: 0..<5, using: &random) == 0 { value = 0 }
      } else if Bool.random(using: &random) {
        value = UInt64.random(in: 0..<64, using: &random)
      }
      args.append(#"{"index": \#(index), "value": \#(value), "valueTwo": \#(valueTwo), "op": "\#(op)"}"#)
    }
    if !args.isEmpty { fields.append(#""args": [\#(args.joined(separator: ", "))]"#) }
    return "{" + fields.joined(separator: ", ") + "}"
  }
}

extension String {
  fileprivate func replacingAction(with action: String) -> String {
    guard let start = range(of: #""action": ""#), let end = self[start.upperBound...].firstIndex(of: "\"") else { return self }
    var copy = self
    copy.replaceSubrange(start.upperBound..<end, with: action)
    return copy
  }
}
