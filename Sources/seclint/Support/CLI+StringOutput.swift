import ProfileModel

/// String-taking output for commands written before `TerminalText`: every one goes through `SafeText` with line
/// breaks kept, so nothing a profile or a file name holds reaches the terminal raw. JSON must use `.json` (a
/// visible escape inside a JSON string would break it): commands that print JSON call `print(.json(…))` or
/// `deliver(.json(…), …)`.
extension CLI {
  func stdout(_ text: String) { print(.plain(text)) }

  func stderr(_ text: String) { writeStandardError(SafeText.visible(text, keepingLines: true)) }

  func deliver(_ text: String, _ arguments: ParsedArguments, inputs: [String] = []) -> Bool {
    deliver(.plain(text), arguments, inputs: inputs)
  }
}
