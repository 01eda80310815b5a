import ProfileModel
import YAML

/// How to read a file whose dialect may not be Docker's.
package struct DialectOptions: Sendable, Hashable {
  /// Force a dialect (`--input-format`); nil chooses by content.
  package var format: ProfileDialect?
  /// Which SPO release's `baseProfileName` merge to apply.
  package var spoMerge: SPOMerge
  /// Directory searched for base profiles not defined in the file itself (nil: none).
  package var directory: String?

  package init(format: ProfileDialect? = nil, spoMerge: SPOMerge = .released, directory: String? = nil) {
    self.format = format
    self.spoMerge = spoMerge
    self.directory = directory
  }
}

/// Every profile a file holds, and the documents that are not profiles (skipped, with why).
package struct DialectLoad: Sendable {
  package var documents: [ProfileDocument]
  /// `file#N: why` for documents that hold no seccomp profile.
  package var skipped: [String]
}

/// Reads Docker JSON, OCI configs, SPO and kubescape `SeccompProfile` resources, as JSON or YAML, single or
/// multi-document; each profile becomes a `ProfileDocument` decoded with Go's semantics and positioned in the file.
package enum DialectLoader {
  package static func load(path: String, as file: String? = nil, options: DialectOptions = DialectOptions()) throws(ProfileLoadError) -> DialectLoad {
    let name = file ?? path
    switch FileReader.read(path, limit: ProfileLoader.maxFileSize) {
    case .success(let bytes): return try load(bytes: bytes, file: name, options: options)
    case .failure(.tooLarge): throw .unreadable(file: name, reason: ProfileLoader.tooLargeReason(size: FileReader.size(path)))
    case .failure(let failure): throw .unreadable(file: name, reason: ProfileLoader.reason(failure))
    }
  }

  package static func load(bytes: [UInt8], file: String, options: DialectOptions = DialectOptions()) throws(ProfileLoadError) -> DialectLoad {
    let roots = try parse(bytes: bytes, file: file)
    // A single JSON document that is a plain Docker profile keeps today's exact loader.
    if roots.count == 1, roots[0].isJSON, options.format == nil || options.format == .docker,
      DialectDetector.detect(roots[0].node, forced: options.format).isDocker
    {
      return DialectLoad(documents: [try ProfileLoader.load(parsed: roots[0].node, warnings: roots[0].warnings, bytes: bytes, file: file)], skipped: [])
    }
    var entries: [Extracted] = []
    var skipped: [String] = []
    for root in roots {
      var conversionIssues = root.issues
      let found = DialectDetector.extract(root.node, document: root.index, forced: options.format, issues: &conversionIssues)
      if found.profiles.isEmpty, let why = found.skipped {
        skipped.append("\(file)#\(root.index): \(why)")
      }
      for var profile in found.profiles {
        profile.issues = conversionIssues.filter { $0.location.pointer.tokens.starts(with: profile.basePointer.tokens) } + profile.issues
        entries.append(profile)
      }
    }
    guard !entries.isEmpty else {
      let why = skipped.isEmpty ? "the file holds no document" : skipped.joined(separator: "; ")
      throw .located(file: file, message: "no seccomp profile found: \(why)", position: roots.first.map { $0.node.position } ?? .start)
    }
    let single = entries.count == 1
    var resolver = BaseResolver(entries: entries, options: options, file: file)
    var documents: [ProfileDocument] = []
    for entry in entries {
      var tree = entry.tree
      var issues = entry.issues
      if entry.dialect == .spo { resolver.merge(into: &tree, entry: entry, issues: &issues) }
      let name = single ? file : "\(file)#\(entry.document)/\(entry.name)"
      documents.append(
        ProfileLoader.decode(
          root: tree, source: bytes, file: name, dialect: entry.dialect, basePointer: entry.basePointer,
          refuser: entry.refuser, issues: issues))
    }
    return DialectLoad(documents: documents, skipped: skipped)
  }

  /// One parsed document of the stream.
  struct Root {
    var node: JSONNode
    var index: Int
    var isJSON: Bool
    var issues: [DecodeIssue]
    /// The JSON scanner's warnings (invalid UTF-8), which the Docker loader reports as issues.
    var warnings: [ScanWarning] = []
  }

  /// JSON when the first significant byte opens an object or array (exact Go JSON semantics); YAML otherwise.
  static func parse(bytes: [UInt8], file: String) throws(ProfileLoadError) -> [Root] {
    var first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while first < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[first]) { first += 1 }
    // JSON unless the first significant byte can only start YAML (a letter, a block indicator, a comment, a
    // directive, a quote): empty input, binary junk and JSON keep the JSON scanner's exact errors.
    let yamlStart = first < bytes.count && (isLetter(bytes[first]) || Array("-#%&!*'|>?.~_".utf8).contains(bytes[first]))
    if !yamlStart {
      var scanner = JSONScanner(bytes)
      do {
        let node = try scanner.parseDocument()
        return [Root(node: node, index: 1, isJSON: true, issues: [], warnings: scanner.warnings)]
      } catch {
        throw .syntax(file: file, error: error)
      }
    }
    let documents: [YAMLDocument]
    do {
      documents = try YAMLReader.read(bytes)
    } catch {
      throw .located(file: file, message: error.message, position: YAMLToJSON.position(error.position))
    }
    var roots: [Root] = []
    for document in documents {
      var converter = YAMLToJSON()
      do {
        let node = try converter.convert(document.root, pointer: .root)
        roots.append(Root(node: node, index: document.index, isJSON: false, issues: converter.issues))
      } catch {
        throw .located(file: file, message: error.message, position: error.position)
      }
    }
    return roots
  }
}

private func isLetter(_ byte: UInt8) -> Bool {
  (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte >= 0x80
}
