import ProfileModel

extension CLI {
  /// Loads a profile from a path or `-` (standard input); prints the located error and returns nil on failure.
  func loadProfile(_ path: String) -> ProfileDocument? {
    do {
      if path == "-" { return try ProfileLoader.load(bytes: readStandardInput(), file: "-") }
      return try ProfileLoader.load(path: resolvePath(path), as: path)
    } catch {
      stderr("Error: \(error.description)\n")
      return nil
    }
  }
}
