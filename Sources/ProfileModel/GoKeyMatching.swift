/// How Go's `encoding/json` (v1, used by moby) binds an object key to a struct field.
///
/// moby-semantics.md §2: a key binds to the field whose name matches exactly, else to one that matches after
/// case folding (`DEFAULTACTION`, `minkernel` bind; so do `min\u{212A}ernel` with KELVIN SIGN and
/// `\u{017F}yscalls` with LONG S). The last binding key wins; objects bound twice merge.
package enum GoKeyMatching {
  /// Go's simple case folding, restricted to what can equal an ASCII field name.
  package static func fold(_ key: String) -> String {
    // Fast path: keys without upper-case ASCII or non-ASCII bytes fold to themselves.
    var ascii = true
    var upper = false
    for byte in key.utf8 {
      if byte >= 0x80 { ascii = false }
      if byte >= 0x41 && byte <= 0x5A { upper = true }
    }
    if ascii && !upper { return key }
    if ascii { return String(decoding: key.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self) }
    var result = String.UnicodeScalarView()
    for scalar in key.unicodeScalars {
      switch scalar.value {
      case 0x41...0x5A: result.append(Unicode.Scalar(scalar.value + 0x20) ?? scalar)
      case 0x212A: result.append("k")  // KELVIN SIGN folds to k
      case 0x017F: result.append("s")  // LATIN SMALL LETTER LONG S folds to s
      default: result.append(scalar)
      }
    }
    return String(result)
  }

  /// Whether Go binds `key` to the field named `field`.
  package static func binds(_ key: String, to field: String) -> Bool {
    identical(key, field) || foldsTo(key, fold(field))
  }

  /// Byte-wise equality, as Go compares keys. (Swift's `==` uses canonical equivalence, under which
  /// U+212A KELVIN SIGN equals "K".)
  package static func identical(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    // Over the strings' contiguous UTF-8 (always there for native strings): the view's generic iteration costs
    // several hundred instructions per comparison, and decoding compares every key with every field name.
    let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y in x.elementsEqual(y) }
    }
    if let contiguous, let equal = contiguous { return equal }
    return a.utf8.elementsEqual(b.utf8)
  }

  /// `identical(fold(key), folded)` without building the folded key when `key` is ASCII (every ASCII byte
  /// folds to one byte, so a mismatch in an ASCII prefix already decides).
  static func foldsTo(_ key: String, _ folded: String) -> Bool {
    var expected = folded.utf8.makeIterator()
    for byte in key.utf8 {
      if byte >= 0x80 { return identical(fold(key), folded) }
      let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
      guard expected.next() == lower else { return false }
    }
    return expected.next() == nil
  }

  /// The members of `object` that bind to `field`, in file order.
  package static func occurrences(of field: String, in members: [JSONMember]) -> [JSONMember] {
    let folded = fold(field)
    return members.filter { identical($0.key, field) || foldsTo($0.key, folded) }
  }

  /// The value Go ends up with after decoding every occurrence of one field in order.
  ///
  /// - Scalars (`scalar == true`): `null` has no effect, so the last non-null occurrence wins.
  /// - Pointers, slices and structs: `null` resets; objects after the last reset merge, later keys winning
  ///   (returned as one object holding the members of all of them); anything else: the last occurrence.
  ///   Go also re-decodes a repeated array of objects into the existing elements; that case is reported as
  ///   a duplicate key and modelled as "last array wins".
  package static func effectiveValue(_ occurrences: [JSONMember], scalar: Bool) -> JSONMember? {
    guard let last = occurrences.last else { return nil }
    if scalar { return occurrences.last { !$0.value.isNull } ?? last }
    let afterReset = occurrences.reversed().prefix { !$0.value.isNull }.reversed()
    guard afterReset.count > 1, afterReset.allSatisfy({ $0.value.members != nil }) else { return last }
    var merged = last
    merged.value = JSONNode(.object(afterReset.flatMap { $0.value.members ?? [] }), at: last.value.position)
    return merged
  }
}
