#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel

// The only file that touches the process: output streams, arguments, exit status.
// Each call writes whole text to the file descriptor (unbuffered, so CI logs stream and nothing is lost on exit).
@Sendable func emit(_ text: String, to descriptor: Int32) {
  _ = writeAll(text, to: descriptor)  // a closed pipe: nothing more to do
}

/// All of standard input (for `-` as a profile), read until it passes the profile size limit (then refused).
@Sendable func readStandardInput() -> [UInt8] {
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while bytes.count <= ProfileLoader.maxFileSize {
    let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
    if count < 0, errno == EINTR { continue }
    guard count > 0 else { break }
    bytes.append(contentsOf: buffer[..<count])
  }
  return bytes
}

signal(SIGPIPE, SIG_IGN)
var cli = CLI(
  stdout: { emit($0, to: STDOUT_FILENO) }, stderr: { emit($0, to: STDERR_FILENO) },
  readStandardInput: readStandardInput)
cli.colorByDefault = isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil
exit(cli.run(Array(CommandLine.arguments.dropFirst())).rawValue)
