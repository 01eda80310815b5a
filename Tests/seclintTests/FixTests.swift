import Differ
import Dialects
import Fixer
import Foundation
import Linter
import Policy
import ProfileModel
import Testing
import TestSupport
@testable import seclint

/// `lint --fix`, `--unsafe-fixes`, `--diff` on the project's fixtures and crafted profiles.
@Suite struct FixCommandTests {
  /// Every safe fix kind at once, in moby's layout: case-variant key, ignored duplicate key, a name listed again by
  /// an identical rule, a repeated architecture.
  static let safeKinds = """
    {
    \t"DefaultAction": "SCMP_ACT_ALLOW",
    \t"defaultAction": "SCMP_ACT_ERRNO",
    \t"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86_64"],
    \t"syscalls": [
    \t\t{
    \t\t\t"Names": ["read", "write"],
    \t\t\t"action": "SCMP_ACT_ALLOW",
    \t\t\t"comment": "kept as it is"
    \t\t},
    \t\t{
    \t\t\t"names": ["close", "read"],
    \t\t\t"action": "SCMP_ACT_ALLOW"
    \t\t}
    \t]
    }

    """

  static let safeKindsFixed = """
    {
    \t"defaultAction": "SCMP_ACT_ERRNO",
    \t"architectures": ["SCMP_ARCH_X86_64"],
    \t"syscalls": [
    \t\t{
    \t\t\t"names": ["read", "write"],
    \t\t\t"action": "SCMP_ACT_ALLOW",
    \t\t\t"comment": "kept as it is"
    \t\t},
    \t\t{
    \t\t\t"names": ["close"],
    \t\t\t"action": "SCMP_ACT_ALLOW"
    \t\t}
    \t]
    }

    """

  @Test func safeFixesAreMinimalEditsAndChangeNothingDockerEnforces() throws {
    let path = try temporaryProfile(Self.safeKinds)
    chmod(path, 0o640)
    let run = runCLI(["lint", "--fix", "--disable", "runtime-required", path])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.safeKindsFixed)
    #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)
    #expect(run.stderr.hasPrefix("fixed 5 findings in 1 file\n"), "\(run.stderr)")
    let old = try ProfileLoader.load(text: Self.safeKinds, file: "old")
    let new = try ProfileLoader.load(text: Self.safeKindsFixed, file: "new")
    #expect(ProfileDiff.symbolic(old: old, new: new).isEmpty)
    for rule in ["SCL001", "SCL002", "SCL107", "SCL204"] {
      #expect(!run.stdout.contains(rule), "\(rule) still reported after --fix:\n\(run.stdout)")
    }
    // Run again: nothing left to fix, the file is untouched.
    let again = runCLI(["lint", "--diff", "--disable", "runtime-required", path])
    #expect(again.code == .success)
    #expect(again.stdout.isEmpty)
    #expect(again.stderr == "would fix 0 findings in 0 files\n")
  }

  @Test func diffOnTheFlawedFixtureShowsOnlyTheUnsafeFixesAndChangesNothing() throws {
    let fixture = Paths.packageRoot.appendingPathComponent("profiles/flawed.json").path
    let before = try Data(contentsOf: URL(fileURLWithPath: fixture))
    let safe = runCLI(["lint", "--diff", fixture])
    #expect(safe.code == .success, "no safe fix applies to flawed.json")
    #expect(safe.stdout.isEmpty)
    #expect(safe.stderr == "would fix 0 findings in 0 files (3 more with --unsafe-fixes)\n")
    let unsafe = runCLI(["lint", "--diff", "--unsafe-fixes", fixture])
    #expect(unsafe.code == .findings)
    #expect(unsafe.stderr == "would fix 3 findings in 1 file\n")
    #expect(
      unsafe.stdout.contains(#"-      "names": ["read", "write", "opne", "close", "exit_group", "socketcall", "getpid"],"#)
        && unsafe.stdout.contains(#"+      "names": ["read", "write", "open", "close", "exit_group", "socketcall", "getpid"],"#)
        && unsafe.stdout.contains(#"+      "includes": {"caps": ["CAP_SYS_PTRACE"]}"#)
        && unsafe.stdout.contains(#"+      "includes": {"caps": ["CAP_SYS_ADMIN"]}"#), "\(unsafe.stdout)")
    #expect(unsafe.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count == 3)
    #expect(try Data(contentsOf: URL(fileURLWithPath: fixture)) == before, "--diff writes nothing")
  }

  @Test func unsafeFixesChangeExactlyWhatTheyAnnounce() throws {
    let fixture = Paths.packageRoot.appendingPathComponent("profiles/flawed.json").path
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture)))
    try expectFixProperties(bytes, name: "flawed.json")
    let outcome = FixRounds.run(bytes, file: "flawed.json", options: Self.options, dialect: DialectOptions(), unsafe: true)
    let diff = ProfileDiff.symbolic(
      old: try ProfileLoader.load(bytes: bytes, file: "old"), new: try ProfileLoader.load(bytes: outcome.fixed, file: "new"))
    #expect(Set(diff.changes.map(\.syscall)) == ["open", "ptrace", "mount"])
    #expect(Set(outcome.applied.map(\.fix)) == ["rename it to 'open'", "rename the key to 'includes'", "write 'CAP_SYS_ADMIN'"])
  }

  static let options = LintOptions(blocklists: [Blocklist.docker!])

  @Test func standardInputIsFixedToStandardOutput() {
    let input = #"{"defaultAction": "SCMP_ACT_ERRNO", "Architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}"#
    let safe = runCLI(["lint", "--fix", "--disable", "runtime-required", "-"], stdin: input)
    #expect(safe.stdout == #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(safe.code == .findings, "unknown-syscall is still there")
    let unsafe = runCLI(["lint", "--fix", "--unsafe-fixes", "--disable", "runtime-required", "-"], stdin: input)
    #expect(unsafe.stdout == #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["open"], "action": "SCMP_ACT_ALLOW"}]}"#)
    #expect(unsafe.stderr.hasPrefix("fixed 2 findings in 1 file\n"), "\(unsafe.stderr)")
  }

  /// eperm-for-fallback: an SCMP_ACT_ERRNO rule naming only the fallback syscalls gets `"errnoRet": 38`, in the
  /// rule's own layout; the announced change (ENOSYS for clone3) is the only one.
  @Test func epermForFallbackReturnsENOSYS() throws {
    let input = #"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 13, "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO"}]}"#
    let outcome = FixRounds.run(Array(input.utf8), file: "x", options: Self.options, dialect: DialectOptions(), unsafe: true)
    #expect(
      String(decoding: outcome.fixed, as: UTF8.self)
        == #"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 13, "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}"#)
    #expect(outcome.applied.map(\.ruleName) == ["eperm-for-fallback"])
    try expectFixProperties(Array(input.utf8), name: "eperm")
    // With a MIPS arch 38 is not ENOSYS everywhere: no fix.
    let mips = input.replacingOccurrences(of: #"["SCMP_ARCH_X86_64"]"#, with: #"["SCMP_ARCH_X86_64", "SCMP_ARCH_MIPS"]"#)
    #expect(!FixRounds.run(Array(mips.utf8), file: "x", options: Self.options, dialect: DialectOptions(), unsafe: true).changed)
  }

  /// never-matching-condition: `"x32"` (no runtime's host is ever x32) is removed where the list keeps its meaning —
  /// next to another `includes.arches` entry (last, first), or anywhere in `excludes.arches` (an `excludes` list that
  /// never matches excludes nothing, as an empty one does). An `includes.arches` of only `"x32"` keeps the rule from
  /// ever applying; emptying it would apply the rule everywhere, so it has no fix.
  static let x32 = """
    {
    \t"defaultAction": "SCMP_ACT_ERRNO",
    \t"archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
    \t"syscalls": [
    \t\t{
    \t\t\t"names": ["arch_prctl", "modify_ldt"],
    \t\t\t"action": "SCMP_ACT_ALLOW",
    \t\t\t"includes": {
    \t\t\t\t"arches": [
    \t\t\t\t\t"amd64",
    \t\t\t\t\t"x32"
    \t\t\t\t]
    \t\t\t}
    \t\t},
    \t\t{"names": ["vm86"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x32", "x86"]}},
    \t\t{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["x32"]}},
    \t\t{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["x32"]}}
    \t]
    }

    """

  @Test func neverMatchingX32EntriesAreRemovedWhereNothingChanges() throws {
    let outcome = FixRounds.run(Array(Self.x32.utf8), file: "x32.json", options: Self.options, dialect: DialectOptions(), unsafe: false)
    let expected = Self.x32
      .replacingOccurrences(of: "\"amd64\",\n\t\t\t\t\t\"x32\"\n", with: "\"amd64\"\n")
      .replacingOccurrences(of: #"["x32", "x86"]"#, with: #"["x86"]"#)
      .replacingOccurrences(of: #""excludes": {"arches": ["x32"]}"#, with: #""excludes": {"arches": []}"#)
    #expect(String(decoding: outcome.fixed, as: UTF8.self) == expected)
    #expect(outcome.applied.map(\.ruleName) == Array(repeating: "never-matching-condition", count: 3))
    #expect(outcome.applied.allSatisfy { $0.autofix?.applicability == .safe && $0.fix == "remove 'x32'" })
    try expectFixProperties(Array(Self.x32.utf8), name: "x32.json")
    // What is left: the only-x32 includes, reported and not fixable.
    let left = Linter.lint(try ProfileLoader.load(bytes: outcome.fixed, file: "fixed"), options: Self.options)
      .filter { $0.ruleName == "never-matching-condition" }
    #expect(left.map(\.pointer.description) == ["/syscalls/3/includes/arches/0"])
    #expect(left.allSatisfy { $0.autofix == nil })
    // The CLI agrees: `seclint diff OLD FIXED` sees no change.
    let old = try temporaryProfile(Self.x32), new = try temporaryProfile(expected)
    let diff = runCLI(["diff", old, new])
    #expect(diff.code == .success, "\(diff.stdout)")
    #expect(diff.stdout.hasSuffix("no behaviour change\n"), "\(diff.stdout)")
    // The filter runc loads is the same program on every host (the listing's first line names the file).
    for arch in ["x86_64", "x86", "aarch64", "s390x"] {
      let before = runCLI(["bpf", "--arch", arch, old]), after = runCLI(["bpf", "--arch", arch, new])
      #expect(before.code == .success && before.stdout.contains("Layer"), "\(arch): \(before.stderr)")
      #expect(before.stdout.split(separator: "\n").dropFirst() == after.stdout.split(separator: "\n").dropFirst(), "\(arch)")
    }
  }

  @Test func severalFilesAndDirectories() throws {
    let directory = try Scratch.directory("fix-several")
    let a = directory.appendingPathComponent("a.json"), b = directory.appendingPathComponent("b.json")
    let c = directory.appendingPathComponent("c.json")
    try #"{"defaultAction": "SCMP_ACT_ERRNO", "DefaultErrnoRet": 1}"#.write(to: a, atomically: true, encoding: .utf8)
    try #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X86"]}"#.write(to: b, atomically: true, encoding: .utf8)
    try #"{"defaultAction": "SCMP_ACT_ERRNO"}"#.write(to: c, atomically: true, encoding: .utf8)
    let run = runCLI(["lint", "--fix", "--disable", "runtime-required", directory.path])
    #expect(run.stderr.hasPrefix("fixed 2 findings in 2 files\n"), "\(run.stderr)")
    #expect(try String(contentsOf: a, encoding: .utf8) == #"{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1}"#)
    #expect(try String(contentsOf: b, encoding: .utf8) == #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"]}"#)
    #expect(try String(contentsOf: c, encoding: .utf8) == #"{"defaultAction": "SCMP_ACT_ERRNO"}"#)
  }

  @Test func overlappingFixesTakeSeveralRounds() throws {
    // Removing the first of two repeats and the second overlap (both touch the separator): one per round.
    let input = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X86", "SCMP_ARCH_X86", "SCMP_ARCH_X86"]}"#
    let outcome = FixRounds.run(Array(input.utf8), file: "x", options: Self.options, dialect: DialectOptions(), unsafe: false)
    #expect(String(decoding: outcome.fixed, as: UTF8.self) == #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86"]}"#)
    #expect(outcome.applied.count == 3)
  }

  @Test func filesThatAreNotOneJSONProfileAreNotFixed() throws {
    let yaml = "defaultAction: SCMP_ACT_ERRNO\nArchitectures: [SCMP_ARCH_X86_64]\n"
    let run = runCLI(["lint", "--diff", "-"], stdin: yaml)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("is not a JSON object (fixes edit JSON profiles only)"), "\(run.stderr)")
    let invalid = runCLI(["lint", "--fix", "-"], stdin: "{\"defaultAction\": ")
    #expect(invalid.code == .failure)
    #expect(invalid.stdout.isEmpty)
  }

  @Test func usageErrors() {
    #expect(runCLI(["lint", "--unsafe-fixes", "x.json"]).code == .failure)
    #expect(runCLI(["lint", "--diff", "--output", "o", "x.json"]).code == .failure)
    #expect(runCLI(["lint", "--fix", "--write-baseline", "b.json", "x.json"]).code == .failure)
    #expect(runCLI(["lint", "--fix", "-", "x.json"], stdin: "{}").stderr.contains("give standard input alone"))
  }

  @Test func appliedEditsNeverOverlapAndKeepEveryOtherByte() {
    let bytes = Array("[1, 2, 3]".utf8)
    let fixes = [
      Fix(.safe, edits: [TextEdit(start: 1, end: 2, replacement: "10")]),
      Fix(.safe, edits: [TextEdit(start: 1, end: 4, replacement: "")]),  // overlaps the first: waits
      Fix(.safe, edits: [TextEdit(start: 7, end: 8, replacement: "30")]),
      Fix(.safe, edits: [TextEdit(start: 7, end: 8, replacement: "30")]),  // the same edit: applied once
    ]
    let (out, applied) = FixApplier.apply(fixes, to: bytes)
    #expect(String(decoding: out, as: UTF8.self) == "[10, 2, 30]")
    #expect(applied == [0, 2, 3])
  }

  @Test func rulePagesSayWhichFixesARuleHas() {
    #expect(runCLI(["rules", "unknown-syscall"]).stdout.contains("Fix: unsafe (needs --unsafe-fixes)"))
    #expect(runCLI(["rules", "duplicate-key", "--format", "markdown"]).stdout.contains("Fix: safe — `seclint lint --fix` applies it"))
    #expect(runCLI(["rules", "default-allow"]).stdout.contains("Fix: none."))
  }
}

/// The properties `--fix` promises for one file, with and without `--unsafe-fixes`: the result loads; it
/// re-lints without findings `--fix` could still fix; every fix's class is one its rule declares; safe fixes change
/// nothing `seclint diff` sees, and unsafe ones change only the syscalls their findings name (or the names they
/// write), and top-level fields only where a finding is about one.
func expectFixProperties(_ bytes: [UInt8], name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  guard let original = try? ProfileLoader.load(bytes: bytes, file: name) else { return }
  let options = FixCommandTests.options
  for unsafe in [false, true] {
    let outcome = FixRounds.run(bytes, file: name, options: options, dialect: DialectOptions(), unsafe: unsafe)
    for finding in outcome.applied {
      let declared = RuleRegistry.descriptor(finding.ruleID)?.fixes ?? []
      #expect(declared.contains(finding.autofix!.applicability), "\(name): \(finding.ruleName) fix of an undeclared class", sourceLocation: sourceLocation)
      #expect(unsafe || finding.autofix!.applicability == .safe, sourceLocation: sourceLocation)
    }
    guard outcome.changed else { continue }
    let fixed: ProfileDocument
    do {
      fixed = try ProfileLoader.load(bytes: outcome.fixed, file: name)
    } catch {
      Issue.record("\(name): the fixed file does not load: \(error)", sourceLocation: sourceLocation)
      continue
    }
    #expect(try JSONSerialization.jsonObject(with: Data(outcome.fixed)) is [String: Any], "\(name): not JSON", sourceLocation: sourceLocation)
    let left = Linter.lint(fixed, options: options).filter { $0.autofix.map { unsafe || $0.applicability == .safe } ?? false }
    #expect(left.isEmpty, "\(name): still fixable after --fix: \(left.map(\.message))", sourceLocation: sourceLocation)
    let diff = ProfileDiff.symbolic(old: original, new: fixed)
    if !unsafe {
      #expect(diff.isEmpty, "\(name): a safe fix changed \(diff.top.map(\.field)) \(diff.changes.map(\.syscall))", sourceLocation: sourceLocation)
      continue
    }
    var announced = Set(outcome.applied.flatMap(\.syscalls))
    var topLevel = false
    for finding in outcome.applied {
      for edit in finding.autofix!.edits {
        announced.insert(edit.replacement.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
      }
      let tokens = finding.pointer.tokens
      if tokens.count <= 1 { topLevel = true }
      if tokens.count >= 2, tokens[0] == "syscalls", let index = Int(tokens[1]), let rule = original.profile.syscalls?[index] {
        announced.formUnion(rule.names ?? [])
        if let legacy = rule.name { announced.insert(legacy) }
      }
    }
    let unannounced = diff.changes.map(\.syscall).filter { !announced.contains($0) }
    #expect(unannounced.isEmpty, "\(name): unsafe fixes changed \(Set(unannounced).sorted()) beyond \(announced.sorted())", sourceLocation: sourceLocation)
    #expect(topLevel || diff.top.isEmpty, "\(name): unsafe fixes changed \(diff.top.map(\.field))", sourceLocation: sourceLocation)
  }
}

/// `--fix` over every real-world profile (skipped without ../shared/corpus).
@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusFixTests {
  @Test(arguments: Corpus.profiles)
  func fixingKeepsTheFileJSONAndChangesOnlyWhatItAnnounces(_ relative: String) throws {
    try expectFixProperties(try Array(Data(contentsOf: URL(fileURLWithPath: Corpus.path(relative)))), name: relative)
  }
}

@Suite struct FmtDirectoryTests {
  /// CI recipes give directories: `fmt --check DIR` checks the profiles in it (found by content, as `lint` does).
  @Test func fmtCheckTakesDirectories() throws {
    let directory = try Scratch.directory("fmt-dir")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try FmtCommandTests.messy.write(to: directory.appendingPathComponent("sub/messy.json"), atomically: true, encoding: .utf8)
    try FmtCommandTests.formatted.write(to: directory.appendingPathComponent("clean.json"), atomically: true, encoding: .utf8)
    try "not a profile".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let run = runCLI(["fmt", "--check", directory.path])
    #expect(run.code == .findings)
    #expect(run.stdout == "would reformat \(directory.path)/sub/messy.json\n")
    #expect(run.stderr == "1 file would be reformatted, 1 file already formatted\n")
  }
}
