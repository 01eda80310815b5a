import Policy
import ProfileModel
import SyscallTables

extension ProfileDiff {
  /// For one target: every ABI in either filter and every syscall whose decision differs (an ABI missing from a
  /// filter kills every call: libseccomp's bad-arch action).
  package static func evaluated(old: ProfileDocument, new: ProfileDocument, target: Target) -> ProfileDiff {
    let before = Evaluator.evaluate(old, for: target)
    let after = Evaluator.evaluate(new, for: target)
    var diff = ProfileDiff(oldFile: old.file, newFile: new.file, target: target, top: [], changes: [])
    diff.top = statusChanges(before, after)
    if let a = before.defaultAction, let b = after.defaultAction, a != b {
      var comparison = PermitComparison()
      comparison.add(old: a, new: b)
      diff.top.append(TopChange(field: "defaultAction", old: a.description, new: b.description, direction: comparison.direction ?? .changed))
    }
    guard case .enforced = before.status, case .enforced = after.status else { return diff }
    let abiTokens = Set(before.abis.map(\.architecture.token) + after.abis.map(\.architecture.token))
    let killed = Decision(action: .killThread, origin: .defaultAction, branches: [], ambiguous: false)
    for token in abiTokens.sorted() {
      guard let architecture = Architecture.withToken(token) else { continue }
      let old = before.abi(architecture)
      let new = after.abi(architecture)
      if old == nil || new == nil {
        diff.top.append(
          TopChange(
            field: "filter ABIs", old: old == nil ? "\(token) killed (not in the filter)" : token,
            new: new == nil ? "\(token) killed (not in the filter)" : token, direction: old == nil ? .widened : .narrowed))
      }
      let oldByName = Dictionary((old?.syscalls ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      let newByName = Dictionary((new?.syscalls ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      for name in Set(oldByName.keys).union(newByName.keys).sorted() {
        var a = oldByName[name]?.decision ?? killed
        var b = newByName[name]?.decision ?? killed
        if old == nil { a = killed } else if oldByName[name] == nil { continue }
        if new == nil { b = killed } else if newByName[name] == nil { continue }
        guard a.behaviour != b.behaviour else { continue }
        var comparison = PermitComparison()
        comparison.add(old: a, new: b, bits: architecture.bits)
        var oldSide = a.side
        var newSide = b.side
        if old == nil { oldSide.summary = "KILL_THREAD (ABI not in the filter)" }
        if new == nil { newSide.summary = "KILL_THREAD (ABI not in the filter)" }
        diff.changes.append(
          SyscallChange(syscall: name, arch: architecture, old: oldSide, new: newSide, direction: comparison.direction ?? .changed))
      }
    }
    return diff
  }

  static func statusChanges(_ a: EffectivePolicy, _ b: EffectivePolicy) -> [TopChange] {
    func describe(_ status: EffectivePolicy.Status) -> String {
      switch status {
      case .enforced: "filter loaded"
      case .unconfined(let reason): "no seccomp (\(reason))"
      case .refused(let refusal): "container does not start (\(refusal.stage): \(refusal.message))"
      }
    }
    let old = describe(a.status)
    let new = describe(b.status)
    guard old != new else { return [] }
    let direction: Direction
    switch (a.status, b.status) {
    case (_, .unconfined): direction = .widened
    case (.unconfined, _): direction = .narrowed
    default: direction = .changed
    }
    return [TopChange(field: "status", old: old, new: new, direction: direction)]
  }
}
