import Foundation
import Linter
import Testing
import TestSupport
@testable import seclint

/// `.seclint.json` means what it says (issue #13 item 5) and ignores can be scoped by file and syscall
/// (issue #14 item 3).
@Suite struct ConfigurationScopeTests {
  func directory(config: String, profiles: [String: String] = [:]) throws -> URL {
    let directory = try Scratch.directory("scope")
    try config.write(to: directory.appendingPathComponent(".seclint.json"), atomically: true, encoding: .utf8)
    let flawed = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"), encoding: .utf8)
    for (path, text) in profiles.isEmpty ? ["flawed.json": flawed] : profiles {
      let url = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try (text.isEmpty ? flawed : text).write(to: url, atomically: true, encoding: .utf8)
    }
    return directory
  }

  @Test(arguments: ["*", "all", "syscalls/0", "/syscalls/~2"])
  func pointerThatIsNotAJSONPointerIsAnError(pointer: String) throws {
    let config = #"{"version": 1, "ignore": [{"rule": "blocklist-conflict", "pointer": "\#(pointer)", "reason": "x"}]}"#
    let directory = try directory(config: config)
    let run = runCLI(["lint", "flawed.json"], in: directory)
    #expect(run.code == .failure)
    #expect(run.stderr.contains(".seclint.json:1:69: \"pointer\" \"\(pointer)\" is not a JSON pointer"), "\(run.stderr)")
    #expect(run.stdout.isEmpty, "nothing is linted with a configuration that does not mean what it says")
  }

  @Test func validPointersStillWork() throws {
    func lint(_ pointer: String) throws -> String {
      let config = #"{"version": 1, "ignore": [{"rule": "blocklist-conflict", "pointer": "\#(pointer)", "reason": "x"}]}"#
      let run = runCLI(["lint", "flawed.json", "--format", "json"], in: try directory(config: config))
      #expect(run.code == .findings, "\(pointer): \(run.stderr)")
      return run.stdout
    }
    #expect(!(try lint("")).contains(#""name" : "blocklist-conflict""#), "the empty pointer is the whole profile")
    #expect(!(try lint("/syscalls/0")).contains("socketcall is allowed unconditionally"))
    #expect(!(try lint("/syscalls/0/names/5")).contains("socketcall is allowed unconditionally"))
    let escaped = try lint("/a~1b~0c")
    #expect(escaped.contains("socketcall is allowed unconditionally"))
    #expect(escaped.contains(".seclint.json ignore of blocklist-conflict at /a~1b~0c matches no finding"))
  }

  @Test func ruleSetTwiceByCodeAndNameIsAnError() throws {
    let config = #"{"version": 1, "rules": {"SCL201": "off", "unknown-syscall": "error"}}"#
    let run = runCLI(["lint", "flawed.json"], in: try directory(config: config))
    #expect(run.code == .failure)
    #expect(run.stderr.hasSuffix(".seclint.json:1:43: rule 'unknown-syscall' is set twice ('SCL201' and 'unknown-syscall' are both SCL201 unknown-syscall)\n"))
    // The same rule under one spelling with one value is fine; two different rules are fine.
    let fine = runCLI(["lint", "flawed.json"], in: try directory(config: #"{"version": 1, "rules": {"SCL201": "off", "unknown-key": "off"}}"#))
    #expect(fine.code == .findings)
  }

  @Test func disableAndEnableOfOneRuleIsAUsageError() {
    for (disable, enable) in [("SCL201", "unknown-syscall"), ("unknown-syscall", "unknown-syscall")] {
      let run = runCLI(["lint", "profiles/flawed.json", "--disable", disable, "--enable", enable], in: Paths.packageRoot)
      #expect(run.code == .failure)
      #expect(run.stderr.hasPrefix("Error: Rule SCL201 unknown-syscall is both disabled and enabled"))
    }
    #expect(runCLI(["lint", "profiles/flawed.json", "--disable", "SCL201", "--enable", "unknown-key"], in: Paths.packageRoot).code == .findings)
  }

  @Test func repeatedBlocklistsAreLoadedOnce() throws {
    let once = runCLI(["lint", "profiles/flawed.json", "--format", "json"], in: Paths.packageRoot)
    let started = Date()
    let many = runCLI(
      ["lint", "profiles/flawed.json", "--format", "json"] + Array(repeating: ["--blocklist", "docker"], count: 8000).flatMap { $0 },
      in: Paths.packageRoot)
    #expect(Date().timeIntervalSince(started) < 5, "8,000 repeated lists took 14 s when each was applied")
    #expect(many.stdout == once.stdout)
    let file = Paths.packageRoot.appendingPathComponent("profiles/blocklists/example.json").path
    let one = runCLI(["lint", "profiles/flawed.json", "--format", "json", "--blocklist", file], in: Paths.packageRoot)
    let spelled = runCLI(
      ["lint", "profiles/flawed.json", "--format", "json", "--blocklist", file, "--blocklist", "profiles/blocklists/../blocklists/example.json"],
      in: Paths.packageRoot)
    #expect(spelled.stdout == one.stdout, "the same file under two spellings is one list")
  }

  @Test func ignoreScopedBySyscall() throws {
    let config = #"{"version": 1, "ignore": [{"rule": "blocklist-conflict", "syscalls": ["socketcall"], "reason": "i386 SteamCMD"}, {"rule": "unknown-syscall", "syscalls": ["nosuch"], "reason": "stale"}]}"#
    let run = runCLI(["lint", "flawed.json", "--format", "json"], in: try directory(config: config))
    #expect(!run.stdout.contains("socketcall is allowed unconditionally"))
    #expect(run.stdout.contains("unknown syscall 'opne'"), "only the named syscall is ignored")
    #expect(run.stdout.contains(".seclint.json ignore of unknown-syscall for nosuch matches no finding"))
  }

  @Test func ignoreScopedByFileGlob() throws {
    let config = #"{"version": 1, "ignore": [{"rule": "unknown-syscall", "files": ["deploy/**/*.json"], "reason": "legacy"}, {"rule": "blocklist-conflict", "files": ["other/*.json"], "pointer": "/syscalls/0", "reason": "elsewhere"}]}"#
    let directory = try directory(config: config, profiles: ["deploy/a/b/flawed.json": "", "flawed.json": ""])
    let deployed = runCLI(["lint", "deploy/a/b/flawed.json", "--format", "json"], in: directory)
    #expect(!deployed.stdout.contains(#""name" : "unknown-syscall""#), "the glob matches deploy/a/b/flawed.json")
    #expect(!deployed.stdout.contains("unused-suppression"), "an ignore scoped to other files is not unused here")
    #expect(deployed.stdout.contains("socketcall is allowed unconditionally"))
    let root = runCLI(["lint", "flawed.json", "--format", "json"], in: directory)
    #expect(root.stdout.contains(#""name" : "unknown-syscall""#), "flawed.json is not under deploy/")
    #expect(!root.stdout.contains("unused-suppression"))
  }

  @Test func ignoreNeedsAScope() throws {
    let run = runCLI(["lint", "flawed.json"], in: try directory(config: #"{"version": 1, "ignore": [{"rule": "unknown-syscall", "reason": "x"}]}"#))
    #expect(run.code == .failure)
    #expect(run.stderr.contains(#"an "ignore" entry needs "pointer", "files" or "syscalls""#))
    let empty = runCLI(["lint", "flawed.json"], in: try directory(config: #"{"version": 1, "ignore": [{"rule": "unknown-syscall", "files": [], "reason": "x"}]}"#))
    #expect(empty.code == .failure)
    #expect(empty.stderr.contains(#""files" must not be empty"#))
  }

  @Test(arguments: [
    ("*.json", "a/b/c.json", true), ("*.json", "c.yaml", false), ("deploy/*.json", "deploy/x.json", true),
    ("deploy/*.json", "deploy/a/x.json", false), ("deploy/**/x.json", "deploy/x.json", true),
    ("deploy/**/x.json", "deploy/a/b/x.json", true), ("**/seccomp?.json", "a/seccomp1.json", true),
    ("**/seccomp?.json", "a/seccomp12.json", false), ("./deploy/*", "deploy/x", true), ("de*y/**", "deploy/a/b", true),
    ("a/**/b/**/c", "a/x/b/y/z/c", true), ("a/**/b", "a/x/c", false), ("?", "ab", false),
  ])
  func fileGlobs(pattern: String, path: String, matches: Bool) {
    #expect(FileGlob(pattern).matches(path) == matches)
  }
}

@Suite struct LintAdoptionOptionTests {
  @Test func statistics() {
    let run = runCLI(["lint", "profiles/flawed.json", "--statistics"], in: Paths.packageRoot)
    #expect(run.code == .findings)
    expectGolden(run.stdout, "lint-flawed-statistics.txt")
    let json = runCLI(["lint", "profiles/flawed.json", "--statistics", "--format", "json"], in: Paths.packageRoot)
    #expect(json.stdout.contains(#""total" : 12"#))
    let sarif = runCLI(["lint", "profiles/flawed.json", "--statistics", "--format", "sarif"], in: Paths.packageRoot)
    #expect(sarif.code == .failure)
  }

  @Test func quietPrintsOnlyTheSummary() {
    let run = runCLI(["lint", "profiles/flawed.json", "--quiet"], in: Paths.packageRoot)
    #expect(run.code == .findings, "the exit status is unchanged")
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "4 errors, 8 warnings and 0 notes in 1 file\n")
    #expect(runCLI(["lint", "profiles/webapp.json", "-q", "--format", "sarif"], in: Paths.packageRoot).stdout.isEmpty)
  }

  @Test func standardInputUnderAName() throws {
    let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"), encoding: .utf8)
    let run = runCLI(["lint", "-", "--stdin-filename", "deploy/seccomp.json", "--format", "github"], stdin: text, in: Paths.packageRoot)
    #expect(run.stdout.hasPrefix("::error file=deploy/seccomp.json,line=8,col=34,title=seclint SCL201 unknown-syscall::"))
    let text2 = runCLI(["lint", "-", "--stdin-filename", "deploy/seccomp.json", "--color", "never"], stdin: text, in: Paths.packageRoot)
    #expect(text2.stdout.contains("deploy/seccomp.json:8:34: error: unknown syscall 'opne'"), "the source line is found too")
    #expect(text2.stdout.contains(#"          "names": ["read", "write", "opne""#))
    let unused = runCLI(["lint", "profiles/flawed.json", "--stdin-filename", "x.json"], in: Paths.packageRoot)
    #expect(unused.code == .failure)
    #expect(unused.stderr.hasPrefix("Error: --stdin-filename names standard input, but no profile is '-'."))
  }

  @Test func directoriesAreSearchedForProfilesByContent() throws {
    let root = try Scratch.directory("tree")
    let flawed = try Data(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"))
    let webapp = try Data(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/webapp.json"))
    func put(_ path: String, _ data: Data) throws {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url)
    }
    try put("deploy/z.json", webapp)
    try put("deploy/b/seccomp.profile", flawed)  // no .json: found by content
    try put("deploy/a.json", webapp)
    try put("package.json", Data(#"{"name": "app", "version": "1.0.0"}"#.utf8))
    try put("notes.txt", Data("defaultAction".utf8))
    try put(".git/x.json", flawed)
    try put(".build/y.json", flawed)
    try put("deploy/.hidden/w.json", flawed)
    try put("broken.json", Data(#"{"defaultAction": "SCMP_ACT_ERRNO","#.utf8))
    try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("deploy/loop").path, withDestinationPath: root.path)
    #expect(mkfifo(root.appendingPathComponent("deploy/fifo.json").path, 0o600) == 0)
    let run = runCLI(["lint", ".", "--format", "json"], in: root)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect((report["summary"] as? [String: Any])?["files"] as? Int == 4)
    #expect(run.code == .failure, "broken.json is reported, not skipped")
    #expect(run.stderr.contains("Error: broken.json:1:36: "))
    let files = Set(((report["diagnostics"] as? [[String: Any]]) ?? []).compactMap { $0["file"] as? String })
    #expect(files == ["deploy/b/seccomp.profile"])
    let listed = runCLI(["lint", "deploy", "--statistics", "--format", "json"], in: root)
    #expect(listed.code == .findings)
    let again = runCLI(["lint", "deploy", "deploy/a.json", "--format", "json"], in: root)
    #expect(again.stdout.contains(#""files" : 3"#), "a file named twice is linted once")
    let text = runCLI(["lint", "deploy", "--color", "never"], in: root)
    #expect(text.stdout.hasPrefix("deploy/b/seccomp.profile:"))
    let empty = try Scratch.directory("empty")
    let nothing = runCLI(["lint", empty.path])
    #expect(nothing.code == .failure)
    #expect(nothing.stderr.hasPrefix("Error: \(empty.path): no seccomp profile in this directory"))
  }
}
