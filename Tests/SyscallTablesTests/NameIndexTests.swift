import SyscallTables
import Testing

/// `SyscallData.row(of:)` is a byte-exact open-addressing table (libseccomp compares names with `strcmp`).
@Suite struct NameIndexTests {
  @Test func everyNameFindsItsOwnRow() {
    for (row, name) in SyscallData.names.enumerated() {
      #expect(SyscallData.row(of: name) == row, "\(name)")
      #expect(SyscallData.isKnown(name))
    }
  }

  @Test(arguments: [
    "", "Read", "read ", " read", "rea", "readd", "read\u{0}", "syscall_1f4", "ＲＥＡＤ",
    // Look-alikes that Swift's `==` (canonical equivalence) would not separate from ASCII are still different bytes.
    "open\u{0301}", "\u{212A}ill",
  ])
  func nearMissesAreUnknown(_ name: String) {
    #expect(SyscallData.row(of: name) == nil)
    #expect(!SyscallData.isKnown(name))
  }

  @Test func substringsAndBridgedStringsResolve() {
    let line = "x read y"
    let word = String(line.split(separator: " ")[1])
    #expect(SyscallData.row(of: word) == SyscallData.row(of: "read"))
    let long = String(repeating: "a", count: 1 << 16)
    #expect(SyscallData.row(of: long) == nil)
  }
}
