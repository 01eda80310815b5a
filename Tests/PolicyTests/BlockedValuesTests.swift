import Foundation
import Policy
import Testing

/// The argument exemptions of Docker's `socket` and `personality` entries are structured data (`blockedValues`),
/// extracted from Docker's own words by Scripts/extract-blocklists.py; these tests check the data against the
/// text it was read from.
@Suite struct BlockedValuesTests {
  @Test func socketLetsThroughExactlyTheFamiliesDockersTextNames() throws {
    let entry = try #require(Blocklist.docker?.entry(for: "socket"))
    let values = try #require(entry.blockedValues)
    #expect(values.syscalls == ["socket"], "socketcall's argument is the subcall, not the family")
    #expect(values.index == 0 && values.mask == nil && values.values == nil)
    let except = try #require(values.except)
    // include/linux/socket.h
    #expect(except == ["AF_UNIX": 1, "AF_INET": 2, "AF_INET6": 10, "AF_NETLINK": 16, "AF_PACKET": 17])
    let named = Set(entry.reason.matches(of: /AF_[A-Z0-9]+/).map { String($0.output) })
    #expect(named == Set(except.keys))
  }

  @Test func personalityBlocksTheBSDPersonaDockersTextNames() throws {
    let entry = try #require(Blocklist.docker?.entry(for: "personality"))
    #expect(entry.reason.contains("BSD emulation"))
    let values = try #require(entry.blockedValues)
    // include/uapi/linux/personality.h: PER_BSD 0x0006, in the persona byte PER_MASK 0x00ff.
    #expect(values == Blocklist.BlockedValues(syscalls: ["personality"], index: 0, mask: 0xFF, values: ["PER_BSD": 6]))
  }

  @Test func everyArgumentsEntryOfTheBuiltInListsIsStructured() throws {
    for list in [Blocklist.docker, Blocklist.palantir].compactMap({ $0 }) {
      for entry in list.syscalls where entry.arguments != nil {
        #expect(entry.blockedFlags != nil || entry.blockedValues != nil, "\(list.name): \(entry.names) has arguments only in words")
      }
    }
  }

  @Test func customListsAreChecked() throws {
    let good = #"{"schemaVersion": 1, "name": "x", "title": "t", "syscalls": [{"names": ["socket"], "reason": "r", "arguments": "a", "blockedValues": {"syscalls": ["socket"], "index": 0, "except": {"AF_INET": 2}}}]}"#
    #expect(try Blocklist.decode(Data(good.utf8)).syscalls.first?.blockedValues?.except == ["AF_INET": 2])
    for bad in [
      #"{"syscalls": ["socket"], "index": 0}"#,
      #"{"syscalls": ["socket"], "index": 0, "values": {"A": 1}, "except": {"B": 2}}"#,
      #"{"syscalls": ["socket"], "index": 6, "values": {"A": 1}}"#,
      #"{"syscalls": ["bind"], "index": 0, "values": {"A": 1}}"#,
      #"{"syscalls": ["socket"], "index": 0, "mask": 255, "except": {"A": 1}}"#,
    ] {
      let text = #"{"schemaVersion": 1, "name": "x", "title": "t", "syscalls": [{"names": ["socket"], "reason": "r", "blockedValues": \#(bad)}]}"#
      #expect(throws: (any Error).self, "\(bad)") { try Blocklist.decode(Data(text.utf8)) }
    }
  }
}
