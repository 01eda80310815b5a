import ProfileModel

/// Reads `.seclint.json` strictly, the way seclint asks profiles to be written: JSON syntax errors, unknown keys
/// (a misspelt `"rulez"` would otherwise switch nothing off), duplicate keys, wrong types, a missing `version`,
/// unknown rules and severities are errors located as `path:line:column: message`.
struct ConfigurationReader {
  typealias LoadError = LintConfiguration.LoadError
  let path: String

  /// Configurations are a few hundred bytes; a megabyte is certainly not one.
  static let sizeLimit = 1 << 20

  func read() throws(LoadError) -> LintConfiguration {
    let bytes: [UInt8]
    switch FileReader.read(path, limit: Self.sizeLimit) {
    case .success(let read): bytes = read
    case .failure(.missing): throw LoadError(description: "\(path): no such configuration file")
    case .failure(.directory): throw LoadError(description: "\(path): is a directory, not a configuration file")
    case .failure(.tooLarge): throw LoadError(description: "\(path): larger than 1 MB, not a configuration file")
    case .failure(let failure): throw LoadError(description: "\(path): cannot read the configuration: \(failure.reason)")
    }
    var scanner = JSONScanner(bytes)
    let root: JSONNode
    do {
      root = try scanner.parseDocument()
    } catch {
      throw LoadError(description: "\(path):\(error.position.line):\(error.position.column): \(error.message)")
    }
    let fields = try object(root, "the configuration", keys: ["version", "blocklists", "rules", "ignore"])
    guard let versionNode = fields["version"] else {
      throw fail(root, "missing \"version\" (this seclint reads \"version\": \(LintConfiguration.supportedVersion))")
    }
    guard case .number(let text) = versionNode.value, let version = Int(text), version >= 1 else {
      throw fail(versionNode, "\"version\" must be a whole number from 1, not \(describe(versionNode))")
    }
    guard version <= LintConfiguration.supportedVersion else {
      throw LoadError(
        description: "\(path): version \(version) is newer than this seclint understands (\(LintConfiguration.supportedVersion))")
    }
    var configuration = LintConfiguration(version: version)
    if let node = fields["blocklists"] { configuration.blocklists = try strings(node, "\"blocklists\"") }
    if let node = fields["rules"] { configuration.rules = try rules(node) }
    if let node = fields["ignore"] { configuration.ignore = try ignores(node) }
    return configuration
  }

  private func rules(_ node: JSONNode) throws(LoadError) -> [String: String] {
    guard let members = node.members else { throw fail(node, "\"rules\" must be an object, not \(describe(node))") }
    var result: [String: String] = [:]
    var spellingByID: [String: String] = [:]
    for member in members {
      guard let descriptor = RuleRegistry.descriptor(member.key) else {
        let hint = Spelling.closest(to: member.key, in: RuleRegistry.descriptors.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
        throw fail(at: member.keyPosition, "unknown rule '\(member.key)'\(hint) (see 'seclint rules')")
      }
      // By code and by name is still one rule: which setting would win is not something to leave to key order.
      if let earlier = spellingByID[descriptor.id] {
        let same = earlier == member.key ? "" : " ('\(earlier)' and '\(member.key)' are both \(descriptor.id) \(descriptor.name))"
        throw fail(at: member.keyPosition, "rule '\(member.key)' is set twice\(same)")
      }
      guard case .string(let value) = member.value.value, value == "off" || Severity(rawValue: value) != nil else {
        throw fail(member.value, "rule '\(member.key)': \(describe(member.value)) is not \"error\", \"warning\", \"note\" or \"off\"")
      }
      spellingByID[descriptor.id] = member.key
      result[member.key] = value
    }
    return result
  }

  static let ignoreKeys = ["rule", "pointer", "files", "syscalls", "reason"]

  private func ignores(_ node: JSONNode) throws(LoadError) -> [LintConfiguration.Ignore] {
    guard let elements = node.elements else { throw fail(node, "\"ignore\" must be an array, not \(describe(node))") }
    var result: [LintConfiguration.Ignore] = []
    for element in elements {
      let fields = try object(element, "an \"ignore\" entry", keys: Self.ignoreKeys)
      var values: [String: String] = [:]
      for key in ["rule", "reason"] {
        guard let value = fields[key] else { throw fail(element, "an \"ignore\" entry needs \"\(key)\"") }
        guard case .string(let text) = value.value else { throw fail(value, "\"\(key)\" must be a string, not \(describe(value))") }
        values[key] = text
      }
      var ignore = LintConfiguration.Ignore(rule: values["rule"] ?? "", reason: values["reason"] ?? "")
      if let value = fields["pointer"] {
        guard case .string(let text) = value.value else { throw fail(value, "\"pointer\" must be a string, not \(describe(value))") }
        if let problem = Self.pointerProblem(text) { throw fail(value, problem) }
        ignore.pointer = text
      }
      if let value = fields["files"] { ignore.files = try nonEmptyStrings(value, "\"files\"") }
      if let value = fields["syscalls"] { ignore.syscalls = try nonEmptyStrings(value, "\"syscalls\"") }
      guard ignore.pointer != nil || ignore.files != nil || ignore.syscalls != nil else {
        throw fail(
          element,
          "an \"ignore\" entry needs \"pointer\", \"files\" or \"syscalls\" to say where the rule is ignored "
            + "(to turn '\(ignore.rule)' off everywhere, set it to \"off\" in \"rules\")")
      }
      guard ignore.reason.contains(where: { $0 != " " }) else {
        throw fail(element, "ignore of '\(ignore.rule)'\(ignore.scopeDescription.dropFirst(ignore.rule.count)) needs a reason")
      }
      result.append(ignore)
    }
    return result
  }

  /// Why `text` is not an RFC 6901 JSON pointer (`""`, or `/`-separated tokens where `~` is only `~0` or `~1`),
  /// or nil. `"*"` or `"all"` used to be read as the root and silently hid a rule everywhere.
  static func pointerProblem(_ text: String) -> String? {
    guard text.isEmpty || text.hasPrefix("/") else {
      return "\"pointer\" \"\(text)\" is not a JSON pointer: it must be empty (the whole profile) or start with '/', "
        + "like \"/syscalls/3\" (to match by name use \"syscalls\", by file \"files\")"
    }
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      guard scalar == "~" else { continue }
      guard let next = scalars.next(), next == "0" || next == "1" else {
        return "\"pointer\" \"\(text)\" is not a JSON pointer: '~' must be followed by 0 or 1 (RFC 6901)"
      }
    }
    return nil
  }

  private func nonEmptyStrings(_ node: JSONNode, _ what: String) throws(LoadError) -> [String] {
    let values = try strings(node, what)
    guard !values.isEmpty else { throw fail(node, "\(what) must not be empty (an entry that matches nothing hides nothing)") }
    for (element, value) in zip(node.elements ?? [], values) where value.isEmpty {
      throw fail(element, "\(what) must not hold an empty string")
    }
    return values
  }

  /// An object's members by key, refusing keys outside `keys` and repeated keys.
  private func object(_ node: JSONNode, _ what: String, keys: [String]) throws(LoadError) -> [String: JSONNode] {
    guard let members = node.members else { throw fail(node, "\(what) must be an object, not \(describe(node))") }
    var result: [String: JSONNode] = [:]
    for member in members {
      guard keys.contains(member.key) else {
        let hint = Spelling.closest(to: member.key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
        throw fail(at: member.keyPosition, "unknown key '\(member.key)' in \(what)\(hint) (known: \(keys.joined(separator: ", ")))")
      }
      guard result[member.key] == nil else { throw fail(at: member.keyPosition, "key '\(member.key)' is given twice") }
      result[member.key] = member.value
    }
    return result
  }

  private func strings(_ node: JSONNode, _ what: String) throws(LoadError) -> [String] {
    guard let elements = node.elements else { throw fail(node, "\(what) must be an array of strings, not \(describe(node))") }
    var result: [String] = []
    for element in elements {
      guard case .string(let text) = element.value else { throw fail(element, "\(what) must hold strings, not \(describe(element))") }
      result.append(text)
    }
    return result
  }

  private func describe(_ node: JSONNode) -> String {
    switch node.value {
    case .string(let text): "\"\(text)\""
    case .number(let text): text
    case .bool(let value): String(value)
    case .null: "null"
    default: "an \(node.typeName)"
    }
  }

  private func fail(_ node: JSONNode, _ message: String) -> LoadError { fail(at: node.position, message) }

  private func fail(at position: SourcePosition, _ message: String) -> LoadError {
    LoadError(description: "\(path):\(position.line):\(position.column): \(message)")
  }
}
