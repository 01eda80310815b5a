/// Lexical path arithmetic (no file system access, symbolic links are not resolved): what configuration
/// discovery, `files` globs and baselines need to compare paths given in different spellings.
package enum ProfilePath {
  /// `path` made absolute against the current directory.
  package static func absolute(_ path: String) -> String {
    normalized(path.hasPrefix("/") ? path : FileReader.currentDirectory() + "/" + path)
  }

  /// The components of `path` with `.`, empty components and `..` resolved lexically, as
  /// `URL.standardizedFileURL` does (`..` above the root stays at the root of an absolute path).
  package static func components(_ path: String) -> [Substring] {
    // An ASCII path is split on its bytes (`split` over characters and the generic `~=` on substrings cost more
    // than the rest of argument handling); any other keeps the character-level split (a combining mark after
    // `/` makes one character of them).
    guard path.utf8.allSatisfy({ $0 < 0x80 }) else { return characterComponents(path) }
    var components: [Substring] = []
    var leadingUp = 0
    let utf8 = path.utf8
    let absolute = utf8.first == UInt8(ascii: "/")
    var start = utf8.startIndex
    while start != utf8.endIndex {
      let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
      let part = utf8[start..<end]
      if part.isEmpty || (part.count == 1 && part.first == UInt8(ascii: ".")) {
        // empty or `.`: nothing
      } else if part.count == 2, part.first == UInt8(ascii: "."), part.last == UInt8(ascii: ".") {
        if components.popLast() == nil, !absolute { leadingUp += 1 }
      } else {
        components.append(Substring(part))
      }
      start = end == utf8.endIndex ? end : utf8.index(after: end)
    }
    return leadingUp == 0 ? components : Array(repeating: "..", count: leadingUp) + components
  }

  private static func characterComponents(_ path: String) -> [Substring] {
    var components: [Substring] = []
    var leadingUp = 0
    for part in path.split(separator: "/") {
      switch part {
      case ".": continue
      case "..":
        if components.popLast() == nil, !path.hasPrefix("/") { leadingUp += 1 }
      default: components.append(part)
      }
    }
    return Array(repeating: "..", count: leadingUp) + components
  }

  /// `./a//b/../c.json` → `a/c.json`; `/x/./y` → `/x/y`; an empty result is `.`.
  package static func normalized(_ path: String) -> String {
    var joined = ""
    for (index, component) in components(path).enumerated() {
      if index > 0 { joined += "/" }
      joined += String(component)
    }
    if path.hasPrefix("/") { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// The directory part of a path (`.` for a bare name, `/` for a file in the root).
  package static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// `absolute` relative to the absolute directory `base`, or nil when it is not inside it.
  package static func relative(_ absolute: String, to base: String) -> String? {
    let path = components(absolute)
    let root = components(base)
    guard path.count > root.count, Array(path.prefix(root.count)) == root else { return nil }
    return path.dropFirst(root.count).joined(separator: "/")
  }
}
