import Policy
import ProfileModel
import SyscallTables

/// SCL211: the chosen libseccomp release compiles the profile into a filter that does something else.
struct LibseccompMiscompiles: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL211", name: "libseccomp-miscompiles",
    summary: "The libseccomp release runc links compiles the profile into a filter that does not do what the profile says.",
    rationale: """
      **What it does.** Evaluates the profile for its hosts (with `--libseccomp-version`, for that release) and
      reports filter sections that libseccomp's BPF generator gets wrong. Today: a section whose first syscall
      block (libseccomp orders a section's syscalls by fewest conditions, then by number) is a name that does not
      exist on the ABI, such as `vm86` on x86_64/x32. libseccomp skips that block, and it was the only one that
      loads the syscall number: every syscall of the section then gets the default action.

      **Why it matters.** The filter silently opens (or closes) every syscall of the ABI. With moby's amd64
      archMap, a deny-list that denies `vm86` unconditionally and everything else with conditions leaves
      `personality(8)` allowed on x86_64 (checked against libseccomp 2.5.4 and on this kernel).

      **Example.** `{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["vm86"], …}, {"names": ["personality"], "args": […]}]}`
      with the amd64 archMap.

      **Instead.** Name a syscall that exists on the section's ABIs in a rule without conditions (for example add
      `mount` to the `vm86` rule), so the first block is a real one.

      **References.** libseccomp src/gen_bpf.c `_gen_bpf_syscalls` (`s_iter == s_head ? acc_reset : false`) and
      `_skip_syscall`, unchanged from v2.5.4 to v2.6.1: https://github.com/seccomp/libseccomp/blob/main/src/gen_bpf.c.
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [{"names": [↓"vm86"], "action": "SCMP_ACT_ERRNO"}, {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [{"names": ["vm86", "mount"], "action": "SCMP_ACT_ERRNO"}, {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
    ])

  func check(_ context: inout LintContext) {
    var seen: Set<String> = []
    let release = context.libseccomp ?? .v2_6_1
    for host in context.evaluationHosts {
      for found in context.miscompilations(for: Target(architecture: host, libseccomp: release)) {
        let arches = found.architectures.map(\.token)
        guard seen.insert("\(found.pointer) \(arches)").inserted else { continue }
        let names = context.document.profile.syscalls.flatMap { rules in
          Int(found.pointer.tokens.last ?? "").flatMap { rules.indices.contains($0) ? rules[$0].names : nil }
        } ?? []
        let pointer = names.firstIndex(of: found.syscall).map { found.pointer.appending("names").appending($0) } ?? found.pointer
        context.report(
          found.message + "; affects libseccomp \(found.releases); \(found.reference)", at: pointer,
          syscalls: [found.syscall], arches: arches, fix: found.fix)
      }
    }
  }
}
