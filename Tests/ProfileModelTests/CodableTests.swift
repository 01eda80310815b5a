import Foundation
import ProfileModel
import Testing

@Suite struct CodableTests {
  @Test func canonicalRoundTripThroughFoundation() throws {
    let doc = try ProfileLoader.load(
      text: #"{"DefaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}], "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390x"]}}]}"#,
      file: "p.json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(doc.profile)
    #expect(String(decoding: data, as: UTF8.self).hasPrefix(#"{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"syscalls":[{"action""#))
    #expect(try JSONDecoder().decode(Profile.self, from: data) == doc.profile)
  }
}
