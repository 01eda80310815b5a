#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
import ProfileModel

/// Which SPO release's `baseProfileName` merge to model (formats.md §2.5).
package enum SPOMerge: String, Sendable, Hashable, CaseIterable {
  /// v0.8.0 – v1.0.0 (mergo `WithAppendSlice`): the base's entries, then the child's; nothing de-duplicated.
  case released
  /// HEAD after v1.0.0 (commit 904322f74): one entry per name, the less restrictive action wins (base on a tie),
  /// args unioned (none if either side has none), sorted by name.
  case head
}

/// Resolves `baseProfileName` chains against SPO profiles in the same file, then in the file's directory.
struct BaseResolver {
  let entries: [Extracted]
  let options: DialectOptions
  let file: String
  private var directoryProfiles: [Extracted]?

  init(entries: [Extracted], options: DialectOptions, file: String) {
    self.entries = entries
    self.options = options
    self.file = file
  }

  /// SPO's `maxLevel` (child plus at most 14 bases).
  static let maxLevel = 15

  mutating func merge(into tree: inout JSONNode, entry: Extracted, issues: inout [DecodeIssue]) {
    guard let (baseName, position) = entry.baseProfileName else { return }
    let pointer = entry.basePointer.appending("baseProfileName")
    var chain: [(Extracted, sameFile: Bool)] = []
    var next: String? = baseName
    var level = 1
    while let name = next {
      if level >= Self.maxLevel {
        issues.append(
          Extracted.issue(.rejected, pointer, position, "max recursion level of \(Self.maxLevel) is reached for resolving base profiles (a cycle, or too deep a chain): the operator cannot install the profile"))
        return
      }
      if name.hasPrefix("oci://") {
        issues.append(
          Extracted.issue(
            .unresolvedBase, pointer, position,
            "base profile '\(name)' is an OCI artifact the operator pulls from a registry; seclint cannot resolve it, so the syscalls it adds are not evaluated (this is not an empty base)"))
        break
      }
      guard let found = lookup(name) else {
        issues.append(
          Extracted.issue(
            .unresolvedBase, pointer, position,
            "base profile '\(name)' is not defined in this file or its directory; the operator fails with 'cannot retrieve base profile' unless the cluster has it, and seclint cannot evaluate its syscalls"))
        break
      }
      chain.append(found)
      next = found.0.baseProfileName?.name
      level += 1
    }
    guard !chain.isEmpty else { return }
    // Innermost base first: the operator merges each level into the next (mergeBaseProfile, recursively).
    var syscalls = syscallNodes(chain.last!.0, sameFile: chain.last!.sameFile, at: position)
    for (base, sameFile) in chain.dropLast().reversed() {
      syscalls = combine(syscalls, syscallNodes(base, sameFile: sameFile, at: position))
    }
    syscalls = combine(syscalls, tree["syscalls"]?.elements ?? [])
    guard var members = tree.members else { return }
    let merged = JSONNode(.array(syscalls), at: tree["syscalls"]?.position ?? position)
    if let index = members.lastIndex(where: { $0.key == "syscalls" }) {
      members[index].value = merged
    } else {
      members.append(JSONMember(key: "syscalls", keyPosition: position, value: merged))
    }
    tree = JSONNode(.object(members), at: tree.position)
  }

  private func syscallNodes(_ base: Extracted, sameFile: Bool, at position: SourcePosition) -> [JSONNode] {
    let nodes = base.tree["syscalls"]?.elements ?? []
    return sameFile ? nodes : nodes.map { $0.repositioned(position) }
  }

  private func combine(_ base: [JSONNode], _ child: [JSONNode]) -> [JSONNode] {
    switch options.spoMerge {
    case .released: return SPOMergeRules.append(base, child)
    case .head: return SPOMergeRules.union(base, child)
    }
  }

  private mutating func lookup(_ name: String) -> (Extracted, sameFile: Bool)? {
    if let found = entries.last(where: { $0.dialect == .spo && $0.name == name }) { return (found, true) }
    if directoryProfiles == nil { directoryProfiles = loadDirectory() }
    return directoryProfiles?.last { $0.name == name }.map { ($0, false) }
  }

  /// SPO profiles in the other YAML/JSON files of the directory (read without resolving their own bases).
  private func loadDirectory() -> [Extracted] {
    guard let directory = options.directory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
    else { return [] }
    var found: [Extracted] = []
    let own = file.split(separator: "/").last.map(String.init)
    for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")) && name != own {
      guard case .success(let bytes) = FileReader.read(directory + "/" + name, limit: 4 << 20),
        let roots = try? DialectLoader.parse(bytes: bytes, file: name)
      else { continue }
      for root in roots {
        var ignored: [DecodeIssue] = []
        found += DialectDetector.extract(root.node, document: root.index, forced: nil, issues: &ignored).profiles.filter { $0.dialect == .spo }
      }
    }
    return found
  }
}

/// The two SPO merge rules over `syscalls` entries (JSON nodes of the CR spec).
enum SPOMergeRules {
  /// v1.0.0: base entries then child entries (mergo append); names sorted within each entry, then entries stably
  /// sorted by action string (SPO uses an unstable `sort.Slice`; stable is one of its possible orders).
  static func append(_ base: [JSONNode], _ child: [JSONNode]) -> [JSONNode] {
    let all = (base + child).map { entry -> JSONNode in
      guard var members = entry.members, let index = members.lastIndex(where: { $0.key == "names" }),
        let names = members[index].value.elements
      else { return entry }
      members[index].value = JSONNode(.array(names.sorted { ($0.string ?? "") < ($1.string ?? "") }), at: members[index].value.position)
      return JSONNode(.object(members), at: entry.position)
    }
    return all.enumerated().sorted { a, b in
      let (x, y) = (a.element["action"]?.string ?? "", b.element["action"]?.string ?? "")
      return x != y ? x < y : a.offset < b.offset
    }.map(\.element)
  }

  /// security-profiles-merger `LessRestrictive` levels; unknown actions are the most restrictive (−1).
  static func level(_ action: String?) -> Int {
    switch action {
    case "SCMP_ACT_KILL_PROCESS": 0
    case "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL": 1
    case "SCMP_ACT_TRAP": 2
    case "SCMP_ACT_ERRNO": 3
    case "SCMP_ACT_NOTIFY": 4
    case "SCMP_ACT_TRACE": 5
    case "SCMP_ACT_LOG": 6
    case "SCMP_ACT_ALLOW": 7
    default: -1
    }
  }

  /// HEAD: one entry per syscall name, the less restrictive action winning (left = base on a tie), errnoRet from
  /// the picked side, args unioned (none if either side has none), sorted by name.
  static func union(_ base: [JSONNode], _ child: [JSONNode]) -> [JSONNode] {
    struct Entry {
      var nameNode: JSONNode
      var rule: JSONNode
      var args: [JSONNode]?
    }
    func normalise(_ list: [JSONNode]) -> [String: Entry] {
      var byName: [String: Entry] = [:]
      for rule in list {
        for nameNode in rule["names"]?.elements ?? [] {
          guard let name = nameNode.string else { continue }
          let entry = Entry(nameNode: nameNode, rule: rule, args: rule["args"]?.elements ?? [])
          byName[name] = byName[name].map { pick($0, entry) } ?? entry
        }
      }
      return byName
    }
    func pick(_ left: Entry, _ right: Entry) -> Entry {
      var winner = level(right.rule["action"]?.string) > level(left.rule["action"]?.string) ? right : left
      let (a, b) = (left.args ?? [], right.args ?? [])
      if a.isEmpty || b.isEmpty {
        winner.args = []
      } else {
        var union = a
        for arg in b where !union.contains(where: { sameArg($0, arg) }) { union.append(arg) }
        winner.args = union
      }
      return winner
    }
    var merged = normalise(base)
    for (name, entry) in normalise(child) { merged[name] = merged[name].map { pick($0, entry) } ?? entry }
    return merged.keys.sorted().map { name in
      let entry = merged[name]!
      var members: [JSONMember] = [
        JSONMember(key: "names", keyPosition: entry.nameNode.position, value: JSONNode(.array([entry.nameNode]), at: entry.nameNode.position))
      ]
      for member in entry.rule.members ?? [] where member.key == "action" || member.key == "errnoRet" { members.append(member) }
      if let args = entry.args, !args.isEmpty {
        members.append(JSONMember(key: "args", keyPosition: entry.rule.position, value: JSONNode(.array(args), at: entry.rule.position)))
      }
      return JSONNode(.object(members), at: entry.rule.position)
    }
  }

  static func sameArg(_ a: JSONNode, _ b: JSONNode) -> Bool {
    ["index", "value", "valueTwo", "op"].allSatisfy { a[$0]?.value == b[$0]?.value }
  }
}
