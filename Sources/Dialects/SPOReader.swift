import ProfileModel

/// Security Profiles Operator `SeccompProfile` (v1, v1beta1; old v1alpha1 and `seccomp-operator.x-k8s.io`
/// flagged). The API server decodes case-sensitively and prunes fields the CRD schema lacks; the operator writes
/// `json.Marshal(spec)` to the node, which the runtime reads as OCI (formats.md §2, §5).
enum SPOReader {
  static let actions = [
    "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
  ]
  /// The CRD's architecture enum: adds NATIVE, lacks LOONGARCH64, M68K, SH, SHEB (formats.md §2.2).
  static let architectures = [
    "NATIVE", "X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64", "MIPS64N32", "MIPSEL", "MIPSEL64",
    "MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390", "S390X", "PARISC", "PARISC64", "RISCV64",
  ].map { "SCMP_ARCH_" + $0 }
  static let flags = [
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
  ]
  static let operators = [
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
  ]
  static let specFields = ["defaultAction", "architectures", "listenerPath", "listenerMetadata", "syscalls", "flags"]
  static let controlFields = ["state", "baseProfileName", "disabled"]
  static let ruleFields = ["names", "action", "errnoRet", "args"]
  static let argFields = ["index", "value", "valueTwo", "op"]

  static func extract(_ node: JSONNode, document: Int) -> DialectDetector.Found {
    var issues: [DecodeIssue] = []
    let name = node["metadata"]?["name"]?.string ?? "seccompprofile"
    if let version = node["apiVersion"], let text = version.string {
      if text.hasPrefix("seccomp-operator.x-k8s.io/") || text.hasSuffix("/v1alpha1") {
        issues.append(
          Extracted.issue(
            .rejected, JSONPointer(["apiVersion"]), version.position,
            "apiVersion '\(text)' is no longer served (SPO serves security-profiles-operator.x-k8s.io/v1 and v1beta1): the API server rejects the resource"))
      }
    }
    if let namespace = node["metadata"]?["namespace"], let apiVersion = node["apiVersion"]?.string, apiVersion.hasSuffix("/v1") {
      issues.append(
        Extracted.issue(
          .ignored, JSONPointer(["metadata", "namespace"]), namespace.position,
          "SeccompProfile is cluster-scoped since SPO v0.9.0: the namespace is not part of its identity, and baseProfileName lookups ignore it"))
    }
    let base = JSONPointer(["spec"])
    guard let spec = node["spec"], spec.members != nil else {
      issues.append(Extracted.issue(.rejected, base, node.position, "the resource has no spec object: the CRD requires spec.defaultAction"))
      let empty = JSONNode(.object([]), at: node.position)
      return DialectDetector.Found(profiles: [
        Extracted(dialect: .spo, document: document, name: name, tree: empty, basePointer: base, issues: issues, refuser: refuser)
      ])
    }
    var baseName: (String, SourcePosition)?
    var members: [JSONMember] = []
    for member in spec.members ?? [] {
      let pointer = base.appending(member.key)
      switch member.key {
      case "state":
        if member.value.string == "Disabled" {
          issues.append(Extracted.issue(.ignored, pointer, member.value.position, "state: Disabled: the operator does not install this profile on any node"))
        } else if let text = member.value.string, text != "Enabled" {
          issues.append(Extracted.issue(.rejected, pointer, member.value.position, "state '\(text)' is not Enabled or Disabled: the CRD schema rejects it"))
        }
      case "disabled":
        issues.append(
          Extracted.issue(.ignored, pointer, member.keyPosition, "'disabled' is the v0.9–v0.10 switch; SPO ≥ v1.0.0 uses state: Enabled|Disabled and prunes it"))
      case "baseProfileName":
        if let text = member.value.string, !text.isEmpty { baseName = (text, member.value.position) }
      default:
        if specFields.contains(member.key) {
          members.append(member)
        } else {
          issues.append(pruned(member, pointer, known: specFields + controlFields))
        }
      }
    }
    var tree = JSONNode(.object(members), at: spec.position)
    tree = checkSchema(tree, base: base, issues: &issues)
    var extracted = Extracted(dialect: .spo, document: document, name: name, tree: tree, basePointer: base, issues: issues, refuser: refuser)
    extracted.baseProfileName = baseName
    return DialectDetector.Found(profiles: [extracted])
  }

  static let refuser = "the API server rejects the resource (CRD schema type)"

  /// A field the structural schema does not have: pruned by the API server (rejected under strict validation).
  static func pruned(_ member: JSONMember, _ pointer: JSONPointer, known: [String]) -> DecodeIssue {
    if let field = known.first(where: { $0.lowercased() == member.key.lowercased() }) {
      return Extracted.issue(
        .ignored, pointer, member.keyPosition,
        "'\(member.key)' is not '\(field)': the API server matches field names case-sensitively and prunes it (SPO's oci:// path would accept it)")
    }
    return Extracted.issue(
      .ignored, pointer, member.keyPosition,
      "'\(member.key)' is not in the SeccompProfile CRD schema: the API server prunes it (rejects it under strict field validation), so it never reaches the node")
  }

  /// The CRD schema's enums, required fields and bounds; prunes unknown rule and argument fields.
  static func checkSchema(_ tree: JSONNode, base: JSONPointer, issues: inout [DecodeIssue]) -> JSONNode {
    var members = tree.members ?? []
    func reject(_ pointer: JSONPointer, _ position: SourcePosition, _ message: String) {
      issues.append(Extracted.issue(.rejected, pointer, position, message))
    }
    if let action = tree["defaultAction"] {
      if let text = action.string, !actions.contains(text) {
        reject(base.appending("defaultAction"), action.position, "defaultAction '\(text)' is not in the CRD's action enum: the API server rejects the resource")
      }
    } else {
      reject(base, tree.position, "spec.defaultAction is required by the CRD schema: the API server rejects the resource")
    }
    for (index, arch) in (tree["architectures"]?.elements ?? []).enumerated() {
      if let text = arch.string, !architectures.contains(text) {
        reject(base.appending("architectures").appending(index), arch.position, "'\(text)' is not in the CRD's architecture enum (it lacks LOONGARCH64, M68K, SH, SHEB): the API server rejects the resource")
      }
    }
    for (index, flag) in (tree["flags"]?.elements ?? []).enumerated() {
      if let text = flag.string, !flags.contains(text) {
        reject(base.appending("flags").appending(index), flag.position, "'\(text)' is not in the CRD's flag enum: the API server rejects the resource")
      }
    }
    if let path = tree["listenerPath"], let text = path.string, !isOperatorSocket(text) {
      reject(base.appending("listenerPath"), path.position, "listenerPath '\(text)' does not match the CRD pattern ^/var/run/security-profiles-operator/[a-zA-Z0-9_\\-\\.]+$: the API server rejects the resource")
    }
    if let index = members.lastIndex(where: { $0.key == "syscalls" }), var rules = members[index].value.elements {
      for (ruleIndex, rule) in rules.enumerated() {
        guard let ruleMembers = rule.members else { continue }
        let pointer = base.appending("syscalls").appending(ruleIndex)
        var kept: [JSONMember] = []
        for member in ruleMembers {
          if ruleFields.contains(member.key) { kept.append(member) } else { issues.append(pruned(member, pointer.appending(member.key), known: ruleFields)) }
        }
        if (rule["names"]?.elements ?? []).isEmpty {
          reject(pointer, rule.position, "names is required with at least one entry (CRD minItems 1): the API server rejects the resource")
        }
        if let action = rule["action"] {
          if let text = action.string, !actions.contains(text) {
            reject(pointer.appending("action"), action.position, "action '\(text)' is not in the CRD's action enum: the API server rejects the resource")
          }
        } else {
          reject(pointer, rule.position, "action is required by the CRD schema: the API server rejects the resource")
        }
        if let errno = rule["errnoRet"], case .number(let text) = errno.value, let value = Int64(text), value > Int64(Int32.max) {
          reject(pointer.appending("errnoRet"), errno.position, "errnoRet \(text) does not fit the CRD's int32: the API server rejects the resource")
        }
        var args = rule["args"]?.elements ?? []
        if args.count > 6 {
          reject(pointer.appending("args"), rule["args"]!.position, "\(args.count) args: the CRD allows at most 6 (maxItems): the API server rejects the resource")
        }
        for (argIndex, arg) in args.enumerated() {
          let argPointer = pointer.appending("args").appending(argIndex)
          guard let argMembers = arg.members else { continue }
          var keptArg: [JSONMember] = []
          for member in argMembers {
            if argFields.contains(member.key) { keptArg.append(member) } else { issues.append(pruned(member, argPointer.appending(member.key), known: argFields)) }
          }
          if arg["index"] == nil { reject(argPointer, arg.position, "index is required by the CRD schema: the API server rejects the resource") }
          if let op = arg["op"] {
            if let text = op.string, !operators.contains(text) {
              reject(argPointer.appending("op"), op.position, "op '\(text)' is not in the CRD's operator enum: the API server rejects the resource")
            }
          } else {
            reject(argPointer, arg.position, "op is required by the CRD schema: the API server rejects the resource")
          }
          for key in ["value", "valueTwo"] {
            if let number = arg[key], case .number(let text) = number.value, let value = UInt64(text), value > UInt64(Int64.max) {
              reject(argPointer.appending(key), number.position, "\(key) \(text) is above 2^63-1: the CRD stores int64 (minimum 0), so masks with the top bit set cannot be written in SPO")
            }
          }
          args[argIndex] = JSONNode(.object(keptArg), at: arg.position)
        }
        if let argsIndex = kept.lastIndex(where: { $0.key == "args" }), kept[argsIndex].value.elements != nil {
          kept[argsIndex].value = JSONNode(.array(args), at: kept[argsIndex].value.position)
        }
        rules[ruleIndex] = JSONNode(.object(kept), at: rule.position)
      }
      members[index].value = JSONNode(.array(rules), at: members[index].value.position)
    }
    return JSONNode(.object(members), at: tree.position)
  }

  static func isOperatorSocket(_ path: String) -> Bool {
    let prefix = "/var/run/security-profiles-operator/"
    guard path.hasPrefix(prefix) else { return false }
    let rest = path.dropFirst(prefix.count)
    return !rest.isEmpty && rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
  }
}
