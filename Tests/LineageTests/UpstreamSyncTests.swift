import Foundation
import ProfileModel
import Testing
import TestSupport
import Upstream

/// The compiled-in upstream profiles equal Data/upstream byte for byte, and Data/upstream equals the corpus
/// (when ../shared/corpus is present). Refresh both with Scripts/sync-upstream.py.
@Suite struct UpstreamSyncTests {
  static let data = Paths.packageRoot.appendingPathComponent("Data/upstream")

  /// `releases.tsv` rows: family, id, file, released, names, repo, path, commit, sha256.
  static func rows() throws -> [[String]] {
    let text = try String(contentsOf: data.appendingPathComponent("releases.tsv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
  }

  @Test func generatedTextsEqualDataFiles() throws {
    let rows = try Self.rows()
    #expect(rows.count == UpstreamProfile.all.count)
    for (row, profile) in zip(rows, UpstreamProfile.all) {
      #expect(row[0] == profile.family.rawValue && row[1] == profile.id)
      let bytes = try Data(contentsOf: Self.data.appendingPathComponent(row[2]))
      #expect(Array(bytes) == Array(profile.text.utf8), "\(row[2]) differs from the compiled-in text: run Scripts/sync-upstream.py")
      #expect(row[3].split(separator: ",").map(String.init) == profile.released)
      #expect(row[7] == profile.commit && row[5] == profile.repository)
    }
  }

  @Test func everyUpstreamLoadsCleanly() throws {
    for profile in UpstreamProfile.all {
      let document = try profile.document()
      #expect(!(document.profile.syscalls ?? []).isEmpty, "\(profile.reference)")
    }
  }

  @Test func noticeAndLicenceShip() throws {
    let notice = try String(contentsOf: Self.data.appendingPathComponent("NOTICE"), encoding: .utf8)
    for profile in UpstreamProfile.all { #expect(notice.contains(profile.commit), "NOTICE lacks \(profile.id)") }
    let licence = try String(contentsOf: Self.data.appendingPathComponent("LICENSE"), encoding: .utf8)
    #expect(licence.contains("Apache License") && licence.contains("Version 2.0"))
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason))) func dataFilesEqualCorpus() throws {
    var corpusFiles = Set(
      try FileManager.default.contentsOfDirectory(atPath: Corpus.path("moby")).filter { $0.hasSuffix(".json") && $0 != "index.json" }
        .map { "moby/\($0)" })
    corpusFiles.formUnion(
      try FileManager.default.contentsOfDirectory(atPath: Corpus.path("containers-common")).filter { $0.hasPrefix("seccomp.json@") }
        .map { "containers-common/\($0)" })
    for profile in UpstreamProfile.all {
      let corpusName =
        profile.family == .moby ? "moby/\(profile.id).json" : "containers-common/seccomp.json@\(profile.id)-\(profile.names[1]).json"
      let bytes = try Data(contentsOf: URL(fileURLWithPath: Corpus.path(corpusName)))
      #expect(Array(bytes) == Array(profile.text.utf8), "\(corpusName) changed in the corpus: run Scripts/sync-upstream.py")
      corpusFiles.remove(corpusName)
    }
    // Not shipped on purpose: contents that are also a byte copy of a corpus file outside moby/ and
    // containers-common/, whose licence the corpus does not record (Scripts/sync-upstream.py skips them).
    let elsewhere = try Self.filesOutsideUpstreamFolders()
    corpusFiles = try corpusFiles.filter { !elsewhere.contains(try Data(contentsOf: URL(fileURLWithPath: Corpus.path($0)))) }
    #expect(!UpstreamProfile.all.contains { $0.id == "v19.03.9" }, "moby 19.03.9's default equals a corpus fixture: not shipped")
    #expect(corpusFiles.isEmpty, "corpus upstream files seclint does not ship: \(corpusFiles.sorted())")
  }

  /// The contents of every corpus file outside the two upstream folders.
  static func filesOutsideUpstreamFolders() throws -> Set<Data> {
    var contents = Set<Data>()
    guard let walker = FileManager.default.enumerator(atPath: Corpus.directory.path) else { return contents }
    for case let relative as String in walker where !relative.hasPrefix("moby/") && !relative.hasPrefix("containers-common/") {
      var isDirectory: ObjCBool = false
      let path = Corpus.path(relative)
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      contents.insert(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
    return contents
  }

  @Test func namesUsersType() throws {
    let latest = try UpstreamCatalog.lookup("moby@latest")
    #expect(latest.id == "docker-v29.4.3")
    for name in ["moby@29.4.3", "moby@v29.4.3", "moby@docker-v29.4.3", "MOBY@29.7.2", "docker@29.5.0"] {
      #expect(try UpstreamCatalog.lookup(name) == latest, "\(name)")
    }
    #expect(try UpstreamCatalog.lookup("moby@26.1.0").id == "v25.0.3")
    #expect(try UpstreamCatalog.lookup("moby@1.12.0-rc1").id == "v1.12.0-rc1")
    #expect(try UpstreamCatalog.lookup("containers-common@2026-03-03").id == "2026-03-03")
    #expect(try UpstreamCatalog.lookup("containers-common@latest").id == "2026-03-03")
    #expect(try UpstreamCatalog.lookup("podman@8840603a").id == "2026-03-03")
    #expect(throws: UpstreamCatalog.LookupError.self) { try UpstreamCatalog.lookup("moby@99.0.0") }
    #expect(throws: UpstreamCatalog.LookupError.self) { try UpstreamCatalog.lookup("mobi@latest") }
    do {
      _ = try UpstreamCatalog.lookup("mobi@latest")
    } catch {
      #expect(error.description.contains("did you mean 'moby'"))
    }
    #expect(UpstreamCatalog.looksLikeReference("moby@latest") && !UpstreamCatalog.looksLikeReference("./moby@latest.json"))
  }
}
