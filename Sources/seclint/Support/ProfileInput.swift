import Dialects
#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import ProfileModel

extension CommandSpec {
  /// `--input-format` and `--spo-merge`, shared by every command that reads profiles.
  static let inputOptions: [Option] = [
    Option(
      names: ["--input-format"], valueName: "dialect",
      help: "Read profiles as this dialect instead of choosing by content.",
      values: ProfileDialect.allCases.map(\.rawValue), defaultValue: "by content"),
    Option(
      names: ["--spo-merge"], valueName: "rules",
      help: "SPO baseProfileName merge: released (v1.0.0, append) or head (union, less restrictive wins).",
      values: SPOMerge.allCases.map(\.rawValue), defaultValue: "released"),
  ]
}

extension CLI {
  /// The dialect options the arguments give, with the profile's directory for base profiles.
  static func dialectOptions(_ arguments: ParsedArguments, directory: String?) -> DialectOptions {
    DialectOptions(
      format: arguments.value("--input-format").flatMap(ProfileDialect.init(rawValue:)),
      spoMerge: arguments.value("--spo-merge").flatMap(SPOMerge.init(rawValue:)) ?? .released, directory: directory)
  }

  /// Loads one profile from a path or `-` (standard input); prints the located error and returns nil on failure.
  /// A file holding several profiles (multi-document YAML, kubescape containers) needs a selector:
  /// `FILE#N` (document/item) or `FILE#NAME`.
  func loadProfile(_ path: String, _ arguments: ParsedArguments? = nil) -> ProfileDocument? {
    var file = path
    var selector: String?
    if path != "-", !FileReader.exists(resolvePath(path)), let hash = path.lastIndex(of: "#") {
      file = String(path[..<hash])
      selector = String(path[path.index(after: hash)...])
    }
    let all: [ProfileDocument]
    switch loadProfiles(file, arguments) {
    case .success(let load): all = load.documents
    case .failure: return nil
    }
    if let selector {
      let chosen = all.filter { document in
        guard let suffix = document.file.split(separator: "#").last.map(String.init) else { return false }
        return suffix == selector || suffix.hasPrefix(selector + "/") || suffix.hasSuffix("/" + selector)
      }
      guard chosen.count == 1 else {
        fail("\(file): '#\(selector)' selects \(chosen.count) of its profiles: \(all.map(\.file).joined(separator: ", ")).")
        return nil
      }
      return chosen[0]
    }
    guard all.count == 1 else {
      fail("\(file) holds \(all.count) profiles; name one as FILE#N or FILE#NAME: \(all.map(\.file).joined(separator: ", ")).")
      return nil
    }
    return all[0]
  }

  /// Every profile of a file, printing the located error on failure and skipped documents as notes.
  func loadProfiles(_ path: String, _ arguments: ParsedArguments?) -> Result<DialectLoad, ProfileLoadError> {
    let resolved = path == "-" ? "-" : resolvePath(path)
    let options = arguments.map { Self.dialectOptions($0, directory: LintCommand.directory(of: resolved)) } ?? DialectOptions()
    do {
      let load =
        path == "-"
        ? try DialectLoader.load(bytes: standardInput().get(), file: "-", options: options)
        : try DialectLoader.load(path: resolved, as: path, options: options)
      for note in load.skipped { self.note("note: skipped \(note)") }
      return .success(load)
    } catch {
      fail(error.description)
      return .failure(error)
    }
  }

  /// Standard input's bytes, or the located error (`-: standard input is closed`).
  func standardInput() -> Result<[UInt8], ProfileLoadError> {
    readStandardInput().mapError { failure in
      let reason =
        switch failure {
        case .system(EBADF): "standard input is closed"
        case .directory: "standard input is a directory, not a profile"
        default: "cannot read standard input: \(ProfileLoader.reason(failure))"
        }
      return .unreadable(file: "-", reason: reason)
    }
  }
}
