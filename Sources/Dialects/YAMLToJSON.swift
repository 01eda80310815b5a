import ProfileModel
import YAML

/// A YAML document as the JSON Kubernetes would decode it (`sigs.k8s.io/yaml.YAMLToJSON`: go-yaml v2 scalar rules,
/// non-string keys turned into strings, merge keys applied), keeping every node's position. Plain scalars whose
/// YAML 1.1 reading differs from YAML 1.2's are recorded as `yaml11` issues.
struct YAMLToJSON {
  var issues: [DecodeIssue] = []

  static func position(_ position: YAMLPosition) -> SourcePosition {
    SourcePosition(line: position.line, column: position.column, offset: position.offset)
  }

  mutating func convert(_ node: YAMLNode, pointer: JSONPointer) throws(ProfileLoadError.Located) -> JSONNode {
    let position = Self.position(node.position)
    switch node.value {
    case .scalar:
      return JSONNode(try scalar(node, pointer: pointer), at: position)
    case .sequence(let items):
      var elements: [JSONNode] = []
      elements.reserveCapacity(items.count)
      for (index, item) in items.enumerated() { elements.append(try convert(item, pointer: pointer.appending(index))) }
      return JSONNode(.array(elements), at: position)
    case .mapping(let pairs):
      var members: [JSONMember] = []
      for pair in pairs {
        if pair.key.scalar?.text == "<<", pair.key.scalar?.style == .plain {
          // go-yaml v2 `merge`: a mapping, or a sequence of mappings (earlier ones win), set in place.
          let sources = pair.value.items.map { Array($0.reversed()) } ?? [pair.value]
          for source in sources {
            guard source.pairs != nil else {
              throw .init(message: "a merge key ('<<') needs a mapping or a sequence of mappings", position: Self.position(source.position))
            }
            let merged = try convert(source, pointer: pointer)
            members += merged.members ?? []
          }
          continue
        }
        let key = try keyString(pair.key)
        members.append(
          JSONMember(key: key, keyPosition: Self.position(pair.key.position), value: try convert(pair.value, pointer: pointer.appending(key))))
      }
      return JSONNode(.object(members), at: position)
    }
  }

  /// `sigs.k8s.io/yaml` turns bool, int and float keys into strings; collection and null keys are errors.
  private func keyString(_ key: YAMLNode) throws(ProfileLoadError.Located) -> String {
    guard let resolved = key.resolved(.kubernetes) else {
      throw .init(message: "a collection as a mapping key cannot become JSON", position: Self.position(key.position))
    }
    switch resolved {
    case .string(let text): return text
    case .bool(let value): return value ? "true" : "false"
    case .integer(let negative, let magnitude): return (negative ? "-" : "") + String(magnitude)
    case .float(let value): return Self.number(value) ?? String(value)
    case .null: throw .init(message: "a null mapping key cannot become JSON", position: Self.position(key.position))
    }
  }

  private mutating func scalar(_ node: YAMLNode, pointer: JSONPointer) throws(ProfileLoadError.Located) -> JSONNode.Value {
    guard let kubernetes = node.resolved(.kubernetes), let core = node.resolved(.core), let text = node.scalar?.text else {
      return .null
    }
    if kubernetes != core && !(Self.sameNumber(kubernetes, core)) {
      issues.append(
        DecodeIssue(
          .dialect(.yaml11), at: SourceLocation(pointer: pointer, position: Self.position(node.position)),
          message: "Kubernetes (YAML 1.1, go-yaml v2) reads the plain scalar '\(text)' as \(Self.describe(kubernetes)); a YAML 1.2 reader gets \(Self.describe(core)); quote it or write it unambiguously"))
    }
    switch kubernetes {
    case .null: return .null
    case .bool(let value): return .bool(value)
    case .string(let value): return .string(value)
    case .integer(let negative, let magnitude): return .number((negative ? "-" : "") + String(magnitude))
    case .float(let value):
      guard let number = Self.number(value) else {
        throw .init(
          message: "'\(text)' is \(value.isNaN ? "NaN" : "infinite"); Kubernetes' YAML-to-JSON conversion fails on it (JSON has no such number)",
          position: Self.position(node.position))
      }
      return .number(number)
    }
  }

  static func sameNumber(_ a: YAMLScalarValue, _ b: YAMLScalarValue) -> Bool {
    func double(_ value: YAMLScalarValue) -> Double? {
      switch value {
      case .float(let d): d
      case .integer(let negative, let magnitude): negative ? -Double(magnitude) : Double(magnitude)
      default: nil
      }
    }
    guard let x = double(a), let y = double(b) else { return false }
    return x == y
  }

  /// JSON text of a finite double as Go's `encoding/json` writes whole numbers (no exponent below 1e21).
  static func number(_ value: Double) -> String? {
    guard value.isFinite else { return nil }
    if value == value.rounded(), abs(value) < 1e21 {
      if abs(value) < 9.2e18 { return String(Int64(value)) }
      if value > 0, value < 1.8e19 { return String(UInt64(value)) }
    }
    return String(value)
  }

  static func describe(_ value: YAMLScalarValue) -> String {
    switch value {
    case .null: "null"
    case .bool(let b): "the boolean \(b)"
    case .integer(let negative, let magnitude): "the number \(negative ? "-" : "")\(magnitude)"
    case .float(let d): "the number \(number(d) ?? String(d))"
    case .string(let s): "the string '\(s)'"
    }
  }
}
