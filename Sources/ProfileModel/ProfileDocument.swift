/// A loaded profile: the decoded model, the exact JSON tree it came from, and everything Go's decoder
/// would have silently changed (`issues`).
package struct ProfileDocument: Sendable {
  /// The path as given on the command line (`-` for standard input).
  package var file: String
  package var root: JSONNode
  package var profile: Profile
  /// Unknown, case-variant and duplicate keys, type mismatches, null rules, invalid UTF-8; in file order.
  package var issues: [DecodeIssue]
  /// The dialect the file is written in; every dialect but Docker's is evaluated from runc's stage on.
  package var dialect: ProfileDialect = .docker
  /// Where the profile sits in the file (`/spec`, `/linux/seccomp`; root for a Docker profile): locations
  /// carry it so pointers name the file's own path.
  package var basePointer: JSONPointer = .root
  /// The file's bytes (for dialect readers that derive further documents from it).
  package var sourceBytes: [UInt8] { source }
  private let source: [UInt8]
  private let lineStarts: [Int]

  init(file: String, source: [UInt8], root: JSONNode, profile: Profile, issues: [DecodeIssue]) {
    self.file = file
    self.source = source
    self.root = root
    self.profile = profile
    self.issues = issues
    var starts = [0]
    source.withUnsafeBufferPointer { bytes in
      for offset in bytes.indices {
        let byte = bytes[offset]
        if byte == UInt8(ascii: "\n") {
          starts.append(offset + 1)
        } else if byte == UInt8(ascii: "\r"), offset + 1 >= bytes.count || bytes[offset + 1] != UInt8(ascii: "\n") {
          starts.append(offset + 1)
        }
      }
    }
    lineStarts = starts
  }

  /// Where the value a *canonical* pointer names is in the file. Canonical pointers use the model's key
  /// spellings (`/syscalls/3/names/0`); the result carries the pointer as the file spells it (a key that binds
  /// case-insensitively, the last of duplicate keys) and the value's position. A pointer to something absent
  /// resolves to its nearest present ancestor.
  package func location(of canonical: JSONPointer) -> SourceLocation {
    var node = root
    var actual: [String] = []
    actual.reserveCapacity(canonical.tokens.count)
    for (depth, token) in canonical.tokens.enumerated() {
      if let members = node.members {
        let occurrences = GoKeyMatching.occurrences(of: token, in: members)
        let isLast = depth == canonical.tokens.count - 1
        guard let member = GoKeyMatching.effectiveValue(occurrences, scalar: isLast) else { break }
        node = member.value
        actual.append(member.key)
      } else if let elements = node.elements, let index = Int(token), elements.indices.contains(index) {
        node = elements[index]
        actual.append(String(index))
      } else {
        break
      }
    }
    return SourceLocation(pointer: JSONPointer(basePointer.tokens + actual), position: node.position)
  }

  /// The text of 1-based line `number`, without its line break (for carets under diagnostics).
  package func line(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] : source.count
    while end > start, source[end - 1] == UInt8(ascii: "\n") || source[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: source[start..<end], as: UTF8.self)
  }

  /// Number of lines in the file.
  package var lineCount: Int { lineStarts.count }
}

/// Where a profile lives: Docker/moby's JSON, an OCI runtime config (`linux.seccomp`), a Security Profiles
/// Operator `SeccompProfile` resource, or a kubescape `SeccompProfile` (one profile per container).
package enum ProfileDialect: String, Sendable, Hashable, CaseIterable, Codable {
  case docker, oci, spo, kubescape

  /// Docker's stage (archMap, includes/excludes, the legacy `name`) applies only to Docker's dialect; the others
  /// reach runc as OCI `linux.seccomp`.
  package var usesDockerStage: Bool { self == .docker }

  /// Who consumes the file, for messages.
  package var consumer: String {
    switch self {
    case .docker: "Docker"
    case .oci: "runc"
    case .spo: "the Security Profiles Operator"
    case .kubescape: "kubescape's node-agent"
    }
  }
}
