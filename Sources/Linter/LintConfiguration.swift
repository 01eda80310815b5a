import ProfileModel

/// `.seclint.json`: blocklists, rule severities, and ignores (rule + scope + required reason).
///
/// ```json
/// {"version": 1, "blocklists": ["docker", "palantir"],
///  "rules": {"unknown-syscall": "error", "SCL102": "off"},
///  "ignore": [{"rule": "blocklist-conflict", "syscalls": ["socketcall"], "files": ["deploy/**/*.json"],
///              "reason": "socketcall needed by i386 SteamCMD"}]}
/// ```
package struct LintConfiguration: Sendable, Hashable {
  /// One `ignore` entry: a rule, where it is ignored (every given scope must hold; at least one is given) and why.
  package struct Ignore: Sendable, Hashable {
    package var rule: String
    /// A JSON pointer prefix in the profile (`""` is the whole profile).
    package var pointer: String?
    /// Globs (`*`, `**`, `?`) over the profile's path relative to the configuration's directory.
    package var files: [String]?
    /// Syscall names: a finding concerning any of them.
    package var syscalls: [String]?
    package var reason: String

    package init(rule: String, pointer: String? = nil, files: [String]? = nil, syscalls: [String]? = nil, reason: String) {
      self.rule = rule
      self.pointer = pointer
      self.files = files
      self.syscalls = syscalls
      self.reason = reason
    }

    /// Whether the entry is about the profile at `path` (relative to the configuration's directory).
    package func applies(toFile path: String) -> Bool {
      guard let files else { return true }
      return files.contains { FileGlob($0).matches(path) }
    }

    /// How the entry reads in messages: `unknown-syscall at /syscalls/9 for opne in deploy/*.json`.
    package var scopeDescription: String {
      var parts = [rule]
      if let pointer { parts.append("at \(pointer.isEmpty ? "the whole profile" : pointer)") }
      if let syscalls { parts.append("for \(syscalls.joined(separator: ", "))") }
      if let files { parts.append("in \(files.joined(separator: ", "))") }
      return parts.joined(separator: " ")
    }
  }

  package var version: Int
  package var blocklists: [String]?
  /// Rule code or name → `error`, `warning`, `note` or `off`.
  package var rules: [String: String]?
  package var ignore: [Ignore]?
  /// The directory of the file the configuration was read from (`files` globs are relative to it).
  package var directory: String?

  package static let fileName = ".seclint.json"
  package static let supportedVersion = 1

  package struct LoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// Reads and validates a configuration file (`LintConfiguration+Reading.swift`): every problem is located.
  package static func load(path: String) throws(LoadError) -> LintConfiguration {
    var configuration = try ConfigurationReader(path: path).read()
    configuration.directory = ProfilePath.directory(of: ProfilePath.absolute(path))
    return configuration
  }

  /// The ignore entries that apply to the profile at `path` (as given; `-` has no path): `files` globs match its
  /// path relative to the configuration's directory, or the path as given when it is outside that directory.
  package func ignores(forProfile path: String?) -> [Ignore] {
    let entries = ignore ?? []
    guard let path else { return entries.filter { $0.files == nil } }
    let relative = directory.flatMap { ProfilePath.relative(ProfilePath.absolute(path), to: $0) } ?? ProfilePath.normalized(path)
    return entries.filter { $0.applies(toFile: relative) }
  }

  /// The nearest `.seclint.json` in the profile's directory or above it (`directory` absolute, or relative to
  /// the current directory; `.` and `..` are resolved lexically, as `URL.standardizedFileURL` does).
  package static func find(startingAt directory: String) -> String? {
    var components = ProfilePath.components(ProfilePath.absolute(directory))
    while true {
      var candidate = ""  // built by hand: `joined(separator:)` on substrings costs more than the stat calls
      for component in components {
        candidate += "/"
        candidate += String(component)  // not `+= Substring`: that is the generic `append(contentsOf:)`
      }
      candidate += "/" + fileName
      if FileReader.exists(candidate) { return candidate }
      guard components.popLast() != nil else { return nil }
    }
  }

  /// Severity overrides by rule id (nil value: the rule is off).
  package var severities: [String: Severity?] {
    var result: [String: Severity?] = [:]
    for (rule, value) in rules ?? [:] {
      guard let id = RuleRegistry.descriptor(rule)?.id else { continue }
      result[id] = value == "off" ? .some(nil) : Severity(rawValue: value)
    }
    return result
  }
}


