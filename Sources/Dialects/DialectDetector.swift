import ProfileModel

/// Chooses a document's dialect by content (or as forced) and extracts its profiles.
enum DialectDetector {
  enum Kind {
    case docker, ociConfig, ociBare, ociFeatures, spo, kubescape, list
    case other(String)
    var isDocker: Bool { if case .docker = self { true } else { false } }
  }

  static let spoGroups = ["security-profiles-operator.x-k8s.io", "seccomp-operator.x-k8s.io"]
  static let kubescapeGroups = ["kubescape.io", "spdx.softwarecomposition.kubescape.io"]

  static func detect(_ node: JSONNode, forced: ProfileDialect?) -> Kind {
    // An array of resources (a CSV's alm-examples) is a list; any other non-object is left to Docker's decoder,
    // which reports the type error as it always has.
    if let elements = node.elements, forced == nil || forced == .spo || forced == .kubescape {
      return elements.contains { $0["kind"] != nil } ? .list : .docker
    }
    guard node.members != nil else { return .docker }
    let kind = node["kind"]?.string
    let group = node["apiVersion"]?.string.map { $0.split(separator: "/").dropLast().joined(separator: "/") }
    switch forced {
    case .docker: return .docker
    case .oci: return node["linux"] != nil || node["ociVersion"] != nil ? .ociConfig : .ociBare
    case .spo: return .spo
    case .kubescape: return .kubescape
    case nil: break
    }
    if let kind {
      if kind == "SeccompProfile", let group, spoGroups.contains(group) { return .spo }
      if kind == "SeccompProfile", let group, kubescapeGroups.contains(group) { return .kubescape }
      if kind.hasSuffix("List"), node["items"]?.elements != nil { return .list }
      return .other("kind \(kind)\(group.map { " (\($0))" } ?? "") is not a seccomp profile")
    }
    if node["ociVersionMin"] != nil || node["ociVersionMax"] != nil {
      return .ociFeatures
    }
    if node["ociVersion"] != nil || node["linux"]?.members != nil { return .ociConfig }
    return .docker
  }

  struct Found {
    var profiles: [Extracted] = []
    var skipped: String?
  }

  static func extract(_ node: JSONNode, document: Int, forced: ProfileDialect?, issues: inout [DecodeIssue]) -> Found {
    switch detect(node, forced: forced) {
    case .docker:
      return Found(profiles: [
        Extracted(
          dialect: .docker, document: document, name: "profile", tree: node, basePointer: .root, issues: [],
          refuser: "Docker refuses to decode the profile")
      ])
    case .ociConfig, .ociBare:
      return Found(profiles: [OCIReader.extract(node, document: document)])
    case .ociFeatures:
      return Found(skipped: "an OCI runtime features document (what a runtime supports), not a config")
    case .spo:
      return SPOReader.extract(node, document: document)
    case .kubescape:
      return KubescapeReader.extract(node, document: document)
    case .list:
      let items = node.elements ?? node["items"]?.elements ?? []
      var found = Found()
      var reasons: [String] = []
      for (index, item) in items.enumerated() {
        var itemIssues: [DecodeIssue] = []
        let inner = extract(item, document: index + 1, forced: forced, issues: &itemIssues)
        found.profiles += inner.profiles.map { profile in
          var profile = profile
          profile.document = index + 1
          return profile
        }
        if let why = inner.skipped { reasons.append("item \(index + 1): \(why)") }
      }
      if found.profiles.isEmpty { found.skipped = reasons.isEmpty ? "an empty list" : reasons.joined(separator: "; ") }
      return found
    case .other(let why):
      return Found(skipped: why)
    }
  }
}
