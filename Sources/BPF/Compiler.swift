import Policy
import SyscallTables

/// Compiles runc's libseccomp calls into the program `seccomp_export_bpf` of libseccomp 2.5.4 writes.
package enum Compiler {
  package enum Failure: Error, Equatable, Sendable {
    /// A libseccomp error while adding a rule (runc refuses the container).
    case ruleRejected(name: String, errno: String)
    case generation
    case unsupportedRelease(String)
  }

  /// libseccomp's `SCMP_ACT_*` value of an action (include/seccomp.h).
  package static func value(of action: SeccompAction) -> UInt32 { action.libseccompValue }

  /// libseccomp's default bad-architecture action (`SCMP_ACT_KILL`); runc does not change it.
  static let badArchAction: UInt32 = 0

  static func abi(_ a: Architecture) -> ABI { ABI(a) }

  /// The per-ABI databases after every rule (`db_col_rule_add` → `arch_filter_rule_add` per ABI).
  static func databases(_ calls: FilterCalls, release: LibseccompRelease) throws(Failure) -> [RuleDatabase] {
    var result = calls.architectures.map { RuleDatabase(abi: abi($0)) }
    let tables = calls.architectures.map { SyscallTable.forArchitecture($0) }
    for rule in calls.rules {
      let action = value(of: rule.action)
      for chain in rule.chains {
        // `db_col_rule_add` indexes conditions by argument number, so they are taken in argument order.
        let arguments = chain.sorted { $0.index < $1.index }.map { c in
          c.op == .maskedEqual
            ? APIArgument(arg: c.index, op: .maskedEq, mask: c.value, datum: c.valueTwo)
            : APIArgument(arg: c.index, op: operatorOf(c.op), mask: .max, datum: c.value)
        }
        for (position, architecture) in calls.architectures.enumerated() {
          let resolution = release.resolve(rule.name, in: tables[position])
          do throws(DatabaseError) {
            try addRule(&result[position], architecture: architecture, resolution: resolution, action: action, arguments: arguments)
          } catch {
            throw .ruleRejected(name: rule.name, errno: error == .exists ? "EEXIST" : error == .endless ? "no return (endless loop)" : "EFAULT")
          }
        }
      }
    }
    return result
  }

  static func operatorOf(_ op: CompareOperator) -> CompareOp {
    switch op {
    case .notEqual: .ne
    case .lessThan: .lt
    case .lessOrEqual: .le
    case .equal: .eq
    case .greaterOrEqual: .ge
    case .greaterThan: .gt
    case .maskedEqual: .maskedEq
    }
  }

  /// `arch_filter_rule_add`: ABIs with `abi_rule_add` (socketcall/ipc multiplexers: x86, s390, s390x, ppc, mips)
  /// split socket and IPC rules onto the multiplexer with `arg0 == subcall` plus the direct call, and drop names
  /// they lack; the others store absent names under their pseudo number (never emitted, still sorted and
  /// prioritised — which is how a skipped first syscall loses the section's number load).
  static func addRule(
    _ db: inout RuleDatabase, architecture: Architecture, resolution: Resolution, action: UInt32, arguments: [APIArgument]
  ) throws(DatabaseError) {
    let usesABIRuleAdd = architecture.multiplexesSocketAndIPC
    switch resolution.kind {
    case .unknown:
      return
    case .direct:
      try db.add(number: Int32(truncatingIfNeeded: resolution.number), action: action, arguments: arguments)
    case .absent:
      if usesABIRuleAdd { return }
      try db.add(number: Int32(truncatingIfNeeded: resolution.number), action: action, arguments: arguments)
    case .multiplexed(_, let multiplexer, let subcall):
      var rewritten = arguments.filter { $0.arg != 0 }
      rewritten.insert(APIArgument(arg: 0, op: .eq, mask: .max, datum: UInt64(subcall)), at: 0)
      try db.add(number: Int32(multiplexer), action: action, arguments: rewritten)
      // `_abi_syscall_demux` answers the table's number, which is the pseudo number where the ABI has no direct
      // call (x86 `semop`): the "direct" rule is then stored under it — never emitted, but sorted first when
      // unconditional, so the section's first emitted check may run without the syscall number loaded.
      let direct = resolution.directNumber ?? resolution.number
      try db.add(number: Int32(truncatingIfNeeded: direct), action: action, arguments: arguments)
    }
  }

  /// libseccomp's program alone (what `seccomp_export_bpf` writes), for the 2.5.4 generator.
  package static func compile(_ calls: FilterCalls, release: LibseccompRelease) throws(Failure) -> Program {
    guard release.version == "2.5.4" else { throw .unsupportedRelease(release.version) }
    let dbs = try databases(calls, release: release)
    var generator = Generator()
    let big = calls.architectures.first?.endianness == .big
    generator.bigEndian = big
    do {
      let instructions = try generator.build(dbs, defaultAction: value(of: calls.defaultAction), badArchAction: badArchAction)
      return Program(instructions: instructions, bigEndian: big)
    } catch {
      throw .generation
    }
  }
}
