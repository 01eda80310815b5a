import Testing
import Foundation
import Synchronization
import TestSupport
@testable import seclint

/// Runs the CLI in-process and captures both streams.
struct CLIRun: Sendable {
  var code: ExitCode
  var stdout: String
  var stderr: String
}

/// Runs the CLI in-process. With `directory`, relative paths in `arguments` are resolved against it (the CLI
/// still sees and prints them as given), so tests do not depend on the working directory.
func runCLI(_ arguments: [String], stdin: String = "", in directory: URL? = nil) -> CLIRun {
  let out = Mutex("")
  let err = Mutex("")
  let input = Array(stdin.utf8)
  var cli = CLI(
    stdout: { text in out.withLock { $0 += text } }, stderr: { text in err.withLock { $0 += text } },
    readStandardInput: { .success(input) })
  if let base = directory?.path {
    cli.resolvePath = { path in path.hasPrefix("/") || path == "-" ? path : base + "/" + path }
  }
  let code = cli.run(arguments)
  let run = CLIRun(code: code, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
  // Every SARIF log a test produces is checked against SARIF 2.1.0 (`SARIFValidation`).
  if let format = arguments.firstIndex(of: "--format"), format + 1 < arguments.count, arguments[format + 1] == "sarif",
    !run.stdout.isEmpty
  {
    SARIFValidation.expectValid(run.stdout)
  }
  return run
}
