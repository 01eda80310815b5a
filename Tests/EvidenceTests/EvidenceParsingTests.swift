import Foundation
import Testing
import TestSupport
@testable import Evidence
import SyscallTables

private let x86_64 = Architecture.withToken("SCMP_ARCH_X86_64")!
private let aarch64 = Architecture.withToken("SCMP_ARCH_AARCH64")!

private func collect(_ text: String, host: Architecture = x86_64, tested: [String: [Int]] = [:]) -> EvidenceCollector {
  var collector = EvidenceCollector(host: host, testedArguments: tested)
  collector.read(bytes: Array(text.utf8), as: "evidence")
  return collector
}

private func names(_ collector: EvidenceCollector) -> [String] {
  collector.calls.keys.map { "\($0.architecture.token):\($0.name ?? "#\($0.number ?? -1)")" }.sorted()
}

@Suite struct AuditRecordTests {
  @Test func x86_64RecordGivesTheSyscallAndAction() {
    let c = collect(
      "type=SECCOMP msg=audit(1700000000.123:456): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=4242 comm=\"mkdir\" exe=\"/usr/bin/mkdir\" sig=0 arch=c000003e syscall=83 compat=0 ip=0x7f3a2b1c0d0e code=0x50000\n")
    #expect(names(c) == ["SCMP_ARCH_X86_64:mkdir"])
    let stats = c.calls.values.first!
    #expect(stats.recorded == [.errno])
    #expect(stats.commands == ["mkdir"])
    #expect(c.sources.first?.format == .audit)
  }

  @Test func i386OnX86_64UsesTheI386Table() {
    // AUDIT_ARCH_I386 0x40000003; i386 syscall 20 is getpid (on x86_64, 20 is writev).
    let c = collect("audit: type=1326 audit(1.2:3): auid=0 uid=0 gid=0 ses=1 pid=9 comm=\"a\" exe=\"/a\" sig=31 arch=40000003 syscall=20 compat=1 ip=0x1 code=0x0\n")
    #expect(names(c) == ["SCMP_ARCH_X86:getpid"])
    #expect(c.calls.values.first?.recorded == [.killThread])
  }

  @Test func x32NumbersCarryBit30() {
    // x32 shares AUDIT_ARCH_X86_64; 0x40000000 | 39 is x32's getpid.
    let c = collect("type=SECCOMP msg=audit(1.2:3): pid=9 comm=\"a\" sig=0 arch=c000003e syscall=1073741863 compat=1 ip=0x1 code=0x7ffc0000\n")
    #expect(names(c) == ["SCMP_ARCH_X32:getpid"])
    #expect(c.calls.keys.first?.number == 0x4000_0027)
    #expect(c.calls.values.first?.recorded == [.log])
  }

  @Test func aarch64NumbersAndArmCompat() {
    // aarch64 56 is openat; AUDIT_ARCH_ARM 0x40000028 with 20 is getpid.
    let c = collect(
      """
      Jul  8 10:31:23 host kernel: [  270.8] audit: type=1326 audit(1625740283.502:574): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=4709 comm="sh" exe="/bin/busybox" sig=0 arch=c00000b7 syscall=56 compat=0 ip=0x1 code=0x80000000
      May 28 15:24:32 casper audit[7645]: SECCOMP auid=4294967295 uid=0 gid=0 ses=4294967295 pid=7645 comm="mount" sig=0 arch=40000028 syscall=20 compat=1 ip=0x1 code=0x50000

      """, host: aarch64)
    #expect(names(c) == ["SCMP_ARCH_AARCH64:openat", "SCMP_ARCH_ARM:getpid"])
  }

  @Test func interpretedRecordsAndHexComm() {
    let c = collect(
      "type=SECCOMP msg=audit(03/04/2025 07:39:37.599:201) : auid=unset uid=root gid=root ses=unset pid=6464 comm=6D79206170700A exe=/x sig=SIGSYS arch=aarch64 syscall=faccessat compat=0 ip=0xffff92e23698 code=kill-thread\n")
    #expect(names(c) == ["SCMP_ARCH_AARCH64:faccessat"])
    #expect(c.calls.values.first?.recorded == [.killThread])
    #expect(c.calls.values.first?.commands == ["my app?"])
  }

  @Test func otherRecordsAreSkippedAndBrokenOnesReportedWithLineNumbers() {
    let c = collect(
      """
      type=SYSCALL msg=audit(1451781471.394:194435): arch=c000003e syscall=23 success=yes exit=1
      type=1326 syscall=1
      audit: type=1326 audit(1.1:1): pid=1 arch=zzzz syscall=1 code=0x50000
      type=SECCOMP msg=audit(1.1:2): pid=1 arch=c000003e syscall=1 code=0x50000

      """)
    #expect(names(c) == ["SCMP_ARCH_X86_64:write"])
    #expect(c.sources.first?.malformed == 2)
    #expect(c.malformed.map(\.line) == [2, 3])
    #expect(c.sources.first?.skipped == 1)
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason))) func corpusSamplesParse() throws {
    let traces = Corpus.directory.appendingPathComponent("traces")
    for (file, expected) in [
      ("audit-seccomp-records.spo-auditsource-test.log", 3), ("journald-audit-seccomp-and-kernel-type1326.crun-issue-683.log", 1),
      ("syslog-audit-type1326.kubernetes-website-seccomp-tutorial.log", 8),
    ] {
      var collector = EvidenceCollector(host: x86_64)
      #expect(collector.read(path: traces.appendingPathComponent(file).path, as: file) == nil)
      #expect(collector.sources.first?.format == .audit, "\(file)")
      #expect(collector.calls.values.map(\.count).reduce(0, +) >= expected, "\(file)")
    }
  }
}

@Suite struct StraceParsingTests {
  private func fixture(_ name: String) -> String {
    Paths.packageRoot.appendingPathComponent("Tests/EvidenceTests/Fixtures").appendingPathComponent(name).path
  }

  private let tested = ["socket": [0], "clone": [0], "personality": [0]]

  /// Every recording of workload.c (Scripts/record-evidence-fixtures.sh) shows the same calls and argument values.
  @Test(arguments: ["workload-f-o.strace", "workload-f-tt.stderr.strace", "workload-ttt-raw-n.stderr.strace", "workload-f-r.strace"])
  func realRecordingsGiveTheWorkloadsCalls(file: String) {
    var collector = EvidenceCollector(host: x86_64, testedArguments: tested)
    #expect(collector.read(path: fixture(file), as: file) == nil)
    #expect(collector.sources.first?.format == .strace)
    #expect(collector.sources.first?.malformed == 0, "\(collector.malformed)")
    let keys = collector.calls.keys
    func values(_ name: String) -> Set<UInt64?> { Set(keys.filter { $0.name == name && $0.architecture == x86_64 }.map { $0.arguments.first?.value }) }
    #expect(values("socket") == Set<UInt64?>([40, 2]))
    #expect(values("clone") == Set<UInt64?>([0x4000000 | 17, 17]))
    #expect(values("personality") == Set<UInt64?>([0xffff_ffff, 8, 0, 6]))
    for name in ["clone3", "keyctl", "mount", "unshare", "execve", "exit_group"] {
      #expect(keys.contains { $0.name == name && $0.architecture == x86_64 }, "\(name) in \(file)")
    }
    let x86 = keys.filter { $0.architecture.token == "SCMP_ARCH_X86" }.compactMap(\.name).sorted()
    if file.contains("stderr") {
      // strace writes "[ Process PID=N runs in 32 bit mode. ]" to stderr: the int $0x80 calls are i386's.
      #expect(x86 == ["getpid", "personality"])
    } else {
      // With -o FILE strace 6.1 leaves the message out of the file: the i386 calls look native (documented trap).
      #expect(x86.isEmpty)
    }
  }

  @Test func summaryTablesHaveOneTablePerPersonality() {
    var collector = EvidenceCollector(host: x86_64)
    #expect(collector.read(path: fixture("workload-c.strace"), as: "c") == nil)
    #expect(collector.sources.first?.format == .straceSummary)
    #expect(collector.sources.first?.malformed == 0)
    let personality = collector.calls.first { $0.key.name == "personality" && $0.key.architecture == x86_64 }
    #expect(personality?.value.count == 5)
    #expect(collector.calls.keys.contains { $0.name == "getpid" && $0.architecture.token == "SCMP_ARCH_X86" })
  }

  @Test func unfinishedResumedSignalsAndSpliceAreNotMalformed() {
    let c = collect(
      """
      [pid  1905] select(0, NULL, NULL, NULL, {0, 198904} <unfinished ...>
      [pid 23966] ftruncate(28, 25165824)     = 0
      [pid  1905] <... select resumed> )      = 0 (Timeout)
      clone(child_stack=NULL, flags=CLONE_NEWUTS|SIGCHLDstrace: Process 19336 attached
      ) = 19336
      --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---
      +++ exited with 0 +++
      --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0xadae3a, si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_X86_64} ---
      10:31:23.123456 [ 435] syscall_0x1b4(0x7ffc, 0x58) = -1 ENOSYS (Function not implemented)
      \u{1B}[1mopenat\u{1B}[0m(AT_FDCWD, "/x", O_RDONLY) = -1 EPERM (Operation not permitted)
      this is not strace
      read(3,

      """, tested: ["clone": [0]])
    // syscall_0x1b4 is 436, close_range.
    #expect(names(c) == ["SCMP_ARCH_X86_64:clone", "SCMP_ARCH_X86_64:close_range", "SCMP_ARCH_X86_64:ftruncate", "SCMP_ARCH_X86_64:getpid", "SCMP_ARCH_X86_64:openat", "SCMP_ARCH_X86_64:select"])
    #expect(c.calls.first { $0.key.name == "getpid" }?.value.recorded == [.sigsys])
    #expect(c.calls.first { $0.key.name == "openat" }?.value.errors == ["EPERM": 1])
    #expect(c.calls.first { $0.key.name == "clone" }?.key.arguments.first?.value == 0x4000000 | 17)
    #expect(c.malformed.map(\.line) == [11, 12])
  }
}

@Suite struct ListParsingTests {
  @Test func namesNumbersCommentsAndTypos() {
    let c = collect("# recorded\nread\n  write 12\n435\n0x27\nopne\nnot a syscall line!\n")
    #expect(names(c) == ["SCMP_ARCH_X86_64:clone3", "SCMP_ARCH_X86_64:getpid", "SCMP_ARCH_X86_64:read", "SCMP_ARCH_X86_64:write"])
    #expect(c.unknownNames["opne"]?.count == 1)
    #expect(c.malformed.map(\.line) == [7])
    #expect(c.sources.first?.format == .list)
  }
}

@Suite struct StreamingTests {
  @Test func linesLongerThanTheBufferAndFilesWithoutFinalNewline() throws {
    let path = try Scratch.directory("evidence").appendingPathComponent("long.strace")
    let long = "write(1, \"" + String(repeating: "x", count: 3_000_000) + "\", 3000000) = 3000000\n"
    try (long + "read(0, \"\", 1) = 0").write(to: path, atomically: true, encoding: .utf8)
    var collector = EvidenceCollector(host: x86_64)
    #expect(collector.read(path: path.path, as: "long") == nil)
    #expect(names(collector) == ["SCMP_ARCH_X86_64:read", "SCMP_ARCH_X86_64:write"])
    var missing = EvidenceCollector(host: x86_64)
    #expect(missing.read(path: "/nonexistent/evidence", as: "x")?.contains("cannot open") == true)
  }
}
