import Fixer
import Policy
import ProfileModel
import SyscallTables

/// SCL302: includes/excludes that never match.
struct NeverMatchingCondition: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL302", name: "never-matching-condition",
    summary: "An includes/excludes condition uses a spelling Docker never compares equal, so it never or always applies.",
    rationale: """
      **What it does.** Reports `includes`/`excludes` arches that are not a name Docker uses for a host (`x86_64`,
      `aarch64`, `x32`, `i386`, `loong64`, `mipsel64n32`; Docker says `amd64`, `arm64`, `x86`, `loongarch64`,
      `mips3l64n32`), capabilities without the `CAP_` prefix or unknown to the kernel, and `"minKernel": ""` (version
      0.0).

      **Why it matters.** moby compares these strings exactly. An `includes` that never matches means the rule is
      never applied; an `excludes` that never matches means it is always applied.

      **Example.** `"includes": {"caps": ["SYS_ADMIN"]}` never applies, even with `--cap-add SYS_ADMIN`.

      **Instead.** Use `CAP_SYS_ADMIN`, and Docker's arch names (`amd64`, `arm64`, `s390x`, …).

      **References.** [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`)
      (`includes`/`excludes`, `archMap`).
      """,
    defaultSeverity: .warning, fixes: [.unsafe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": [↓"x86_64"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": [↓"SYS_ADMIN"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", ↓"x32"]}, "excludes": {"minKernel": ↓""}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["amd64", "arm64"]}}]}"#),
    ])

  static var hostNames: Set<String> { Guard.hostNames }

  func check(_ context: inout LintContext) {
    for (index, rule) in (context.profile.syscalls ?? []).enumerated() {
      for (key, filter) in [("includes", rule.includes), ("excludes", rule.excludes)] {
        guard let filter else { continue }
        let base = JSONPointer(["syscalls", String(index), key])
        let effect = key == "includes" ? "never applied" : "always applied"
        let arches = filter.arches ?? []
        let dead = arches.filter { !Self.hostNames.contains($0) }
        for (position, arch) in arches.enumerated() where dead.contains(arch) {
          let parsed = Architecture.parse(arch)
          let meant =
            if let native = parsed?.mobyNativeName, native != arch { " (Docker calls that host '\(native)')" }
            else if parsed != nil { " (no Go port runs as \(arch), so no Docker host has that name)" }
            else { "" }
          let consequence = dead.count == arches.count ? "the rule is \(effect)" : "this entry never matches"
          context.report(
            "'\(arch)' is never a Docker host arch name\(meant): \(consequence)", at: base.appending("arches").appending(position),
            syscalls: rule.effectiveNames, severity: dead.count == arches.count ? .warning : .note)
        }
        for (position, cap) in (filter.caps ?? []).enumerated() where !Capabilities.isKnown(cap) {
          let fixed = Capabilities.normalize(cap)
          let hint = Capabilities.isKnown(fixed) ? " (did you mean '\(fixed)'?)" : ""
          context.report(
            "'\(cap)' is not a capability Docker puts in the bounding set\(hint): the rule is \(effect)",
            at: base.appending("caps").appending(position), syscalls: rule.effectiveNames,
            fix: Capabilities.isKnown(fixed) ? "write '\(fixed)'" : nil,
            // Unsafe: the condition that never held now can.
            autofix: context.fix(
              .unsafe, context.offset(of: base.appending("caps").appending(position)).flatMap { context.edits.replaceString(at: $0, with: fixed) }))
        }
        if filter.minKernel == "" {
          context.report(
            "minKernel \"\" means version 0.0 to Docker: the rule is \(key == "includes" ? "always applied" : "never applied")",
            at: base.appending("minKernel"), syscalls: rule.effectiveNames)
        }
      }
    }
  }
}
