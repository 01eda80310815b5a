#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel
import Synchronization
import seclint

// The only file that touches the process: output streams, arguments, environment, exit status.

/// The first error writing standard output (0: none): the run then exits 2 with a message, whatever it found.
let standardOutputError = Atomic<Int32>(0)

/// Standard streams closed by the caller (`>&-`, `<&-`) get /dev/null in their slot, so a file seclint opens
/// later cannot become "standard output"; writing to a closed standard output is still an error (EBADF).
func reserveClosedStream(_ descriptor: Int32) -> Bool {
  guard fcntl(descriptor, F_GETFD) < 0, errno == EBADF else { return false }
  let null = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
  if null >= 0, null != descriptor {
    dup2(null, descriptor)
    close(null)
  }
  return true
}
let standardInputClosed = reserveClosedStream(STDIN_FILENO)
let standardOutputClosed = reserveClosedStream(STDOUT_FILENO)
_ = reserveClosedStream(STDERR_FILENO)

/// Each call writes whole text to the file descriptor (unbuffered, so CI logs stream and nothing is lost on exit).
@Sendable func writeStandardOutput(_ text: String) {
  guard standardOutputError.load(ordering: .relaxed) == 0 else { return }
  let failure = standardOutputClosed ? EBADF : writeAll(text, to: STDOUT_FILENO)
  if let failure { standardOutputError.store(failure, ordering: .relaxed) }
}

@Sendable func writeStandardError(_ text: String) { _ = writeAll(text, to: STDERR_FILENO) }

/// All of standard input (for `-` as a profile), at most 64 MB.
@Sendable func readStandardInput() -> Result<[UInt8], FileReader.Failure> {
  if standardInputClosed { return .failure(.system(EBADF)) }
  return FileReader.read(descriptor: STDIN_FILENO, limit: ProfileLoader.maxFileSize)
}

/// The arguments as given: bytes, not `CommandLine.arguments` (which replaces bytes that are not UTF-8 with
/// U+FFFD, so such a file could not be opened or written). `FileName` keeps them losslessly.
let arguments = (1..<Int(CommandLine.argc)).map { index in
  FileName.string(CommandLine.unsafeArgv[index].map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) }?.map { UInt8(bitPattern: $0) } ?? [])
}

signal(SIGPIPE, SIG_IGN)
var cli = CLI(stdout: writeStandardOutput, stderr: writeStandardError, readStandardInput: readStandardInput)
var environment: [String: String] = [:]
for name in ["TERM", "NO_COLOR"] { environment[name] = getenv(name).map { String(cString: $0) } }
cli.colorByDefault = CLI.colorByDefault(isTerminal: isatty(STDOUT_FILENO) != 0, environment: environment)
cli.exitsAfterRun = true
let status = cli.run(arguments)
let failure = standardOutputError.load(ordering: .relaxed)
guard failure == 0 else {
  // A reader that stopped reading (`| head`) is not worth a message; the status still says the output is partial.
  if failure != EPIPE { writeStandardError("Error: cannot write to standard output: \(String(cString: strerror(failure))).\n") }
  exit(ExitCode.failure.rawValue)
}
exit(status.rawValue)
