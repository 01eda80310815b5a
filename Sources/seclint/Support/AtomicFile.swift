#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel
import Synchronization

/// `--output FILE`: writes a whole report so readers only ever see the old contents or the new ones, and never
/// destroys what it should not.
///
/// - A regular file (or a new one) is replaced atomically: the text goes to a temporary file in the same
///   directory (`.seclint-XXXXXX`, short, so a target name of NAME_MAX bytes still works), is flushed to disk,
///   takes the old file's permission bits (a new file: 0666 minus the umask), and is renamed over the target
///   (rename(2) is atomic within a file system).
/// - A symbolic link is followed: the file it points to is replaced and the link stays a link. A link to nothing
///   is refused.
/// - A FIFO or a character device (`/dev/stdout`, `/dev/null`, a terminal) is written through, as the shell's
///   `>` would; a block device, socket or directory is refused.
/// - A file that is also an input of the command (the same inode, whatever the path or link) is refused.
/// - SIGINT, SIGTERM, SIGHUP or SIGQUIT while the temporary file exists remove it before the signal takes effect.
/// File names are `FileName` strings: the bytes given on the command line are the bytes written.
enum AtomicFile {
  /// Returns nil on success, or why the file could not be written.
  /// Rewrites an existing file in place (`seclint fmt`): `replace` already writes through a symbolic link to the
  /// file it names and keeps a regular file's permissions and owner.
  @Sendable static func rewrite(_ path: String, with text: String) -> String? {
    replace(path, with: text, inputs: [])
  }

  @Sendable static func replace(_ path: String, with text: String, inputs: [String]) -> String? {
    replace(path, bytes: Array(text.utf8), inputs: inputs)
  }

  /// `replace` for binary contents (`seclint bpf --format raw`).
  @Sendable static func replace(_ path: String, bytes contents: [UInt8], inputs: [String]) -> String? {
    let bytes = FileName.bytes(path)
    guard let last = bytes.last, last != UInt8(ascii: "/") else { return "not a file name" }
    var target = path
    var mode: mode_t?
    var owner: (uid_t, gid_t)?
    var link = stat()
    if status(of: path, following: false, into: &link) == 0 {
      var status = link
      if link.st_mode & S_IFMT == S_IFLNK {
        guard Self.status(of: path, following: true, into: &status) == 0 else {
          return errno == ENOENT ? "it is a symbolic link to a missing file" : describe(errno)
        }
      }
      for input in inputs {
        var other = stat()
        if Self.status(of: input, following: true, into: &other) == 0, other.st_dev == status.st_dev, other.st_ino == status.st_ino {
          return "it is also an input of this command (refusing to overwrite it)"
        }
      }
      switch status.st_mode & S_IFMT {
      case S_IFREG:
        mode = status.st_mode & 0o777
        owner = (status.st_uid, status.st_gid)
        if link.st_mode & S_IFMT == S_IFLNK {
          guard let resolved = realPath(path) else { return describe(errno) }
          target = resolved
        }
      case S_IFCHR, S_IFIFO: return writeThrough(path, contents)
      case S_IFDIR: return "it is a directory"
      case S_IFBLK: return "it is a block device (seclint writes reports to files, FIFOs and terminals only)"
      case S_IFSOCK: return "it is a socket"
      default: return "it is not a regular file"
      }
    } else if errno != ENOENT {
      return describe(errno)
    }
    return replaceRegularFile(target, contents, mode: mode, owner: owner)
  }

  /// The temporary file's path while it exists, for the signal handler (one write at a time: `lock`).
  private nonisolated(unsafe) static var pendingPath = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
  private nonisolated(unsafe) static var pending: sig_atomic_t = 0
  private static let lock = Mutex(())
  private static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

  private static func replaceRegularFile(_ path: String, _ contents: [UInt8], mode: mode_t?, owner: (uid_t, gid_t)?) -> String? {
    var bytes = FileName.bytes(path)
    let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
    let directory = slash.map { Array(bytes[...$0]) } ?? []
    let template = directory + Array(".seclint-XXXXXX".utf8)
    guard template.count <= Int(PATH_MAX) else { return describe(ENAMETOOLONG) }
    bytes.append(0)
    return lock.withLock { _ -> String? in
      for (index, byte) in template.enumerated() { pendingPath[index] = CChar(bitPattern: byte) }
      pendingPath[template.count] = 0
      // Handlers first: a signal between mkstemp and the rename finds the path to remove. A signal the process
      // ignores (nohup) stays ignored.
      let previous = signals.map { signal($0, removeTemporaryFileAndDie) }
      defer {
        pending = 0
        for (number, handler) in zip(signals, previous) { signal(number, handler) }
      }
      for (number, handler) in zip(signals, previous) where isIgnored(handler) { signal(number, SIG_IGN) }
      let descriptor = mkstemp(pendingPath)
      guard descriptor >= 0 else { return describe(errno) }
      pending = 1
      var failure = writeAll(contents, to: descriptor).map(describe)
      // mkstemp creates 0600; a report keeps the permissions of the file it replaces, else 0666 minus the umask.
      let permissions = mode ?? {
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
      }()
      if failure == nil, fchmod(descriptor, permissions) != 0 { failure = describe(errno) }
      // The old file's owner and group where allowed (root replacing a user's report); otherwise ours.
      if let owner { _ = fchown(descriptor, owner.0, owner.1) }
      if failure == nil, fsync(descriptor) != 0 { failure = describe(errno) }
      if close(descriptor) != 0, failure == nil { failure = describe(errno) }
      if failure == nil {
        let renamed = bytes.withUnsafeBufferPointer { target in
          target.withMemoryRebound(to: CChar.self) { rename(pendingPath, $0.baseAddress!) }
        }
        if renamed != 0 { failure = describe(errno) }
      }
      if failure != nil { unlink(pendingPath) }
      return failure
    }
  }

  /// The signal handler: async-signal-safe calls only (unlink, signal, raise).
  private static let removeTemporaryFileAndDie: @convention(c) (Int32) -> Void = { number in
    if AtomicFile.pending != 0 { unlink(AtomicFile.pendingPath) }
    signal(number, SIG_DFL)
    raise(number)
  }

  private static func isIgnored(_ handler: __sighandler_t?) -> Bool {
    guard let handler else { return false }
    let ignore: __sighandler_t? = SIG_IGN
    guard let ignore else { return false }
    return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(ignore, to: Int.self)
  }

  /// Writes into an existing FIFO or character device (no temporary file, no rename).
  private static func writeThrough(_ path: String, _ contents: [UInt8]) -> String? {
    let descriptor = FileName.withCString(path) { open($0, O_WRONLY | O_NOCTTY | O_CLOEXEC) }
    guard descriptor >= 0 else { return describe(errno) }
    var failure = writeAll(contents, to: descriptor).map(describe)
    if close(descriptor) != 0, failure == nil { failure = describe(errno) }
    return failure
  }

  private static func status(of path: String, following: Bool, into status: inout stat) -> Int32 {
    FileName.withCString(path) { following ? stat($0, &status) : lstat($0, &status) }
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = FileName.withCString(path, { realpath($0, nil) }) else { return nil }
    defer { free(resolved) }
    return FileName.string(Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) })
  }

  private static func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
  }
}

/// Writes all of `text` to `descriptor`, retrying after EINTR and short writes; returns errno when a write fails
/// (a closed pipe included), nil when everything was written.
package func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
  writeAll(Array(text.utf8), to: descriptor)
}

/// `writeAll` for bytes.
package func writeAll(_ contents: [UInt8], to descriptor: Int32) -> Int32? {
  var bytes = contents[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written < 0, errno == EINTR { continue }
    guard written > 0 else { return written < 0 ? errno : EIO }
    bytes = bytes.dropFirst(written)
  }
  return nil
}
