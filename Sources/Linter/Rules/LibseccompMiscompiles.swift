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
      reports where libseccomp's own code compiles the profile into a filter that answers some calls differently
      from what the profile says. Each finding names its class (issue #19), the releases affected and a call that
      shows it:

      - **4(a) a section that never loads the syscall number.** libseccomp orders a section's syscalls by fewest
        argument-tree nodes, then by number, and only the first block loads the number. When that first block is
        a name the ABI lacks (`vm86` on x86_64/x32, or the pseudo-number entry x86 keeps for `semop`), libseccomp
        skips it and every syscall of the section gets the default action. 2.5.4–2.6.1.
      - **4(b) the 64-bit merge typo** (GHSA-4q85-33p6-j5g6): two `<`/`<=`/`!=` rules on one 64-bit argument
        whose values share the high 32 bits; `_db_tree_add` writes the true action where the false one was meant,
        so one rule's action lands on the other's calls. Up to 2.6.0; fixed in 2.6.1.
      - **4(c) a stale argument**: a `!=` test hangs the rule's other conditions on its false branch; when they
        fail, the next test of the same argument compares the argument they loaded. 2.5.4–2.6.1.
      - **4(e) a merged tree that leads into another rule's tests**: the word tests of a 64-bit `!=` or range
        condition share their next node, and merging links another rule's tests beside it, so a call that failed
        one of that rule's conditions still reaches its remaining tests. 2.5.4–2.6.1.

      Filters too large to load (class 4(d): over 4096 instructions, or over 65,535 where releases before 2.6.1
      corrupt the heap, GHSA-2hqh-5c36-grrm, GHSA-46fr-jh49-xvhx) are not reported here: the container does not
      start, and `runtime-rejects` (SCL103) reports them.

      **Why it matters.** The filter silently opens (or closes) calls. With moby's amd64 archMap, a deny-list
      that denies `vm86` unconditionally and everything else with conditions leaves `personality(8)` allowed on
      x86_64. Every class was checked against libseccomp 2.5.4 in this kernel, and each finding's call against the
      program `seclint bpf` compiles (byte-identical to `seccomp_export_bpf`).

      **Example.** 4(a): `{"names": ["vm86"], …}` then a conditional `personality` rule with the amd64 archMap;
      4(b): `getpid` with `arg0 < 0x100000009` (errno 77) and `arg0 < 0x100000005` (errno 78): 2.5.4 gives
      `getpid(0)` 77; 4(c): `getpid` with `arg0 != 6 && arg2 == 1` and `arg0 == 5`: `getpid(0, 0, 5)` is denied;
      4(e): `getpid` with `arg0 != 0x80000000 && arg1 == -9` and `arg0 != 32 && arg2 == -9`:
      `getpid(0x80000000, -9, 0)` is denied. The examples below show each.

      **Instead.** 4(a): name a syscall that exists on the section's ABIs in a rule without conditions (for example
      add `mount` to the `vm86` rule). 4(b): use libseccomp 2.6.1, or give the rules one action. 4(c): write the
      `!=` as two rules with `<` and `>`. 4(e): use one rule per value (`==`) on the shared argument; check the
      result with `seclint bpf`.

      **References.** libseccomp src/gen_bpf.c `_gen_bpf_syscalls` (`s_iter == s_head ? acc_reset : false`),
      `_skip_syscall` and `_gen_bpf_chain`; src/db.c `_db_rule_gen_64` and `_db_tree_add`:
      https://github.com/seccomp/libseccomp/blob/main/src/gen_bpf.c,
      https://github.com/seccomp/libseccomp/security/advisories/GHSA-4q85-33p6-j5g6.
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [{"names": [↓"vm86"], "action": "SCMP_ACT_ERRNO"}, {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": [↓"getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 4294967305, "op": "SCMP_CMP_LT"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 78, "args": [{"index": 0, "value": 4294967301, "op": "SCMP_CMP_LT"}]}]}"#, libseccomp: "2.5.4"),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 6, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]}, {"names": [↓"getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"}]}]}"#, libseccomp: "2.5.4"),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": [↓"getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77, "args": [{"index": 0, "value": 2147483648, "op": "SCMP_CMP_NE"}, {"index": 1, "value": 18446744073709551607, "op": "SCMP_CMP_EQ"}]}, {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 78, "args": [{"index": 0, "value": 32, "op": "SCMP_CMP_NE"}, {"index": 2, "value": 18446744073709551607, "op": "SCMP_CMP_EQ"}]}]}"#, libseccomp: "2.5.4"),
      RuleExample(
        #"{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}], "syscalls": [{"names": ["vm86", "mount"], "action": "SCMP_ACT_ERRNO"}, {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}"#),
    ])

  /// Each host's miscompilations under the chosen libseccomp release.
  static func hostQuestions(_ context: LintContext) -> [HostQuestion] {
    context.evaluationHosts.map { HostQuestion(Target(architecture: $0, libseccomp: context.libseccomp ?? .v2_6_1), .miscompilations) }
  }

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
