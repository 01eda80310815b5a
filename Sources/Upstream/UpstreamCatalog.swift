import ProfileModel

/// Looks up built-in upstream profiles by the names users type: `moby@29.4.3`, `moby@v29.4.3`,
/// `moby@docker-v29.4.3`, `moby@latest`, `containers-common@2026-03-03`, `containers-common@8840603a`,
/// `containers-common@latest`, `podman@latest` (containers-common is Podman's and CRI-O's default).
package enum UpstreamCatalog {
  package enum LookupError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAReference(String)
    case unknownFamily(String, suggestion: String?)
    case unknownRelease(family: UpstreamProfile.Family, release: String, suggestion: String?)

    package var description: String {
      switch self {
      case .notAReference(let text):
        return "'\(text)' is not an upstream reference; use FAMILY@RELEASE, e.g. moby@latest or containers-common@2026-03-03"
      case .unknownFamily(let family, let suggestion):
        let hint = suggestion.map { "; did you mean '\($0)'?" } ?? " (known: moby, containers-common)"
        return "unknown upstream '\(family)'\(hint)"
      case .unknownRelease(let family, let release, let suggestion):
        let hint = suggestion.map { "; did you mean '\(family.rawValue)@\($0)'?" } ?? ""
        return "\(family.rawValue) has no built-in release '\(release)'\(hint) (seclint knows \(family.rawValue) "
          + "\(UpstreamCatalog.releases(of: family).first ?? "")…\(UpstreamCatalog.latest(family).released.last ?? ""); "
          + "`seclint upstream` lists them)"
      }
    }
  }

  /// The contents of one family, oldest first.
  package static func profiles(of family: UpstreamProfile.Family) -> [UpstreamProfile] {
    UpstreamProfile.all.filter { $0.family == family }
  }

  /// Every GA release of a family, oldest first.
  package static func releases(of family: UpstreamProfile.Family) -> [String] {
    profiles(of: family).flatMap(\.released)
  }

  /// The newest released content of a family.
  package static func latest(_ family: UpstreamProfile.Family) -> UpstreamProfile {
    // Both families have released contents (the generated table is checked by UpstreamSyncTests).
    profiles(of: family).last(where: \.isReleased) ?? profiles(of: family)[profiles(of: family).count - 1]
  }

  /// Whether `text` looks like an upstream reference rather than a file path (`NAME@RELEASE`, no slash).
  package static func looksLikeReference(_ text: String) -> Bool {
    guard let at = text.firstIndex(of: "@"), at != text.startIndex else { return false }
    return !text.contains("/") && UpstreamProfile.Family.allCases.contains { text[..<at].lowercased() == $0.rawValue }
      || ["podman", "docker"].contains(text[..<at].lowercased())
  }

  /// The upstream content `reference` names.
  package static func lookup(_ reference: String) throws(LookupError) -> UpstreamProfile {
    guard let at = reference.firstIndex(of: "@") else { throw .notAReference(reference) }
    let familyName = reference[..<at].lowercased()
    var release = String(reference[reference.index(after: at)...])
    let family: UpstreamProfile.Family
    switch familyName {
    case "moby", "docker": family = .moby
    case "containers-common", "podman", "crio", "cri-o": family = .containersCommon
    default:
      throw .unknownFamily(String(familyName), suggestion: Spelling.closest(to: String(familyName), in: ["moby", "containers-common"]))
    }
    if release.lowercased() == "latest" { return latest(family) }
    if family == .moby {
      for prefix in ["docker-v", "v"] where release.lowercased().hasPrefix(prefix) {
        release = String(release.dropFirst(prefix.count))
        break
      }
    }
    let candidates = profiles(of: family)
    if let exact = candidates.first(where: { $0.names.contains(release) || $0.id == release }) { return exact }
    // A commit prefix (containers-common names carry 8 hex digits; accept any ≥ 7 of the full commit).
    if release.count >= 7, release.allSatisfy(\.isHexDigit),
      let byCommit = candidates.first(where: { $0.commit.hasPrefix(release.lowercased()) })
    {
      return byCommit
    }
    throw .unknownRelease(family: family, release: release, suggestion: Spelling.closest(to: release, in: candidates.flatMap(\.names)))
  }
}
