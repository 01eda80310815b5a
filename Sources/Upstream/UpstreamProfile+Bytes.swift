/// Byte-level identity with the built-in texts: moby's `default.json` copied verbatim is the most common
/// profile there is, and recognising it needs no parsing, meaning or scoring (`BaseRecognition`).
extension UpstreamProfile {
  /// Whether `bytes` are this content's text, byte for byte.
  package func hasText(_ bytes: [UInt8]) -> Bool {
    var text = text
    return text.withUTF8 { own in bytes.withUnsafeBufferPointer { Self.equal(own, $0) } }
  }

  /// The index in `all` of the content whose text is `bytes` (lengths first: at most one text is compared in
  /// full in practice), or nil.
  package static func indexOfText(_ bytes: [UInt8]) -> Int? {
    all.indices.first { all[$0].text.utf8.count == bytes.count && all[$0].hasText(bytes) }
  }

  /// Byte equality, eight bytes at a time.
  static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    let (rawA, rawB) = (UnsafeRawPointer(x), UnsafeRawPointer(y))
    var offset = 0
    while offset + 8 <= a.count {
      guard rawA.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == rawB.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      else { return false }
      offset += 8
    }
    while offset < a.count {
      guard x[offset] == y[offset] else { return false }
      offset += 1
    }
    return true
  }
}
