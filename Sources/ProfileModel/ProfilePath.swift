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
    let joined = components(path).joined(separator: "/")
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
