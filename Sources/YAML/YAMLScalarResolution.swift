/// A plain scalar's value under a schema. Quoted and block scalars are always strings.
package enum YAMLScalarValue: Sendable, Hashable {
  case null
  case bool(Bool)
  /// Exact 64-bit integers: int64 and, above it, uint64 (go-yaml keeps both; no `Double` on the way).
  case integer(negative: Bool, magnitude: UInt64)
  case float(Double)
  case string(String)
}

/// Which rules turn a plain scalar into a value.
package enum YAMLSchema: Sendable, Hashable {
  /// YAML 1.2 core schema (§10.3): `true`/`false`, `null`/`~`/empty, decimal, `0o` octal and `0x` hex integers,
  /// floats, `.inf`, `.nan`.
  case core
  /// What Kubernetes does: `sigs.k8s.io/yaml` on go-yaml v2 (YAML 1.1 resolver, go-yaml v2.4 `resolve.go`):
  /// `y`/`yes`/`on`/… booleans, Go `strconv.ParseInt(s, 0, 64)` after removing `_` (so `0755` is octal 493 and
  /// `0b101` binary), then `ParseUint`, then floats (`08` becomes 8.0); timestamps stay strings when decoded
  /// into `interface{}` (go-yaml v2 `decode.go`), which is what `YAMLToJSON` does.
  case kubernetes
}

extension YAMLNode {
  /// The scalar's value under `schema` (nil for collections). A `!!str` tag or any quoting makes a string.
  package func resolved(_ schema: YAMLSchema) -> YAMLScalarValue? {
    guard case .scalar(let text, let style) = value else { return nil }
    guard style == .plain, tag != "!!str" else { return .string(text) }
    switch schema {
    case .core: return YAMLResolver.core(text)
    case .kubernetes: return YAMLResolver.goYAMLv2(text)
    }
  }
}

/// Scalar resolution for both schemas.
package enum YAMLResolver {
  package static func core(_ text: String) -> YAMLScalarValue {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    let bytes = Array(text.utf8)
    if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "o"),
      let value = UInt64(text.dropFirst(2), radix: 8), bytes.dropFirst(2).allSatisfy({ isDigit($0) })
    {
      return .integer(negative: false, magnitude: value)
    }
    if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "x"),
      bytes.dropFirst(2).allSatisfy({ isHexDigit($0) }), let value = UInt64(text.dropFirst(2), radix: 16)
    {
      return .integer(negative: false, magnitude: value)
    }
    // [-+]?[0-9]+
    var digits = bytes[...]
    var negative = false
    if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      digits = digits.dropFirst()
    }
    if !digits.isEmpty, digits.allSatisfy(isDigit) {
      if let magnitude = UInt64(String(decoding: digits, as: UTF8.self)), !negative || magnitude <= 1 << 63 {
        return .integer(negative: negative && magnitude != 0, magnitude: magnitude)
      }
      return Double(text).map { .float($0) } ?? .string(text)
    }
    if matchesFloat(bytes), let value = Double(text) { return .float(value) }
    return .string(text)
  }

  package static func goYAMLv2(_ text: String) -> YAMLScalarValue {
    switch text {
    case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
    case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
    case "", "~", "null", "Null", "NULL": return .null
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    guard let first = text.utf8.first else { return .string(text) }
    if first == UInt8(ascii: ".") {
      return goParseFloat(text).map { .float($0) } ?? .string(text)
    }
    guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return .string(text) }
    let plain = Array(text.utf8.filter { $0 != UInt8(ascii: "_") })
    if let (negative, magnitude) = goParseInt(plain) { return .integer(negative: negative, magnitude: magnitude) }
    if matchesFloat(plain), let value = goParseFloat(String(decoding: plain, as: UTF8.self)) { return .float(value) }
    return .string(text)
  }

  /// Go `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)` (no sign) as go-yaml does.
  static func goParseInt(_ bytes: [UInt8]) -> (Bool, UInt64)? {
    var rest = bytes[...]
    var negative = false
    var signed = false
    if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      signed = true
      rest = rest.dropFirst()
    }
    var radix = 10
    if rest.count >= 2, rest.first == UInt8(ascii: "0") {
      switch rest[rest.startIndex + 1] {
      case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16; rest = rest.dropFirst(2)
      case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8; rest = rest.dropFirst(2)
      case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2; rest = rest.dropFirst(2)
      default: radix = 8; rest = rest.dropFirst(1)
      }
    }
    guard !rest.isEmpty, let magnitude = UInt64(String(decoding: rest, as: UTF8.self), radix: radix),
      rest.allSatisfy({ isHexDigit($0) })
    else { return nil }
    if negative {
      guard magnitude <= 1 << 63 else { return nil }  // ParseInt range; ParseUint refuses the sign
      return (magnitude != 0, magnitude)
    }
    // Above int64: ParseInt fails, ParseUint accepts it unless a '+' was written.
    if magnitude > UInt64(Int64.max) && signed { return nil }
    return (false, magnitude)
  }

  /// Go `strconv.ParseFloat` for the decimal forms the float pattern admits (and `.5`-style input).
  static func goParseFloat(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    guard matchesFloat(bytes) else { return nil }
    return Double(text)
  }

  /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (go-yaml's `yamlStyleFloat`; YAML 1.2 core is the same).
  static func matchesFloat(_ bytes: [UInt8]) -> Bool {
    var index = 0
    func digits() -> Int {
      let start = index
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
      return index - start
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { return false }
    } else {
      guard digits() > 0 else { return false }
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        _ = digits()
      }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == bytes.count
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
  }
}
