import ProfileModel

/// Where a blocked syscall's reason comes from.
package enum ReasonSource: String, Sendable, Hashable, Codable {
  /// The deciding rule's `comment`.
  case comment
  /// A blocklist entry (the list's name is the source: `docker`, `palantir`, or a custom list's name).
  case blocklist
  /// A rule without comment that denies the call explicitly.
  case rule
  /// runc's ENOSYS stub.
  case runc
  /// No rule matched: the default action.
  case `default`
}

package struct Reason: Sendable, Hashable {
  package var text: String
  package var source: ReasonSource
  /// For `.blocklist`, the list's name (`docker`, `palantir`, …).
  package var list: String?

  package init(text: String, source: ReasonSource, list: String? = nil) {
    self.text = text
    self.source = source
    self.list = list
  }

  /// The `reasonSource` value of machine output: the list name for blocklists, else the source.
  package var sourceName: String { list ?? source.rawValue }
}

/// Explains why a syscall is blocked: the rule's comment, else the first blocklist that lists it, else the
/// mechanism (explicit rule, ENOSYS stub, default action).
package struct ReasonBook: Sendable {
  package var blocklists: [Blocklist]
  private var comments: [JSONPointer: String]

  package init(profile: Profile, blocklists: [Blocklist]) {
    self.blocklists = blocklists
    var comments: [JSONPointer: String] = [:]
    for (index, rule) in (profile.syscalls ?? []).enumerated() {
      if let comment = rule.comment?.trimmingWhitespace, !comment.isEmpty {
        comments[JSONPointer(["syscalls", String(index)])] = comment
      }
    }
    self.comments = comments
  }

  package func reason(for syscall: String, _ decision: Decision, defaultAction: SeccompAction?) -> Reason {
    if case .rule(let pointer) = decision.origin, let comment = comments[pointer] {
      return Reason(text: comment, source: .comment)
    }
    for list in blocklists {
      if let entry = list.entry(for: syscall) { return Reason(text: entry.reason, source: .blocklist, list: list.name) }
    }
    switch decision.origin {
    case .rule(let pointer):
      return Reason(text: "denied by the rule at \(pointer)", source: .rule)
    case .enosysStub(let maximum):
      return Reason(
        text: "runc's ENOSYS stub: the number is above \(maximum), the largest syscall the profile names on this ABI",
        source: .runc)
    case .defaultAction:
      return Reason(text: "not in the allowlist (default action \(defaultAction?.description ?? "?"))", source: .default)
    }
  }
}

extension String {
  fileprivate var trimmingWhitespace: String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
