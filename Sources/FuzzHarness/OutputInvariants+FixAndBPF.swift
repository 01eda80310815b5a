/// `lint --fix` and `seclint bpf` on hostile input. Whatever the profile holds:
/// - the exit status is one of 0, 1, 2;
/// - `lint --fix --unsafe-fixes --diff` prints a diff whose lines carry no raw control, C1 or bidi character, and
///   `lint --fix --unsafe-fixes -` prints the fixed profile with those characters as JSON escapes;
/// - `bpf` prints safe text, and its JSON parses.
extension OutputInvariants {
  static func fixAndBPFViolations(path: String, bytes: [UInt8]) -> [String] {
    var violations: [String] = []
    for (arguments, stdin) in [(["lint", "--fix", "--unsafe-fixes", "--diff", path], [UInt8]()), (["lint", "--fix", "--unsafe-fixes", "-"], bytes)] {
      let run = run(arguments, stdin: stdin)
      violations += statusViolations(run.status, arguments)
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      violations += textViolations(run.stdout, arguments, "stdout", colours: false)
    }
    for format in ["disasm", "json"] {
      let arguments = ["bpf", "--arch", "amd64", "--format", format, path]
      let run = run(arguments, stdin: [])
      violations += statusViolations(run.status, arguments)
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      if format == "json", run.status == 0 {
        violations += jsonViolations(run.stdout, arguments)
      } else {
        violations += textViolations(run.stdout, arguments, "stdout", colours: false)
      }
    }
    return violations
  }
}
