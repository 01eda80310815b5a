import SyscallTables
import Testing
@testable import seclint

@Suite struct SyscallsCommandTests {
  @Test(arguments: Architecture.all)
  func listingHoldsEverySyscallOfTheArchSortedByName(_ arch: Architecture) {
    let run = runCLI(["syscalls", "--arch", arch.token])
    #expect(run.code == .success)
    let lines = run.stdout.split(separator: "\n")
    let names = lines.map { String($0.split(separator: "\t")[0]) }
    #expect(names == names.sorted())
    #expect(names == SyscallTable.forArchitecture(arch).syscalls.map(\.name))
    for line in lines {
      let cells = line.split(separator: "\t")
      #expect(Int(cells[1]) == SyscallTable.forArchitecture(arch).resolve(String(cells[0])).number)
    }
  }

  @Test func defaultArchIsTheMachines() {
    #expect(runCLI(["syscalls"]).stdout == runCLI(["syscalls", "--arch", Architecture.native?.token ?? ""]).stdout)
  }

  @Test func resolvesNamesAndNumbers() {
    let run = runCLI(["syscalls", "--arch", "x86", "socket", "359", "-101", "open", "arch_prctl"])
    #expect(run.code == .success)
    expectGolden(run.stdout, "syscalls-x86.txt")
  }

  @Test func unknownNameSuggestsAndExits2ButStillPrintsTheRest() {
    let run = runCLI(["syscalls", "--arch", "aarch64", "opne", "openat", "syscall_1f4"])
    #expect(run.code == .failure)
    #expect(run.stdout == "openat\t56\n")
    #expect(
      run.stderr == """
        Error: unknown syscall 'opne': libseccomp knows it on no architecture. Did you mean 'open'?
        Error: unknown syscall 'syscall_1f4': libseccomp knows it on no architecture.

        """)
  }

  @Test func unknownNumber() {
    let run = runCLI(["syscalls", "--arch", "x86_64", "99999"])
    #expect(run.code == .failure)
    #expect(run.stderr == "Error: no syscall has number 99999 on SCMP_ARCH_X86_64\n")
  }

  @Test func jsonOutput() {
    let run = runCLI(["syscalls", "--arch", "s390x", "--format", "json", "shmctl", "clone3", "socketcall", "mmap2"])
    #expect(run.code == .success)
    expectGolden(run.stdout, "syscalls-s390x.json")
  }
}
