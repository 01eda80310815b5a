/// A path glob as `.seclint.json` `files` entries spell it (gitignore-like, on `/`-separated paths):
/// `*` matches any characters but `/`, `?` one character but `/`, `**` as a whole component any number of
/// components (also none), `[` has no special meaning. A pattern without `/` matches the file name at any depth
/// (`*.json`); a pattern with `/` matches the whole relative path (`deploy/**/seccomp.json`); a leading `./` or
/// `/` is ignored.
package struct FileGlob: Sendable, Hashable {
  package let pattern: String

  package init(_ pattern: String) { self.pattern = pattern }

  package func matches(_ path: String) -> Bool {
    var text = Substring(pattern)
    while text.hasPrefix("./") { text = text.dropFirst(2) }
    while text.hasPrefix("/") { text = text.dropFirst() }
    let patternParts = text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    let pathParts = path.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    guard !patternParts.isEmpty, !pathParts.isEmpty else { return false }
    if patternParts.count == 1, patternParts[0] != Array("**".unicodeScalars) {
      return Self.component(patternParts[0], pathParts[pathParts.count - 1])
    }
    return Self.components(patternParts[...], pathParts[...])
  }

  /// Whole-path match, `**` spanning components (iterative with one backtrack point per `**`: linear-ish).
  private static func components(_ pattern: ArraySlice<[Unicode.Scalar]>, _ path: ArraySlice<[Unicode.Scalar]>) -> Bool {
    let doubleStar = Array("**".unicodeScalars)
    var p = pattern.startIndex
    var s = path.startIndex
    var star: (p: Int, s: Int)?
    while s < path.endIndex {
      if p < pattern.endIndex, pattern[p] == doubleStar {
        star = (p, s)
        p += 1
      } else if p < pattern.endIndex, component(pattern[p], path[s]) {
        p += 1
        s += 1
      } else if let backtrack = star {
        star = (backtrack.p, backtrack.s + 1)
        p = backtrack.p + 1
        s = backtrack.s + 1
      } else {
        return false
      }
    }
    while p < pattern.endIndex, pattern[p] == doubleStar { p += 1 }
    return p == pattern.endIndex
  }

  /// One component: `*` and `?` (the classic linear wildcard match with one backtrack point).
  private static func component(_ pattern: [Unicode.Scalar], _ name: [Unicode.Scalar]) -> Bool {
    var p = 0
    var s = 0
    var star: (p: Int, s: Int)?
    while s < name.count {
      if p < pattern.count, pattern[p] == "?" || pattern[p] == name[s], pattern[p] != "*" {
        p += 1
        s += 1
      } else if p < pattern.count, pattern[p] == "*" {
        star = (p, s)
        p += 1
      } else if let backtrack = star {
        star = (backtrack.p, backtrack.s + 1)
        p = backtrack.p + 1
        s = backtrack.s + 1
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}
