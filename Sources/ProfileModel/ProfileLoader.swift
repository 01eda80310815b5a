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
  /// A YAML error, or a document that is no seccomp profile, at a position.
  case located(file: String, message: String, position: SourcePosition)

  package var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _), .located(let file, _, _): file
    }
  }

  /// Where the problem is, when it is in the text.
  package var position: SourcePosition? {
    switch self {
    case .syntax(_, let error): error.position
    case .located(_, _, let position): position
    case .unreadable: nil
    }
  }

  /// The message without the file and position.
  package var message: String {
    switch self {
    case .unreadable(_, let reason): reason
    case .syntax(_, let error): error.message
    case .located(_, let message, _): message
    }
  }

  /// `file:line:column: message`, or `file: message` when there is no position.
  package var description: String {
    guard let position else { return "\(file): \(message)" }
    return "\(file):\(position.line):\(position.column): \(message)"
  }
}

extension ProfileLoadError {
  /// A message at a position, before the file name is known.
  package struct Located: Error, Sendable, Hashable {
    package var message: String
    package var position: SourcePosition
    package init(message: String, position: SourcePosition) {
      self.message = message
      self.position = position
    }
  }
}

/// Reads and decodes profiles.
package enum ProfileLoader {
  /// Larger inputs are refused rather than read. Real profiles are tens of KB (the largest in the corpus: 36 KB)
  /// and Kubernetes caps a profile artifact at 1 MiB; at this size every command still finishes in seconds and
  /// well under 1.5 GB (README, "Hostile input"), where a 48 MB profile took minutes and 3.4 GB.
  package static let maxFileSize = 8 << 20

  /// Why a profile of `size` bytes (nil: a stream that went past the limit) is not read.
  package static func tooLargeReason(size: Int?) -> String {
    let limit = "seclint reads profiles up to \(maxFileSize >> 20) MB"
    guard let size else { return "profile is larger than \(maxFileSize >> 20) MB; \(limit)" }
    let tenths = (size * 10 + (1 << 19)) >> 20
    return "profile is \(tenths / 10).\(tenths % 10) MB; \(limit)"
  }

  /// Loads the file at `path` (`file` is the name diagnostics show; defaults to `path`).
  package static func load(path: String, as file: String? = nil) throws(ProfileLoadError) -> ProfileDocument {
    let name = file ?? path
    switch FileReader.read(path, limit: maxFileSize) {
    case .success(let bytes): return try load(bytes: bytes, file: name)
    case .failure(.tooLarge): throw .unreadable(file: name, reason: tooLargeReason(size: FileReader.size(path)))
    case .failure(let failure): throw .unreadable(file: name, reason: reason(failure))
    }
  }

  /// Why a profile could not be read, in words.
  package static func reason(_ failure: FileReader.Failure) -> String {
    switch failure {
    case .directory: "is a directory, not a profile"
    case .tooLarge: tooLargeReason(size: nil)
    default: failure.reason
    }
  }

  /// Decodes profile bytes the way moby does (`json.Unmarshal` into `seccomp.Seccomp`), keeping positions.
  /// - Parameter codable: decode through the model's `Codable` conformance (`GoDecoder` as a `Decoder`) instead
  ///   of the direct initialisers; the results are the same (tested), the direct path is several times faster.
  package static func load(bytes: [UInt8], file: String, codable: Bool = false) throws(ProfileLoadError) -> ProfileDocument {
    if bytes.count > maxFileSize { throw .unreadable(file: file, reason: tooLargeReason(size: nil)) }
    var scanner = JSONScanner(bytes)
    let root: JSONNode
    do {
      root = try scanner.parseDocument()
    } catch {
      throw .syntax(file: file, error: error)
    }
    return decode(parsed: root, warnings: scanner.warnings, bytes: bytes, file: file, codable: codable)
  }

  /// `load(bytes:file:)` for bytes a caller has already scanned into `root` (with the scanner's `warnings`):
  /// the dialect loader parses a file once to tell its dialect, and a Docker profile is not parsed again.
  package static func load(parsed root: JSONNode, warnings: [ScanWarning], bytes: [UInt8], file: String) throws(ProfileLoadError) -> ProfileDocument {
    if bytes.count > maxFileSize { throw .unreadable(file: file, reason: tooLargeReason(size: nil)) }
    return decode(parsed: root, warnings: warnings, bytes: bytes, file: file, codable: false)
  }

  private static func decode(parsed root: JSONNode, warnings: [ScanWarning], bytes: [UInt8], file: String, codable: Bool) -> ProfileDocument {
    let log = DecodeLog()
    for warning in warnings {
      log.issues.append(
        DecodeIssue(
          .invalidUTF8, at: SourceLocation(pointer: .root, position: warning.position), message: warning.message))
    }
    let decoder = GoDecoder(node: root, pointer: .root, log: log)
    let profile = codable ? ((try? Profile(from: decoder)) ?? Profile()) : Profile(go: decoder)
    let issues = log.issues.sorted { $0.location.position < $1.location.position }
    return ProfileDocument(file: file, source: bytes, root: root, profile: profile, issues: issues)
  }

  /// Decodes a JSON tree that a dialect reader built (from YAML, or from the part of a larger document that is
  /// the profile) with the same Go semantics. `source` is the whole file (positions point into it);
  /// `basePointer` is where the profile sits in the file (`/spec`, `/linux/seccomp`); `issues` are the dialect
  /// reader's own findings.
  package static func decode(
    root: JSONNode, source: [UInt8], file: String, dialect: ProfileDialect, basePointer: JSONPointer,
    refuser: String, issues: [DecodeIssue]
  ) -> ProfileDocument {
    let log = DecodeLog()
    log.refuser = refuser
    log.issues = issues
    let decoder = GoDecoder(node: root, pointer: .root, log: log)
    let profile = Profile(go: decoder)
    let sorted = log.issues.sorted { $0.location.position < $1.location.position }
    var document = ProfileDocument(file: file, source: source, root: root, profile: profile, issues: sorted)
    document.dialect = dialect
    document.basePointer = basePointer
    return document
  }

  /// Loads profile text (tests, standard input).
  package static func load(text: String, file: String) throws(ProfileLoadError) -> ProfileDocument {
    try load(bytes: Array(text.utf8), file: file)
  }
}
