/// A unified diff of two texts by lines (`diff -u` format, 3 lines of context), from a shortest edit script
/// (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986) after trimming the common head and tail.
package enum UnifiedDiff {
  /// The diff, or "" when the texts are equal. `oldName`/`newName` go on the `---`/`+++` lines.
  package static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
    guard old != new else { return "" }
    let a = lines(old)
    let b = lines(new)
    // A last line without its break differs from the same line with one (diff shows "\ No newline").
    let script = editScript(a.map { $0.terminated ? $0.text + "\n" : $0.text }, b.map { $0.terminated ? $0.text + "\n" : $0.text })
    var out = "--- \(oldName)\n+++ \(newName)\n"
    for hunk in hunks(script, context: context) {
      let oldStart = hunk.first { $0.kind != .insert }?.oldIndex ?? hunk.first?.oldIndex ?? 0
      let newStart = hunk.first { $0.kind != .delete }?.newIndex ?? hunk.first?.newIndex ?? 0
      let oldCount = hunk.filter { $0.kind != .insert }.count
      let newCount = hunk.filter { $0.kind != .delete }.count
      out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
      for edit in hunk {
        let line: Line
        let marker: String
        switch edit.kind {
        case .keep: (line, marker) = (a[edit.oldIndex], " ")
        case .delete: (line, marker) = (a[edit.oldIndex], "-")
        case .insert: (line, marker) = (b[edit.newIndex], "+")
        }
        out += marker + line.text + "\n"
        if !line.terminated { out += "\\ No newline at end of file\n" }
      }
    }
    return out
  }

  struct Line: Equatable {
    var text: String
    /// Whether a line break ended it (only the last line of a text can lack one).
    var terminated: Bool
  }

  /// Lines without their breaks (`\n`; a `\r` before it stays part of the line, as `diff` shows it).
  static func lines(_ text: String) -> [Line] {
    var result: [Line] = []
    var current = ""
    for character in text.unicodeScalars {
      if character == "\n" {
        result.append(Line(text: current, terminated: true))
        current = ""
      } else {
        current.unicodeScalars.append(character)
      }
    }
    if !current.isEmpty { result.append(Line(text: current, terminated: false)) }
    return result
  }

  enum Kind { case keep, delete, insert }

  struct Edit: Equatable {
    var kind: Kind
    var oldIndex: Int
    var newIndex: Int
  }

  /// A shortest edit script turning `a` into `b`, in order (deletions before insertions at a change).
  static func editScript(_ a: [String], _ b: [String]) -> [Edit] {
    var head = 0
    while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
    var tail = 0
    while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
    let middle = myers(Array(a[head..<(a.count - tail)]), Array(b[head..<(b.count - tail)]))
    var script = (0..<head).map { Edit(kind: .keep, oldIndex: $0, newIndex: $0) }
    script += middle.map { Edit(kind: $0.kind, oldIndex: $0.oldIndex + head, newIndex: $0.newIndex + head) }
    script += (0..<tail).map { Edit(kind: .keep, oldIndex: a.count - tail + $0, newIndex: b.count - tail + $0) }
    return script
  }

  static let maximumRounds = 2048

  /// Myers' greedy forward search, keeping each round's furthest-reaching x per diagonal to walk back the path.
  private static func myers(_ a: [String], _ b: [String]) -> [Edit] {
    let n = a.count, m = b.count
    if n == 0 { return (0..<m).map { Edit(kind: .insert, oldIndex: 0, newIndex: $0) } }
    if m == 0 { return (0..<n).map { Edit(kind: .delete, oldIndex: $0, newIndex: 0) } }
    let maximum = n + m
    let offset = maximum
    var v = [Int](repeating: 0, count: 2 * maximum + 2)
    // Each round keeps its diagonals -d...d (memory grows as d²): beyond `maximumRounds` edits the texts share
    // little, and the script is "replace the middle", still a correct diff.
    var trace: [[Int]] = []
    var found = false
    for d in 0...maximum {
      guard d <= maximumRounds else {
        return (0..<n).map { Edit(kind: .delete, oldIndex: $0, newIndex: 0) }
          + (0..<m).map { Edit(kind: .insert, oldIndex: n, newIndex: $0) }
      }
      trace.append(Array(v[(offset - d)...(offset + d + 1)]))
      for k in stride(from: -d, through: d, by: 2) {
        var x: Int
        if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
          x = v[offset + k + 1]  // down: an insertion
        } else {
          x = v[offset + k - 1] + 1  // right: a deletion
        }
        var y = x - k
        while x < n, y < m, a[x] == b[y] {
          x += 1
          y += 1
        }
        v[offset + k] = x
        if x >= n, y >= m {
          found = true
          break
        }
      }
      if found { break }
    }
    // Walk back from (n, m) through the saved rounds.
    var edits: [Edit] = []
    var x = n, y = m
    for d in stride(from: trace.count - 1, through: 0, by: -1) {
      let round = trace[d]
      let saved = { (index: Int) in round[index - (offset - d)] }
      let k = x - y
      guard d > 0 else {
        while x > 0, y > 0 {
          x -= 1
          y -= 1
          edits.append(Edit(kind: .keep, oldIndex: x, newIndex: y))
        }
        break
      }
      let down = k == -d || (k != d && saved(offset + k - 1) < saved(offset + k + 1))
      let previousK = down ? k + 1 : k - 1
      let previousX = saved(offset + previousK)
      let previousY = previousX - previousK
      while x > previousX + (down ? 0 : 1), y > previousY + (down ? 1 : 0) {
        x -= 1
        y -= 1
        edits.append(Edit(kind: .keep, oldIndex: x, newIndex: y))
      }
      if down {
        y -= 1
        edits.append(Edit(kind: .insert, oldIndex: x, newIndex: y))
      } else {
        x -= 1
        edits.append(Edit(kind: .delete, oldIndex: x, newIndex: y))
      }
    }
    return edits.reversed()
  }

  /// Groups changes with `context` unchanged lines around them; changes closer than 2×context share a hunk.
  static func hunks(_ script: [Edit], context: Int) -> [[Edit]] {
    let changed = script.indices.filter { script[$0].kind != .keep }
    guard let first = changed.first else { return [] }
    var groups: [(start: Int, end: Int)] = [(first, first)]
    for index in changed.dropFirst() {
      if index - groups[groups.count - 1].end <= 2 * context {
        groups[groups.count - 1].end = index
      } else {
        groups.append((index, index))
      }
    }
    return groups.map { group in
      Array(script[max(0, group.start - context)...min(script.count - 1, group.end + context)])
    }
  }

  /// `start,count` as diff writes it (1-based; a hunk that is empty on one side names the line before it).
  private static func range(_ start: Int, _ count: Int) -> String {
    count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
  }
}
