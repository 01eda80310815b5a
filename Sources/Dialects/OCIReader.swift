import ProfileModel

/// OCI runtime-spec `config.json` (profile at `linux.seccomp`) or a bare `linux.seccomp` object. runc, crun and
/// containerd decode it into `specs.LinuxSeccomp` with Go's `encoding/json`: Docker-only fields are ignored
/// (formats.md §1, §4.3).
enum OCIReader {
  /// Docker's keys that OCI does not have: top level, and per rule.
  static let dockerTopLevel = ["archMap", "defaultErrno"]
  static let dockerRule = ["name", "includes", "excludes", "errno"]

  static func extract(_ node: JSONNode, document: Int) -> Extracted {
    var issues: [DecodeIssue] = []
    var tree = node
    var base = JSONPointer.root
    if node["linux"] != nil || node["ociVersion"] != nil {
      base = JSONPointer(["linux", "seccomp"])
      if let seccomp = node["linux"]?["seccomp"] {
        tree = seccomp
      } else {
        // No linux.seccomp: runc runs the container without a filter (the empty object says so when evaluated).
        tree = JSONNode(.object([]), at: (node["linux"] ?? node).position)
        issues.append(
          Extracted.issue(
            .ignored, base, tree.position, "the config has no linux.seccomp: the runtime installs no seccomp filter"))
      }
    }
    tree = stripDockerKeys(tree, base: base, issues: &issues)
    return Extracted(
      dialect: .oci, document: document, name: "linux.seccomp", tree: tree, basePointer: base, issues: issues,
      refuser: "runc and containerd refuse to decode the config")
  }

  /// Removes Docker-only keys (Go would ignore them) and reports each with which runtime honours it.
  static func stripDockerKeys(_ tree: JSONNode, base: JSONPointer, issues: inout [DecodeIssue]) -> JSONNode {
    guard var members = tree.members else { return tree }
    members = members.filter { member in
      guard let field = dockerTopLevel.first(where: { $0.lowercased() == member.key.lowercased() }) else { return true }
      issues.append(
        Extracted.issue(
          .ignored, base.appending(member.key), member.keyPosition,
          "'\(field)' is not an OCI field: runc, crun and containerd ignore it (only CRI-O, which reads Localhost profile files in Docker's format, honours it)"))
      return false
    }
    if let index = members.lastIndex(where: { $0.key.lowercased() == "syscalls" }), var rules = members[index].value.elements {
      for (ruleIndex, rule) in rules.enumerated() {
        guard let ruleMembers = rule.members else { continue }
        let kept = ruleMembers.filter { member in
          guard let field = dockerRule.first(where: { $0.lowercased() == member.key.lowercased() }) else { return true }
          let consequence =
            field == "includes" || field == "excludes"
            ? "the rule applies on every host and capability set under runc and containerd"
            : "runc and containerd ignore it"
          issues.append(
            Extracted.issue(
              .ignored, base.appending("syscalls").appending(ruleIndex).appending(member.key), member.keyPosition,
              "'\(field)' is a Docker field, not OCI: \(consequence) (CRI-O, which reads Docker's format, honours it)"))
          return false
        }
        rules[ruleIndex] = JSONNode(.object(kept), at: rule.position)
      }
      members[index].value = JSONNode(.array(rules), at: members[index].value.position)
    }
    return JSONNode(.object(members), at: tree.position)
  }
}
