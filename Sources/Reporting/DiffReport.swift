import Differ
import Policy
import ProfileModel
import SyscallTables

/// `seclint diff` output: text, JSON (schemaVersion 1) and Markdown for a PR comment.
package enum DiffReport {
  package enum Format: String, CaseIterable, Sendable { case text, json, markdown }

  /// The diff in `format`, safe for a terminal or CI log: text and Markdown show every value (file names, syscall
  /// names, summaries that quote a profile) escaped whole by `SafeText`, so a line feed in a name cannot forge a
  /// line; JSON escapes what JSONEncoder leaves raw.
  package static func render(_ diff: ProfileDiff, _ format: Format) -> TerminalText {
    switch format {
    case .text: .plain(text(diff))
    case .json: .json(json(diff))
    case .markdown: .plain(markdown(diff))
    }
  }

  /// One value inside a line.
  private static func v(_ text: String) -> String { SafeText.visible(text) }

  static func scope(_ diff: ProfileDiff) -> String {
    guard let target = diff.target else { return "symbolic: every host, capability set and kernel" }
    return "host \(target.architecture.token), \(target.capabilities.count) capabilities, kernel \(target.kernel), \(target.runtime.rawValue), libseccomp \(target.libseccomp.version)"
  }

  static func summary(_ diff: ProfileDiff) -> String {
    "\(diff.count(.widened)) widened, \(diff.count(.narrowed)) narrowed, \(diff.count(.changed)) changed"
  }

  /// Changes with the same direction and the same before/after, on the same ABI, share a line.
  static func groups(_ changes: [SyscallChange]) -> [(Direction, String?, [String], String, String)] {
    struct Key: Hashable {
      var direction: Direction
      var arch: String?
      var old: String
      var new: String
    }
    let groups = OrderedGroups(
      changes, by: { Key(direction: $0.direction, arch: $0.arch?.token, old: $0.old.summary, new: $0.new.summary) },
      item: { change in
        change.arch.flatMap { arch in
          SyscallTable.forArchitecture(arch).resolve(change.syscall).directNumber.map { "\(change.syscall)(\($0))" }
        } ?? change.syscall
      })
    return groups.map { ($0.key.direction, $0.key.arch, $0.items, $0.key.old, $0.key.new) }
  }

  static func text(_ diff: ProfileDiff) -> String {
    var out = "\(v(diff.oldFile)) → \(v(diff.newFile)) (\(scope(diff)))\n"
    if diff.isEmpty { return out + "no behaviour change\n" }
    for change in diff.top {
      out += "  \(change.direction.rawValue.padding(9))\(v(change.field)): \(v(change.new))" + (change.old.isEmpty ? "\n" : " (was: \(v(change.old)))\n")
    }
    var currentArch: String?? = .none
    for (direction, arch, names, old, new) in groups(diff.changes) {
      if diff.target != nil, currentArch != .some(arch) {
        out += "\(arch ?? "-"):\n"
        currentArch = .some(arch)
      }
      let shown = names.count > 8 ? names.prefix(8).joined(separator: ", ") + ", … (\(names.count) syscalls)" : names.joined(separator: ", ")
      out += "  \(direction.rawValue.padding(9))\(v(shown)): \(v(new)) (was: \(v(old)))\n"
    }
    return out + "summary: \(summary(diff))\n"
  }

  struct JSONDiff: Encodable {
    struct TargetJSON: Encodable {
      var arch: String
      var caps: [String]
      var kernel: String
      var runtime: String
      var libseccomp: String
    }
    struct Top: Encodable {
      var field: String
      var old: String
      var new: String
      var direction: String
    }
    struct Side: Encodable {
      var action: String?
      var errno: Int?
      var args: [ArgBranch]?
      var condition: String?
      var summary: String
    }
    struct ArgBranch: Encodable {
      var when: String
      var action: String
      var errno: Int?
    }
    struct Change: Encodable {
      var syscall: String
      var arch: String?
      var old: Side
      var new: Side
      var direction: String
    }
    struct Summary: Encodable {
      var widened: Int
      var narrowed: Int
      var changed: Int
    }
    var schemaVersion = 1
    var old: String
    var new: String
    var target: TargetJSON?
    var top: [Top]
    var changes: [Change]
    var summary: Summary

    enum CodingKeys: String, CodingKey { case schemaVersion, old, new, target, top, changes, summary }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(schemaVersion, forKey: .schemaVersion)
      try container.encode(old, forKey: .old)
      try container.encode(new, forKey: .new)
      try container.encode(target, forKey: .target)  // null for a symbolic diff
      try container.encode(top, forKey: .top)
      try container.encode(changes, forKey: .changes)
      try container.encode(summary, forKey: .summary)
    }
  }

  static func side(_ side: DecisionSide) -> JSONDiff.Side {
    JSONDiff.Side(
      action: side.action?.token, errno: side.action?.errno,
      args: side.branches.map { $0.map { .init(when: $0.conditions.conditionText, action: $0.action.token, errno: $0.action.errno) } },
      condition: side.condition, summary: side.summary)
  }

  static func json(_ diff: ProfileDiff) -> String {
    CanonicalJSON.render(
      JSONDiff(
        old: diff.oldFile, new: diff.newFile,
        target: diff.target.map {
          .init(
            arch: $0.architecture.token, caps: $0.capabilities.sorted(), kernel: $0.kernel.description,
            runtime: $0.runtime.rawValue, libseccomp: $0.libseccomp.version)
        },
        top: diff.top.map { .init(field: $0.field, old: $0.old, new: $0.new, direction: $0.direction.rawValue) },
        changes: diff.changes.map {
          .init(syscall: $0.syscall, arch: $0.arch?.token, old: side($0.old), new: side($0.new), direction: $0.direction.rawValue)
        },
        summary: .init(widened: diff.count(.widened), narrowed: diff.count(.narrowed), changed: diff.count(.changed))))
  }

  static func markdown(_ diff: ProfileDiff) -> String {
    var out = "### seclint diff: `\(code(diff.oldFile))` → `\(code(diff.newFile))`\n\n_\(scope(diff))_\n\n"
    if diff.isEmpty { return out + "No behaviour change.\n" }
    out += "**\(summary(diff))**\n\n| direction | what | arch | before | after |\n|---|---|---|---|---|\n"
    // A cell is one line of plain text: controls escaped, and the characters that would start a link, an image,
    // HTML or a code span, or end the cell, backslash-escaped (a PR comment must not load or link what a profile
    // names).
    func cell(_ text: String) -> String {
      var out = ""
      for character in v(text) {
        if "|<>[]`*\\".contains(character) { out.append("\\") }
        out.append(character)
      }
      return out
    }
    for change in diff.top {
      out += "| \(change.direction.rawValue) | \(cell(change.field)) | | \(cell(change.old)) | \(cell(change.new)) |\n"
    }
    for (direction, arch, names, old, new) in groups(diff.changes) {
      let shown = names.count > 8 ? names.prefix(8).joined(separator: ", ") + ", … (\(names.count))" : names.joined(separator: ", ")
      out += "| \(direction.rawValue) | `\(code(shown))` | \(arch ?? "") | \(cell(old)) | \(cell(new)) |\n"
    }
    return out
  }

  /// Text inside a Markdown code span: controls escaped; a backtick (which would end the span) and a pipe (which
  /// would end the table cell even inside a span, in GitHub's tables) shown as their escapes.
  static func code(_ text: String) -> String {
    v(text).replacing("`", with: "\\u{60}").replacing("|", with: "\\|")
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
