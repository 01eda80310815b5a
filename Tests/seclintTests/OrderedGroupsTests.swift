import Reporting
import Testing

/// The grouping `check`, `blocked`, `explain` and `diff` print one line per group of.
@Suite struct OrderedGroupsTests {
  @Test func groupsKeepTheOrderKeysFirstAppearInAndItemsTheirOrder() {
    let calls = [("x86_64", "read"), ("x86", "read"), ("x86_64", "write"), ("aarch64", "openat"), ("x86", "close")]
    let groups = OrderedGroups(calls, by: \.0, item: \.1)
    #expect(groups.map(\.key) == ["x86_64", "x86", "aarch64"])
    #expect(groups.map(\.items) == [["read", "write"], ["read", "close"], ["openat"]])
    #expect(groups.count == 3 && !groups.isEmpty)
    #expect(OrderedGroups<String, Int>([Int](), by: { String($0) }, item: { $0 }).isEmpty)
  }

  @Test func appendOpensAGroupAfterTheOthers() {
    var groups = OrderedGroups<Int, String>()
    for (key, item) in [(2, "b"), (1, "a"), (2, "c")] { groups.append(item, to: key) }
    #expect(groups.map(\.key) == [2, 1])
    #expect(groups.map(\.items) == [["b", "c"], ["a"]])
  }
}
