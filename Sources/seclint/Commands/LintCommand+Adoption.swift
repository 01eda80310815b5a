import Baseline
import Linter
import Policy
import ProfileModel

/// One profile `lint` reads: a file (given, or found in a directory given) or standard input.
struct ProfileArgument: Sendable, Equatable {
  /// How it is reported: the path as given or found, `--stdin-filename` or `-`.
  var name: String
  var isStandardInput = false
}

extension LintCommand {
  /// The profiles the positionals name: files as given, directories expanded to the profiles in them
  /// (`ProfileDiscovery`: recursively, by content, sorted), `-` as standard input. A file named twice (also
  /// through a directory) is linted once.
  func expandProfiles(_ positionals: [String], stdinName: String?) throws(UsageError) -> [ProfileArgument] {
    var result: [ProfileArgument] = []
    var seen: Set<String> = []
    func add(_ name: String) {
      if seen.insert(ProfilePath.normalized(name)).inserted { result.append(ProfileArgument(name: name)) }
    }
    for positional in positionals {
      if positional == "-" {
        result.append(ProfileArgument(name: stdinName ?? "-", isStandardInput: true))
        continue
      }
      let resolved = cli.resolvePath(positional)
      guard ProfileDiscovery.isDirectory(resolved) else {
        add(positional)
        continue
      }
      switch ProfileDiscovery.profiles(in: resolved, shown: positional) {
      case .failure:
        throw UsageError(message: "\(positional): cannot read the directory.", showsUsage: false)
      case .success(let found):
        guard !found.isEmpty else {
          throw UsageError(
            message: "\(positional): no seccomp profile in this directory (a JSON object with \"defaultAction\" or \"syscalls\").",
            showsUsage: false)
        }
        found.forEach(add)
      }
    }
    return result
  }

  /// `--write-baseline`: records every finding (nothing is reported); not written when a profile could not be
  /// read, since its findings would be missing from the baseline.
  func writeBaseline(_ baseline: BaselineFile, to path: String, files: [String], failed: Bool) -> ExitCode {
    guard !failed else {
      cli.stderr("Error: baseline '\(path)' not written: a profile could not be read.\n")
      return .failure
    }
    if let failure = cli.replaceFile(cli.resolvePath(path), baseline.rendered(), arguments.positionals.filter { $0 != "-" }.map(cli.resolvePath)) {
      cli.stderr("Error: cannot write '\(path)': \(failure).\n")
      return .failure
    }
    let count = baseline.findingCount
    let recordedFiles = Set(baseline.entries.map(\.file)).count
    cli.stderr(
      "Wrote \(path): \(count) finding\(count == 1 ? "" : "s") in \(recordedFiles) of \(files.count) file\(files.count == 1 ? "" : "s") recorded.\n")
    return .success
  }
}

/// Blocklists by name or file, each loaded once per run and given to the rules once: `--blocklist docker
/// --blocklist docker`, the same file under two spellings, or two files with identical lists are one list
/// (8,000 repeated `--blocklist` options took 14 s; the rules walked every copy).
struct BlocklistCache {
  private var loaded: [String: Blocklist] = [:]

  mutating func load(_ names: [String], resolvingPath resolve: @Sendable (String) -> String) throws(UsageError) -> [Blocklist] {
    var result: [Blocklist] = []
    var seen: Set<String> = []
    for name in names {
      let key = Blocklist.builtIn(name) != nil ? "built-in " + name : "file " + ProfilePath.absolute(resolve(name))
      guard seen.insert(key).inserted else { continue }
      let list: Blocklist
      if let known = loaded[key] {
        list = known
      } else {
        do {
          list = try Blocklist.load(name, resolvingPath: resolve)
        } catch {
          throw UsageError(message: error.description, showsUsage: false)  // a data error, not a command-line one
        }
        loaded[key] = list
      }
      if !result.contains(list) { result.append(list) }
    }
    return result
  }
}
