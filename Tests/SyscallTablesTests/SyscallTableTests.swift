import SyscallTables
import Testing

@Suite struct SyscallTableTests {
  func table(_ arch: String) throws -> SyscallTable {
    SyscallTable.forArchitecture(try #require(Architecture.parse(arch)))
  }

  @Test func allTwentyThreeArchitecturesAreKnown() {
    #expect(Architecture.all.count == 23)
    #expect(Architecture.all.first?.token == "SCMP_ARCH_X86")
    #expect(Architecture.all.last?.token == "SCMP_ARCH_SHEB")
    #expect(SyscallData.names.count == 508)
  }

  @Test(arguments: [
    ("SCMP_ARCH_X86_64", "SCMP_ARCH_X86_64"), ("x86_64", "SCMP_ARCH_X86_64"), ("amd64", "SCMP_ARCH_X86_64"),
    ("AMD64", "SCMP_ARCH_X86_64"), ("386", "SCMP_ARCH_X86"), ("x86", "SCMP_ARCH_X86"),
    ("arm64", "SCMP_ARCH_AARCH64"), ("aarch64", "SCMP_ARCH_AARCH64"), ("loong64", "SCMP_ARCH_LOONGARCH64"),
    ("mips3l64n32", "SCMP_ARCH_MIPSEL64N32"), ("mips64p32le", "SCMP_ARCH_MIPSEL64N32"),
    ("mips64le", "SCMP_ARCH_MIPSEL64"), ("sheb", "SCMP_ARCH_SHEB"), ("ppc64le", "SCMP_ARCH_PPC64LE"),
  ])
  func parsesEverySpelling(_ spelling: String, _ token: String) {
    #expect(Architecture.parse(spelling)?.token == token)
  }

  @Test func unknownArchIsNil() {
    #expect(Architecture.parse("vax") == nil)
    #expect(Architecture.withToken("scmp_arch_x86_64") == nil, "profile tokens are case-sensitive")
  }

  @Test func fixUpsMatchLibseccomp() throws {
    #expect(try table("x86_64").resolve("read").number == 0)
    #expect(try table("x32").resolve("ptrace").number == 521 | 0x4000_0000)
    #expect(try table("x32").resolve("read").number == 0x4000_0000)
    #expect(try table("mips").resolve("read").number == 4003)
    #expect(try table("mips64").resolve("read").number == 5000)
    #expect(try table("mips64n32").resolve("read").number == 6000)
    #expect(try table("mipsel64n32").resolve("read").number == 6000)
    #expect(try table("arm").resolve("set_tls").number == 0x0f0005)
  }

  @Test func socketCallsResolveToPseudoNumbersOnMultiplexingArches() throws {
    let socket = try table("x86").resolve("socket")
    #expect(socket.number == -101)
    #expect(socket.directNumber == 359)
    #expect(socket.kind == .multiplexed(multiplexer: "socketcall", multiplexerNumber: 102, subcall: 1))
    let shmctl = try table("s390x").resolve("shmctl")
    #expect(shmctl.kind == .multiplexed(multiplexer: "ipc", multiplexerNumber: 117, subcall: 24))
    #expect(try table("mips").resolve("socket").kind
      == .multiplexed(multiplexer: "socketcall", multiplexerNumber: 4102, subcall: 1))
    #expect(try table("x86_64").resolve("socket").kind == .direct)
  }

  @Test func absentAndUnknownNames() throws {
    let socketcall = try table("x86_64").resolve("socketcall")
    #expect(socketcall.kind == .absent)
    #expect(socketcall.number == -10060)
    #expect(try table("x86_64").resolve("syscall_1f4").kind == .unknown)
    #expect(try table("x86_64").resolve("syscall_1f4").number == -1)
  }

  @Test func numberToName() throws {
    #expect(try table("x86").name(forNumber: 359) == "socket")
    #expect(try table("x86").name(forNumber: 102) == "socketcall")
    #expect(try table("x86").name(forNumber: -101) == "socket")
    #expect(try table("x86_64").name(forNumber: -101) == nil)
    #expect(try table("x86_64").name(forNumber: -10060) == "socketcall")
    #expect(try table("x86_64").name(forNumber: 0x4000_0001) == nil)
    #expect(try table("x32").name(forNumber: 101) == nil)
    #expect(try table("x86_64").name(forNumber: -1) == nil)
  }

  @Test func everyPNRCellHasAPseudoNumber() {
    for arch in Architecture.all {
      for name in SyscallData.names {
        let resolution = SyscallTable.forArchitecture(arch).resolve(name)
        if resolution.kind == .absent { #expect(resolution.number < -1, "\(name) on \(arch)") }
      }
    }
  }

  @Test func kernelVersions() throws {
    #expect(try table("x86_64").kernelVersion(of: "clone3") == KernelVersion(5, 3))
    #expect(try table("x86").kernelVersion(of: "accept4") == KernelVersion(4, 3))
    #expect(try table("aarch64").kernelVersion(of: "read") == KernelVersion(3, 7))
    #expect(try table("x86_64").kernelVersion(of: "nope") == nil)
    #expect(SyscallData.newestKernel >= KernelVersion(7, 0))
    #expect(KernelVersion("2.6.16") == KernelVersion(2, 6, 16))
    #expect(KernelVersion("2.6") == KernelVersion(2, 6, 0))
    #expect(KernelVersion("4.15abc") == nil)
    #expect(KernelVersion("99999999999999999999.1") == nil)
  }

  @Test func listingIsSortedAndOnlyHoldsExistingSyscalls() throws {
    let entries = try table("aarch64").syscalls
    #expect(entries.map(\.name) == entries.map(\.name).sorted())
    #expect(!entries.contains { $0.name == "open" })
    #expect(entries.contains { $0.name == "openat" })
    #expect(try table("x86").syscalls.contains { $0.name == "socket" && $0.resolution.number == -101 })
  }
}
