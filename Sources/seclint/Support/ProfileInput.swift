import ProfileModel

extension CLI {
  /// Loads a profile from a path or `-` (standard input); prints the located error and returns nil on failure.
  func loadProfile(_ path: String) -> ProfileDocument? {
    switch loadProfileResult(path) {
    case .success(let document): document
    case .failure: nil
    }
  }

  /// Like `loadProfile`, keeping the error for reports that carry it (lint's JSON, SARIF and GitHub output).
  func loadProfileResult(_ path: String) -> Result<ProfileDocument, ProfileLoadError> {
    do {
      if path == "-" { return .success(try ProfileLoader.load(bytes: readStandardInput(), file: "-")) }
      return .success(try ProfileLoader.load(path: resolvePath(path), as: path))
    } catch {
      stderr("Error: \(error.description)\n")
      return .failure(error)
    }
  }
}
