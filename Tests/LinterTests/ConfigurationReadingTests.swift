import Foundation
import Linter
import Testing
import TestSupport

/// `.seclint.json` is read strictly and every problem is located: a misspelt key must not silently switch nothing off.
@Suite struct ConfigurationReadingTests {
  static let cases: [(text: String, message: String)] = [
    (#"{"rules": {"unknown-syscall": "off"}}"#, #"1:1: missing "version" (this seclint reads "version": 1)"#),
    (#"{"version": 1, "rules": {"unknown-syscall": 3}}"#, #"1:45: rule 'unknown-syscall': 3 is not "error", "warning", "note" or "off""#),
    (#"{"version": 1, "rulez": {}}"#, "1:16: unknown key 'rulez' in the configuration; did you mean 'rules'? (known: version, blocklists, rules, ignore)"),
    ("{\"version\": 1,\n", "2:1: unexpected end of input: object opened at 1:1 is not closed"),
    (#"{"version": 1, "rules": {"unknown-syscal": "off"}}"#, "1:26: unknown rule 'unknown-syscal'; did you mean 'unknown-syscall'? (see 'seclint rules')"),
    (#"{"version": 1, "ignore": [{"rule": "x", "pointer": "/", "reason": "  "}]}"#, "1:27: ignore of 'x' at / needs a reason"),
    (#"{"version": 1, "ignore": [{"rule": "x", "pointer": "/"}]}"#, #"1:27: an "ignore" entry needs "reason""#),
    (#"{"version": 1, "ignore": [{"rule": "x", "pointer": "/", "reason": "r", "why": 1}]}"#, "1:72: unknown key 'why' in an \"ignore\" entry (known: rule, pointer, files, syscalls, reason)"),
    (#"{"version": "1"}"#, #"1:13: "version" must be a whole number from 1, not "1""#),
    (#"{"version": 1, "version": 1}"#, "1:16: key 'version' is given twice"),
    (#"{"version": 1, "blocklists": "docker"}"#, #"1:30: "blocklists" must be an array of strings, not "docker""#),
    ("[]", "1:1: the configuration must be an object, not an array"),
  ]

  @Test(arguments: cases) func problemsAreLocated(_ example: (text: String, message: String)) throws {
    let path = try Scratch.directory("config-reading").appendingPathComponent(".seclint.json").path
    try Data(example.text.utf8).write(to: URL(fileURLWithPath: path))
    do {
      _ = try LintConfiguration.load(path: path)
      Issue.record("accepted: \(example.text)")
    } catch {
      #expect(error.description == "\(path):\(example.message)")
    }
  }

  @Test func aValidConfigurationReadsBack() throws {
    let path = try Scratch.directory("config-reading").appendingPathComponent(".seclint.json").path
    try Data(#"{"version": 1, "blocklists": ["docker"], "rules": {"SCL102": "off", "redundant-rule": "error"}, "ignore": [{"rule": "blocklist-conflict", "pointer": "/syscalls/0", "reason": "needed"}]}"#.utf8)
      .write(to: URL(fileURLWithPath: path))
    let configuration = try LintConfiguration.load(path: path)
    #expect(configuration.blocklists == ["docker"])
    #expect(configuration.rules == ["SCL102": "off", "redundant-rule": "error"])
    #expect(configuration.ignore == [.init(rule: "blocklist-conflict", pointer: "/syscalls/0", reason: "needed")])
    #expect(configuration.severities["SCL102"] == .some(nil))
  }

  @Test func missingFileAndDirectoryAreSaid() throws {
    let directory = try Scratch.directory("config-reading")
    #expect(throws: LintConfiguration.LoadError.self) { try LintConfiguration.load(path: directory.path) }
    do { _ = try LintConfiguration.load(path: directory.appendingPathComponent("absent.json").path) } catch {
      #expect(error.description.hasSuffix("absent.json: no such configuration file"))
    }
  }
}
