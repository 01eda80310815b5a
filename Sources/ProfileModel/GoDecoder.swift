/// Coding keys whose cases are a schema's complete field list, so the decoder can tell unknown keys apart.
package protocol SchemaCodingKey: CodingKey, CaseIterable {}

extension SchemaCodingKey {
  static var fieldNames: [String] { allCases.map(\.stringValue) }
}

/// Collects issues while one document decodes (used on one thread, then discarded).
final class DecodeLog {
  var issues: [DecodeIssue] = []
  /// Who refuses a wrongly typed value, as messages say it.
  var refuser = "Docker refuses to decode the profile"
  /// Field names of each schema's coding keys, looked up once per key type (a dynamic cast per object
  /// would search the binary's conformance tables).
  private var schemas: [ObjectIdentifier: [String]?] = [:]

  func schemaFields<Key: CodingKey>(of key: Key.Type) -> [String]? {
    if let known = schemas[ObjectIdentifier(key)] { return known }
    let fields = (key as? any SchemaCodingKey.Type)?.fieldNames
    schemas[ObjectIdentifier(key)] = .some(fields)
    return fields
  }

  func record(_ kind: DecodeIssue.Kind, _ pointer: JSONPointer, _ position: SourcePosition, _ message: String) {
    issues.append(DecodeIssue(kind, at: SourceLocation(pointer: pointer, position: position), message: message))
  }
}

/// Thrown after a type mismatch has been logged, so callers fall back to Go's zero value or nil.
struct LoggedMismatch: Error {}

/// A `Decoder` over a `JSONNode` tree with Go `encoding/json` semantics (moby-semantics.md §2): keys bind
/// case-insensitively, the last binding wins, objects bound twice merge, `null` leaves scalars unchanged.
///
/// It never fails on content: wrong types, unknown, case-variant and duplicate keys are logged as
/// `DecodeIssue`s and the field is left empty (nil, or Go's zero value inside arrays).
struct GoDecoder: Decoder {
  let node: JSONNode
  /// The value's pointer is `parentPointer` plus `token` (none: `parentPointer` itself), built only when asked:
  /// nearly every value logs nothing, and appending a token per decoded value cost more than decoding it.
  private let parentPointer: JSONPointer
  private let token: String?
  let log: DecodeLog
  /// A field moby's types do not have (Podman's `defaultErrno`/`errno`): a wrong type there makes Podman, not
  /// Docker, refuse the profile.
  var dockerIgnores = false
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(GoKeyedContainer<Key>(object: GoObject(self, fields: log.schemaFields(of: Key.self))))
  }

  func unkeyedContainer() -> any UnkeyedDecodingContainer {
    guard let elements = node.elements else {
      if !node.isNull { mismatch(expected: "an array") }
      return GoUnkeyedContainer(elements: [], decoder: self)
    }
    return GoUnkeyedContainer(elements: elements, decoder: self)
  }

  func singleValueContainer() -> any SingleValueDecodingContainer { GoSingleValueContainer(decoder: self) }

  init(node: JSONNode, pointer: JSONPointer, log: DecodeLog) {
    (self.node, parentPointer, token, self.log) = (node, pointer, nil, log)
  }

  private init(node: JSONNode, under parent: JSONPointer, token: String, log: DecodeLog) {
    (self.node, parentPointer, self.token, self.log) = (node, parent, token, log)
  }

  /// Where the value is (RFC 6901 tokens, as the file spells the keys).
  var pointer: JSONPointer { token.map { parentPointer.appending($0) } ?? parentPointer }

  /// The decoder for a member or element. (`codingPath` stays empty: issues carry JSON pointers instead.)
  func child(_ node: JSONNode, token: String) -> GoDecoder {
    GoDecoder(node: node, under: pointer, token: token, log: log)
  }

  /// The decoders for an array's elements, all under this decoder's pointer (built once for them all).
  func elementDecoders(_ elements: [JSONNode]) -> [GoDecoder] {
    let parent = pointer
    return elements.indices.map { GoDecoder(node: elements[$0], under: parent, token: String($0), log: log) }
  }

  func mismatch(expected: String) {
    if dockerIgnores {
      log.record(
        .podmanTypeMismatch(expected: expected, found: node.typeName), pointer, node.position,
        "expected \(expected), found \(describe(node)); Podman and CRI-O (containers/common) refuse to decode the "
          + "profile, Docker ignores the field")
      return
    }
    log.record(
      .typeMismatch(expected: expected, found: node.typeName), pointer, node.position,
      "expected \(expected), found \(describe(node)); \(log.refuser)")
  }

  /// Decodes a value the way Go decodes into a field of that type.
  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    if T.self == String.self {
      guard let string = node.string else { throw loggedMismatch("a string") }
      return try cast(string)
    }
    if T.self == UInt64.self { return try cast(try unsignedInteger()) }
    if T.self == [String].self { return try cast(stringArray()) }
    if T.self == Bool.self {
      guard case .bool(let value) = node.value else { throw loggedMismatch("a boolean") }
      return try cast(value)
    }
    return try T(from: self)
  }

  /// Go decoding an array into `[]string` (what `Array<String>(from:)` through `GoUnkeyedContainer` gives,
  /// without a container per array): strings kept; `null` elements and elements of another type become "",
  /// the latter logged as mismatches at their own pointer.
  func stringArray() -> [String] {
    guard let elements = node.elements else {
      if !node.isNull { mismatch(expected: "an array") }
      return []
    }
    var strings: [String] = []
    strings.reserveCapacity(elements.count)
    for (index, element) in elements.enumerated() {
      if case .string(let string) = element.value {
        strings.append(string)
        continue
      }
      if !element.isNull { GoDecoder(node: element, pointer: pointer.appending(index), log: log).mismatch(expected: "a string") }
      strings.append("")
    }
    return strings
  }

  /// Go's `strconv.ParseUint(text, 10, 64)`: digits only, no sign, fraction or exponent, at most 2^64-1.
  func unsignedInteger() throws -> UInt64 {
    guard case .number(let text) = node.value else { throw loggedMismatch("an unsigned integer") }
    guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      throw loggedMismatch("an unsigned integer")
    }
    guard let value = UInt64(text) else {
      log.record(
        .typeMismatch(expected: "an unsigned 64-bit integer", found: "number"), pointer, node.position,
        "number \(text) does not fit in 64 bits; \(log.refuser)")
      throw LoggedMismatch()
    }
    return value
  }

  private func loggedMismatch(_ expected: String) -> LoggedMismatch {
    mismatch(expected: expected)
    return LoggedMismatch()
  }

  func checkKeys(_ members: [JSONMember], _ foldedKeys: [String], against fields: [String]) {
    let folded = Dictionary(fields.map { (GoKeyMatching.fold($0), $0) }, uniquingKeysWith: { a, _ in a })
    for member in members where !fields.contains(where: { GoKeyMatching.identical($0, member.key) }) {
      let memberPointer = pointer.appending(member.key)
      if let field = folded[GoKeyMatching.fold(member.key)] {
        log.record(
          .caseVariantKey(key: member.key, field: field), memberPointer, member.keyPosition,
          "key '\(member.key)' binds to '\(field)' only because Go matches keys case-insensitively")
      } else {
        let suggestion = Spelling.closest(to: member.key, in: fields)
        log.record(
          .unknownKey(key: member.key, suggestion: suggestion), memberPointer, member.keyPosition,
          "unknown key '\(member.key)' is ignored by Docker" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
      }
    }
    for field in fields {
      let foldedField = GoKeyMatching.fold(field)
      let occurrences = members.indices.filter { foldedKeys[$0] == foldedField }.map { members[$0] }
      guard occurrences.count > 1, let last = occurrences.last else { continue }
      let merged = occurrences.allSatisfy { $0.value.members != nil }
      for earlier in occurrences.dropLast() {
        log.record(
          .duplicateKey(key: earlier.key, field: field, laterAt: last.keyPosition, merged: merged),
          pointer.appending(earlier.key), earlier.keyPosition,
          "'\(field)' is given again at \(last.keyPosition); Go "
            + (merged ? "merges the two objects, later keys winning" : "keeps only the later value"))
      }
    }
  }
}

/// A cast for values whose type was just tested equal to `T` (never fails; no `as!` reachable from input).
/// It avoids a dynamic cast on the decoding hot path; it throws instead of trapping if misused.
func cast<T, V>(_ value: V) throws -> T {
  guard T.self == V.self else { throw LoggedMismatch() }
  return unsafeBitCast(value, to: T.self)
}

/// `value` as `T` when `V` is `T`, else nil. (`let typed: T = try? cast(value)` infers `cast`'s result as `T?`,
/// whose type never equals `V`: the fast paths written that way were never taken.)
func same<T, V>(_ value: V, as type: T.Type) -> T? {
  guard T.self == V.self else { return nil }
  return unsafeBitCast(value, to: T.self)
}

/// A short, safe rendering of a value for messages.
func describe(_ node: JSONNode) -> String {
  switch node.value {
  case .string(let s): return "string \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
  case .number(let n): return "number \(n.count > 40 ? String(n.prefix(40)) + "…" : n)"
  case .bool(let b): return "boolean \(b)"
  case .null: return "null"
  case .object: return "an object"
  case .array: return "an array"
  }
}

struct GoKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let object: GoObject
  var decoder: GoDecoder { object.decoder }
  var codingPath: [any CodingKey] { decoder.codingPath }

  var allKeys: [Key] {
    var seen: Set<String> = []
    return object.members.compactMap { member in
      guard let key = Key(stringValue: member.key), seen.insert(member.key).inserted else { return nil }
      return key
    }
  }

  func contains(_ key: Key) -> Bool { !object.occurrences(key.stringValue).isEmpty }

  private func effective(_ key: Key, scalar: Bool) -> JSONMember? { object.effective(key.stringValue, scalar: scalar) }

  func decodeNil(forKey key: Key) -> Bool { effective(key, scalar: false)?.value.isNull ?? true }

  private func value<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? { object.value(type, forField: key.stringValue) }

  private func required<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    guard let found = value(type, forKey: key) else {
      throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
    }
    return found
  }

  // Every overload goes through `value(_:forKey:)`: the protocol's defaults for the primitive overloads
  // would bypass Go's null handling and the mismatch log.
  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? { value(type, forKey: key) }
  func decodeIfPresent(_ type: String.Type, forKey key: Key) -> String? { value(type, forKey: key) }
  func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) -> UInt64? { value(type, forKey: key) }
  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) -> Bool? { value(type, forKey: key) }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try required(type, forKey: key) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(type, forKey: key) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try required(type, forKey: key) }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(type, forKey: key) }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
    -> KeyedDecodingContainer<NestedKey>
  {
    let member = effective(key, scalar: false)
    let node = member?.value ?? JSONNode(.null, at: decoder.node.position)
    return decoder.child(node, token: member?.key ?? key.stringValue).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
    let member = effective(key, scalar: false)
    let node = member?.value ?? JSONNode(.null, at: decoder.node.position)
    return decoder.child(node, token: member?.key ?? key.stringValue).unkeyedContainer()
  }

  func superDecoder() -> any Decoder { decoder }
  func superDecoder(forKey key: Key) -> any Decoder {
    let member = effective(key, scalar: false)
    return decoder.child(member?.value ?? JSONNode(.null, at: decoder.node.position), token: key.stringValue)
  }
}

struct GoUnkeyedContainer: UnkeyedDecodingContainer {
  let elements: [JSONNode]
  let decoder: GoDecoder
  var currentIndex = 0
  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { elements.count }
  var isAtEnd: Bool { currentIndex >= elements.count }

  private mutating func next() throws -> GoDecoder {
    guard currentIndex < elements.count else {
      throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "at end"))
    }
    defer { currentIndex += 1 }
    return decoder.child(elements[currentIndex], token: String(currentIndex))
  }

  mutating func decodeNil() throws -> Bool {
    guard currentIndex < elements.count, elements[currentIndex].isNull else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }

  /// Elements of the wrong type become Go's zero value (the element stays, so indexes keep matching the file).
  private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
    // Fast path: a string element where a string is expected needs no child decoder.
    if T.self == String.self, currentIndex < elements.count, case .string(let string) = elements[currentIndex].value,
      let typed = same(string, as: T.self)
    {
      currentIndex += 1
      return typed
    }
    let element = try next()
    if element.node.isNull {
      if T.self == String.self { return try cast("") }  // Go: null into a string has no effect
      if T.self == UInt64.self { return try cast(UInt64(0)) }
      element.log.record(
        .nullElement, element.pointer, element.node.position,
        "null where an object is expected; moby dereferences it and fails to load the profile")
    }
    do {
      return try element.decode(T.self)
    } catch is LoggedMismatch {
      // Go leaves the element at its zero value and reports the first type error.
      if T.self == String.self { return try cast("") }
      if T.self == UInt64.self { return try cast(UInt64(0)) }
      if T.self == Bool.self { return try cast(false) }
      throw LoggedMismatch()
    }
  }

  mutating func decode(_ type: String.Type) throws -> String { try element(type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }
  mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  { try next().container(keyedBy: type) }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

  mutating func superDecoder() throws -> any Decoder { try next() }
}

struct GoSingleValueContainer: SingleValueDecodingContainer {
  let decoder: GoDecoder
  var codingPath: [any CodingKey] { decoder.codingPath }

  func decodeNil() -> Bool { decoder.node.isNull }

  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
  func decode(_ type: String.Type) throws -> String { try decoder.decode(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decode(type) }
  func decode(_ type: Bool.Type) throws -> Bool { try decoder.decode(type) }
}
