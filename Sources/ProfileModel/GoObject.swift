/// One JSON object as Go's `encoding/json` binds its keys to a struct's fields (moby-semantics.md §2): the
/// lookups behind both `GoKeyedContainer` (the `Codable` path) and the model's direct initialisers
/// (`Profile+GoDecoding.swift`), so the two cannot disagree on what a key binds to.
struct GoObject {
  let members: [JSONMember]
  /// Each member's key after Go's case folding; nil when every key is exactly a field name (the usual object),
  /// so keys match byte for byte and nothing is folded.
  let foldedKeys: [String]?
  let decoder: GoDecoder

  /// Opens the decoder's value as an object with `fields` (nil: no schema check), logging a type mismatch for
  /// a non-object and unknown, case-variant and duplicate keys.
  init(_ decoder: GoDecoder, fields: [String]?) {
    self.decoder = decoder
    guard let members = decoder.node.members else {
      if !decoder.node.isNull { decoder.mismatch(expected: "an object") }
      self.members = []
      foldedKeys = nil
      return
    }
    self.members = members
    if let fields, Self.isExactAndUnique(members, fields: fields) {
      foldedKeys = nil
      return
    }
    let folded = members.map { GoKeyMatching.fold($0.key) }
    if let fields { decoder.checkKeys(members, folded, against: fields) }
    foldedKeys = folded
  }

  /// Whether every key is exactly a field name and no key is given twice.
  private static func isExactAndUnique(_ members: [JSONMember], fields: [String]) -> Bool {
    guard members.allSatisfy({ member in fields.contains { GoKeyMatching.identical($0, member.key) } }) else {
      return false
    }
    // Keys are field names here, so an object with more members than fields repeats one.
    guard members.count <= fields.count else { return false }
    for i in members.indices {
      for j in members.indices where j > i && GoKeyMatching.identical(members[i].key, members[j].key) { return false }
    }
    return true
  }

  /// The members binding to `field`, in file order (a linear scan: objects have a handful of keys, and a
  /// hostile one with many keys still costs one pass per field).
  func occurrences(_ field: String) -> [JSONMember] {
    guard let foldedKeys else { return members.filter { GoKeyMatching.identical($0.key, field) } }
    let folded = GoKeyMatching.fold(field)
    var found: [JSONMember] = []
    for (position, key) in foldedKeys.enumerated() where key == folded { found.append(members[position]) }
    return found
  }

  /// The value Go ends up with for `field` (see `GoKeyMatching.effectiveValue`).
  func effective(_ field: String, scalar: Bool) -> JSONMember? {
    // Exact, unique keys: at most one member binds, and it is the value whatever the field's type.
    if foldedKeys == nil { return members.first { GoKeyMatching.identical($0.key, field) } }
    return GoKeyMatching.effectiveValue(occurrences(field), scalar: scalar)
  }

  /// Fields that are pointers in moby's Go types (`*uint`, `*KernelVersion`): `null` resets them,
  /// while `null` leaves plain strings and integers unchanged.
  static func isPointerField(_ name: String) -> Bool {
    switch name {
    case "defaultErrnoRet", "errnoRet", "minKernel": true
    default: false
    }
  }

  /// Fields moby's Go types lack but Podman's (containers/common `pkg/seccomp`) have: errno by name. Docker
  /// ignores them whatever they hold (peers.md, containers/common).
  static func isPodmanOnlyField(_ name: String) -> Bool { name == "defaultErrno" || name == "errno" }

  /// `field` decoded as Go decodes it into a field of type `T`; nil when absent, null, or of the wrong type
  /// (then logged).
  func value<T: Decodable>(_ type: T.Type, forField field: String) -> T? {
    let scalar = (T.self == String.self || T.self == UInt64.self || T.self == Bool.self) && !Self.isPointerField(field)
    guard let member = effective(field, scalar: scalar), !member.value.isNull else { return nil }
    // Fast paths: a string field holding a string, a list of strings holding only strings, and an unsigned field
    // holding digits that fit in 64 bits need no child decoder (nothing is logged for them either way).
    if T.self == String.self, case .string(let string) = member.value.value, let typed = same(string, as: T.self) {
      return typed
    }
    if T.self == [String].self, case .array(let elements) = member.value.value {
      var strings: [String] = []
      strings.reserveCapacity(elements.count)
      for element in elements {
        guard case .string(let string) = element.value else { break }
        strings.append(string)
      }
      if strings.count == elements.count, let typed = same(strings, as: T.self) { return typed }
    }
    if T.self == UInt64.self, case .number(let text) = member.value.value,
      text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let number = UInt64(text),
      let typed = same(number, as: T.self)
    {
      return typed
    }
    var child = decoder.child(member.value, token: member.key)
    child.dockerIgnores = Self.isPodmanOnlyField(field)
    let logged = decoder.log.issues.count
    let result = try? child.decode(T.self)
    // A field whose own value has the wrong type stays unset, as in Go (`"names": "read"` leaves names nil).
    let mismatched = decoder.log.issues[logged...].contains {
      switch $0.kind {
      case .typeMismatch, .podmanTypeMismatch: $0.location.pointer == child.pointer
      default: false
      }
    }
    return mismatched ? nil : result
  }

  // MARK: Concrete fields for the direct initialisers (same results as `value(_:forField:)`).

  func string(_ field: String) -> String? { value(String.self, forField: field) }
  func unsigned(_ field: String) -> UInt64? { value(UInt64.self, forField: field) }
  func strings(_ field: String) -> [String]? { value([String].self, forField: field) }

  /// A nested struct: what `T(from:)` gives through the keyed container, `make` building it from the decoder.
  func object<T>(_ field: String, _ make: (GoDecoder) -> T) -> T? {
    guard let member = effective(field, scalar: false), !member.value.isNull else { return nil }
    let child = decoder.child(member.value, token: member.key)
    guard member.value.members != nil else {
      child.mismatch(expected: "an object")
      return nil
    }
    return make(child)
  }

  /// An array of structs: what `[T](from:)` gives through `GoUnkeyedContainer` (a null element is logged and
  /// decodes as an empty struct), `make` building each element from its decoder.
  func objects<T>(_ field: String, _ make: (GoDecoder) -> T) -> [T]? {
    guard let member = effective(field, scalar: false), !member.value.isNull else { return nil }
    let child = decoder.child(member.value, token: member.key)
    guard let elements = member.value.elements else {
      child.mismatch(expected: "an array")
      return nil
    }
    var result: [T] = []
    result.reserveCapacity(elements.count)
    for element in child.elementDecoders(elements) {
      let node = element.node
      if node.isNull {
        element.log.record(
          .nullElement, element.pointer, node.position,
          "null where an object is expected; moby dereferences it and fails to load the profile")
      }
      result.append(make(element))
    }
    return result
  }
}
