#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a whole file so readers only ever see the old contents or the new ones: the text goes to a temporary
/// file in the same directory, is flushed to disk, and is renamed over the target (rename(2) is atomic within a
/// file system). An interrupted run leaves the previous report in place, never half a SARIF file.
enum AtomicFile {
  /// Returns nil on success, or why the file could not be written.
  @Sendable static func replace(_ path: String, with text: String) -> String? {
    replace(path, with: text, mode: nil)
  }

  /// Rewrites an existing file in place (`seclint fmt`): the same atomic replacement, written through a
  /// symbolic link to the file it names (renaming over the link would replace the link) and keeping the
  /// file's permission bits.
  @Sendable static func rewrite(_ path: String, with text: String) -> String? {
    var target = path
    if let resolved = realpath(path, nil) {
      target = String(cString: resolved)
      free(resolved)
    }
    var status = stat()
    guard stat(target, &status) == 0 else { return describe(errno) }
    return replace(target, with: text, mode: status.st_mode & 0o7777)
  }

  private static func replace(_ path: String, with text: String, mode: mode_t?) -> String? {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty else { return "not a file name" }
    var template = Array("\(directory.isEmpty ? "" : directory)/.\(name).seclint-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard descriptor >= 0 else { return describe(errno) }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure = writeAll(text, to: descriptor).map(describe)
    // mkstemp creates 0600; a report is an ordinary file (0666 minus the umask).
    let mask = umask(0)
    umask(mask)
    if failure == nil, fchmod(descriptor, mode ?? (0o666 & ~mask)) != 0 { failure = describe(errno) }
    if failure == nil, fsync(descriptor) != 0 { failure = describe(errno) }
    if close(descriptor) != 0, failure == nil { failure = describe(errno) }
    if failure == nil, rename(temporary, path) != 0 { failure = describe(errno) }
    if failure != nil { unlink(temporary) }
    return failure
  }

  private static func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}

/// Writes all of `text` to `descriptor`, retrying after EINTR and short writes; returns errno when a write fails
/// (a closed pipe included), nil when everything was written.
func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written < 0, errno == EINTR { continue }
    guard written > 0 else { return written < 0 ? errno : EIO }
    bytes = bytes.dropFirst(written)
  }
  return nil
}
