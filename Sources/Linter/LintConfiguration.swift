#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import ProfileModel

/// `.seclint.json`: blocklists, rule severities, and ignores (rule + pointer + required reason).
///
/// ```json
/// {"version": 1, "blocklists": ["docker", "palantir"],
///  "rules": {"unknown-syscall": "error", "SCL102": "off"},
///  "ignore": [{"rule": "blocklist-conflict", "pointer": "/syscalls/0", "reason": "socketcall needed by i386 SteamCMD"}]}
/// ```
package struct LintConfiguration: Codable, Sendable, Hashable {
  package struct Ignore: Codable, Sendable, Hashable {
    package var rule: String
    package var pointer: String
    package var reason: String
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

  /// Reads and validates a configuration file.
  package static func load(path: String) throws(LoadError) -> LintConfiguration {
    guard let data = FileManager.default.contents(atPath: path) else { throw LoadError(description: "\(path): cannot read the configuration") }
    let configuration: LintConfiguration
    do {
      configuration = try JSONDecoder().decode(LintConfiguration.self, from: data)
    } catch {
      throw LoadError(description: "\(path): not a seclint configuration (\(error))")
    }
    guard configuration.version <= supportedVersion else {
      throw LoadError(description: "\(path): version \(configuration.version) is newer than this seclint understands (\(supportedVersion))")
    }
    for (rule, value) in configuration.rules ?? [:] {
      guard RuleRegistry.descriptor(rule) != nil else { throw LoadError(description: "\(path): unknown rule '\(rule)'") }
      guard value == "off" || Severity(rawValue: value) != nil else {
        throw LoadError(description: "\(path): rule '\(rule)': '\(value)' is not error, warning, note or off")
      }
    }
    for ignore in configuration.ignore ?? [] where ignore.reason.trimmingSpaces.isEmpty {
      throw LoadError(description: "\(path): ignore of '\(ignore.rule)' at \(ignore.pointer) needs a reason")
    }
    return configuration
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

extension String {
  fileprivate var trimmingSpaces: String { String(drop { $0 == " " }) }
}
