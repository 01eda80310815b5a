import Foundation

/// Locations relative to the checkout, so tests run from anywhere.
package enum Paths {
  package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// The project's shared reference material: `$SECLINT_SHARED` if set, else `../shared` next to the checkout.
  package static let shared: URL = {
    if let path = ProcessInfo.processInfo.environment["SECLINT_SHARED"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  }()
  package static func script(_ name: String) -> String {
    packageRoot.appendingPathComponent("Scripts").appendingPathComponent(name).path
  }
}

/// The real-world profiles in ../shared/corpus. They are never copied into this repository; tests that
/// use them are skipped, saying so, where the folder is absent.
package enum Corpus {
  package static let directory = Paths.shared.appendingPathComponent("corpus")
  package static let isPresent = FileManager.default.fileExists(atPath: directory.path)
  package static let skipReason = "../shared/corpus is not present on this machine; corpus tests skipped"

  /// Every `.json` profile, relative paths sorted (`moby/index.json` is the corpus's own metadata).
  package static var profiles: [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") && $0 != "moby/index.json" }
      .sorted()
  }

  package static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }
}

/// Runs a tool and returns its standard output; throws when it cannot start or exits non-zero.
package func execute(_ tool: String, _ arguments: [String], input: String = "") throws -> String {
  struct Failed: Error { var status: Int32 }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: tool)
  process.arguments = arguments
  let stdin = Pipe()
  let stdout = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = FileHandle.nullDevice
  try process.run()
  let writer = Thread { 
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try? stdin.fileHandleForWriting.close()
  }
  writer.start()
  let data = stdout.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
  return String(decoding: data, as: UTF8.self)
}
