@testable import Policy
import ProfileModel
import SyscallTables
import Testing

/// Class 4(d) past libseccomp's 16-bit instruction count, on rules built directly (a profile that large takes the
/// evaluator seconds to read): releases before 2.6.1 corrupt runc's heap, 2.6.1 refuses with -E2BIG.
struct FilterSizeTests {
  static let amd64 = Architecture.withToken("SCMP_ARCH_X86_64")!

  /// `count` rules `name(arg0 == value)` with distinct values, spread over x86_64 syscalls.
  static func rules(_ count: Int, perSyscall: Int) -> [AppliedRule] {
    let rows = SyscallTable.forArchitecture(amd64).syscalls.compactMap { SyscallData.row(of: $0.name) }
    return (0..<count).map { index in
      AppliedRule(
        pointer: JSONPointer(["syscalls", String(index)]), name: SyscallData.names[rows[index / perSyscall]],
        row: rows[index / perSyscall], action: .errno(1), chains: [[ArgCondition(index: 0, op: .equal, value: UInt64(index + 7))]])
    }
  }

  @Test func sixteenBitInstructionCount() throws {
    let huge = Self.rules(70_000, perSyscall: 250)
    let bound = try #require(FilterSize.lowerBound(huge, architectures: [Self.amd64], release: .v2_6_1))
    #expect(bound > FilterSize.libseccompLimit)
    let heap = try #require(FilterSize.refusal(huge, architectures: [Self.amd64], release: .debian2_5_4))
    #expect(heap.message.contains("GHSA-2hqh-5c36-grrm") && heap.message.contains("GHSA-46fr-jh49-xvhx"), "\(heap.message)")
    #expect(FilterSize.refusal(huge, architectures: [Self.amd64], release: .v2_6_0)?.message.contains("corrupts runc's heap") == true)
    let e2big = try #require(FilterSize.refusal(huge, architectures: [Self.amd64], release: .v2_6_1))
    #expect(e2big.message.contains("-E2BIG") && e2big.stage == .libseccomp)
    // Between the kernel's limit and libseccomp's: the kernel refuses, whatever the release.
    let large = Self.rules(5000, perSyscall: 250)
    #expect(FilterSize.refusal(large, architectures: [Self.amd64], release: .debian2_5_4)?.message.contains("the kernel accepts 4096 at most") == true)
    // Small filters are not even counted.
    #expect(FilterSize.lowerBound(Self.rules(300, perSyscall: 10), architectures: [Self.amd64], release: .v2_6_1) == nil)
    // The same value on many syscalls is one jump block that libseccomp may share: counted once.
    let shared = (0..<3000).map { index in
      AppliedRule(pointer: JSONPointer(["syscalls", "0"]), name: "read", row: SyscallData.row(of: "read")!, action: .errno(1),
                  chains: [[ArgCondition(index: 0, op: .equal, value: 7)]])
    }
    #expect((FilterSize.lowerBound(shared, architectures: [Self.amd64], release: .v2_6_1) ?? 0) < 10)
  }
}
