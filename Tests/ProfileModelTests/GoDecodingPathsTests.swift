import Foundation
import ProfileModel
import Testing
import TestSupport

/// `ProfileLoader` builds the model with the direct initialisers (`Profile+GoDecoding.swift`); the model's
/// `Codable` conformance through `GoDecoder` must give the same profile and the same issues, in the same order.
@Suite struct GoDecodingPathsTests {
  static let samples: [String] = [
    #"{}"#, #"null"#, #"[]"#, #"{"syscalls": null}"#, #"{"syscalls": [null, {}, 3, "x"]}"#,
    #"{"defaultAction": "SCMP_ACT_ERRNO", "defaultAction": "SCMP_ACT_ALLOW", "DEFAULTACTION": null}"#,
    #"{"syscalls": [{"names": "read", "Names": ["write", 3, null], "action": 1, "errnoRet": -1}]}"#,
    #"{"syscalls": [{"names": ["read"], "args": [{"index": 1.5, "value": 18446744073709551616, "valueTwo": "0", "op": null}, null]}]}"#,
    #"{"syscalls": [{"names": ["read"], "includes": {"caps": ["A"], "minKernel": "4.8"}, "includes": {"arches": ["amd64"]}, "excludes": []}]}"#,
    #"{"syscalls": [{"name": "read", "nmes": ["x"], "errnoret": 1, "min\u212Aernel": "1"}], "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": "x"}, null, 5]}"#,
    #"{"architectures": ["SCMP_ARCH_X86_64"], "archMap": {}, "flags": [true], "listenerPath": 5, "listenerMetadata": null, "defaultErrnoRet": null, "defaultErrno": "ENOSYS", "\u017Fyscalls": []}"#,
    #"{"syscalls": [{"names": ["a"], "errnoRet": 1, "errnoRet": null, "comment": "c", "comment": null, "excludes": {"minKernel": null, "caps": null}}]}"#,
  ]

  static func expectSamePaths(_ text: String, _ label: String) throws {
    let direct = try ProfileLoader.load(bytes: Array(text.utf8), file: label)
    let codable = try ProfileLoader.load(bytes: Array(text.utf8), file: label, codable: true)
    #expect(direct.profile == codable.profile, "\(label)")
    #expect(direct.issues == codable.issues, "\(label)")
  }

  @Test(arguments: samples.indices)
  func samplesDecodeTheSameBothWays(index: Int) throws {
    try Self.expectSamePaths(Self.samples[index], "sample \(index)")
  }

  @Test func fuzzSeedsAndCrashersDecodeTheSameBothWays() throws {
    for folder in ["Tests/Fuzz/seeds", "Tests/Fuzz/crashers"] {
      let directory = Paths.packageRoot.appendingPathComponent(folder)
      for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where !name.hasPrefix(".") {
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
        guard let text = String(bytes: bytes, encoding: .utf8) else { continue }
        do { try Self.expectSamePaths(text, "\(folder)/\(name)") } catch {}  // syntax errors: nothing to compare
      }
    }
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func corpusDecodesTheSameBothWays() throws {
    for relative in Corpus.profiles {
      let text = try String(contentsOfFile: Corpus.path(relative), encoding: .utf8)
      try Self.expectSamePaths(text, relative)
    }
  }
}
