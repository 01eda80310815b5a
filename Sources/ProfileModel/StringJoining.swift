extension Array where Element == String {
  /// The standard library's `joined(separator:)`, for arrays of strings, as a concrete method: the library's
  /// is not inlinable, so every call entered its generic form, which looks up associated-type witnesses at
  /// run time (≈ 190k instructions on first use, about a thousand per call after). Same result, byte for byte;
  /// being more specific, this overload is what `[String].joined(separator:)` resolves to wherever
  /// `ProfileModel` is imported.
  @inlinable
  package func joined(separator: String = "") -> String {
    var result = ""
    for index in indices {
      if index > startIndex { result += separator }
      result += self[index]
    }
    return result
  }
}
