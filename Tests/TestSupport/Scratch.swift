import Foundation

/// Temporary directories for tests, all under one per-process root that is removed when the test process exits,
/// so runs leave nothing behind in the system's temporary directory.
public enum Scratch {
  private static let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("seclint-tests-\(getpid())")
    atexit {
      let url = FileManager.default.temporaryDirectory.appendingPathComponent("seclint-tests-\(getpid())")
      try? FileManager.default.removeItem(at: url)
    }
    return url
  }()

  /// A fresh, empty directory whose name starts with `label`.
  public static func directory(_ label: String) throws -> URL {
    let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
