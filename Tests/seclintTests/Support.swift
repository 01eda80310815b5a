import Foundation
import Synchronization
@testable import seclint

/// Runs the CLI in-process and captures both streams.
struct CLIRun: Sendable {
  var code: ExitCode
  var stdout: String
  var stderr: String
}

func runCLI(_ arguments: [String]) -> CLIRun {
  let out = Mutex("")
  let err = Mutex("")
  let cli = CLI(stdout: { text in out.withLock { $0 += text } }, stderr: { text in err.withLock { $0 += text } })
  let code = cli.run(arguments)
  return CLIRun(code: code, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
}

enum Paths {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
}
