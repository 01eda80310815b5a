/// A JSON value exactly as the file spells it, with the position of every value and key.
/// Objects keep every member in file order, duplicates included; numbers keep their text.
package struct JSONNode: Sendable, Hashable {
  package enum Value: Sendable, Hashable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    /// The number's literal text, e.g. `-1`, `1.0`, `1e2`, `18446744073709551616`.
    case number(String)
    case bool(Bool)
    case null
  }

  package var value: Value
  package var position: SourcePosition

  package init(_ value: Value, at position: SourcePosition) {
    self.value = value
    self.position = position
  }

  /// The JSON type name, as messages use it: object, array, string, number, boolean, null.
  package var typeName: String {
    switch value {
    case .object: "object"
    case .array: "array"
    case .string: "string"
    case .number: "number"
    case .bool: "boolean"
    case .null: "null"
    }
  }

  package var members: [JSONMember]? { if case .object(let m) = value { m } else { nil } }
  package var elements: [JSONNode]? { if case .array(let e) = value { e } else { nil } }
  package var string: String? { if case .string(let s) = value { s } else { nil } }
  package var isNull: Bool { value == .null }
}

/// One `"key": value` pair of an object.
package struct JSONMember: Sendable, Hashable {
  package var key: String
  package var keyPosition: SourcePosition
  package var value: JSONNode

  package init(key: String, keyPosition: SourcePosition, value: JSONNode) {
    self.key = key
    self.keyPosition = keyPosition
    self.value = value
  }
}
