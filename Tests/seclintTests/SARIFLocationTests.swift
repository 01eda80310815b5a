import Foundation
import Testing
import TestSupport
@testable import seclint

/// SARIF that code scanning can act on: locations relative to %SRCROOT%, standard input named by
/// --stdin-filename, and `fixes` whose replacements are exactly `lint --fix`'s edits.
@Suite struct SARIFLocationTests {
  static func run(_ log: String) throws -> [String: Any] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [String: Any])
    return try #require((object["runs"] as? [[String: Any]])?.first)
  }

  static func artifact(_ result: [String: Any]) -> [String: String]? {
    let locations = result["locations"] as? [[String: Any]]
    return (locations?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: String]
  }

  @Test func locationsAreRelativeToTheGitTopLevelByDefault() throws {
    let log = runCLI(["lint", "--format", "sarif", "profiles/flawed.json"], in: Paths.packageRoot)
    let run = try Self.run(log.stdout)
    let bases = try #require(run["originalUriBaseIds"] as? [String: [String: String]])
    #expect(bases == ["%SRCROOT%": ["uri": "file://\(Paths.packageRoot.path)/"]])
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(!results.isEmpty)
    for result in results { #expect(Self.artifact(result) == ["uri": "profiles/flawed.json", "uriBaseId": "%SRCROOT%"]) }
  }

  @Test func sarifRootAndStandardInputName() throws {
    let rooted = runCLI(["lint", "--format", "sarif", "--sarif-root", "profiles", "profiles/flawed.json"], in: Paths.packageRoot)
    let results = try #require(try Self.run(rooted.stdout)["results"] as? [[String: Any]])
    #expect(results.allSatisfy { Self.artifact($0) == ["uri": "flawed.json", "uriBaseId": "%SRCROOT%"] })

    let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("profiles/flawed.json"), encoding: .utf8)
    let named = runCLI(["lint", "--format", "sarif", "--stdin-filename", "profiles/flawed.json", "-"], stdin: text, in: Paths.packageRoot)
    #expect(named.stdout == rooted.stdout.replacingOccurrences(of: "\"flawed.json\"", with: "\"profiles/flawed.json\"")
      .replacingOccurrences(of: "file://\(Paths.packageRoot.path)/profiles/", with: "file://\(Paths.packageRoot.path)/"))
  }

  @Test func filesOutsideTheRootAreAbsoluteFileURIs() throws {
    let directory = try Scratch.directory("sarif")
    let file = directory.appendingPathComponent("a b%#x.json")
    try #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}"#.write(to: file, atomically: true, encoding: .utf8)
    let log = runCLI(["lint", "--format", "sarif", "--sarif-root", Paths.packageRoot.path, file.path])
    let results = try #require(try Self.run(log.stdout)["results"] as? [[String: Any]])
    let encoded = directory.path.replacingOccurrences(of: " ", with: "%20")
    #expect(results.allSatisfy { Self.artifact($0) == ["uri": "file://\(encoded)/a%20b%25%23x.json"] })
  }

  /// Outside a git checkout the current directory is the root: names stay relative to it (with
  /// `originalUriBaseIds`), and only files outside it become absolute `file://` URIs.
  @Test func outsideACheckoutTheCurrentDirectoryIsTheRoot() throws {
    let directory = try Scratch.directory("sarif-no-git")
    try #require(SARIFRoot.gitTopLevel(from: directory.path) == nil, "the scratch directory \(directory.path) is inside a git checkout")
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let profile = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["opne"], "action": "SCMP_ACT_ALLOW"}]}"#
    try profile.write(to: directory.appendingPathComponent("sub/a.json"), atomically: true, encoding: .utf8)
    let elsewhere = try Scratch.directory("sarif-elsewhere").appendingPathComponent("b.json")
    try profile.write(to: elsewhere, atomically: true, encoding: .utf8)

    let log = runCLI(["lint", "--format", "sarif", "sub/a.json", "./sub/../sub/a.json", elsewhere.path], in: directory)
    let run = try Self.run(log.stdout)
    #expect(run["originalUriBaseIds"] as? [String: [String: String]] == ["%SRCROOT%": ["uri": "file://\(directory.path)/"]])
    let locations = try #require(run["results"] as? [[String: Any]]).compactMap(Self.artifact)
    #expect(Set(locations) == [["uri": "sub/a.json", "uriBaseId": "%SRCROOT%"], ["uri": "file://\(elsewhere.path)"]])

    // From a subdirectory, the root is that subdirectory.
    let inside = try Self.run(runCLI(["lint", "--format", "sarif", "a.json"], in: directory.appendingPathComponent("sub")).stdout)
    #expect(inside["originalUriBaseIds"] as? [String: [String: String]] == ["%SRCROOT%": ["uri": "file://\(directory.path)/sub/"]])
    let results = try #require(inside["results"] as? [[String: Any]])
    #expect(!results.isEmpty && results.allSatisfy { Self.artifact($0) == ["uri": "a.json", "uriBaseId": "%SRCROOT%"] })
  }

  /// Applying every result's SARIF replacements (by byte region) gives what `lint --fix --unsafe-fixes` writes.
  @Test func fixesAreTheEditsLintFixMakes() throws {
    let fixture = Paths.packageRoot.appendingPathComponent("profiles/flawed.json")
    let bytes = try Array(Data(contentsOf: fixture))
    let log = runCLI(["lint", "--format", "sarif", "profiles/flawed.json"], in: Paths.packageRoot)
    let results = try #require(try Self.run(log.stdout)["results"] as? [[String: Any]])
    var replacements: [(offset: Int, length: Int, text: String)] = []
    for result in results {
      for fix in result["fixes"] as? [[String: Any]] ?? [] {
        for change in fix["artifactChanges"] as? [[String: Any]] ?? [] {
          #expect(change["artifactLocation"] as? [String: String] == ["uri": "profiles/flawed.json", "uriBaseId": "%SRCROOT%"])
          for replacement in change["replacements"] as? [[String: Any]] ?? [] {
            let region = try #require(replacement["deletedRegion"] as? [String: Int])
            let text = (replacement["insertedContent"] as? [String: String])?["text"] ?? ""
            replacements.append((region["byteOffset"]!, region["byteLength"]!, text))
          }
        }
      }
    }
    #expect(replacements.count == 3)
    var fixed = bytes
    for replacement in replacements.sorted(by: { $0.offset > $1.offset }) {
      fixed.replaceSubrange(replacement.offset..<(replacement.offset + replacement.length), with: Array(replacement.text.utf8))
    }
    let directory = try Scratch.directory("sarif-fix")
    let copy = directory.appendingPathComponent("flawed.json")
    try Data(bytes).write(to: copy)
    _ = runCLI(["lint", "--fix", "--unsafe-fixes", copy.path])
    #expect(try Array(Data(contentsOf: copy)) == fixed)
  }
}
