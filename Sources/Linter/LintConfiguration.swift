import ProfileModel

/// `.seclint.json`: blocklists, rule severities, and ignores (rule + pointer + required reason).
///
/// ```json
/// {"version": 1, "blocklists": ["docker", "palantir"],
///  "rules": {"unknown-syscall": "error", "SCL102": "off"},
///  "ignore": [{"rule": "blocklist-conflict", "pointer": "/syscalls/0", "reason": "socketcall needed by i386 SteamCMD"}]}
/// ```
package struct LintConfiguration: Sendable, Hashable {
  package struct Ignore: Sendable, Hashable {
    package var rule: String
    package var pointer: String
    package var reason: String

    package init(rule: String, pointer: String, reason: String) {
      self.rule = rule
      self.pointer = pointer
      self.reason = reason
    }
  }

  package var version: Int
  package var blocklists: [String]?
  /// Rule code or name → `error`, `warning`, `note` or `off`.
  package var rules: [String: String]?
  package var ignore: [Ignore]?

  package static let fileName = ".seclint.json"
  package static let supportedVersion = 1

  package struct LoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// Reads and validates a configuration file (`LintConfiguration+Reading.swift`): every problem is located.
  package static func load(path: String) throws(LoadError) -> LintConfiguration {
    try ConfigurationReader(path: path).read()
  }

  /// The nearest `.seclint.json` in the profile's directory or above it (`directory` absolute, or relative to
  /// the current directory; `.` and `..` are resolved lexically, as `URL.standardizedFileURL` does).
  package static func find(startingAt directory: String) -> String? {
    var components: [Substring] = []
    let absolute = directory.hasPrefix("/") ? directory : FileReader.currentDirectory() + "/" + directory
    for part in absolute.split(separator: "/") {
      switch part {
      case ".": continue
      case "..": _ = components.popLast()
      default: components.append(part)
      }
    }
    while true {
      var candidate = ""  // built by hand: `joined(separator:)` on substrings costs more than the stat calls
      for component in components {
        candidate += "/"
        candidate += component
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


