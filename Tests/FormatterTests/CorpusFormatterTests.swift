import Differ
import Formatter
import Foundation
import ProfileModel
import Testing
import TestSupport

/// `fmt` over every real-world profile: idempotent, and what Docker decodes is unchanged (same decoded profile,
/// same decoding issues, no semantic difference), with and without `--sort-names`.
@Suite(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
struct CorpusFormatterTests {
  @Test(arguments: Corpus.profiles)
  func formattingIsIdempotentAndPreservesMeaning(_ relative: String) throws {
    try expectFormattingPreservesMeaning(Corpus.path(relative), name: relative)
  }

  /// moby generates default.json with `json.MarshalIndent(…, "", "\t")`: its files are already in the layout.
  @Test(arguments: ["moby/docker-v29.4.3.json", "moby/profiles-seccomp-v0.2.0.json", "moby/v28.2.0.json", "moby/v20.10.0.json"])
  func mobysGeneratedDefaultIsAFixedPoint(_ relative: String) throws {
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Corpus.path(relative))))
    let formatted = try ProfileFormatter.format(bytes)
    #expect(Array(formatted.utf8) == bytes, "\(UnifiedDiff.render(old: String(decoding: bytes, as: UTF8.self), new: formatted, oldName: relative, newName: relative).prefix(2000))")
  }
}

/// The properties `fmt` promises, for one file (a file that is not JSON must fail to format as it fails to load).
func expectFormattingPreservesMeaning(_ path: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
  let original: ProfileDocument
  do {
    original = try ProfileLoader.load(bytes: bytes, file: name)
  } catch {
    #expect(throws: JSONSyntaxError.self, "\(name) does not load, so it must not format", sourceLocation: sourceLocation) {
      try ProfileFormatter.format(bytes)
    }
    return
  }
  for sortNames in [false, true] {
    let options = ProfileFormatter.Options(sortNames: sortNames)
    let formatted = try ProfileFormatter.format(bytes, options: options)
    #expect(try ProfileFormatter.format(Array(formatted.utf8), options: options) == formatted, "\(name): fmt of fmt differs", sourceLocation: sourceLocation)
    let after = try ProfileLoader.load(text: formatted, file: name)
    if !sortNames {
      #expect(after.profile == original.profile, "\(name): the decoded profile changed", sourceLocation: sourceLocation)
      let issuesAfter: [String] = after.issues.map(\.location.pointer.description).sorted()
      let issuesBefore: [String] = original.issues.map(\.location.pointer.description).sorted()
      #expect(issuesAfter == issuesBefore, "\(name): decoding issues changed", sourceLocation: sourceLocation)
    }
    let diff = ProfileDiff.symbolic(old: original, new: after)
    #expect(diff.isEmpty, "\(name) (sortNames: \(sortNames)): \(diff.top.map(\.field)) \(diff.changes.map(\.syscall))", sourceLocation: sourceLocation)
  }
}
