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

      **Instead.** Use `CAP_SYS_ADMIN`, and Docker's arch names (`amd64`, `arm64`, `s390x`, …). x32 processes run
      on amd64 hosts, so a rule meant for them says `amd64`.

      **Fixes.** `"x32"` is removed by `--fix` (safe) where it sits next to another entry of `includes.arches`, or
      anywhere in `excludes.arches`: no runtime ever compares it equal (no Go port runs as x32, and Podman's
      containers/common compares with the native arch of its own amd64 binary), and the list keeps its meaning —
      an `excludes` list that never matches excludes nothing, as an empty one does. An `includes.arches` of only
      `"x32"` is not touched: the rule is never applied, and emptying the list would apply it on every host. Other
      dead names have no safe fix: `loong64` is the name Podman's libseccomp-golang gives a LoongArch host, and
      `x86_64` or `aarch64` are misspellings of a host, to be renamed by hand rather than hidden. A capability
      without `CAP_` gets an unsafe fix (`--unsafe-fixes`) that writes the prefix, since the rule then applies or is
      excluded where it never was.

      **References.** [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`)
      (`includes`/`excludes`, `archMap`).
      """,
    defaultSeverity: .warning, fixes: [.safe, .unsafe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": [↓"x86_64"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": [↓"SYS_ADMIN"]}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", ↓"x32"]}, "excludes": {"minKernel": ↓""}}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["amd64", "arm64"]}}]}"#),
    ])

  static var hostNames: Set<String> { Guard.hostNames }

  /// Arch names no runtime that reads `includes`/`excludes` ever compares equal, on any host. `x32`: moby compares
  /// with `goToNative[runtime.GOARCH]` (moby/profiles `seccomp/seccomp_linux.go`), and no Go port runs as x32;
  /// containers/common (Podman, CRI-O) compares with libseccomp's native arch of its own Go binary
  /// (`libseccomp.GetNativeArch()`, containers/common `pkg/seccomp/seccomp_linux.go`), which is the x86_64 build
  /// on an amd64 host, never x32. Other dead names are left alone: `loong64` is Podman's name for a real host, and
  /// `x86_64`/`aarch64`/`i386` are misspellings of a host whose fix is the (unsafe) rename.
  static let deadOnEveryRuntime: Set<String> = ["x32"]

  /// Whether deleting `arch` from `key`'s `arches` changes nothing any runtime does: the entry never matches, and
  /// the list keeps a non-empty meaning. An `excludes` list that never matches excludes nothing, as an empty one
  /// does (moby skips the check when `len(arches) == 0`); an `includes` list must keep another entry, since an
  /// empty one would make a never-applied rule apply everywhere.
  static func removableWithoutEffect(_ arch: String, key: String, arches: [String]) -> Bool {
    guard deadOnEveryRuntime.contains(arch) else { return false }
    return key == "excludes" || arches.contains { !deadOnEveryRuntime.contains($0) }
  }

  func check(_ context: inout LintContext) {
    for (index, rule) in (context.profile.syscalls ?? []).enumerated() {
      // Two calls, not a loop over an array of (key, filter) pairs (its type metadata is built at run time).
      if let filter = rule.includes { check(filter, key: "includes", of: rule, at: index, &context) }
      if let filter = rule.excludes { check(filter, key: "excludes", of: rule, at: index, &context) }
    }
  }

  /// The findings about one `includes`/`excludes` of the rule at `index`.
  private func check(_ filter: RuleFilter, key: String, of rule: SyscallRule, at index: Int, _ context: inout LintContext) {
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
      let pointer = base.appending("arches").appending(position)
      let removable = Self.removableWithoutEffect(arch, key: key, arches: arches)
      context.report(
        "'\(arch)' is never a Docker host arch name\(meant): \(consequence)", at: pointer,
        syscalls: rule.effectiveNames, fix: removable ? "remove '\(arch)'" : nil,
        autofix: removable ? context.fix(.safe, context.offset(of: pointer).flatMap(context.edits.remove(at:))) : nil,
        severity: dead.count == arches.count ? .warning : .note)
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
