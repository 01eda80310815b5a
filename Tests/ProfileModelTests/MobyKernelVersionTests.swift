import ProfileModel
import Testing

/// moby's TestMarshalUnmarshalFilter cases (moby-semantics.md §6 #9).
@Suite struct MobyKernelVersionTests {
  @Test(arguments: ["0.0", "3", ".3", "3.", "true", "3.12.1", "4.15abc", "256.1", "-1.2", " 4.8", "4.8 "])
  func rejected(_ text: String) {
    if case .success(let v) = MobyKernelVersion.parse(text) { Issue.record("\(text) parsed as \(v)") }
  }

  @Test(arguments: [("0.5", 0, 5), ("0.50", 0, 50), ("5.0", 5, 0), ("50.0", 50, 0), ("4.15", 4, 15), ("", 0, 0), ("004.008", 4, 8)])
  func accepted(_ text: String, _ kernel: Int, _ major: Int) {
    #expect((try? MobyKernelVersion.parse(text).get()) == MobyKernelVersion(kernel: kernel, major: major))
  }

  @Test func zeroIsRefusedWithMobysReason() {
    guard case .failure(let error) = MobyKernelVersion.parse("0.0") else {
      Issue.record("accepted 0.0")
      return
    }
    #expect(error.reason == "version cannot be 0.0")
  }
}
