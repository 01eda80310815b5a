#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel

/// `lint --sarif-root`: the directory SARIF file locations are relative to, by default the git top level — the
/// nearest directory upward holding `.git` (a directory, or the file a worktree or submodule has), found with
/// stat(2) rather than by running git — and outside a checkout the current directory.
enum SARIFRoot {
  /// The root without `--sarif-root`: the git top level above `directory` (absolute), else `directory` itself.
  /// Outside a checkout (a CI job on an exported tree, a profile directory that is not a repository) the current
  /// directory is where the names were given from, so relative names stay relative (`%SRCROOT%` plus
  /// `originalUriBaseIds`) instead of becoming absolute `file://` URIs of the machine that ran seclint.
  static func defaultRoot(from directory: String) -> String {
    gitTopLevel(from: directory) ?? directory
  }

  /// The working directory (`/` when it cannot be read).
  static func currentDirectory() -> String {
    guard let path = getcwd(nil, 0) else { return "/" }
    defer { free(path) }
    return FileName.string(Array(UnsafeBufferPointer(start: path, count: strlen(path))).map { UInt8(bitPattern: $0) })
  }

  /// `path` made absolute against `directory`, with `.`, `..` and repeated slashes removed (lexically: symbolic
  /// links are not resolved, so the name stays the one the user gave).
  static func absolute(_ path: String, in directory: String) -> String {
    let joined = path.hasPrefix("/") ? path : directory + "/" + path
    var parts: [Substring] = []
    for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        _ = parts.popLast()
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The nearest directory at or above `directory` (absolute) that holds `.git`, or nil.
  static func gitTopLevel(from directory: String) -> String? {
    var current = directory
    while true {
      var status = stat()
      let candidate = (current == "/" ? "" : current) + "/.git"
      if FileName.withCString(candidate, { stat($0, &status) }) == 0 { return current }
      guard current != "/", let slash = current.lastIndex(of: "/") else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }
}
