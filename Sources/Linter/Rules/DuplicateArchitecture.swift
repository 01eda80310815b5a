import Fixer
import ProfileModel
import SyscallTables

/// SCL107: an architecture named twice.
struct DuplicateArchitecture: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL107", name: "duplicate-architecture",
    summary: "An architecture is listed twice, or an archMap entry repeats a host that an earlier entry already maps.",
    rationale: """
      **What it does.** Reports an architecture repeated in `architectures` or within one `archMap` entry (its
      `architecture` and `subArchitectures`), and an `archMap` entry for a host an earlier entry already maps.

      **Why it matters.** A repeat within a list does nothing: runc adds each architecture with `seccomp_arch_add`,
      libseccomp answers `EEXIST` for one already in the filter, libseccomp-golang's `AddArch` ignores that, and
      runc's ENOSYS stub skips an arch it has seen. The container starts with each ABI once; the repeat only hides
      what the list means. A second `archMap` entry for a host is dead: moby takes the first entry whose
      `architecture` is the host's and stops, so the arches only the second entry lists never reach the filter,
      and libseccomp's bad-arch action kills their binaries.

      **Example.** `"archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]},
      {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X32"]}]` — x32 binaries are killed.

      **Instead.** Name each architecture once; merge the archMap entries of one host.

      **References.** moby `setupSeccomp` (`profiles/seccomp/seccomp_linux.go`: the archMap loop `break`s at the
      first match, https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go); libseccomp-golang
      `AddArch` (https://github.com/seccomp/libseccomp-golang); runc `libcontainer/seccomp/patchbpf`
      `findLastSyscalls` (https://github.com/opencontainers/runc/tree/main/libcontainer/seccomp/patchbpf).
      """,
    defaultSeverity: .warning, fixes: [.safe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", ↓"SCMP_ARCH_X86_64", ↓"SCMP_ARCH_X86"]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": [↓"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", ↓"SCMP_ARCH_X86"]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}, {"architecture": ↓"SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X32"]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_MIPS64", "subArchitectures": ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"]}, {"architecture": "SCMP_ARCH_MIPS64N32", "subArchitectures": ["SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"]}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    repeats(in: profile.architectures ?? [], at: { JSONPointer(["architectures", String($0)]) }, &context)
    let archMap = profile.archMap ?? []
    // The first entry for each host token: the one moby applies.
    var firstEntry: [String: Int] = [:]
    for (index, entry) in archMap.enumerated() {
      let base = JSONPointer(["archMap", String(index)])
      repeats(
        in: [entry.architecture ?? ""] + (entry.subArchitectures ?? []),
        at: { $0 == 0 ? base.appending("architecture") : base.appending("subArchitectures").appending($0 - 1) }, &context)
      guard let host = entry.architecture, Architecture.withToken(host) != nil else { continue }
      guard let first = firstEntry[host] else {
        firstEntry[host] = index
        continue
      }
      let applied = Set([host] + (archMap[first].subArchitectures ?? []))
      var lost: [String] = []
      for token in entry.subArchitectures ?? [] where !applied.contains(token) && !lost.contains(token) { lost.append(token) }
      let firstPointer = JSONPointer(["archMap", String(first)])
      if lost.isEmpty {
        context.report(
          "a second archMap entry for \(host) (the first is \(firstPointer)): moby applies only the first, which already has these arches",
          at: base.appending("architecture"), arches: [host], fix: "remove this entry",
          autofix: context.fix(.safe, context.offset(of: base).flatMap(context.edits.remove(at:))), severity: .note)
      } else {
        context.report(
          "a second archMap entry for \(host) (the first is \(firstPointer)): moby applies only the first, so \(lost.joined(separator: ", ")) never reach the filter on \(host) hosts and libseccomp kills their binaries",
          at: base.appending("architecture"), arches: [host] + lost, fix: "merge this entry's subArchitectures into \(firstPointer)")
      }
    }
  }

  /// Each later occurrence of a known architecture token already in `tokens` (harmless: a note).
  private func repeats(in tokens: [String], at pointer: (Int) -> JSONPointer, _ context: inout LintContext) {
    var first: [String: Int] = [:]
    for (offset, token) in tokens.enumerated() where Architecture.withToken(token) != nil {
      guard let earlier = first[token] else {
        first[token] = offset
        continue
      }
      context.report(
        "\(token) is already listed at \(pointer(earlier)): runc adds each architecture to the filter once, so this repeat does nothing",
        at: pointer(offset), arches: [token], fix: "remove the repeat",
        autofix: context.fix(.safe, context.offset(of: pointer(offset)).flatMap(context.edits.remove(at:))), severity: .note)
    }
  }
}
