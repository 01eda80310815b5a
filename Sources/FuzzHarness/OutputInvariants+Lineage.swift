import ProfileModel

/// The lineage commands on hostile input: a fuzzed profile may be recognised as a fork of an upstream default
/// (the lineage seed is one), and then base recognition, inherited marking, `outdated-base`, drift's three-way
/// report and rebase's replay all run on what the attacker wrote. Whatever they do:
/// - the exit status is one of 0, 1, 2 and agrees across formats (lint, drift);
/// - text (both streams) carries no raw control, C1 or bidi character, and JSON parses;
/// - `drift` says where the profile comes from on its first line (`FILE: derived from …`), so nothing the
///   profile holds can pose as that line;
/// - `rebase` writes a profile seclint loads again, or nothing (exit 2);
/// - `diff --base auto` and `blocked --base auto` likewise print only safe text.
extension OutputInvariants {
  static func lineageViolations(path: String) -> [String] {
    var violations: [String] = []
    // lint --base auto: the same status in every format and whether inherited findings are shown or noted.
    var statuses: [String: Int32] = [:]
    for format in ["text", "json", "sarif", "github"] {
      let arguments = ["lint", "--base", "auto", "--inherited", format == "json" ? "show" : "note", "--format", format, path]
      let run = run(arguments, stdin: [])
      statuses[format] = run.status
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      switch format {
      case "text": violations += textViolations(run.stdout, arguments, "stdout", colours: false)
      case "github": violations += githubViolations(run.stdout, arguments, file: path)
      default: violations += jsonViolations(run.stdout, arguments)
      }
    }
    if Set(statuses.values).count > 1 {
      violations.append("lint --base auto exit status differs across formats: \(statuses.sorted { $0.key < $1.key })")
    }

    var driftStatuses: [Int32] = []
    for format in ["text", "json"] {
      let arguments = ["drift", "--format", format, path]
      let run = run(arguments, stdin: [])
      driftStatuses.append(run.status)
      violations += statusViolations(run.status, arguments)
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      guard run.status != 2 else { continue }
      if format == "json" {
        violations += jsonViolations(run.stdout, arguments)
      } else {
        violations += textViolations(run.stdout, arguments, "stdout", colours: false)
        let first = run.stdout.prefix { $0 != "\n" }
        if !first.contains(": derived from ") {
          violations.append("\(arguments): first line is not the base: \(first.prefix(120))")
        }
      }
    }
    if Set(driftStatuses).count > 1 { violations.append("drift exit status differs across formats: \(driftStatuses)") }

    let arguments = ["rebase", path]
    let rebase = run(arguments, stdin: [])
    violations += statusViolations(rebase.status, arguments)
    violations += textViolations(rebase.stderr, arguments, "stderr", colours: false)
    // rebase's own lines, and the loader's notes (a multi-document YAML's skipped documents: `note: skipped F#2: …`).
    for line in rebase.stderr.split(separator: "\n") where !["rebased ", "conflict: ", "Error: ", "note: "].contains(where: line.hasPrefix) {
      violations.append("\(arguments): a standard error line that is not rebase's own: \(line.prefix(120))")
    }
    if rebase.status != 2 {
      violations += jsonViolations(rebase.stdout, arguments)
      if (try? ProfileLoader.load(text: rebase.stdout, file: "rebased.json")) == nil {
        violations.append("\(arguments): the rebased profile does not load again: \(rebase.stdout.prefix(120))")
      }
    } else if !rebase.stdout.isEmpty {
      violations.append("\(arguments): exit 2 with a profile on standard output")
    }
    for extra in [["diff", "--base", "auto"], ["blocked", "--base", "auto", "--arch", "amd64"]] {
      let arguments = extra + [path]
      let run = run(arguments, stdin: [])
      violations += statusViolations(run.status, arguments)
      violations += textViolations(run.stderr, arguments, "stderr", colours: false)
      violations += textViolations(run.stdout, arguments, "stdout", colours: false)
    }
    return violations
  }

  static func statusViolations(_ status: Int32, _ arguments: [String]) -> [String] {
    (0...2).contains(status) ? [] : ["\(arguments): exit status \(status)"]
  }
}
