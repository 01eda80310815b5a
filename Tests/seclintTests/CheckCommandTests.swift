import Foundation
import Testing
import TestSupport
@testable import seclint

@Suite struct CheckCommandTests {
  private let fixture = "Tests/EvidenceTests/Fixtures/workload-f-tt.stderr.strace"

  private func check(_ arguments: [String], stdin: String = "") -> CLIRun {
    runCLI(["check"] + arguments, stdin: stdin, in: Paths.packageRoot)
  }

  /// The real strace recording of workload.c against the project profile: each blocked call with its rule and
  /// suggestion (this test must always run; moby's own default is checked below when the corpus is present).
  @Test func realStraceAgainstTheProjectProfile() {
    let run = check(["profiles/workload.json", fixture, "--arch", "x86_64"])
    #expect(run.code == .findings)
    let text = run.stdout
    #expect(text.contains("BLOCKED socket(arg0=AF_VSOCK) on SCMP_ARCH_X86_64 (41)"))
    #expect(text.contains("rule /syscalls/5 at profiles/workload.json:"))
    #expect(text.contains("the rule at profiles/workload.json:156:5 allows it only when arg0 != 40"))
    #expect(text.contains("BLOCKED clone(arg0=CLONE_NEWUTS|SIGCHLD)"))
    #expect(text.contains("fix: allowed with --cap-add CAP_SYS_ADMIN"))
    #expect(text.contains("BLOCKED personality(arg0=PER_BSD)"))
    #expect(text.contains("BLOCKED keyctl"))
    #expect(text.contains("blocked by the docker blocklist for this reason: Prevent containers from using the kernel keyring, which is not namespaced: think twice"))
    #expect(text.contains("BLOCKED clone3"))
    #expect(text.contains("it fails with ENOSYS on purpose"))
    #expect(text.contains("SCMP_ARCH_X86: getpid personality(arg0=0xffffffff)"))
    #expect(text.contains("summary: 32 distinct calls, 7 blocked, 25 allowed, 0 malformed lines of 70"))
    // With CAP_SYS_ADMIN the namespace calls pass.
    let admin = check(["profiles/workload.json", fixture, "--arch", "x86_64", "--cap-add", "CAP_SYS_ADMIN"]).stdout
    #expect(!admin.contains("BLOCKED clone("))
    #expect(!admin.contains("BLOCKED unshare"))
    #expect(admin.contains("BLOCKED socket(arg0=AF_VSOCK)"))
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func realStraceAgainstMobysDefault() {
    let moby = Corpus.path("moby/v28.2.0.json")
    let run = runCLI(["check", moby, Paths.packageRoot.appendingPathComponent(fixture).path, "--arch", "x86_64", "--format", "json"])
    #expect(run.code == .findings)
    guard let json = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
      let calls = json["calls"] as? [[String: Any]]
    else {
      Issue.record("no JSON: \(run.stderr)")
      return
    }
    func blocked(_ syscall: String, _ text: String? = nil) -> [String: Any]? {
      calls.first { call in
        call["syscall"] as? String == syscall && call["verdict"] as? String == "blocked"
          && (text == nil || ((call["args"] as? [[String: Any]])?.first?["text"] as? String) == text)
      }
    }
    #expect(blocked("socket", "AF_VSOCK")?["fix"] as? String != nil)
    #expect((blocked("clone", "CLONE_NEWUTS|SIGCHLD")?["fix"] as? String)?.contains("allowed with --cap-add CAP_SYS_ADMIN") == true)
    #expect(blocked("personality", "PER_BSD") != nil)
    #expect((blocked("keyctl")?["reasonSource"] as? String) == "docker")
    #expect((blocked("mount")?["fix"] as? String)?.contains("allowed with --cap-add CAP_SYS_ADMIN") == true)
    #expect((blocked("unshare")?["fix"] as? String)?.contains("allowed with --cap-add CAP_SYS_ADMIN") == true)
    #expect((blocked("clone3")?["errno"] as? Int) == 38)
    #expect(blocked("socket", "AF_INET") == nil)
    #expect(blocked("personality", "PER_LINUX32") == nil)
  }

  @Test func goldenFormats() {
    for (format, golden) in [("text", "check-workload.txt"), ("json", "check-workload.json"), ("github", "check-workload.github.txt")] {
      let run = check(["profiles/workload.json", fixture, "Tests/seclintTests/Golden/check-audit.log", "--arch", "x86_64", "--format", format])
      #expect(run.code == .findings)
      expectGolden(run.stdout.replacingOccurrences(of: "kernel 7.0", with: "kernel X"), golden)
    }
  }

  @Test func auditRecordsComparedWithTheProfile() {
    let run = check(["profiles/workload.json", "Tests/seclintTests/Golden/check-audit.log", "--arch", "x86_64"])
    // mkdir was recorded as kill-thread but this profile returns EPERM: another profile/arch/runtime did it.
    #expect(run.stdout.contains("recorded kill-thread but this profile gives ERRNO(EPERM) on SCMP_ARCH_X86_64: the denial did not come from this profile"))
    #expect(run.stdout.contains("the kernel logs ERRNO only for filters loaded with SECCOMP_FILTER_FLAG_LOG"))
    // x32 is in the archMap's filter; i386 getpid is allowed by the 32-bit rule.
    #expect(run.stdout.contains("SCMP_ARCH_X32"))
  }

  @Test func runtimeRequiredCallsAndOlderRunc() {
    let profile = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write", "close", "openat", "execve", "exit_group", "capget", "capset", "prctl", "chdir", "getcwd", "getppid", "fstat", "newfstatat", "setgroups", "setgid", "setuid"], "action": "SCMP_ACT_ALLOW"}]}"#
    let current = check(["-", "profiles/webapp.json", "--arch", "x86_64"], stdin: profile)
    #expect(current.code == .findings)
    #expect(current.stdout.contains("fstatfs: ERRNO(EPERM) — utils.UnsafeCloseFrom"))
    #expect(current.stdout.contains("getdents64: ERRNO(EPERM)"))
    // runc ≤ 1.1.11 scanned /proc/self/fd only before a late filter: with no-new-privileges it needs neither.
    let old = check(["-", "profiles/webapp.json", "--arch", "x86_64", "--runtime", "runc-1.1.11"], stdin: profile)
    #expect(old.stdout.contains("fstatfs: ERRNO(EPERM) (unless the container runs with no-new-privileges)"))
  }

  @Test func listsTyposAndHostileInput() {
    let run = check(["profiles/workload.json", "-", "--arch", "x86_64"], stdin: "read\nopne\n\u{1B}]0;title\u{07}\n435\n")
    #expect(run.code == .findings)
    #expect(run.stdout.contains("UNKNOWN opne ×1, first at -:2: libseccomp knows no such syscall (did you mean 'open'?)"))
    #expect(run.stdout.contains("malformed: -:3: expected a syscall name or number"))
    #expect(!run.stdout.contains("\u{1B}"))
    #expect(check(["profiles/workload.json", "/nonexistent/log"]).code == .failure)
    #expect(check(["profiles/workload.json"]).code == .failure)
    #expect(check(["profiles/workload.json", "-", "-"]).code == .failure)
    let clean = check(["profiles/workload.json", "-", "--arch", "x86_64"], stdin: "read\nwrite\n")
    #expect(clean.code == .success)
    #expect(clean.stdout.contains("summary: 2 distinct calls, 0 blocked, 2 allowed, 0 malformed lines of 2"))
  }
}
