import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport
@testable import seclint

@Suite struct BlockedCommandTests {
  let target = ["--arch", "amd64", "--kernel", "6.18"]
  var webapp: String { Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path }

  /// Paths in output are as given; run from the package root so goldens say `profiles/webapp.json`.
  func run(_ arguments: [String]) -> CLIRun {
    runCLI(arguments.map { $0 == webapp ? "profiles/webapp.json" : $0 }, in: Paths.packageRoot)
  }

  @Test func textGolden() {
    let result = run(["blocked", webapp] + target)
    #expect(result.code == .success)
    #expect(result.stderr.isEmpty)
    expectGolden(result.stdout, "blocked-webapp.txt")
  }

  @Test func jsonGolden() throws {
    let result = run(["blocked", "--format", "json", webapp] + target)
    #expect(result.code == .success)
    expectGolden(result.stdout, "blocked-webapp.json")
    // Every blocked entry is the evaluator's decision for that (arch, syscall).
    let document = try ProfileLoader.load(path: webapp)
    let policy = Evaluator.evaluate(document, for: Target(architecture: try #require(Architecture.parse("amd64")), kernel: KernelVersion(6, 18)))
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let blocked = try #require(report?["blocked"] as? [[String: Any]])
    #expect(blocked.count == policy.abis.reduce(0) { $0 + $1.syscalls.filter(\.decision.canBlock).count })
    let clone = try #require(blocked.first { $0["syscall"] as? String == "clone" && $0["arch"] as? String == "SCMP_ARCH_X86_64" })
    #expect(clone["rule"] as? String == "/syscalls/1")
    #expect((clone["args"] as? [[String: Any]])?.first?["when"] as? String == "arg0 & 0x7e020000 == 0")
    #expect(clone["reasonSource"] as? String == "comment")
  }

  @Test func allListsEveryBlockedSyscall() {
    let result = run(["blocked", "--all", webapp] + target)
    #expect(!result.stdout.contains("more not in the allowlist"))
    #expect(result.stdout.contains("io_uring_setup(425)"))
  }

  @Test func refusedProfileExits2WithTheRuntimeError() throws {
    let file = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"], "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let result = run(["blocked", file] + target)
    #expect(result.code == .failure)
    #expect(result.stderr.contains("the container would not start: libseccomp refuses the profile: error adding architecture"))
  }

  @Test func unconfinedProfile() throws {
    let result = run(["blocked", try temporaryProfile("{}")] + target)
    #expect(result.code == .success)
    #expect(result.stdout.contains("unconfined: the profile has no defaultAction and no syscalls"))
  }

  @Test func standardInput() throws {
    let text = try String(contentsOfFile: webapp, encoding: .utf8)
    let result = runCLI(["blocked", "-", "--format", "json"] + target, stdin: text)
    #expect(result.code == .success)
    #expect(result.stdout.contains(#""profile" : "-""#))
  }

  @Test func customBlocklistReasons() throws {
    let list = try temporaryProfile(#"{"schemaVersion": 1, "name": "acme", "title": "ACME platform", "syscalls": [{"names": ["mount"], "reason": "ACME forbids mounts"}]}"#)
    let result = run(["blocked", "--blocklist", list, webapp] + target)
    #expect(result.stdout.contains("mount(165) — acme: ACME forbids mounts"))
    #expect(result.stdout.contains("acct(163)") == false, "only the chosen list explains syscalls")
    #expect(run(["blocked", "--blocklist", "nope", webapp]).stderr.hasPrefix("Error: nope: no such blocklist file (built-in lists: docker, palantir)"))
  }

  @Test func targetOptionErrors() {
    #expect(run(["blocked", webapp, "--cap-add", "SYS_ADMN"]).stderr.hasPrefix("Error: Unknown capability 'SYS_ADMN'. Did you mean 'CAP_SYS_ADMIN'?"))
    #expect(run(["blocked", webapp, "--kernel", "5"]).stderr.hasPrefix("Error: Invalid kernel version '5'; expected X.Y such as 5.10."))
    #expect(run(["blocked"]).stderr.hasPrefix("Error: Missing expected argument '<profile>'."))
    #expect(run(["blocked", "/nonexistent.json"]).stderr == "Error: /nonexistent.json: no such file\n")
  }

  @Test func capabilityArithmeticFollowsDocker() throws {
    func caps(_ arguments: [String]) throws -> Set<String> {
      try TargetOptions.capabilities(try BlockedCommand.spec.parse(arguments))
    }
    #expect(try caps([]) == Capabilities.dockerDefault)
    #expect(try caps(["--cap-add", "sys_admin"]) == Capabilities.dockerDefault.union(["CAP_SYS_ADMIN"]))
    #expect(try caps(["--cap-drop", "ALL", "--cap-add", "CHOWN"]) == ["CAP_CHOWN"])
    #expect(try caps(["--cap-add", "ALL", "--cap-drop", "MKNOD"]) == Set(Capabilities.all).subtracting(["CAP_MKNOD"]))
    #expect(try caps(["--caps", "none"]) == [])
    #expect(try caps(["--caps", "CAP_BPF,perfmon"]) == ["CAP_BPF", "CAP_PERFMON"])
  }
}

@Suite struct ExplainCommandTests {
  var webapp: String { Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path }

  @Test func textAndJSONGoldens() {
    let arguments = ["profiles/webapp.json", "clone", "socket", "clone3", "--arch", "x86_64", "--kernel", "6.18"]
    let text = runCLI(["explain"] + arguments, in: Paths.packageRoot)
    #expect(text.code == .success)
    expectGolden(text.stdout, "explain-webapp.txt")
    let json = runCLI(["explain", "--format", "json"] + arguments, in: Paths.packageRoot)
    expectGolden(json.stdout, "explain-webapp.json")
  }

  @Test func unknownSyscallSuggests() {
    let result = runCLI(["explain", webapp, "ptrac"])
    #expect(result.code == .failure)
    #expect(result.stderr == "Error: unknown syscall 'ptrac': libseccomp knows it on no architecture. Did you mean 'ptrace'?\n")
  }

  @Test func whatWouldChange() throws {
    let file = try temporaryProfile(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}, {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE"]}}, {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"}]}"#)
    let result = runCLI(["explain", file, "ptrace", "--arch", "amd64", "--kernel", "4.4"])
    #expect(result.stdout.contains("/syscalls/0  ALLOW: dropped by Docker (kernel 4.4 < minKernel 4.8)"))
    #expect(result.stdout.contains("with --kernel 4.8: ALLOW — rule /syscalls/0"))
    #expect(result.stdout.contains("with --cap-add CAP_SYS_PTRACE: ALLOW — rule /syscalls/1"))
    #expect(!result.stdout.contains("--kernel 4.7"), "4.7 changes nothing from 4.4")
  }
}

/// A profile file in a fresh temporary directory.
func temporaryProfile(_ text: String) throws -> String {
  let directory = try Scratch.directory("profile")
  let file = directory.appendingPathComponent("profile.json")
  try text.write(to: file, atomically: true, encoding: .utf8)
  return file.path
}

/// errno numbers are per arch: 38 is ENOSYS on x86, arm, s390, ppc and riscv, but on mips ENOSYS is 89.
@Suite struct ErrnoNamesPerArchTests {
  func profile(errno: Int) throws -> String {
    try temporaryProfile(
      #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "futex_waitv"], "action": "SCMP_ACT_ALLOW"}, {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": \#(errno)}]}"#)
  }

  @Test func explainNamesErrnoAsTheHostNumbersIt() throws {
    let mips38 = runCLI(["explain", try profile(errno: 38), "clone3", "--arch", "mips64"])
    #expect(mips38.stdout.contains("SCMP_ARCH_MIPS64 (5435): ERRNO(38) — rule /syscalls/1"))
    #expect(!mips38.stdout.contains("ENOSYS"))
    let mips89 = runCLI(["explain", try profile(errno: 89), "clone3", "--arch", "mips64"])
    #expect(mips89.stdout.contains("ERRNO(ENOSYS) — rule /syscalls/1"))
    let x86 = runCLI(["explain", try profile(errno: 38), "clone3", "--arch", "amd64"])
    #expect(x86.stdout.contains("ERRNO(ENOSYS) — rule /syscalls/1"))
  }

  @Test func blockedNamesErrnoPerABI() throws {
    let mips = runCLI(["blocked", try profile(errno: 38), "--arch", "mips64"])
    #expect(mips.stdout.contains("ERRNO(38)"))
    #expect(mips.stdout.contains("clone3(5435)"))
    #expect(Errno.name(38, on: try #require(Architecture.parse("mips64"))) == "38")
    #expect(Errno.name(13, on: try #require(Architecture.parse("mips64"))) == "EACCES")
    #expect(Errno.name(38, on: try #require(Architecture.parse("s390x"))) == "ENOSYS")
  }
}
