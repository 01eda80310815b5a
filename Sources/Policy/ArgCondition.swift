import ProfileModel

/// A libseccomp argument comparison (`SCMP_CMP_*`).
package enum CompareOperator: String, Sendable, Hashable, CaseIterable, Codable {
  case notEqual = "SCMP_CMP_NE"
  case lessThan = "SCMP_CMP_LT"
  case lessOrEqual = "SCMP_CMP_LE"
  case equal = "SCMP_CMP_EQ"
  case greaterOrEqual = "SCMP_CMP_GE"
  case greaterThan = "SCMP_CMP_GT"
  case maskedEqual = "SCMP_CMP_MASKED_EQ"
}

/// One condition on a syscall argument, as runc hands it to libseccomp.
package struct ArgCondition: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var index: Int
  package var op: CompareOperator
  /// For MASKED_EQ, the mask.
  package var value: UInt64
  /// For MASKED_EQ, the expected result; unused by other operators.
  package var valueTwo: UInt64

  package init(index: Int, op: CompareOperator, value: UInt64, valueTwo: UInt64 = 0) {
    self.index = index
    self.op = op
    self.value = value
    self.valueTwo = valueTwo
  }

  /// `arg0 & 0x7e020000 == 0`, `arg0 != 40`, `arg1 == 1`.
  package var description: String {
    let v = Self.format(value)
    switch op {
    case .notEqual: return "arg\(index) != \(v)"
    case .lessThan: return "arg\(index) < \(v)"
    case .lessOrEqual: return "arg\(index) <= \(v)"
    case .equal: return "arg\(index) == \(v)"
    case .greaterOrEqual: return "arg\(index) >= \(v)"
    case .greaterThan: return "arg\(index) > \(v)"
    case .maskedEqual: return "arg\(index) & \(Self.hex(value)) == \(Self.format(valueTwo))"
    }
  }

  /// Small values in decimal, large ones (flags, masks) in hex.
  static func format(_ value: UInt64) -> String { value < 0x10000 ? String(value) : hex(value) }
  package static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  package static func < (a: Self, b: Self) -> Bool {
    (a.index, a.op.rawValue, a.value, a.valueTwo) < (b.index, b.op.rawValue, b.value, b.valueTwo)
  }
}

/// Conditions that hold together (a libseccomp rule's chain: AND).
package typealias ConditionChain = [ArgCondition]

extension Array where Element == ArgCondition {
  /// `arg0 == 1 && arg1 != 5`, or `always` for an empty chain.
  package var conditionText: String { isEmpty ? "always" : map(\.description).joined(separator: " && ") }
}

extension ArgCondition {
  /// Whether the argument register value satisfies the condition as libseccomp compiles it: on 32-bit ABIs
  /// (`bits == 32`, x32 and mips n32 included) only the low 32 bits of both sides are compared
  /// (`_db_rule_gen_32` "implicitly strips off the upper 32 bit"), and MASKED_EQ masks the expected value too
  /// (`_db_node_mask_fixup`: `node->datum &= node->mask`, libseccomp src/db.c v2.5.4–v2.6.1), so
  /// `arg & 0xff == 0x101` matches arguments whose low byte is 1.
  package func matches(_ argument: UInt64, bits: Int) -> Bool {
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    let a = argument & mask
    let v = value & mask
    switch op {
    case .notEqual: return a != v
    case .lessThan: return a < v
    case .lessOrEqual: return a <= v
    case .equal: return a == v
    case .greaterOrEqual: return a >= v
    case .greaterThan: return a > v
    case .maskedEqual: return a & v == valueTwo & v
    }
  }

  /// Whether libseccomp drops the condition as always true on an ABI of `bits`: a MASKED_EQ whose mask has no
  /// bit the ABI compares (`_db_arg_cmp_need_lo`/`_need_hi` in src/db.c). A rule left without conditions is
  /// unconditional.
  package func isTautology(bits: Int) -> Bool {
    op == .maskedEqual && value & (bits == 32 ? 0xFFFF_FFFF : .max) == 0
  }

  /// An argument value that satisfies the condition, if one exists.
  package var satisfyingValue: UInt64? {
    switch op {
    case .equal, .lessOrEqual, .greaterOrEqual: return value
    case .notEqual: return value == 0 ? 1 : 0
    case .lessThan: return value == 0 ? nil : value - 1
    case .greaterThan: return value == .max ? nil : value + 1
    case .maskedEqual: return valueTwo & value
    }
  }
}

extension Decision {
  /// The action for concrete argument values; nil when several matching branches disagree (libseccomp's
  /// tree decides, which seclint does not predict).
  package func outcome(for arguments: [UInt64], bits: Int) -> SeccompAction? {
    // One pass, no array of the matching branches (miscompilation checks ask this for thousands of vectors).
    var first: SeccompAction?
    for branch in branches
    where branch.conditions.allSatisfy({ $0.matches(arguments.indices.contains($0.index) ? arguments[$0.index] : 0, bits: bits) }) {
      guard let agreed = first else {
        first = branch.action
        continue
      }
      if agreed != branch.action { return nil }
    }
    return first ?? action
  }
}
