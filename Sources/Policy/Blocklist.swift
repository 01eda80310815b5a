#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A platform's list of syscalls it blocks, with the reason for each (built in: `docker`, `palantir`;
/// custom lists in the same JSON format, see Data/blocklists/README.md).
package struct Blocklist: Codable, Sendable, Hashable {
  package struct Entry: Codable, Sendable, Hashable {
    package var names: [String]
    package var reason: String
    /// Set when the platform blocks the syscall only for some arguments (e.g. clone with namespace flags).
    package var arguments: String?
  }

  package var schemaVersion: Int
  package var name: String
  package var title: String
  package var source: String?
  package var syscalls: [Entry]

  /// The entry listing `syscall`, if any.
  package func entry(for syscall: String) -> Entry? { syscalls.first { $0.names.contains(syscall) } }

  /// Every syscall name on the list.
  package var names: Set<String> { Set(syscalls.flatMap(\.names)) }

  /// The built-in lists' names.
  package static var builtInNames: [String] { builtInLists.map(\.name) }

  /// A built-in list (generated from Data/blocklists; no decoding at run time).
  package static func builtIn(_ name: String) -> Blocklist? { builtInLists.first { $0.name == name } }

  package static var docker: Blocklist? { builtIn("docker") }
  package static var palantir: Blocklist? { builtIn("palantir") }

  package struct LoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// A built-in list by name, or a list read from a JSON file.
  package static func load(
    _ nameOrPath: String, resolvingPath resolve: (String) -> String = { $0 }
  ) throws(LoadError) -> Blocklist {
    if let builtIn = builtIn(nameOrPath) { return builtIn }
    guard let data = FileManager.default.contents(atPath: resolve(nameOrPath)) else {
      let names = builtInNames.joined(separator: ", ")
      throw LoadError(description: "\(nameOrPath): no such blocklist file (built-in lists: \(names))")
    }
    do {
      return try decode(data)
    } catch {
      throw LoadError(description: "\(nameOrPath): not a seclint blocklist (\(error))")
    }
  }

  static func decode(_ data: Data) throws -> Blocklist {
    let list = try JSONDecoder().decode(Blocklist.self, from: data)
    guard list.schemaVersion == 1 else {
      throw LoadError(description: "schemaVersion \(list.schemaVersion) is not supported (expected 1)")
    }
    return list
  }
}
