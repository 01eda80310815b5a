import Linter

/// `seclint rules NAME`: a rule's page for a terminal — headings, text wrapped to 80 columns, examples indented,
/// links as `text <url>` — instead of raw Markdown.
package enum RuleTerminalText {
  package static let width = 80

  package static func render(_ rule: RuleDescriptor, base: String = RulePage.defaultBaseURL) -> String {
    var out = "\(rule.id) \(rule.name) (default severity: \(rule.defaultSeverity.rawValue); tags: \(rule.tags.joined(separator: ", ")))\n\n"
    out += wrap(plain(rule.summary), indent: "  ")
    out += "\n" + wrap(plain("Fix: \(rule.fixDescription)\(RulePage.fixHow(rule))"), indent: "  ")
    for section in RulePage.sections(rule) {
      out += "\n\(section.heading.uppercased())\n"
      out += block(section.body)
      if section.heading == "Example" {
        let triggering = rule.examples.filter(\.triggers)
        let passing = rule.examples.filter { !$0.triggers }
        if !triggering.isEmpty { out += "\n  Reported (↓ marks where):\n" + triggering.map { code($0.json) }.joined() }
        if !passing.isEmpty { out += "\n  Not reported:\n" + passing.map { code($0.json) }.joined() }
      }
    }
    out += "\nFull page: \(RulePage.url(rule, base: base))\n"
    return out
  }

  /// Markdown paragraphs, list items and fenced code as terminal text.
  static func block(_ markdown: String) -> String {
    var out = ""
    var paragraph: [String] = []
    var fence: [String]?
    func flush() {
      if !paragraph.isEmpty { out += wrap(plain(paragraph.joined(separator: " ")), indent: "  ") }
      paragraph = []
    }
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("```") {
        if let lines = fence {
          out += code(lines.joined(separator: "\n"))
          fence = nil
        } else {
          flush()
          fence = []
        }
        continue
      }
      if fence != nil {
        fence?.append(line)
        continue
      }
      if line.trimmingCharacters(in: " ").isEmpty {
        flush()
        if !out.isEmpty, !out.hasSuffix("\n\n") { out += "\n" }
      } else if line.hasPrefix("- ") {
        flush()
        paragraph = [line]
      } else {
        paragraph.append(line.trimmingCharacters(in: " "))
      }
    }
    flush()
    if let lines = fence { out += code(lines.joined(separator: "\n")) }
    return out
  }

  /// Code indented four columns, never wrapped.
  static func code(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)\n" }.joined()
  }

  /// Inline Markdown as plain text: `**bold**` and backticks dropped, `[text](url)` as `text <url>`.
  static func plain(_ markdown: String) -> String {
    var out = ""
    var rest = Substring(markdown)
    while let open = rest.firstIndex(of: "[") {
      out += rest[..<open]
      if let close = rest[open...].firstRange(of: "]("), let end = rest[close.upperBound...].firstIndex(of: ")") {
        out += rest[rest.index(after: open)..<close.lowerBound] + " <" + rest[close.upperBound..<end] + ">"
        rest = rest[rest.index(after: end)...]
      } else {
        out += "["
        rest = rest[rest.index(after: open)...]
      }
    }
    out += rest
    return out.replacing("**", with: "").replacing("`", with: "")
  }

  /// Words filled into lines of at most `width` columns (a longer word, such as a URL, gets a line of its own);
  /// a leading "- " hangs.
  static func wrap(_ text: String, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    var empty = true
    let continuation = text.hasPrefix("- ") ? indent + "  " : indent
    for word in text.split(separator: " ") {
      if !empty, line.count + 1 + word.count > width {
        lines.append(line)
        line = continuation + word
      } else {
        line += (empty ? "" : " ") + word
      }
      empty = false
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate func trimmingCharacters(in characters: String) -> String {
    String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
  }
}
