#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the profiles in a directory given to `seclint lint`: recursively, by content, deterministically.
///
/// A file is a profile when it is a JSON object with a top-level `defaultAction` or `syscalls` key (bound as Go
/// binds keys: case-insensitively) — whatever its name, so `seccomp.profile` is found and `package.json` is not.
/// A `.json` file that is not valid JSON but mentions `defaultAction` or `syscalls` is included too, so that its
/// syntax error is reported rather than the file silently skipped. Hidden directories (`.git`, `.build`, …),
/// symbolic links to directories (no loops) and anything that is not a regular file (FIFOs, devices: reading
/// them could block) are skipped. Paths are returned in byte order of their components, depth first.
package enum ProfileDiscovery {
  package enum Failure: Error, Equatable {
    case unreadable(String)
  }

  /// The profiles under `directory` as paths starting with `shown` (the spelling given on the command line);
  /// `directory` is where to read (`shown` resolved).
  package static func profiles(in directory: String, shown: String) -> Result<[String], Failure> {
    var found: [String] = []
    let prefix = shown == "." ? "" : shown.hasSuffix("/") ? shown : shown + "/"
    guard walk(directory, relative: "", into: &found, depth: 0) else { return .failure(.unreadable(shown)) }
    return .success(found.map { prefix + $0 })
  }

  /// Whether `path` names a directory (following symbolic links).
  package static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// Directory trees deeper than this are not walked further (a path that deep is not a repository layout).
  static let maxDepth = 64

  private static func walk(_ directory: String, relative: String, into found: inout [String], depth: Int) -> Bool {
    guard depth <= maxDepth, let names = entries(of: directory) else { return depth > 0 }
    for name in names {
      let path = directory + "/" + name
      let shown = relative.isEmpty ? name : relative + "/" + name
      var link = stat()
      guard lstat(path, &link) == 0 else { continue }
      var status = link
      if (link.st_mode & S_IFMT) == S_IFLNK {
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else { continue }
      }
      switch status.st_mode & S_IFMT {
      case S_IFDIR:
        if name.hasPrefix(".") { continue }
        _ = walk(path, relative: shown, into: &found, depth: depth + 1)
      case S_IFREG:
        if looksLikeProfile(path, name: name) { found.append(shown) }
      default:
        continue
      }
    }
    return true
  }

  /// The names in a directory, sorted by bytes, without `.` and `..`.
  private static func entries(of directory: String) -> [String]? {
    guard let stream = opendir(directory) else { return nil }
    defer { closedir(stream) }
    var names: [[UInt8]] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    return names.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
  }

  static func looksLikeProfile(_ path: String, name: String) -> Bool {
    guard case .success(let bytes) = FileReader.read(path, limit: ProfileLoader.maxFileSize) else { return false }
    return looksLikeProfile(bytes, name: name)
  }

  /// The content test (see the type's documentation).
  package static func looksLikeProfile(_ bytes: [UInt8], name: String) -> Bool {
    var start = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
    guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return false }
    var scanner = JSONScanner(bytes)
    guard let root = try? scanner.parseDocument() else {
      return name.lowercased().hasSuffix(".json") && (contains(bytes, "\"defaultaction\"") || contains(bytes, "\"syscalls\""))
    }
    return (root.members ?? []).contains { member in
      GoKeyMatching.binds(member.key, to: "defaultAction") || GoKeyMatching.binds(member.key, to: "syscalls")
    }
  }

  /// Whether `bytes` contain the lower-case ASCII `needle`, ignoring ASCII case.
  private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first, bytes.count >= pattern.count else { return false }
    var index = 0
    while index + pattern.count <= bytes.count {
      if bytes[index] | 0x20 == first {
        var matched = true
        for offset in 1..<pattern.count where bytes[index + offset] | 0x20 != pattern[offset] && !(pattern[offset] == 0x22 && bytes[index + offset] == 0x22) {
          matched = false
          break
        }
        if matched { return true }
      }
      index += 1
    }
    return false
  }
}
