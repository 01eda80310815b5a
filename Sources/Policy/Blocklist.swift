#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import ProfileModel

/// A platform's list of syscalls it blocks, with the reason for each (built in: `docker`, `palantir`;
/// custom lists in the same JSON format, see Data/blocklists/README.md).
package struct Blocklist: Codable, Sendable, Hashable {
  package struct Entry: Codable, Sendable, Hashable {
    package var names: [String]
    package var reason: String
    /// Set when the platform blocks the syscall only for some arguments (e.g. clone with namespace flags).
    package var arguments: String?
    /// Capabilities the platform documents as the syscall's gate ("Also gated by CAP_SYS_TIME"): allowing it only
    /// to containers that have one of them is what the platform does, not a conflict.
    package var gatedBy: [String]?
    /// For `arguments` entries the linter can check: the flags the platform blocks in one argument (clone's
    /// `CLONE_NEW*`). An allow whose argument filter admits one of them conflicts; one that admits none does not.
    package var blockedFlags: BlockedFlags?
    /// For `arguments` entries the linter can check: the values of one argument the platform blocks, or the only
    /// ones it lets through (Docker's `socket` address families, `personality`'s BSD persona).
    package var blockedValues: BlockedValues?

    package init(
      names: [String], reason: String, arguments: String? = nil, gatedBy: [String]? = nil, blockedFlags: BlockedFlags? = nil,
      blockedValues: BlockedValues? = nil
    ) {
      self.names = names
      self.reason = reason
      self.arguments = arguments
      self.gatedBy = gatedBy
      self.blockedFlags = blockedFlags
      self.blockedValues = blockedValues
    }
  }

  /// Values of one syscall argument the platform blocks: those in `values` (compared after `mask`, e.g. the
  /// persona byte of personality's argument), or every value except those in `except` (socket: only AF_UNIX,
  /// AF_INET, AF_INET6, AF_NETLINK and AF_PACKET pass). Exactly one of `values` and `except` is given.
  package struct BlockedValues: Codable, Sendable, Hashable {
    /// The entry's names the values are about (socket, not socketcall, whose argument is the subcall); the
    /// entry's other names keep `arguments` in words.
    package var syscalls: [String]
    /// The argument compared.
    package var index: Int
    /// With `values`: the bits compared (the whole argument when absent).
    package var mask: UInt64?
    /// Names and values the platform blocks.
    package var values: [String: UInt64]?
    /// Names and values the platform lets through; every other value is blocked.
    package var except: [String: UInt64]?

    package init(
      syscalls: [String], index: Int, mask: UInt64? = nil, values: [String: UInt64]? = nil, except: [String: UInt64]? = nil
    ) {
      self.syscalls = syscalls
      self.index = index
      self.mask = mask
      self.values = values
      self.except = except
    }
  }

  /// Flags of one syscall argument that the platform blocks (any of them set: blocked).
  package struct BlockedFlags: Codable, Sendable, Hashable {
    /// The argument holding the flags.
    package var index: Int
    /// Hosts (moby arch names) where the flags are another argument: clone's are argument 1 on s390 and s390x.
    package var indexOnArches: [String: Int]?
    /// Flag names and values (`CLONE_NEWNS`: 131072).
    package var flags: [String: UInt64]

    package init(index: Int, indexOnArches: [String: Int]? = nil, flags: [String: UInt64]) {
      self.index = index
      self.indexOnArches = indexOnArches
      self.flags = flags
    }

    /// The argument index on a host (moby arch name).
    package func index(on host: String) -> Int { indexOnArches?[host] ?? index }
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

  /// A built-in list (generated from Data/blocklists; no decoding at run time).
  package static func builtIn(_ name: String) -> Blocklist? { builtInList(named: name) }

  package static var docker: Blocklist? { builtIn("docker") }
  package static var palantir: Blocklist? { builtIn("palantir") }

  package struct LoadError: Error, Sendable, CustomStringConvertible {
    package var description: String
  }

  /// A built-in list by name, or a list read from a JSON file (a regular file or a pipe; see `FileReader`).
  /// Errors name the file and say what is wrong in words: the JSON position of a syntax error, the JSON pointer
  /// of a missing or mistyped field.
  package static func load(
    _ nameOrPath: String, resolvingPath resolve: (String) -> String = { $0 }
  ) throws(LoadError) -> Blocklist {
    if let builtIn = builtIn(nameOrPath) { return builtIn }
    let bytes: [UInt8]
    switch FileReader.read(resolve(nameOrPath), limit: 16 << 20) {
    case .success(let read): bytes = read
    case .failure(.missing):
      let names = builtInNames.joined(separator: ", ")
      throw LoadError(description: "\(nameOrPath): no such blocklist file (built-in lists: \(names))")
    case .failure(.tooLarge): throw LoadError(description: "\(nameOrPath): larger than 16 MB, not a blocklist")
    case .failure(let failure): throw LoadError(description: "\(nameOrPath): cannot read the blocklist: \(failure.reason)")
    }
    var scanner = JSONScanner(bytes)
    do {
      _ = try scanner.parseDocument()
    } catch {
      throw LoadError(description: "\(nameOrPath):\(error.position.line):\(error.position.column): \(error.message)")
    }
    do {
      return try decode(Data(bytes))
    } catch let error as LoadError {
      throw LoadError(description: "\(nameOrPath): \(error.description)")
    } catch let error as DecodingError {
      throw LoadError(description: "\(nameOrPath): not a seclint blocklist: \(describe(error))")
    } catch {
      throw LoadError(description: "\(nameOrPath): not a seclint blocklist")
    }
  }

  /// A decoding error in words, located by JSON pointer (Swift's own description is a debug dump).
  static func describe(_ error: DecodingError) -> String {
    func pointer(_ path: [any CodingKey]) -> String {
      path.isEmpty ? "the top level" : "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
    }
    func type(_ type: Any.Type) -> String {
      switch type {
      case is String.Type: "a string"
      case is Int.Type: "a whole number"
      case _ where String(describing: type).hasPrefix("Array"): "an array"
      default: "an object"
      }
    }
    switch error {
    case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\" at \(pointer(context.codingPath))"
    case .typeMismatch(let expected, let context): return "\(pointer(context.codingPath)) must be \(type(expected))"
    case .valueNotFound(let expected, let context): return "\(pointer(context.codingPath)) is null, expected \(type(expected))"
    case .dataCorrupted(let context): return "\(pointer(context.codingPath)): invalid value"
    @unknown default: return "invalid"
    }
  }

  package static func decode(_ data: Data) throws -> Blocklist {
    let list = try JSONDecoder().decode(Blocklist.self, from: data)
    guard list.schemaVersion == 1 else {
      throw LoadError(description: "schemaVersion \(list.schemaVersion) is not supported (expected 1)")
    }
    for entry in list.syscalls {
      let what = entry.names.first ?? "an entry"
      if let unknown = (entry.gatedBy ?? []).first(where: { !Capabilities.isKnown($0) }) {
        throw LoadError(description: "\(what): gatedBy '\(unknown)' is not a capability (spelled like CAP_SYS_TIME)")
      }
      if let flags = entry.blockedFlags {
        let indexes = [flags.index] + (flags.indexOnArches ?? [:]).values
        if flags.flags.isEmpty || indexes.contains(where: { !(0..<6).contains($0) }) {
          throw LoadError(description: "\(what): blockedFlags needs at least one flag and argument indexes 0-5")
        }
      }
      if let blocked = entry.blockedValues {
        let values = blocked.values ?? [:]
        let except = blocked.except ?? [:]
        guard (0..<6).contains(blocked.index), values.isEmpty != except.isEmpty, blocked.mask == nil || except.isEmpty,
          !blocked.syscalls.isEmpty, Set(blocked.syscalls).isSubset(of: entry.names)
        else {
          throw LoadError(description: "\(what): blockedValues needs syscalls among the entry's names, an argument index 0-5 and either values (with an optional mask) or except")
        }
      }
    }
    return list
  }
}
