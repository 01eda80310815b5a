#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with open/fstat/read: one syscall each instead of Foundation's URL and attribute layers,
/// which cost more than decoding a small profile.
///
/// What is read: regular files, and pipes/FIFOs (`<(git show …)` is a pipe). A FIFO is opened with O_NONBLOCK, so
/// one without a writer cannot make seclint wait forever (it reads as empty); devices and sockets are refused
/// (`/dev/tty` would wait for a keyboard, `/dev/zero` never ends). File names are `FileName` strings (bytes).
package enum FileReader {
  package enum Failure: Error, Equatable, Sendable {
    case missing, directory, tooLarge
    /// Not a regular file, directory or FIFO: "a character device", "a block device", "a socket".
    case special(String)
    /// Any other errno from open/fstat/read (EACCES, ELOOP, ENAMETOOLONG, ENOTDIR, EBADF, EIO…).
    case system(Int32)

    /// What went wrong, in words, without the file name ("no such file", "too many levels of symbolic links").
    package var reason: String {
      switch self {
      case .missing: "no such file"
      case .directory: "is a directory"
      case .tooLarge: "too large"
      case .special(let kind): "is \(kind), not a regular file"
      case .system(let code):
        switch code {
        case EACCES, EPERM: "permission denied"
        case ELOOP: "too many levels of symbolic links (a symbolic link loop?)"
        case ENAMETOOLONG: "file name too long"
        case ENOTDIR: "a component of the path is not a directory"
        case EBADF: "closed"
        case ENXIO: "no such device (a socket or a device without a driver?)"
        default: "cannot read (\(String(cString: strerror(code))))"
        }
      }
    }
  }

  /// The file's bytes, at most `limit` of them (a larger file, or a stream longer than that, is `tooLarge`).
  package static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
    let descriptor = FileName.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
    guard descriptor >= 0 else { return .failure(errno == ENOENT ? .missing : .system(errno)) }
    defer { close(descriptor) }
    return read(descriptor: descriptor, limit: limit, refusingDevices: true)
  }

  /// Everything readable from an open descriptor (standard input for `-`: a terminal or /dev/null is allowed
  /// there, since the user chose it).
  package static func read(descriptor: Int32, limit: Int, refusingDevices: Bool = false) -> Result<[UInt8], Failure> {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(.system(errno)) }
    switch status.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(.directory)
    case S_IFIFO: break
    case S_IFCHR where refusingDevices: return .failure(.special("a character device"))
    case S_IFBLK where refusingDevices: return .failure(.special("a block device"))
    case S_IFSOCK where refusingDevices: return .failure(.special("a socket"))
    default: break
    }
    if Int(status.st_size) > limit { return .failure(.tooLarge) }
    // Blocking reads from here: the FIFO has a writer or reads as empty; a regular file ignores the flag.
    let flags = fcntl(descriptor, F_GETFL)
    if flags >= 0, flags & O_NONBLOCK != 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
    // st_size is a hint (0 for pipes and /proc files): read until end of file.
    var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
    var count = 0
    while true {
      if count == bytes.count {
        guard bytes.count <= limit else { return .failure(.tooLarge) }
        bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65536)))
      }
      let got = bytes.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        return .failure(errno == EISDIR ? .directory : .system(errno))
      }
      if got == 0 { break }
      count += got
    }
    guard count <= limit else { return .failure(.tooLarge) }
    bytes.removeSubrange(count...)
    return .success(bytes)
  }

  /// The current directory (getcwd; FileManager's first use costs more than a small lint).
  package static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    return FileName.string(buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) })
  }

  /// The size of the regular file at `path` (nil for anything else: a stream's size is not known in advance).
  package static func size(_ path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// Whether something exists at `path` (a broken symbolic link does not).
  package static func exists(_ path: String) -> Bool {
    var status = stat()
    return FileName.withCString(path) { stat($0, &status) } == 0
  }
}

/// `read(2)` (the enum's own `read` hides the C function inside it).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
