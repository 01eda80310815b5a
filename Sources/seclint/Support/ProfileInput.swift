#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
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
      if path == "-" { return .success(try ProfileLoader.load(bytes: standardInput().get(), file: "-")) }
      return .success(try ProfileLoader.load(path: resolvePath(path), as: path))
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
