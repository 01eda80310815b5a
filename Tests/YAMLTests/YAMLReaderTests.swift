import Testing
import YAML

/// Helpers: the one document of `text`, and the reader's error for `text`.
func root(_ text: String) throws -> YAMLNode {
  let documents = try YAMLReader.read(text)
  #expect(documents.count == 1)
  return try #require(documents.first).root
}

func failure(_ text: String) -> YAMLError? {
  do {
    _ = try YAMLReader.read(text)
    return nil
  } catch {
    return error
  }
}

func failure(_ bytes: [UInt8]) -> YAMLError? {
  do {
    _ = try YAMLReader.read(bytes)
    return nil
  } catch {
    return error
  }
}

extension YAMLNode {
  /// A compact rendering for assertions: scalars as text, sequences `[a, b]`, mappings `{k: v}`.
  var shape: String {
    switch value {
    case .scalar(let text, _): text
    case .sequence(let items): "[" + items.map(\.shape).joined(separator: ", ") + "]"
    case .mapping(let pairs): "{" + pairs.map { "\($0.key.shape): \($0.value.shape)" }.joined(separator: ", ") + "}"
    }
  }
}

@Suite struct BlockStructureTests {
  @Test func nestedMappingsAndSequences() throws {
    let node = try root(
      """
      apiVersion: v1
      spec:
        defaultAction: SCMP_ACT_ERRNO
        syscalls:
        - action: SCMP_ACT_ALLOW
          names:
            - read
            - write
        -   names: [a, b]
            action: X
      """)
    #expect(node.shape == "{apiVersion: v1, spec: {defaultAction: SCMP_ACT_ERRNO, syscalls: [{action: SCMP_ACT_ALLOW, names: [read, write]}, {names: [a, b], action: X}]}}")
  }

  @Test func positionsOfEveryNode() throws {
    let node = try root("a:\n  - x\n  - \"y\"\nb: {c: [1, 2]}\n")
    let a = try #require(node["a"])
    #expect(a.position.description == "2:3")
    #expect(a.items?[1].position.description == "3:5")
    #expect(node.pairs?[1].key.position.description == "4:1")
    let c = try #require(node["b"]?["c"])
    #expect(c.position.description == "4:8")
    #expect(c.items?[1].position.description == "4:12")
    #expect(c.items?[1].position.offset == 28)
  }

  @Test func columnsCountUnicodeScalars() throws {
    let node = try root("k: ünïcödé\nl: [é, x]\n")
    #expect(node["l"]?.items?[1].position.description == "2:8")
  }

  @Test func emptyValuesAreEmptyPlainScalars() throws {
    let node = try root("a:\nb: ~\nc:\n- \n- x\n")
    #expect(node.shape == "{a: , b: ~, c: [, x]}")
    #expect(node["a"]?.resolved(.core) == .null)
  }

  @Test func commentsEverywhere() throws {
    let node = try root("# head\na: 1 # trailing\n# between\nb: 'x # not a comment'\nc: x#y\n")
    #expect(node.shape == "{a: 1, b: x # not a comment, c: x#y}")
  }

  @Test func duplicateKeysAreKeptLastWinsOnLookup() throws {
    let node = try root("a: 1\na: 2\n")
    #expect(node.pairs?.count == 2)
    #expect(node["a"]?.shape == "2")
  }

  @Test func multiLinePlainScalarsFold() throws {
    let node = try root("a: one\n  two\n\n  three\nb: x\n")
    #expect(node["a"]?.shape == "one two\nthree")
  }

  @Test func badIndentationIsLocated() throws {
    let error = try #require(failure("a:\n  b: 1\n   c: 2\n"))
    #expect(error.position.description == "3:4")
    // A continuation line folds into a plain scalar, so "a: 1\n  - b" is the string "1 - b"; a stray dedent is not.
    #expect(try root("a: 1\n  - b\n")["a"]?.shape == "1 - b")
    let second = try #require(failure("a:\n  - b\n c: 1\n"))
    #expect(second.position.description == "3:2")
  }

  @Test func mappingValueOnTheSameLineIsRefused() throws {
    let error = try #require(failure("a: b: c\n"))
    #expect(error.position.description == "1:4")
    #expect(error.message.contains("mapping"))
  }
}

@Suite struct ScalarStyleTests {
  @Test func quotedScalars() throws {
    let node = try root(#"a: 'it''s'"# + "\n" + #"b: "tab\tnew\nline \u00e9 \x41 \\ \"q\"""# + "\nc: \"fold\n  ed\n\n  para\"\n")
    #expect(node["a"]?.shape == "it's")
    #expect(node["b"]?.shape == "tab\tnew\nline é A \\ \"q\"")
    #expect(node["c"]?.shape == "fold ed\npara")
    #expect(node["a"]?.scalar?.style == .singleQuoted)
  }

  @Test func escapedLineBreakJoinsWithoutSpace() throws {
    #expect(try root("a: \"one\\\n   two\"\n")["a"]?.shape == "onetwo")
  }

  @Test func invalidEscapeIsLocated() throws {
    let error = try #require(failure("a: \"bad \\q\"\n"))
    #expect(error.position.description == "1:9")
  }

  @Test func literalBlockScalarsWithChomping() throws {
    let text = "clip: |\n  one\n  two\n\nstrip: |-\n  one\n\nkeep: |+\n  one\n\n\nnext: x\n"
    let node = try root(text)
    #expect(node["clip"]?.shape == "one\ntwo\n")
    #expect(node["strip"]?.shape == "one")
    #expect(node["keep"]?.shape == "one\n\n\n")
    #expect(node["next"]?.shape == "x")
  }

  @Test func foldedBlockScalars() throws {
    let node = try root("a: >\n  one\n  two\n\n  three\n    more\n  four\nb: >-\n  x\n  y\n")
    #expect(node["a"]?.shape == "one two\nthree\n  more\nfour\n")
    #expect(node["b"]?.shape == "x y")
  }

  @Test func explicitIndentationIndicator() throws {
    let node = try root("a: |2\n    indented\n  base\n")
    #expect(node["a"]?.shape == "  indented\nbase\n")
    let both = try root("a: >-2\n   x\n")
    #expect(both["a"]?.shape == " x")
  }

  @Test func unterminatedQuotesAreLocatedAtTheOpeningQuote() throws {
    let error = try #require(failure("a: 1\nb: \"never closed\nc: 2\n"))
    #expect(error.position.description == "2:4")
  }
}

@Suite struct FlowTests {
  @Test func flowCollections() throws {
    let node = try root("a: [x, 'y', \"z\", [1, 2], {k: v, e: }]\nb: {p: [q], r: s,}\nc: []\nd: {}\n")
    #expect(node.shape == "{a: [x, y, z, [1, 2], {k: v, e: }], b: {p: [q], r: s}, c: [], d: {}}")
  }

  @Test func multiLineFlowCollections() throws {
    let node = try root("names: [\n  read,   # comment\n  write\n]\n")
    #expect(node["names"]?.shape == "[read, write]")
    #expect(node["names"]?.items?[1].position.description == "3:3")
  }

  @Test func jsonIsYAML() throws {
    let node = try root(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action":"SCMP_ACT_ALLOW"}]}"#)
    #expect(node.shape == "{defaultAction: SCMP_ACT_ERRNO, syscalls: [{names: [read], action: SCMP_ACT_ALLOW}]}")
  }

  @Test func unterminatedFlowIsLocatedAtItsOpener() throws {
    let error = try #require(failure("a: 1\nb: [x, y\n"))
    #expect(error.position.description == "2:4")
  }
}

@Suite struct DocumentTests {
  @Test func multiDocumentStreams() throws {
    let documents = try YAMLReader.read("# c\n---\na: 1\n---\nb: 2\n...\n---\n--- x\n")
    #expect(documents.map(\.root.shape) == ["{a: 1}", "{b: 2}", "", "x"])
    #expect(documents.map(\.index) == [1, 2, 3, 4])
    #expect(documents[1].start.description == "4:1")
  }

  @Test func emptyAndCommentOnlyStreamsHaveNoDocuments() throws {
    #expect(try YAMLReader.read("").isEmpty)
    #expect(try YAMLReader.read("# only a comment\n\n").isEmpty)
  }

  @Test func directives() throws {
    #expect(try YAMLReader.read("%YAML 1.2\n---\na: 1\n").count == 1)
    #expect(failure("%TAG ! tag:example.com,2000:\n---\na: 1\n")?.position.description == "1:1")
  }

  @Test func byteOrderMarkAtTheStartIsSkipped() throws {
    let documents = try YAMLReader.read([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
    #expect(documents.first?.root.shape == "{a: 1}")
    #expect(documents.first?.root.position.description == "1:1")
  }

  @Test func crlfLineBreaks() throws {
    let node = try root("a: 1\r\nb:\r\n  - x\r\n")
    #expect(node.shape == "{a: 1, b: [x]}")
    #expect(node["b"]?.items?[0].position.description == "3:5")
  }
}

@Suite struct AnchorAndTagTests {
  @Test func aliasesExpandAndArePositionedAtTheAlias() throws {
    let node = try root("base: &names [read, write]\nrule:\n  names: *names\n")
    let alias = try #require(node["rule"]?["names"])
    #expect(alias.shape == "[read, write]")
    #expect(alias.alias == "names")
    #expect(alias.position.description == "3:10")
  }

  @Test func unknownAliasIsLocated() throws {
    let error = try #require(failure("a: *nope\n"))
    #expect(error.position.description == "1:4")
    #expect(error.message.contains("unknown alias"))
  }

  @Test func selfReferenceIsRefused() throws {
    #expect(failure("a: &x [*x]\n")?.message.contains("unknown alias") == true)
  }

  @Test func aliasBombIsRefusedQuickly() throws {
    var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    var previous = "a"
    for level in 1...12 {
      let name = "l\(level)"
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
      previous = name
    }
    let clock = ContinuousClock()
    let start = clock.now
    let error = try #require(failure(text))
    #expect(clock.now - start < .seconds(30))  // a guard against unbounded expansion, not a benchmark
    #expect(error.message.contains("alias bomb"))
    #expect(error.position.line == 5)
  }

  @Test func tagsStrSeqMapAreHonouredOthersRefused() throws {
    let node = try root("a: !!str 0755\nb: !!seq [x]\n")
    #expect(node["a"]?.resolved(.kubernetes) == .string("0755"))
    let error = try #require(failure("a: !custom x\n"))
    #expect(error.position.description == "1:4")
    #expect(error.message.contains("not supported"))
    #expect(failure("a: !!map [x]\n")?.message.contains("does not fit") == true)
  }
}

@Suite struct HostileYAMLTests {
  @Test func deepNestingHitsTheDepthLimit() throws {
    let flow = String(repeating: "[", count: 100_000)
    let error = try #require(failure(flow))
    #expect(error.message.contains("nested deeper"))
    var block = ""
    for level in 0..<400 { block += String(repeating: " ", count: level) + "k:\n" }
    block += String(repeating: " ", count: 400) + "v\n"
    #expect(failure(block)?.message.contains("nested deeper") == true)
    let sequences = String(repeating: "- ", count: 1000) + "x\n"
    #expect(failure(sequences)?.message.contains("nested deeper") == true)
  }

  @Test func hugeScalarsAreLinear() throws {
    let big = String(repeating: "x", count: 4_000_000)
    let clock = ContinuousClock()
    let start = clock.now
    let node = try root("a: " + big + "\nb: [" + Array(repeating: "y", count: 200_000).joined(separator: ",") + "]\n")
    #expect(node["a"]?.scalar?.text.utf8.count == 4_000_000)
    #expect(node["b"]?.items?.count == 200_000)
    #expect(clock.now - start < .seconds(120))
  }

  @Test func tabsInIndentationAreLocated() throws {
    let error = try #require(failure("a:\n\tb: 1\n"))
    #expect(error.position.description == "2:1")
    #expect(error.message.contains("tab"))
    // Tabs as separators and inside flow collections are fine.
    #expect(try root("a:\t1\nb: [x,\ty]\n").shape == "{a: 1, b: [x, y]}")
  }

  @Test func invalidUTF8IsLocated() throws {
    let error = try #require(failure(Array("a: ok\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)))
    #expect(error.position.description == "2:4")
    #expect(error.message.contains("UTF-8"))
    #expect(failure(Array("a: ".utf8) + [0xED, 0xA0, 0x80])?.message.contains("UTF-8") == true)
    #expect(failure(Array("a: ".utf8) + [0xF0, 0x9F])?.message.contains("truncated") == true)
  }

  @Test func controlCharactersAndStrayBOMAreLocated() throws {
    #expect(failure(Array("a: x".utf8) + [0x00])?.position.description == "1:5")
    #expect(failure("a: b\u{7}")?.message.contains("U+0007") == true)
    #expect(failure("a: \u{FEFF}x")?.message.contains("byte order mark") == true)
  }

  @Test func junkNeverTraps() throws {
    let fragments = ["- ", "? ", ": ", "[", "]", "{", "}", "'", "\"", "|", ">", "&a ", "*a", "!!str ", "#", "\n", "  ", "\t", ",", "---\n", "...\n", "k: ", "\\", "%YAML 1.2\n", "|+2\n", "x"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      var text = ""
      for _ in 0..<Int.random(in: 1...14, using: &generator) { text += fragments.randomElement(using: &generator)! }
      _ = try? YAMLReader.read(text)
    }
  }
}

@Suite struct ScalarResolutionTests {
  @Test func kubernetesYAML11Surprises() {
    #expect(YAMLResolver.goYAMLv2("yes") == .bool(true))
    #expect(YAMLResolver.goYAMLv2("on") == .bool(true))
    #expect(YAMLResolver.goYAMLv2("N") == .bool(false))
    #expect(YAMLResolver.goYAMLv2("Off") == .bool(false))
    #expect(YAMLResolver.goYAMLv2("0755") == .integer(negative: false, magnitude: 493))
    #expect(YAMLResolver.goYAMLv2("0o17") == .integer(negative: false, magnitude: 15))
    #expect(YAMLResolver.goYAMLv2("0b101") == .integer(negative: false, magnitude: 5))
    #expect(YAMLResolver.goYAMLv2("0x7E020000") == .integer(negative: false, magnitude: 0x7E02_0000))
    #expect(YAMLResolver.goYAMLv2("1_000") == .integer(negative: false, magnitude: 1000))
    #expect(YAMLResolver.goYAMLv2("08") == .float(8))
    #expect(YAMLResolver.goYAMLv2("18446744073709551615") == .integer(negative: false, magnitude: .max))
    #expect(YAMLResolver.goYAMLv2("18446744073709551616") == .float(18446744073709551616))
    #expect(YAMLResolver.goYAMLv2("-9223372036854775808") == .integer(negative: true, magnitude: 1 << 63))
    #expect(YAMLResolver.goYAMLv2("2001-12-14") == .string("2001-12-14"))
    #expect(YAMLResolver.goYAMLv2("1:20") == .string("1:20"))
    #expect(YAMLResolver.goYAMLv2("yEs") == .string("yEs"))
  }

  @Test func yaml12CoreSchema() {
    #expect(YAMLResolver.core("yes") == .string("yes"))
    #expect(YAMLResolver.core("on") == .string("on"))
    #expect(YAMLResolver.core("0755") == .integer(negative: false, magnitude: 755))
    #expect(YAMLResolver.core("0o17") == .integer(negative: false, magnitude: 15))
    #expect(YAMLResolver.core("0x1F") == .integer(negative: false, magnitude: 31))
    #expect(YAMLResolver.core("0b101") == .string("0b101"))
    #expect(YAMLResolver.core("1_000") == .string("1_000"))
    #expect(YAMLResolver.core("-12") == .integer(negative: true, magnitude: 12))
    #expect(YAMLResolver.core("1.5e3") == .float(1500))
    #expect(YAMLResolver.core("~") == .null)
    #expect(YAMLResolver.core("True") == .bool(true))
  }

  @Test func quotingMakesStrings() throws {
    let node = try root("a: 'yes'\nb: \"0755\"\nc: yes\n")
    #expect(node["a"]?.resolved(.kubernetes) == .string("yes"))
    #expect(node["b"]?.resolved(.kubernetes) == .string("0755"))
    #expect(node["c"]?.resolved(.kubernetes) == .bool(true))
    #expect(node["c"]?.resolved(.core) == .string("yes"))
  }
}
