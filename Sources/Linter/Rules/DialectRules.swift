import ProfileModel

/// SCL006: what the CRD schema, the API server, the operator or the runtime behind a dialect refuses.
struct DialectRejects: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL006", name: "dialect-rejects",
    summary: "The stack behind the file's dialect (CRD schema, API server, operator, node agent) refuses a value.",
    rationale: """
      **What it does.** For Kubernetes `SeccompProfile` resources and OCI configs, reports what the
      Security Profiles Operator's CRD schema (enums, required fields, `listenerPath` pattern, int32/int64 bounds,
      at most 6 args), the API server (API versions no longer served) or kubescape's node-agent (`path`) refuse.

      **Why it matters.** A profile in the wrong dialect fails only at `kubectl apply` or pod start
      (SPO#878, kubernetes#124944). The CRD accepts `SCMP_ACT_NOTIFY` but lacks `SCMP_ARCH_LOONGARCH64`; it stores
      `value` as int64, so masks with the top bit set cannot be written.

      **Example.** `architectures: [SCMP_ARCH_LOONGARCH64]` in a v1 SeccompProfile.

      **Instead.** Use the values the dialect's schema lists (the SPO and kubescape CRDs; the OCI runtime spec).

      **References.** SPO's CRD schema: https://github.com/kubernetes-sigs/security-profiles-operator/blob/main/api/seccompprofile/v1beta1/seccompprofile_types.go;
      kubescape's: https://github.com/kubescape/node-agent; the OCI runtime spec's `linux.seccomp`:
      https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#seccomp.
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile", "metadata": {"name": "x"}, "spec": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": [↓"SCMP_ARCH_LOONGARCH64"]}}"#),
      RuleExample(#"{"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile", "metadata": {"name": "x"}, "spec": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"]}}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      if case .dialect(.rejected) = issue.kind { context.report(issue.message, location: issue.location) }
    }
  }
}

/// SCL007: what the dialect's stack silently ignores, prunes or reads differently.
struct DialectIgnores: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL007", name: "dialect-ignores",
    summary: "A field or value is ignored, pruned or read differently by the stack behind the file's dialect.",
    rationale: """
      **What it does.** Reports Docker-only fields in OCI configs (`archMap`, `includes`: runc and containerd
      ignore them, CRI-O honours them), fields the SPO CRD prunes (`defaultErrnoRet`, misspelt or case-variant
      keys), fields kubescape's node-agent does not honour (`baseProfileName`, `disabled`), plain YAML scalars
      that Kubernetes' YAML 1.1 decoder reads differently from YAML 1.2 (`0755` is 493, `yes` is true), and
      `baseProfileName`s seclint cannot resolve (`oci://` artifacts, profiles not in the file or its directory).

      **Why it matters.** What is ignored is never enforced: an `includes` guard in an OCI config makes its rule
      unconditional, a pruned `defaultErrnoRet` turns ENOSYS back into EPERM.

      **Example.** `defaultErrnoRet: 38` in a SeccompProfile's spec.

      **Instead.** Write only the dialect's fields; quote ambiguous scalars; keep base profiles next to the child.

      **References.** https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#seccomp;
      https://github.com/opencontainers/runc/blob/main/libcontainer/specconv/spec_linux.go (what runc reads);
      https://github.com/kubernetes-sigs/security-profiles-operator (the CRD and the profile it writes);
      https://github.com/kubernetes-sigs/yaml (YAML 1.1 decoding in Kubernetes).
      """,
    defaultSeverity: .warning,
    examples: [
      RuleExample(#"{"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile", "metadata": {"name": "x"}, "spec": {"defaultAction": "SCMP_ACT_ERRNO", ↓"defaultErrnoRet": 38}}"#),
      RuleExample(#"{"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile", "metadata": {"name": "x"}, "spec": {"defaultAction": "SCMP_ACT_ERRNO"}}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      switch issue.kind {
      case .dialect(.ignored), .dialect(.yaml11), .dialect(.unresolvedBase): context.report(issue.message, location: issue.location)
      default: continue
      }
    }
  }
}
