import Foundation
import Lineage
import ProfileModel
import Testing
import TestSupport
import Upstream

/// The compiled-in meaning table equals what `ProfileMeaning` computes from the compiled-in upstream texts, and
/// recognition from it gives exactly what scoring the parsed texts gives. Refresh with
/// `swift run generate-upstream-meanings` (Scripts/sync-upstream.py runs it).
@Suite struct UpstreamMeaningsSyncTests {
  /// Every built-in content, parsed, with its meaning (what the table replaces at run time).
  static let parsed: [(profile: UpstreamProfile, meaning: ProfileMeaning)] = UpstreamProfile.all.map {
    ($0, ProfileMeaning(try! $0.document().profile))
  }

  @Test func generatedFileIsUpToDate() throws {
    let path = Paths.packageRoot.appendingPathComponent(UpstreamMeanings.outputPath)
    let onDisk = try String(contentsOf: path, encoding: .utf8)
    #expect(onDisk == (try UpstreamMeanings.generatedSource()), "run `swift run generate-upstream-meanings`")
    // The compiled-in text is that file's, and it lists exactly the compiled-in contents (no run-time fallback).
    #expect(UpstreamMeanings(text: UpstreamMeanings.generatedText, expecting: UpstreamProfile.all) != nil)
  }

  @Test func tableMeansWhatTheTextsMean() {
    let table = UpstreamMeanings.shared
    #expect(table.count == Self.parsed.count)
    for (index, entry) in Self.parsed.enumerated() {
      #expect(table.meaning(of: index) == entry.meaning, "\(entry.profile.reference)")
      for name in ["clone", "clone3", "personality", "socket", "io_uring_setup", "not_a_syscall"] {
        #expect(table.rules(of: name, in: index) == entry.meaning.syscalls[name], "\(entry.profile.reference) \(name)")
      }
      for (other, otherEntry) in Self.parsed.enumerated() {
        #expect(table.sameMeaning(index, other) == (entry.meaning == otherEntry.meaning))
        for name in ["clone", "clone3", "personality", "socket", "io_uring_setup", "not_a_syscall"] {
          #expect(table.sameRules(of: name, in: index, other) == (entry.meaning.syscalls[name] == otherEntry.meaning.syscalls[name]))
        }
      }
    }
  }

  /// The meaning classes a byte copy is recognised by are the table's (and the parsed texts') relation.
  @Test func meaningClassesAreTheSameMeaningRelation() {
    let classes = UpstreamMeanings.generatedMeaningClasses
    #expect(classes == UpstreamMeanings.shared.meaningClasses)
    #expect(classes.count == Self.parsed.count)
    for (index, entry) in Self.parsed.enumerated() {
      for (other, otherEntry) in Self.parsed.enumerated() {
        #expect((classes[index] == classes[other]) == (entry.meaning == otherEntry.meaning))
      }
    }
  }

  /// A byte copy of a content, recognised from its bytes, gets exactly what scoring its meaning gives (with and
  /// without a family); a reformatted copy is not a byte copy and goes through scoring.
  @Test func byteCopiesAreRecognisedAsScoringRecognisesThem() throws {
    for (index, entry) in Self.parsed.enumerated() {
      let document = try entry.profile.document()
      #expect(UpstreamProfile.indexOfText(document.sourceBytes) == index)
      for family in [nil] + UpstreamProfile.Family.allCases.map(Optional.some) {
        let fast = BaseRecognition.recognize(document, among: family)
        let scored = BaseRecognition.recognize(document.profile, among: family)
        #expect(fast?.upstream == scored?.upstream, "\(entry.profile.reference) \(String(describing: family))")
        #expect(fast?.similarity == scored?.similarity)
        #expect(fast?.edits == scored?.edits)
        #expect(fast?.equivalents == scored?.equivalents)
      }
    }
    let latest = try UpstreamCatalog.latest(.moby).document()
    let reformatted = try ProfileLoader.load(text: String(decoding: latest.sourceBytes, as: UTF8.self) + "\n", file: "copy.json")
    #expect(UpstreamProfile.indexOfText(reformatted.sourceBytes) == nil)
    #expect(BaseRecognition.recognize(reformatted)?.upstream == UpstreamCatalog.latest(.moby))
    var flipped = latest.sourceBytes
    flipped[flipped.count / 2] ^= 1
    #expect(UpstreamProfile.indexOfText(flipped) == nil)
  }

  @Test func staleOrMalformedTablesAreRefused() {
    let text = UpstreamMeanings.generatedText
    #expect(UpstreamMeanings(text: text + "\n", expecting: UpstreamProfile.all) != nil)
    #expect(UpstreamMeanings(text: text, expecting: Array(UpstreamProfile.all.dropLast())) == nil)
    #expect(UpstreamMeanings(text: text, expecting: Array(UpstreamProfile.all.reversed())) == nil)
    #expect(UpstreamMeanings(text: text + "\nread\tzz\tALLOW if  \n", expecting: UpstreamProfile.all) == nil)
    #expect(UpstreamMeanings(text: text + "\nread\t\(String(repeating: "f", count: 40))\tALLOW if  \n", expecting: UpstreamProfile.all) == nil)
    #expect(UpstreamMeanings(text: "", expecting: UpstreamProfile.all) == nil)
    // The fallback computes the same table from the texts.
    let computed = UpstreamMeanings(computing: UpstreamProfile.all)
    for index in Self.parsed.indices { #expect(computed.meaning(of: index) == Self.parsed[index].meaning) }
  }

  /// Recognition as it was before the table: every parsed content scored with `similarity`, ties to the newer
  /// content unless it needs more edits.
  static func reference(_ meaning: ProfileMeaning) -> (UpstreamProfile, Double, MeaningEdits, [UpstreamProfile])? {
    guard !meaning.syscalls.isEmpty else { return nil }
    var best: (index: Int, score: Double, edits: MeaningEdits)?
    for (index, entry) in parsed.enumerated() {
      let score = BaseRecognition.similarityForTesting(meaning, entry.meaning)
      guard score >= (best?.score ?? 0) else { continue }
      let edits = meaning.edits(from: entry.meaning)
      if let current = best, score == current.score, edits.count > current.edits.count { continue }
      best = (index, score, edits)
    }
    guard let best, best.score >= BaseRecognition.threshold else { return nil }
    let chosen = parsed[best.index]
    let equivalents = parsed.filter { $0.profile.family == chosen.profile.family && $0.meaning == chosen.meaning }.map(\.profile)
    return (chosen.profile, best.score, best.edits, equivalents)
  }

  @Test func recognitionFromTheTableEqualsScoringTheTexts() throws {
    var generator = SplitMix64(seed: 0x7ab1e)
    var profiles: [Profile] = []
    for upstream in UpstreamProfile.all {
      let base = try upstream.document().profile
      profiles.append(base)
      for _ in 0..<2 {
        let fork = Fork.make(from: base, edits: Int.random(in: 1...30, using: &generator), using: &generator)
        profiles.append(try ProfileLoader.load(text: fork, file: "fork.json").profile)
      }
    }
    for project in ["profiles/webapp.json", "profiles/flawed.json"] {
      profiles.append(try ProfileLoader.load(path: Paths.packageRoot.appendingPathComponent(project).path).profile)
    }
    profiles.append(Profile())
    // An unknown action token with a tab in it: its rule's meaning contains a tab, which no table entry can
    // match (joined keys cannot be confused with two rules).
    let latest = try UpstreamCatalog.latest(.moby).document().profile
    var hostile = latest
    hostile.syscalls?[0].action = "SCMP_ACT_ALLOW if always always\tALLOW"
    #expect(ProfileMeaning(hostile).syscalls.values.contains { $0.contains { $0.contains("\t") } })
    profiles.append(hostile)
    var recognised = 0
    for profile in profiles {
      let meaning = ProfileMeaning(profile)
      let match = BaseRecognition.recognize(meaning)
      let expected = Self.reference(meaning)
      #expect(match?.upstream == expected?.0)
      #expect(match?.similarity == expected?.1)
      #expect(match?.edits == expected?.2)
      #expect(match?.equivalents == expected?.3)
      if match != nil { recognised += 1 }
    }
    // Some forks (30 edits) fall below the threshold, most do not: both paths are exercised.
    #expect(recognised > profiles.count / 2 && recognised < profiles.count)
  }
}
