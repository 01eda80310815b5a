import Foundation
import Testing

/// Checks a SARIF log against the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) for every object type
/// seclint emits: each object's properties must be ones the schema defines for it (the schema says
/// `"additionalProperties": false`), required properties present, types, enums and minimums as the schema has
/// them; plus what the specification adds in prose (`ruleIndex` names the rule `ruleId` names, a `uriBaseId` is
/// declared in `originalUriBaseIds`, URIs are RFC 3986 references). `runCLI` calls it on every SARIF a test
/// produces. Returns the violations ("" path elements: JSON pointers).
enum SARIFValidation {
  static func violations(_ text: String) -> [String] {
    guard let data = text.data(using: .utf8), let json = try? JSONSerialization.jsonObject(with: data) else { return ["not JSON"] }
    var checker = Checker()
    checker.log(json, "")
    return checker.problems
  }

  static func expectValid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let problems = violations(text)
    #expect(problems.isEmpty, "invalid SARIF 2.1.0:\n\(problems.prefix(20).joined(separator: "\n"))", sourceLocation: sourceLocation)
  }

  /// Properties per object type (sarif-schema-2.1.0.json `definitions`), and the required ones.
  static let properties: [String: (allowed: Set<String>, required: Set<String>)] = [
    "sarifLog": (["$schema", "version", "runs", "inlineExternalProperties", "properties"], ["version", "runs"]),
    "run": (
      [
        "tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds", "artifacts",
        "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
        "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind", "externalPropertyFileReferences",
        "threadFlowLocations", "taxonomies", "addresses", "translations", "policies", "webRequests", "webResponses",
        "specialLocations", "properties",
      ], ["tool"]),
    "tool": (["driver", "extensions", "properties"], ["driver"]),
    "toolComponent": (
      [
        "guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription", "fullName", "version",
        "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri", "globalMessageStrings",
        "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive", "localizedDataSemanticVersion",
        "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata", "supportedTaxonomies",
        "properties",
      ], ["name"]),
    "reportingDescriptor": (
      [
        "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription", "fullDescription",
        "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties",
      ], ["id"]),
    "multiformatMessageString": (["text", "markdown", "properties"], ["text"]),
    "reportingConfiguration": (["enabled", "level", "rank", "parameters", "properties"], []),
    "invocation": (
      [
        "commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode", "ruleConfigurationOverrides",
        "notificationConfigurationOverrides", "toolExecutionNotifications", "toolConfigurationNotifications",
        "exitCodeDescription", "exitSignalName", "exitSignalNumber", "processStartFailureMessage", "executionSuccessful",
        "machine", "account", "processId", "executableLocation", "workingDirectory", "environmentVariables", "stdin", "stdout",
        "stderr", "stdoutStderr", "properties",
      ], ["executionSuccessful"]),
    "notification": (
      ["locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor", "associatedRule", "properties"], ["message"]),
    "message": (["text", "markdown", "id", "arguments", "properties"], []),
    "result": (
      [
        "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid", "correlationGuid",
        "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals",
        "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri", "workItemUris",
        "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties",
      ], ["message"]),
    "location": (["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"], []),
    "physicalLocation": (["address", "artifactLocation", "region", "contextRegion", "properties"], []),
    "artifactLocation": (["uri", "uriBaseId", "index", "description", "properties"], []),
    "region": (
      [
        "startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength", "snippet",
        "message", "sourceLanguage", "properties",
      ], []),
    "fix": (["description", "artifactChanges", "properties"], ["artifactChanges"]),
    "artifactChange": (["artifactLocation", "replacements", "properties"], ["artifactLocation", "replacements"]),
    "replacement": (["deletedRegion", "insertedContent", "properties"], ["deletedRegion"]),
    "artifactContent": (["text", "binary", "rendered", "properties"], []),
  ]

  static let levels: Set<String> = ["none", "note", "warning", "error"]

  struct Checker {
    var problems: [String] = []
    var baseIDs: Set<String> = []
    var ruleIDs: [String] = []

    mutating func object(_ value: Any?, _ type: String, _ path: String) -> [String: Any]? {
      guard let object = value as? [String: Any] else {
        problems.append("\(path): \(type) must be an object")
        return nil
      }
      let (allowed, required) = SARIFValidation.properties[type]!
      for key in object.keys.sorted() where !allowed.contains(key) { problems.append("\(path)/\(key): not a property of \(type)") }
      for key in required.sorted() where object[key] == nil { problems.append("\(path): \(type) requires '\(key)'") }
      if let bag = object["properties"] { propertyBag(bag, "\(path)/properties") }
      return object
    }

    mutating func array(_ value: Any?, _ path: String, minItems: Int = 0) -> [Any] {
      guard let value else { return [] }
      guard let array = value as? [Any] else {
        problems.append("\(path): must be an array")
        return []
      }
      if array.count < minItems { problems.append("\(path): needs at least \(minItems) item(s)") }
      return array
    }

    mutating func string(_ value: Any?, _ path: String, in allowed: Set<String>? = nil, uri: Bool = false) {
      guard let value else { return }
      guard let text = value as? String else { return problems.append("\(path): must be a string") }
      if let allowed, !allowed.contains(text) { problems.append("\(path): '\(text)' is not one of \(allowed.sorted())") }
      if uri, !SARIFValidation.isURIReference(text) { problems.append("\(path): '\(text)' is not an RFC 3986 URI reference") }
    }

    mutating func integer(_ value: Any?, _ path: String, minimum: Int) {
      guard let value else { return }
      guard let number = value as? Int else { return problems.append("\(path): must be an integer") }
      if number < minimum { problems.append("\(path): \(number) is below the minimum \(minimum)") }
    }

    mutating func propertyBag(_ value: Any, _ path: String) {
      guard let bag = value as? [String: Any] else { return problems.append("\(path): must be an object") }
      if let tags = bag["tags"] {
        let list = array(tags, "\(path)/tags")
        if list.contains(where: { !($0 is String) }) { problems.append("\(path)/tags: must be strings") }
        if Set(list.compactMap { $0 as? String }).count != list.count { problems.append("\(path)/tags: must be unique") }
      }
    }

    mutating func log(_ value: Any, _ path: String) {
      guard let log = object(value, "sarifLog", path) else { return }
      string(log["version"], "/version", in: ["2.1.0"])
      string(log["$schema"], "/$schema", uri: true)
      for (index, run) in array(log["runs"], "/runs").enumerated() { self.run(run, "/runs/\(index)") }
    }

    mutating func run(_ value: Any, _ path: String) {
      guard let run = object(value, "run", path) else { return }
      baseIDs = []
      if let bases = run["originalUriBaseIds"] {
        if let bases = bases as? [String: Any] {
          for (key, base) in bases {
            baseIDs.insert(key)
            artifactLocation(base, "\(path)/originalUriBaseIds/\(key)", isBase: true)
          }
        } else {
          problems.append("\(path)/originalUriBaseIds: must be an object")
        }
      }
      string(run["columnKind"], "\(path)/columnKind", in: ["utf16CodeUnits", "unicodeCodePoints"])
      if let tool = object(run["tool"], "tool", "\(path)/tool"), let driver = object(tool["driver"], "toolComponent", "\(path)/tool/driver") {
        string(driver["name"], "\(path)/tool/driver/name")
        string(driver["informationUri"], "\(path)/tool/driver/informationUri", uri: true)
        ruleIDs = []
        for (index, rule) in array(driver["rules"], "\(path)/tool/driver/rules").enumerated() {
          let rulePath = "\(path)/tool/driver/rules/\(index)"
          guard let rule = object(rule, "reportingDescriptor", rulePath) else { continue }
          string(rule["id"], "\(rulePath)/id")
          ruleIDs.append(rule["id"] as? String ?? "")
          string(rule["helpUri"], "\(rulePath)/helpUri", uri: true)
          for key in ["shortDescription", "fullDescription", "help"] where rule[key] != nil {
            _ = object(rule[key], "multiformatMessageString", "\(rulePath)/\(key)")
          }
          if let configuration = rule["defaultConfiguration"], let object = object(configuration, "reportingConfiguration", "\(rulePath)/defaultConfiguration") {
            string(object["level"], "\(rulePath)/defaultConfiguration/level", in: SARIFValidation.levels)
          }
        }
      }
      for (index, invocation) in array(run["invocations"], "\(path)/invocations").enumerated() {
        let invocationPath = "\(path)/invocations/\(index)"
        guard let invocation = object(invocation, "invocation", invocationPath) else { continue }
        if !(invocation["executionSuccessful"] is Bool) { problems.append("\(invocationPath)/executionSuccessful: must be a boolean") }
        for (n, notification) in array(invocation["toolExecutionNotifications"], "\(invocationPath)/toolExecutionNotifications").enumerated() {
          let notificationPath = "\(invocationPath)/toolExecutionNotifications/\(n)"
          guard let notification = object(notification, "notification", notificationPath) else { continue }
          message(notification["message"], "\(notificationPath)/message")
          string(notification["level"], "\(notificationPath)/level", in: SARIFValidation.levels)
          for (l, location) in array(notification["locations"], "\(notificationPath)/locations").enumerated() {
            self.location(location, "\(notificationPath)/locations/\(l)")
          }
        }
      }
      for (index, result) in array(run["results"], "\(path)/results").enumerated() { self.result(result, "\(path)/results/\(index)") }
    }

    mutating func result(_ value: Any, _ path: String) {
      guard let result = object(value, "result", path) else { return }
      string(result["ruleId"], "\(path)/ruleId")
      integer(result["ruleIndex"], "\(path)/ruleIndex", minimum: -1)
      if let index = result["ruleIndex"] as? Int, let id = result["ruleId"] as? String, index >= 0 {
        if index >= ruleIDs.count || ruleIDs[index] != id { problems.append("\(path)/ruleIndex: \(index) does not name rule \(id)") }
      }
      string(result["level"], "\(path)/level", in: SARIFValidation.levels)
      string(result["kind"], "\(path)/kind", in: ["notApplicable", "pass", "fail", "review", "open", "informational"])
      string(result["baselineState"], "\(path)/baselineState", in: ["new", "unchanged", "updated", "absent"])
      message(result["message"], "\(path)/message")
      for (index, location) in array(result["locations"], "\(path)/locations").enumerated() { self.location(location, "\(path)/locations/\(index)") }
      if let fingerprints = result["partialFingerprints"] {
        if let fingerprints = fingerprints as? [String: Any] {
          for (key, value) in fingerprints where !(value is String) { problems.append("\(path)/partialFingerprints/\(key): must be a string") }
        } else {
          problems.append("\(path)/partialFingerprints: must be an object")
        }
      }
      for (index, fix) in array(result["fixes"], "\(path)/fixes").enumerated() {
        let fixPath = "\(path)/fixes/\(index)"
        guard let fix = object(fix, "fix", fixPath) else { continue }
        if fix["description"] != nil { message(fix["description"], "\(fixPath)/description") }
        for (c, change) in array(fix["artifactChanges"], "\(fixPath)/artifactChanges", minItems: 1).enumerated() {
          let changePath = "\(fixPath)/artifactChanges/\(c)"
          guard let change = object(change, "artifactChange", changePath) else { continue }
          artifactLocation(change["artifactLocation"], "\(changePath)/artifactLocation")
          for (r, replacement) in array(change["replacements"], "\(changePath)/replacements", minItems: 1).enumerated() {
            let replacementPath = "\(changePath)/replacements/\(r)"
            guard let replacement = object(replacement, "replacement", replacementPath) else { continue }
            region(replacement["deletedRegion"], "\(replacementPath)/deletedRegion")
            if let content = replacement["insertedContent"], let object = object(content, "artifactContent", "\(replacementPath)/insertedContent") {
              string(object["text"], "\(replacementPath)/insertedContent/text")
            }
          }
        }
      }
    }

    mutating func message(_ value: Any?, _ path: String) {
      guard let message = object(value, "message", path) else { return }
      if message["text"] == nil && message["id"] == nil { problems.append("\(path): message requires 'text' or 'id'") }
      string(message["text"], "\(path)/text")
    }

    mutating func location(_ value: Any, _ path: String) {
      guard let location = object(value, "location", path), let physical = location["physicalLocation"] else { return }
      guard let object = object(physical, "physicalLocation", "\(path)/physicalLocation") else { return }
      if object["address"] == nil && object["artifactLocation"] == nil {
        problems.append("\(path)/physicalLocation: requires 'address' or 'artifactLocation'")
      }
      if let artifact = object["artifactLocation"] { artifactLocation(artifact, "\(path)/physicalLocation/artifactLocation") }
      if let region = object["region"] { self.region(region, "\(path)/physicalLocation/region") }
    }

    mutating func artifactLocation(_ value: Any?, _ path: String, isBase: Bool = false) {
      guard let location = object(value, "artifactLocation", path) else { return }
      string(location["uri"], "\(path)/uri", uri: true)
      integer(location["index"], "\(path)/index", minimum: -1)
      if let base = location["uriBaseId"] {
        string(base, "\(path)/uriBaseId")
        if let base = base as? String, !baseIDs.contains(base) { problems.append("\(path)/uriBaseId: '\(base)' is not in originalUriBaseIds") }
      }
      // §3.14.14: a base's URI is absolute (or itself based) and ends with a slash.
      if isBase, let uri = location["uri"] as? String, !uri.hasSuffix("/") { problems.append("\(path)/uri: a base URI must end with '/'") }
    }

    mutating func region(_ value: Any?, _ path: String) {
      guard let region = object(value, "region", path) else { return }
      for key in ["startLine", "startColumn", "endLine", "endColumn"] { integer(region[key], "\(path)/\(key)", minimum: 1) }
      for key in ["charOffset", "byteOffset"] { integer(region[key], "\(path)/\(key)", minimum: -1) }
      for key in ["charLength", "byteLength"] { integer(region[key], "\(path)/\(key)", minimum: 0) }
      if let start = region["startLine"] as? Int, let end = region["endLine"] as? Int, end < start {
        problems.append("\(path): endLine before startLine")
      }
    }
  }

  /// RFC 3986 URI-reference characters: unreserved, reserved and valid percent-encodings only.
  static func isURIReference(_ text: String) -> Bool {
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=")
    let characters = Array(text)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "%" {
        guard index + 2 < characters.count, characters[index + 1].isHexDigit, characters[index + 2].isHexDigit else { return false }
        index += 3
        continue
      }
      guard allowed.contains(character) else { return false }
      index += 1
    }
    return true
  }
}

@Suite struct SARIFValidationTests {
  @Test func theValidatorRejectsWhatTheSchemaRejects() {
    let valid = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "A"}]}}, "results": [{"ruleId": "A", "ruleIndex": 0, "message": {"text": "m"}}]}]}"#
    #expect(SARIFValidation.violations(valid).isEmpty)
    #expect(!SARIFValidation.violations(valid.replacingOccurrences(of: "2.1.0", with: "2.0.0")).isEmpty)
    #expect(!SARIFValidation.violations(valid.replacingOccurrences(of: #""ruleIndex": 0"#, with: #""ruleIndex": 1"#)).isEmpty)
    #expect(!SARIFValidation.violations(valid.replacingOccurrences(of: #""message": {"text": "m"}"#, with: #""message": {}"#)).isEmpty)
    #expect(!SARIFValidation.violations(valid.replacingOccurrences(of: #""results""#, with: #""result""#)).isEmpty)
    let fix = #"{"ruleId": "A", "message": {"text": "m"}, "fixes": [{"artifactChanges": []}]}"#
    #expect(!SARIFValidation.violations(valid.replacingOccurrences(of: #"{"ruleId": "A", "ruleIndex": 0, "message": {"text": "m"}}"#, with: fix)).isEmpty)
    let spaced = #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b", "uriBaseId": "%SRCROOT%"}}}]}]}]}]}"#
    #expect(SARIFValidation.violations(spaced).count == 2, "a space in a URI, an undeclared uriBaseId")
  }
}
