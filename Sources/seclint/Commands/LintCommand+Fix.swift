import Dialects
import Fixer
import Formatter
import Linter
import ProfileModel

/// `lint --fix`, `--unsafe-fixes`, `--diff`: the rounds that apply findings' fixes to one file's bytes.
///
/// Each round loads the current bytes, lints them with the file's options (so disabled rules and suppressed
/// findings are not fixed), and applies every fix of an allowed class that overlaps none taken before it in file
/// order (`FixApplier`); fixes that had to wait are found again by the next round's lint. A round whose result
/// does not load as one profile is discarded, so `--fix` never writes a file Docker could read before and cannot
/// now. Only a file holding one JSON profile is fixed (positions in YAML are not JSON byte offsets), and only
/// valid UTF-8 (the file is written back as text: an invalid byte would not survive).
enum FixRounds {
  /// ruff stops after 100 rounds; seclint's fixes never create new fixable findings of the same kind, so a handful
  /// suffices (overlapping removals in one list take one round each).
  static let maximum = 16

  struct Outcome: Sendable {
    var original: [UInt8]
    var fixed: [UInt8]
    /// The findings whose fixes were applied, in the order they were applied.
    var applied: [Diagnostic]
    /// Unsafe fixes left (only counted without `--unsafe-fixes`).
    var unsafeLeft: Int
    /// Why the file was not fixed at all (YAML, several profiles, invalid UTF-8).
    var skipped: String?

    var changed: Bool { fixed != original }
  }

  static func run(_ bytes: [UInt8], file: String, options: LintOptions, dialect: DialectOptions, unsafe: Bool) -> Outcome {
    var outcome = Outcome(original: bytes, fixed: bytes, applied: [], unsafeLeft: 0)
    guard String(validating: bytes, as: UTF8.self) != nil else {
      outcome.skipped = "\(file) is not valid UTF-8; it is not fixed"
      return outcome
    }
    let first = JSONExtent.skipWhitespace(from: 0, in: bytes)
    guard first < bytes.count, bytes[first] == UInt8(ascii: "{") else {
      outcome.skipped = "\(file) is not a JSON object (fixes edit JSON profiles only)"
      return outcome
    }
    var lastFindings: [Diagnostic] = []
    for _ in 0..<maximum {
      guard let document = single(outcome.fixed, file: file, dialect: dialect) else {
        if outcome.applied.isEmpty { outcome.skipped = "\(file) holds several profiles; it is not fixed" }
        return outcome
      }
      lastFindings = Linter.lint(document, options: options)
      let candidates = lastFindings.filter { finding in
        guard let fix = finding.autofix else { return false }
        return unsafe || fix.applicability == .safe
      }
      guard !candidates.isEmpty else { break }
      let (next, taken) = FixApplier.apply(candidates.compactMap(\.autofix), to: outcome.fixed)
      guard !taken.isEmpty, next != outcome.fixed, single(next, file: file, dialect: dialect) != nil else { break }
      outcome.fixed = next
      outcome.applied += taken.map { candidates[$0] }
      lastFindings = []
    }
    if !unsafe {
      if lastFindings.isEmpty, let document = single(outcome.fixed, file: file, dialect: dialect) {
        lastFindings = Linter.lint(document, options: options)
      }
      outcome.unsafeLeft = lastFindings.count { $0.autofix?.applicability == .unsafe }
    }
    return outcome
  }

  /// The profile `bytes` hold, when they hold exactly one.
  private static func single(_ bytes: [UInt8], file: String, dialect: DialectOptions) -> ProfileDocument? {
    guard let load = try? DialectLoader.load(bytes: bytes, file: file, options: dialect), load.documents.count == 1 else { return nil }
    return load.documents[0]
  }

  /// What `--fix`/`--diff` did, for standard error: "fixed 3 findings in 1 file (2 more with --unsafe-fixes)".
  static func summary(_ outcomes: [Outcome], wouldFix: Bool) -> String {
    let findings = outcomes.reduce(0) { $0 + $1.applied.count }
    let files = outcomes.count(where: \.changed)
    let unsafeLeft = outcomes.reduce(0) { $0 + $1.unsafeLeft }
    var text = "\(wouldFix ? "would fix" : "fixed") \(findings) \(findings == 1 ? "finding" : "findings") in \(files) \(files == 1 ? "file" : "files")"
    if unsafeLeft > 0 { text += " (\(unsafeLeft) more with --unsafe-fixes)" }
    return text
  }

  /// The unified diff of one outcome (`--diff`), "" when nothing changes.
  static func diff(_ outcome: Outcome, name: String) -> String {
    UnifiedDiff.render(
      old: String(decoding: outcome.original, as: UTF8.self), new: String(decoding: outcome.fixed, as: UTF8.self), oldName: name,
      newName: name)
  }
}

/// What `--fix`, `--unsafe-fixes` and `--diff` asked for.
struct FixMode: Sendable {
  var unsafe: Bool
  /// Print the diff instead of writing.
  var diff: Bool
}

extension LintCommand {
  /// The fix mode the options ask for, nil without `--fix`/`--diff`; refuses combinations that make no sense.
  func fixMode(profiles: [ProfileArgument]) throws(UsageError) -> FixMode? {
    let fix = arguments.flag("--fix"), diff = arguments.flag("--diff"), unsafe = arguments.flag("--unsafe-fixes")
    guard fix || diff else {
      if unsafe { throw UsageError(message: "'--unsafe-fixes' applies with '--fix' or '--diff'.") }
      return nil
    }
    if arguments.value("--write-baseline") != nil { throw UsageError(message: "'--write-baseline' records findings; run it without '--fix'/'--diff'.") }
    if arguments.flag("--statistics") { throw UsageError(message: "'--statistics' counts findings; run it without '--fix'/'--diff'.") }
    if diff, CLI.outputFile(arguments) != nil { throw UsageError(message: "'--diff' prints the diff to standard output; '--output' does not apply.") }
    if fix, !diff, profiles.contains(where: \.isStandardInput), profiles.count > 1 {
      throw UsageError(message: "'--fix -' writes the fixed profile to standard output: give standard input alone.")
    }
    return FixMode(unsafe: unsafe, diff: diff)
  }

  /// Writes (or, with `--diff`, prints the diff of) one fixed file; false after reporting why it could not be written.
  func deliverFix(_ outcome: FixRounds.Outcome, path: String, standardInput: Bool, mode: FixMode?) -> Bool {
    guard let mode else { return true }
    if mode.diff {
      cli.stdout(FixRounds.diff(outcome, name: path))
      return true
    }
    if standardInput {
      cli.print(.json(String(decoding: outcome.fixed, as: UTF8.self)))
      return true
    }
    guard outcome.changed else { return true }
    if let failure = cli.rewriteFile(cli.resolvePath(path), String(decoding: outcome.fixed, as: UTF8.self)) {
      cli.fail("cannot write '\(path)': \(failure)")
      return false
    }
    return true
  }
}
