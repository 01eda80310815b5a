import Formatter
import ProfileModel

/// `seclint fmt`: rewrite profiles in moby's own layout (the formatting itself is the `Formatter` module).
struct FmtCommand {
  static let spec = CommandSpec(
    name: "fmt", abstract: "Rewrite profiles in moby's layout without changing their meaning.",
    arguments: [
      .init(
        name: "profile", help: "Profiles to format: files, directories (the profiles in them, recursively, by content) or '-' (standard input to standard output).",
        repeating: true)
    ],
    options: [
      .init(names: ["--check"], valueName: nil, help: "Change nothing; list the files that would change and exit 1 if any would."),
      .init(names: ["--diff"], valueName: nil, help: "Change nothing; print a unified diff of what would change (exit 1 if anything would)."),
      .init(names: ["--sort-names"], valueName: nil, help: "Also sort each rule's syscall names (their order does not matter to runc)."),
      CommandSpec.Option(
        names: ["--output", "-o"], valueName: "file", help: "Write the formatted profile to this file instead (one profile only).",
        defaultValue: "the profile itself"),
    ],
    discussion: """
      The layout is the one moby generates default.json with (Go's json.MarshalIndent with tabs): one member or
      element per line, so one syscall name per line, and keys in moby's order (defaultAction, defaultErrnoRet,
      architectures, flags, listenerPath, listenerMetadata, archMap, syscalls; in a rule names, action, errnoRet,
      args, name, comment, includes, excludes). It never changes what Docker decodes: duplicate and case-variant
      keys stay in their order (the last still wins), unknown keys stay (first in their object), strings and
      numbers keep their spelling (escapes, 1e3). Run twice, the second run changes nothing. The file keeps its
      final newline, or lack of one.

      Files are rewritten atomically, keeping their permissions, and only when they change. A file that is not
      JSON is an error and is left untouched.

      Exit status: 0 done (or, with --check/--diff, nothing would change), 1 with --check/--diff when some file
      would change, 2 when a file cannot be read or parsed (the others are still formatted) or on usage errors.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard !arguments.positionals.isEmpty else { throw UsageError(message: "Missing expected argument '<profile> ...'.") }
    let paths = try expand(arguments.positionals)
    let output = CLI.outputFile(arguments)
    if output != nil, paths.count > 1 { throw UsageError(message: "'--output' takes one profile; \(paths.count) were given.") }
    if paths.filter({ $0 == "-" }).count > 1 { throw UsageError(message: "Standard input ('-') can be given once.") }
    let diff = arguments.flag("--diff")
    let check = arguments.flag("--check") || diff
    let options = ProfileFormatter.Options(sortNames: arguments.flag("--sort-names"))

    var failures = 0
    var changed = 0
    for path in paths {
      guard let bytes = read(path) else {
        failures += 1
        continue
      }
      let formatted: String
      do {
        formatted = try ProfileFormatter.format(bytes, options: options)
      } catch {
        cli.stderr("Error: \(ProfileLoadError.syntax(file: path, error: error).description)\n")
        failures += 1
        continue
      }
      let differs = !Array(formatted.utf8).elementsEqual(bytes)
      if differs { changed += 1 }
      if diff {
        cli.stdout(UnifiedDiff.render(old: String(decoding: bytes, as: UTF8.self), new: formatted, oldName: path, newName: path))
      } else if check {
        if differs { cli.stdout("would reformat \(path)\n") }
      } else if let output {
        if let failure = cli.replaceFile(cli.resolvePath(output), formatted, [cli.resolvePath(path)]) {
          cli.stderr("Error: cannot write '\(output)': \(failure).\n")
          failures += 1
        }
      } else if path == "-" {
        cli.print(.json(formatted))
      } else if differs, let failure = cli.rewriteFile(cli.resolvePath(path), formatted) {
        cli.stderr("Error: cannot write '\(path)': \(failure).\n")
        failures += 1
        changed -= 1
      }
    }
    let unchanged = paths.count - changed - failures
    let errors = failures > 0 ? ", \(count(failures)) with errors" : ""
    if check {
      cli.stderr("\(count(changed)) would be reformatted, \(count(unchanged)) already formatted\(errors)\n")
    } else if output == nil, paths != ["-"] {
      cli.stderr("\(count(changed)) reformatted, \(count(unchanged)) already formatted\(errors)\n")
    }
    if failures > 0 { return .failure }
    return check && changed > 0 ? .findings : .success
  }

  /// Directories become the profiles in them (`ProfileDiscovery`, as `lint` finds them); files and `-` stay.
  private func expand(_ positionals: [String]) throws(UsageError) -> [String] {
    var result: [String] = []
    for positional in positionals {
      guard positional != "-", ProfileDiscovery.isDirectory(cli.resolvePath(positional)) else {
        result.append(positional)
        continue
      }
      switch ProfileDiscovery.profiles(in: cli.resolvePath(positional), shown: positional) {
      case .failure: throw UsageError(message: "\(positional): cannot read the directory.", showsUsage: false)
      case .success(let found):
        guard !found.isEmpty else {
          throw UsageError(
            message: "\(positional): no seccomp profile in this directory (a JSON object with \"defaultAction\" or \"syscalls\").",
            showsUsage: false)
        }
        result += found
      }
    }
    return result
  }

  private func count(_ files: Int) -> String { files == 1 ? "1 file" : "\(files) files" }

  /// The profile's bytes, or nil after printing why it cannot be read.
  private func read(_ path: String) -> [UInt8]? {
    if path == "-" {
      switch cli.standardInput() {
      case .success(let bytes): return bytes
      case .failure(let failure):
        cli.fail(failure.description)
        return nil
      }
    }
    let failure: String
    switch FileReader.read(cli.resolvePath(path), limit: ProfileLoader.maxFileSize) {
    case .success(let bytes): return bytes
    case .failure(.missing): failure = "no such file"
    case .failure(.directory): failure = "is a directory, not a profile"
    case .failure(.tooLarge): failure = ProfileLoader.tooLargeReason(size: FileReader.size(cli.resolvePath(path)))
    case .failure(let other): failure = ProfileLoader.reason(other)
    }
    cli.stderr("Error: \(path): \(failure)\n")
    return nil
  }
}
