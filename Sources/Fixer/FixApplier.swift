/// Applies fixes to a file's bytes: in file order, each fix whose edits conflict with none already taken; the
/// others wait for the next round (the caller re-lints the result and asks again, as ruff does).
package enum FixApplier {
  /// The bytes with the chosen fixes applied, and the indexes (into `fixes`) of the fixes applied.
  package static func apply(_ fixes: [Fix], to bytes: [UInt8]) -> (bytes: [UInt8], applied: [Int]) {
    let order = fixes.indices.filter { !fixes[$0].edits.isEmpty }.sorted { (fixes[$0].edits[0], $0) < (fixes[$1].edits[0], $1) }
    var taken: [Int] = []
    var edits: [TextEdit] = []
    for index in order {
      let fix = fixes[index]
      guard fix.edits.allSatisfy({ $0.start >= 0 && $0.start <= $0.end && $0.end <= bytes.count }) else { continue }
      // Identical fixes (two findings with one remedy) are applied once.
      if taken.contains(where: { fixes[$0].edits == fix.edits }) {
        taken.append(index)
        continue
      }
      guard !edits.contains(where: { edit in fix.edits.contains { edit.overlaps($0) } }),
        !zip(fix.edits, fix.edits.dropFirst()).contains(where: { $0.overlaps($1) })
      else { continue }
      taken.append(index)
      edits += fix.edits
    }
    edits.sort()
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var cursor = 0
    for edit in edits {
      out += bytes[cursor..<edit.start]
      out += Array(edit.replacement.utf8)
      cursor = edit.end
    }
    out += bytes[cursor...]
    return (out, taken.sorted())
  }
}
