import ProfileModel
import SyscallTables

/// How large the BPF program libseccomp generates must at least be, and the limits that size meets (class 4(d)
/// of issue #19).
///
/// - The kernel refuses a filter longer than `BPF_MAXINSNS` (4096) instructions (`seccomp_prepare_filter`,
///   kernel/seccomp.c: EINVAL): runc's `seccomp(SECCOMP_SET_MODE_FILTER)` fails and the container does not start.
/// - libseccomp counts the program in a `uint16_t` (`struct bpf_program.blk_cnt`, src/gen_bpf.h). Before 2.6.1,
///   `_bpf_append_blk` adds each block's length to it unchecked: past 65,535 instructions the count wraps, the
///   buffer is `realloc`ed to the wrapped (smaller) size and the copy writes past it (heap corruption,
///   GHSA-2hqh-5c36-grrm); a wrap to exactly 0 makes `realloc(p, 0)` free the buffer and fail, and the failure
///   path frees it again (double free, GHSA-46fr-jh49-xvhx). Both happen inside runc while it exports the filter,
///   before the kernel sees it. 2.6.1 returns -E2BIG instead (commit dc9fcd6, "protect against addition overflows").
///
/// seclint does not generate the program here; it counts instructions libseccomp cannot avoid emitting, which is
/// a lower bound: per filter section, one `jeq` per syscall number with rules, and one jump per distinct
/// (comparison, 32-bit datum) among the argument tree nodes of that section (identical blocks may be shared, so
/// nodes that could coincide count once), plus the architecture check.
package enum FilterSize {
  package static let kernelLimit = 4096
  package static let libseccompLimit = 65_535

  /// A lower bound on the instruction count of the section with the most, or nil when a quick upper bound shows
  /// every section stays within `kernelLimit` (most profiles: no work beyond one pass over the rules).
  static func lowerBound(_ applied: [AppliedRule], architectures: [Architecture], release: LibseccompRelease) -> Int? {
    var upper = 0
    for rule in applied { for chain in rule.chains { upper += 2 + 3 * chain.count } }
    guard upper * 2 + 8 > kernelLimit else { return nil }
    var best = 0
    for architecture in architectures {
      let bits = architecture.bits
      let rules = LibseccompStage.rules(applied, on: architecture, release: release)
      var numbers = Set<Int>()
      var jumps = Set<UInt64>()
      for number in rules.allNumbers {
        numbers.insert(number)
        for rule in rules[number] {
          for node in nodeKeys(rule.chain, bits: bits) { jumps.insert(node) }
        }
      }
      best = max(best, 2 + numbers.count + jumps.count)
    }
    return best
  }

  /// (operator, datum) of every 32-bit node `_db_rule_gen_64`/`_32` makes for a chain, packed in one integer.
  static func nodeKeys(_ chain: ConditionChain, bits: Int) -> [UInt64] {
    var keys: [UInt64] = []
    for condition in chain {
      let mask = condition.op == .maskedEqual ? condition.value : .max
      let datum = (condition.op == .maskedEqual ? condition.valueTwo : condition.value) & mask
      let lo = UInt64(UInt32(truncatingIfNeeded: datum))
      let hi = datum >> 32
      let eq: UInt64 = 1 << 32
      let gt: UInt64 = 2 << 32
      let ge: UInt64 = 3 << 32
      switch condition.op {
      case .equal, .notEqual, .maskedEqual:
        keys.append(eq | lo)
        if bits == 64 { keys.append(eq | hi) }
      case .greaterThan, .lessOrEqual:
        keys.append(gt | lo)
        if bits == 64 { keys += [gt | hi, eq | hi] }
      case .greaterOrEqual, .lessThan:
        keys.append(ge | lo)
        if bits == 64 { keys += [gt | hi, eq | hi] }
      }
    }
    return keys
  }

  /// The kernel's refusal (every release), or 2.6.1's -E2BIG.
  static func refusal(_ applied: [AppliedRule], architectures: [Architecture], release: LibseccompRelease) -> Refusal? {
    guard let count = lowerBound(applied, architectures: architectures, release: release), count > kernelLimit else { return nil }
    let pointer = applied.last.map(\.pointer)
    if count > libseccompLimit, !LibseccompTree.hasMergeTypo(release) {
      return Refusal(
        .libseccomp,
        "libseccomp \(release.version) refuses to generate a filter of at least \(count) instructions (-E2BIG: more than \(libseccompLimit))",
        at: pointer)
    }
    if count > libseccompLimit {
      return Refusal(
        .libseccomp,
        "libseccomp \(release.version) corrupts runc's heap while exporting a filter of at least \(count) instructions: its 16-bit "
          + "instruction count wraps past \(libseccompLimit) (heap corruption GHSA-2hqh-5c36-grrm, double free GHSA-46fr-jh49-xvhx; "
          + "2.6.1 refuses with -E2BIG), and the kernel accepts \(kernelLimit) instructions at most",
        at: pointer)
    }
    return Refusal(
      .runc,
      "error loading seccomp filter into kernel: invalid argument (the filter has at least \(count) BPF instructions; the kernel accepts \(kernelLimit) at most)",
      at: pointer)
  }
}
