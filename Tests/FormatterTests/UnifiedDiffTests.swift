@testable import Formatter
import Testing

@Suite struct UnifiedDiffTests {
  @Test func rendersHunksWithContext() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
    let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"
    #expect(UnifiedDiff.render(old: old, new: new, oldName: "x", newName: "x") == """
      --- x
      +++ x
      @@ -1,5 +1,5 @@
       a
      -b
      +B
       c
       d
       e
      @@ -8,3 +8,4 @@
       h
       i
       j
      +k

      """)
    #expect(UnifiedDiff.render(old: old, new: old, oldName: "x", newName: "x") == "")
  }

  @Test func marksAMissingFinalNewline() {
    #expect(UnifiedDiff.render(old: "a\n", new: "a", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n")
    #expect(UnifiedDiff.render(old: "", new: "a\n", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n")
  }

  /// The script rebuilds both texts and is as short as the longest common subsequence allows.
  @Test func editScriptIsCorrectAndShortest() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let a = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["x", "y", "z", "w"].randomElement(using: &generator)! }
      let b = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["x", "y", "z", "w"].randomElement(using: &generator)! }
      let script = UnifiedDiff.editScript(a, b)
      #expect(script.filter { $0.kind != .insert }.map { a[$0.oldIndex] } == a)
      #expect(script.filter { $0.kind != .delete }.map { b[$0.newIndex] } == b)
      #expect(script.filter { $0.kind == .keep }.allSatisfy { a[$0.oldIndex] == b[$0.newIndex] })
      #expect(script.filter { $0.kind == .keep }.count == lcs(a, b), "\(a) → \(b)")
    }
  }

  @Test func veryDifferentTextsStillGiveACorrectDiff() {
    let a = (0..<5000).map { "a\($0)" }
    let b = (0..<5000).map { "b\($0)" }
    let script = UnifiedDiff.editScript(a, b)
    #expect(script.filter { $0.kind != .insert }.map { a[$0.oldIndex] } == a)
    #expect(script.filter { $0.kind != .delete }.map { b[$0.newIndex] } == b)
  }

  func lcs(_ a: [String], _ b: [String]) -> Int {
    var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in a.indices.reversed() {
      for j in b.indices.reversed() {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    return table[0][0]
  }
}
