import Foundation
import ProfileModel
import SyscallTables

/// A small seeded generator, so generated forks are the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Makes a fork of an upstream profile as users do: a few edits (syscalls added, removed, their action changed),
/// then reformatted — rules reordered, names regrouped and shuffled, another indentation and key order.
enum Fork {
  static func make(from base: Profile, edits: Int, using generator: inout SplitMix64) -> String {
    var profile = base
    var rules = profile.syscalls ?? []
    let present = Set(rules.flatMap(\.effectiveNames))
    let absent = SyscallData.names.filter { !present.contains($0) }.sorted()
    for _ in 0..<edits {
      switch Int.random(in: 0..<3, using: &generator) {
      case 0 where !absent.isEmpty:
        rules.append(SyscallRule(names: [absent.randomElement(using: &generator)!], action: "SCMP_ACT_ALLOW"))
      case 1:
        // Remove one name (the legacy single `name` form is regrouped into `names` below).
        let index = Int.random(in: 0..<rules.count, using: &generator)
        var names = rules[index].effectiveNames
        guard !names.isEmpty else { continue }
        names.remove(at: Int.random(in: 0..<names.count, using: &generator))
        rules[index].names = names
        rules[index].name = nil
        if names.isEmpty { rules.remove(at: index) }
      default:
        // Change one name's action: split it out of its rule.
        let index = Int.random(in: 0..<rules.count, using: &generator)
        var names = rules[index].effectiveNames
        guard !names.isEmpty else { continue }
        let name = names.remove(at: Int.random(in: 0..<names.count, using: &generator))
        var changed = rules[index]
        changed.names = [name]
        changed.name = nil
        changed.action = changed.action == "SCMP_ACT_ALLOW" ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW"
        rules[index].names = names
        rules[index].name = nil
        if names.isEmpty { rules[index] = changed } else { rules.append(changed) }
      }
    }
    // Reformat: regroup names of unconditional rules into two rules, shuffle names and rules.
    var regrouped: [SyscallRule] = []
    for var rule in rules {
      var names = rule.effectiveNames.shuffled(using: &generator)
      rule.name = nil
      if names.count > 3, Bool.random(using: &generator) {
        var first = rule
        first.names = Array(names.prefix(names.count / 2))
        names.removeFirst(names.count / 2)
        regrouped.append(first)
      }
      rule.names = names
      regrouped.append(rule)
    }
    profile.syscalls = regrouped.shuffled(using: &generator)
    let encoder = JSONEncoder()
    encoder.outputFormatting = Bool.random(using: &generator) ? [.prettyPrinted, .sortedKeys] : []
    return String(decoding: (try? encoder.encode(profile)) ?? Data(), as: UTF8.self)
  }
}
