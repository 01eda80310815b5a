import Linter
import Policy
import ProfileModel
import Testing

/// Every rule's examples run as tests: `↓` marks each position where a diagnostic of that rule must start.
@Suite struct RuleExampleTests {
  struct ExampleCase: Sendable, CustomTestStringConvertible {
    var rule: RuleDescriptor
    var example: RuleExample
    var testDescription: String { "\(rule.name) @\(example.line)" }
  }

  static let allExamples: [ExampleCase] = RuleRegistry.descriptors.flatMap { rule in
    rule.examples.map { ExampleCase(rule: rule, example: $0) }
  }

  /// Removes the markers and returns the positions (line:column) of the characters after them.
  static func stripMarkers(_ text: String) -> (String, [String]) {
    var output = String.UnicodeScalarView()
    var positions: [String] = []
    var line = 1
    var column = 1
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "↓" {
        positions.append("\(line):\(column)")
        continue
      }
      output.append(scalar)
      if scalar == "\n" {
        if !previousWasCR { line += 1 }
        column = 1
      } else if scalar == "\r" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      previousWasCR = scalar == "\r"
    }
    return (String(output), positions)
  }

  static func diagnostics(_ c: ExampleCase, json: String, severities: [String: Severity?] = [:]) throws -> [Diagnostic] {
    let document = try ProfileLoader.load(text: json, file: "example.json")
    let blocklists = try c.example.blocklists.map { name throws(Blocklist.LoadError) in try Blocklist.load(name) }
    var options = LintOptions(
      blocklists: blocklists, severities: severities, dockerVersion: c.example.dockerVersion.flatMap(DockerVersion.init),
      libseccomp: LibseccompRelease.known.first { $0.version == c.example.libseccomp })
    options.upstreamDrift = c.example.drift
    return Linter.lint(document, options: options)
      .filter { $0.ruleID == c.rule.id }
  }

  func location(_ c: ExampleCase) -> Testing.SourceLocation {
    Testing.SourceLocation(fileID: c.example.fileID, filePath: c.example.filePath, line: c.example.line, column: c.example.column)
  }

  @Test("Rule examples report exactly at their ↓ markers", arguments: allExamples)
  func exampleMatchesMarkers(_ c: ExampleCase) throws {
    let (json, expected) = Self.stripMarkers(c.example.json)
    let actual = try Self.diagnostics(c, json: json).map(\.position.description)
    #expect(actual == expected, sourceLocation: location(c))
  }

  @Test("Examples give the same findings with CRLF line endings and pretty-printed", arguments: allExamples)
  func variantsKeepTheirFindings(_ c: ExampleCase) throws {
    let (json, expected) = Self.stripMarkers(c.example.json)
    let crlf = try Self.diagnostics(c, json: json.replacingOccurrences(of: ", ", with: ",\r\n  "))
    #expect(crlf.count == expected.count, sourceLocation: location(c))
    let (markedCRLF, expectedCRLF) = Self.stripMarkers(c.example.json.replacingOccurrences(of: ", ", with: ",\r\n  "))
    #expect(try Self.diagnostics(c, json: markedCRLF).map(\.position.description) == expectedCRLF, sourceLocation: location(c))
  }

  @Test("A disabled rule reports nothing", arguments: allExamples.filter(\.example.triggers))
  func disabledRuleIsSilent(_ c: ExampleCase) throws {
    let (json, _) = Self.stripMarkers(c.example.json)
    #expect(try Self.diagnostics(c, json: json, severities: [c.rule.id: Optional<Severity>.none]).isEmpty, sourceLocation: location(c))
  }
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
