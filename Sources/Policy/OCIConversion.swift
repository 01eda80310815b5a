import ProfileModel

extension Evaluator {
  /// The OCI `linux.seccomp` Docker hands runc for `target` (archMap resolved for the host, includes/excludes
  /// applied, the legacy `name` folded into `names`), as a profile with OCI fields only; nil when Docker runs the
  /// container unconfined. `dropped` describes the rules Docker leaves out for this target.
  package static func ociProfile(_ document: ProfileDocument, for target: Target) throws(Refusal) -> (profile: Profile, dropped: [String])? {
    switch try DockerStage.run(document, for: target, prepared: PreparedProfile(document)) {
    case .unconfined: return nil
    case .spec(let spec, let dropped):
      var profile = Profile()
      profile.defaultAction = spec.defaultAction
      profile.defaultErrnoRet = spec.defaultErrnoRet
      profile.architectures = spec.architectures.isEmpty ? nil : spec.architectures
      profile.flags = spec.flags
      profile.listenerPath = spec.listenerPath.isEmpty ? nil : spec.listenerPath
      profile.listenerMetadata = document.profile.listenerMetadata
      profile.syscalls = spec.rules.map { rule in
        var converted = SyscallRule(names: rule.names, action: rule.action)
        converted.errnoRet = rule.errnoRet
        converted.args = rule.args.isEmpty ? nil : rule.args
        return converted
      }
      // One line per reason: "needs CAP_SYS_ADMIN: bpf, clone, …".
      var byReason: [(String, [String])] = []
      for trace in dropped {
        let reason = fateText(trace.fate)
        if let index = byReason.firstIndex(where: { $0.0 == reason }) {
          if !byReason[index].1.contains(trace.name) { byReason[index].1.append(trace.name) }
        } else {
          byReason.append((reason, [trace.name]))
        }
      }
      return (profile, byReason.map { "\($0.1.joined(separator: ", ")) (\($0.0))" })
    }
  }

  private static func fateText(_ fate: RuleFate) -> String {
    switch fate {
    case .applied: "applied"
    case .droppedByDocker(let why), .skippedByRunc(let why): why
    }
  }
}
