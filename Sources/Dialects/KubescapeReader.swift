import ProfileModel

/// kubescape `SeccompProfile` (`kubescape.io/v1` or `spdx.softwarecomposition.kubescape.io/v1beta1`): one profile
/// per entry of `spec.containers`, `initContainers`, `ephemeralContainers`. node-agent writes
/// `json.Marshal(entry.spec)` to `<kubelet>/seccomp/<path>`; nothing validates enums, nothing resolves
/// `baseProfileName` or honours `disabled` (formats.md §3).
enum KubescapeReader {
  static let specFields = SPOReader.specFields
  static let lists = ["containers", "initContainers", "ephemeralContainers"]

  static func extract(_ node: JSONNode, document: Int) -> DialectDetector.Found {
    let resource = node["metadata"]?["name"]?.string ?? "seccompprofile"
    var found = DialectDetector.Found()
    for list in lists {
      for (index, entry) in (node["spec"]?[list]?.elements ?? []).enumerated() {
        let base = JSONPointer(["spec", list, String(index), "spec"])
        var issues: [DecodeIssue] = []
        let container = entry["name"]?.string ?? "\(list)-\(index)"
        let entryPointer = JSONPointer(["spec", list, String(index)])
        if let path = entry["path"], let text = path.string {
          if text.isEmpty {
            issues.append(Extracted.issue(.rejected, entryPointer.appending("path"), path.position, "an empty path: node-agent refuses to write the profile"))
          } else if text.hasPrefix("/") || text.split(separator: "/").contains("..") {
            issues.append(
              Extracted.issue(
                .rejected, entryPointer.appending("path"), path.position,
                "path '\(text)' is absolute or contains '..': node-agent joins it lexically (it can leave the seccomp directory) and the kubelet refuses such a localhostProfile"))
          }
        } else {
          issues.append(Extracted.issue(.rejected, entryPointer, entry.position, "no path: node-agent refuses to write the profile"))
        }
        let spec = entry["spec"] ?? JSONNode(.object([]), at: entry.position)
        var members: [JSONMember] = []
        for member in spec.members ?? [] {
          let pointer = base.appending(member.key)
          switch member.key {
          case "baseProfileName":
            issues.append(
              Extracted.issue(
                .ignored, pointer, member.value.position,
                "node-agent does not resolve baseProfileName: the base's syscalls are not added, and the runtime ignores the field"))
          case "disabled":
            if member.value.value == .bool(true) {
              issues.append(Extracted.issue(.ignored, pointer, member.value.position, "node-agent does not honour disabled: the profile is written and used anyway"))
            }
          default:
            if specFields.contains(member.key) {
              members.append(member)
            } else {
              issues.append(
                Extracted.issue(
                  .ignored, pointer, member.keyPosition,
                  "'\(member.key)' is not a field of kubescape's profile spec: the CRD keeps it, but node-agent's conversion drops it before writing the file"))
            }
          }
        }
        found.profiles.append(
          Extracted(
            dialect: .kubescape, document: document, name: "\(resource)/\(container)",
            tree: JSONNode(.object(members), at: spec.position), basePointer: base, issues: issues,
            refuser: "node-agent cannot convert the resource (Go type)"))
      }
    }
    if found.profiles.isEmpty { found.skipped = "a kubescape SeccompProfile with no container profiles" }
    return found
  }
}
