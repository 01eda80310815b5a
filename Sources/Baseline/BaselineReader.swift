import ProfileModel

extension BaselineFile {
  package struct LoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// Reads a baseline strictly: syntax errors, unknown keys, wrong types, a missing or newer `schemaVersion`,
  /// malformed fingerprints and repeated (file, fingerprint) pairs are errors located as `path:line:column`.
  package static func load(path: String, as shown: String? = nil) throws(LoadError) -> BaselineFile {
    let name = shown ?? path
    let bytes: [UInt8]
    switch FileReader.read(path, limit: 64 << 20) {
    case .success(let read): bytes = read
    case .failure(.missing): throw LoadError(description: "\(name): no such baseline file (write one with --write-baseline)")
    case .failure(.directory): throw LoadError(description: "\(name): is a directory, not a baseline file")
    case .failure(.tooLarge): throw LoadError(description: "\(name): larger than 64 MB, not a baseline file")
    case .failure(let failure): throw LoadError(description: "\(name): cannot read the baseline: \(failure.reason)")
    }
    return try parse(bytes, file: name)
  }

  package static func parse(_ bytes: [UInt8], file: String) throws(LoadError) -> BaselineFile {
    var scanner = JSONScanner(bytes)
    let root: JSONNode
    do {
      root = try scanner.parseDocument()
    } catch {
      throw LoadError(description: "\(file):\(error.position.line):\(error.position.column): \(error.message)")
    }
    let reader = Reader(file: file)
    let fields = try reader.object(root, "the baseline", keys: ["findings", "kind", "schemaVersion"])
    guard let kind = fields["kind"], kind.string == Self.kind else {
      throw reader.fail(fields["kind"] ?? root, "not a seclint baseline (expected \"kind\": \"\(Self.kind)\")")
    }
    guard let version = fields["schemaVersion"], case .number(let text) = version.value, let number = Int(text) else {
      throw reader.fail(fields["schemaVersion"] ?? root, "\"schemaVersion\" must be a whole number (this seclint writes \(Self.schemaVersion))")
    }
    guard number == Self.schemaVersion else {
      throw reader.fail(version, "schemaVersion \(number) is not one this seclint reads (\(Self.schemaVersion))")
    }
    guard let findings = fields["findings"], let elements = findings.elements else {
      throw reader.fail(fields["findings"] ?? root, "\"findings\" must be an array")
    }
    var entries: [Entry] = []
    var seen: Set<Key> = []
    for element in elements {
      let entry = try reader.entry(element)
      guard seen.insert(Key(file: entry.file, fingerprint: entry.fingerprint)).inserted else {
        throw reader.fail(element, "\(entry.file) \(entry.fingerprint) is listed twice (use \"count\")")
      }
      entries.append(entry)
    }
    return BaselineFile(entries: entries)
  }

  private struct Reader {
    var file: String

    func entry(_ node: JSONNode) throws(LoadError) -> Entry {
      let fields = try object(node, "a baseline entry", keys: ["count", "file", "fingerprint", "name", "rule", "syscalls"])
      func string(_ key: String, required: Bool) throws(LoadError) -> String? {
        guard let value = fields[key] else {
          if required { throw fail(node, "a baseline entry needs \"\(key)\"") }
          return nil
        }
        guard let text = value.string else { throw fail(value, "\"\(key)\" must be a string, not a \(value.typeName)") }
        return text
      }
      let file = try string("file", required: true) ?? ""
      let fingerprint = try string("fingerprint", required: true) ?? ""
      guard fingerprint.utf8.count == 16, fingerprint.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
        throw fail(fields["fingerprint"] ?? node, "\"fingerprint\" must be 16 lower-case hex digits, not \"\(fingerprint)\"")
      }
      guard let countNode = fields["count"], case .number(let text) = countNode.value, let count = Int(text), count >= 1 else {
        throw fail(fields["count"] ?? node, "\"count\" must be a whole number from 1")
      }
      var syscalls: [String]?
      if let value = fields["syscalls"] {
        guard let elements = value.elements else { throw fail(value, "\"syscalls\" must be an array of strings") }
        var names: [String] = []
        for element in elements {
          guard let name = element.string else { throw fail(element, "\"syscalls\" must hold strings, not a \(element.typeName)") }
          names.append(name)
        }
        syscalls = names
      }
      return Entry(
        count: count, file: ProfilePath.normalized(file), fingerprint: fingerprint, name: try string("name", required: false),
        rule: try string("rule", required: false), syscalls: syscalls)
    }

    func object(_ node: JSONNode, _ what: String, keys: [String]) throws(LoadError) -> [String: JSONNode] {
      guard let members = node.members else { throw fail(node, "\(what) must be an object, not a \(node.typeName)") }
      var result: [String: JSONNode] = [:]
      for member in members {
        guard keys.contains(member.key) else {
          throw LoadError(
            description: "\(file):\(member.keyPosition.line):\(member.keyPosition.column): unknown key '\(member.key)' in \(what) (known: \(keys.joined(separator: ", ")))")
        }
        guard result[member.key] == nil else {
          throw LoadError(description: "\(file):\(member.keyPosition.line):\(member.keyPosition.column): key '\(member.key)' is given twice")
        }
        result[member.key] = member.value
      }
      return result
    }

    func fail(_ node: JSONNode, _ message: String) -> LoadError {
      LoadError(description: "\(file):\(node.position.line):\(node.position.column): \(message)")
    }
  }
}
