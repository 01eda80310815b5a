#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Why a profile could not be loaded at all (exit code 2). Schema problems are not load errors: they are
/// `DecodeIssue`s on a loaded document.
package enum ProfileLoadError: Error, Sendable, Hashable, CustomStringConvertible {
  case unreadable(file: String, reason: String)
  case syntax(file: String, error: JSONSyntaxError)

  package var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _): file
    }
  }

  /// Where the problem is, when it is in the text.
  package var position: SourcePosition? {
    if case .syntax(_, let error) = self { return error.position }
    return nil
  }

  /// The message without the file and position.
  package var message: String {
    switch self {
    case .unreadable(_, let reason): reason
    case .syntax(_, let error): error.message
    }
  }

  /// `file:line:column: message`, or `file: message` when there is no position.
  package var description: String {
    guard let position else { return "\(file): \(message)" }
    return "\(file):\(position.line):\(position.column): \(message)"
  }
}

/// Reads and decodes profiles.
package enum ProfileLoader {
  /// Larger inputs are refused rather than read (a real profile is well under 1 MB).
  package static let maxFileSize = 64 << 20

  /// Loads the file at `path` (`file` is the name diagnostics show; defaults to `path`).
  package static func load(path: String, as file: String? = nil) throws(ProfileLoadError) -> ProfileDocument {
    let name = file ?? path
    switch FileReader.read(path, limit: maxFileSize) {
    case .success(let bytes): return try load(bytes: bytes, file: name)
    case .failure(let failure): throw .unreadable(file: name, reason: reason(failure))
    }
  }

  /// Why a profile could not be read, in words.
  package static func reason(_ failure: FileReader.Failure) -> String {
    switch failure {
    case .directory: "is a directory, not a profile"
    case .tooLarge: "file is larger than \(maxFileSize >> 20) MB"
    default: failure.reason
    }
  }

  /// Decodes profile bytes the way moby does (`json.Unmarshal` into `seccomp.Seccomp`), keeping positions.
  /// - Parameter codable: decode through the model's `Codable` conformance (`GoDecoder` as a `Decoder`) instead
  ///   of the direct initialisers; the results are the same (tested), the direct path is several times faster.
  package static func load(bytes: [UInt8], file: String, codable: Bool = false) throws(ProfileLoadError) -> ProfileDocument {
    if bytes.count > maxFileSize { throw .unreadable(file: file, reason: "input is larger than \(maxFileSize >> 20) MB") }
    var scanner = JSONScanner(bytes)
    let root: JSONNode
    do {
      root = try scanner.parseDocument()
    } catch {
      throw .syntax(file: file, error: error)
    }
    let log = DecodeLog()
    for warning in scanner.warnings {
      log.issues.append(
        DecodeIssue(
          .invalidUTF8, at: SourceLocation(pointer: .root, position: warning.position), message: warning.message))
    }
    let decoder = GoDecoder(node: root, pointer: .root, log: log)
    let profile = codable ? ((try? Profile(from: decoder)) ?? Profile()) : Profile(go: decoder)
    let issues = log.issues.sorted { $0.location.position < $1.location.position }
    return ProfileDocument(file: file, source: bytes, root: root, profile: profile, issues: issues)
  }

  /// Loads profile text (tests, standard input).
  package static func load(text: String, file: String) throws(ProfileLoadError) -> ProfileDocument {
    try load(bytes: Array(text.utf8), file: file)
  }
}
