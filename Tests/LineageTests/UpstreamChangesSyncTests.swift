import Foundation
import Lineage
import Linter
import ProfileModel
import Testing
import TestSupport
import Upstream

/// The compiled-in upstream changes equal what `ProfileDiff.symbolic` finds between every content and its
/// family's latest, and `outdated-base`'s facts from them equal the facts of the live drift report. Refresh with
/// `swift run generate-upstream-meanings` (Scripts/sync-upstream.py runs it).
@Suite struct UpstreamChangesSyncTests {
  @Test func generatedFileIsUpToDate() throws {
    let path = Paths.packageRoot.appendingPathComponent(UpstreamChanges.outputPath)
    let onDisk = try String(contentsOf: path, encoding: .utf8)
    #expect(onDisk == (try UpstreamChanges.generatedSource()), "run `swift run generate-upstream-meanings`")
    #expect(UpstreamChanges.shared != nil, "the compiled-in text does not list the compiled-in contents")
  }

  @Test func staleOrMalformedTablesAreRefused() {
    let text = UpstreamChanges.generatedText
    #expect(UpstreamChanges(text: text, expecting: UpstreamProfile.all) != nil)
    #expect(UpstreamChanges(text: text, expecting: Array(UpstreamProfile.all.dropLast())) == nil)
    #expect(UpstreamChanges(text: text + "\nchange\tread\tw", expecting: UpstreamProfile.all) == nil)
    #expect(UpstreamChanges(text: text + "\nchange\tnot_listed\t" + String(repeating: "w", count: UpstreamProfile.all.count), expecting: UpstreamProfile.all) == nil)
    #expect(UpstreamChanges(text: "", expecting: UpstreamProfile.all) == nil)
  }

  /// `outdated-base`'s facts, cached and live, for forks of every fourth content (each live report diffs two
  /// upstream profiles) and the corpus's real fork.
  @Test func cachedFactsEqualTheLiveReportsFacts() throws {
    var generator = SplitMix64(seed: 0xd71f7)
    var documents: [ProfileDocument] = []
    for (index, upstream) in UpstreamProfile.all.enumerated() where index % 4 == 1 {
      let base = try upstream.document()
      documents.append(base)
      let fork = Fork.make(from: base.profile, edits: Int.random(in: 1...10, using: &generator), using: &generator)
      documents.append(try ProfileLoader.load(text: fork, file: "fork.json"))
    }
    if Corpus.isPresent { documents.append(try ProfileLoader.load(path: Corpus.path("seccompute/example.json"))) }
    var compared = 0
    var lacking = 0
    for document in documents {
      guard let base = BaseRecognition.recognize(document.profile) else { continue }
      let target = UpstreamCatalog.latest(base.upstream.family)
      let cached = Drift.facts(profile: document, base: base, target: target)
      let live = Drift.facts(try Drift.report(profile: document, base: base, target: target))
      #expect(cached == live, "\(base.upstream.reference)")
      compared += 1
      lacking += live.lacking.count
    }
    #expect(compared >= documents.count - 2 && lacking > 0)
  }
}
