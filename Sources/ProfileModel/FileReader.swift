#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files with open/fstat/read: one syscall each instead of Foundation's URL and attribute layers,
/// which cost more than decoding a small profile.
package enum FileReader {
  package enum Failure: Error, Equatable {
    case missing, directory, tooLarge, unreadable
  }

  /// The file's bytes, at most `limit` of them (a larger file, or a stream longer than that, is `tooLarge`).
  package static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .failure(errno == EACCES || errno == EPERM ? .unreadable : .missing) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable) }
    if (status.st_mode & S_IFMT) == S_IFDIR { return .failure(.directory) }
    if Int(status.st_size) > limit { return .failure(.tooLarge) }
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
        return .failure(errno == EISDIR ? .directory : .unreadable)
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
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
    return stat(path, &status) == 0
  }
}

/// `read(2)` (the enum's own `read` hides the C function inside it).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
