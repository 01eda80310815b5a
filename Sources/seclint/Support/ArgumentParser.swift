import ProfileModel

/// A usage error: printed as `Error: …`, the usage line and a pointer to `--help`; exit code 2.
struct UsageError: Error, Sendable, Equatable {
  var message: String
  /// Whether the command line itself is wrong (the usage is printed after the message); a bad file it names,
  /// such as a configuration, is not.
  var showsUsage = true
}

/// The options and positionals given to one subcommand.
struct ParsedArguments: Sendable {
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []

  func value(_ option: String) -> String? { values[option]?.last }
  func all(_ option: String) -> [String] { values[option] ?? [] }
  func flag(_ option: String) -> Bool { flags.contains(option) }
}

extension CommandSpec {
  /// Parses `arguments` against the spec: `--opt value`, `--opt=value`, flags, `--` and positionals.
  /// Values restricted to a list are checked here, so commands get only valid values.
  func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
      if argument == "--" {
        parsed.positionals.append(contentsOf: remaining)
        break
      }
      guard argument.hasPrefix("-"), argument != "-", !(acceptsNegativeNumbers && Int(argument) != nil) else {
        parsed.positionals.append(argument)
        continue
      }
      let (spelling, inlineValue) = split(argument)
      guard let option = allOptions.first(where: { $0.names.contains(spelling) }) else {
        let known = allOptions.flatMap(\.names)
        let suggestion = Spelling.closest(to: spelling, in: known).map { " Did you mean '\($0)'?" } ?? ""
        throw UsageError(message: "Unknown option '\(spelling)'.\(suggestion)")
      }
      guard option.valueName != nil else {
        if inlineValue != nil { throw UsageError(message: "Option '\(option.name)' does not take a value.") }
        parsed.flags.insert(option.name)
        continue
      }
      guard let value = inlineValue ?? remaining.popFirst() else {
        throw UsageError(message: "Missing value for '\(option.name) <\(option.valueName ?? "value")>'.")
      }
      if !option.values.isEmpty, !option.values.contains(value) {
        throw UsageError(
          message: "The value '\(value)' is invalid for '\(option.name) <\(option.valueName ?? "value")>'. "
            + "Please provide one of '\(option.values.joined(separator: "', '"))'.")
      }
      if !option.repeatable, parsed.values[option.name] != nil {
        throw UsageError(message: "Option '\(option.name)' given more than once.")
      }
      parsed.values[option.name, default: []].append(value)
    }
    return parsed
  }

  private func split(_ argument: String) -> (String, String?) {
    guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }
}
