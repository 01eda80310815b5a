import Fixer
import Policy
import ProfileModel

/// SCL001: keys Docker ignores or binds only case-insensitively.
struct UnknownKey: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL001", name: "unknown-key",
    summary: "A key is not part of the profile format, or matches a field only case-insensitively.",
    rationale: """
      **What it does.** Reports object keys that no field of Docker's profile format binds to, with the key it most
      likely meant, and keys that bind only because Go matches keys case-insensitively.

      **Why it matters.** moby decodes profiles with Go's `encoding/json`, which ignores unknown keys: a misspelled
      `"include"` or `"minkernal"` silently turns a conditional rule into an unconditional one. Case-variant keys
      (`"Names"`) work with Docker but not with crun, Podman's parser or tools that read the JSON strictly.

      **Example.** `{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "include": {"caps": ["CAP_SYS_PTRACE"]}}`
      allows ptrace to every container.

      **Instead.** Spell the key exactly: `includes`, `excludes`, `minKernel`, `names`.

      **References.** [Go `encoding/json`: Unmarshal](https://pkg.go.dev/encoding/json#Unmarshal) (unknown keys are
      ignored, keys match case-insensitively); [moby/profiles
      `seccomp/seccomp.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp.go).
      """,
    defaultSeverity: .warning, fixes: [.safe, .unsafe],
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", ↓"include": {"caps": ["CAP_SYS_PTRACE"]}}]}"#),
      RuleExample(#"{↓"DefaultAction": "SCMP_ACT_ERRNO"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "x"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      switch issue.kind {
      case .unknownKey(_, let suggestion):
        // Unsafe: the key Go ignored now binds (`include` → `includes` makes the rule conditional).
        let edits = suggestion.flatMap { context.edits.renameKey(at: issue.location.position.offset, to: $0) }
        context.report(
          issue.message, location: issue.location, fix: suggestion.map { "rename the key to '\($0)'" },
          autofix: context.fix(.unsafe, edits))
      case .caseVariantKey(let key, let field):
        // Safe: Go binds the key to the same field either way, and duplicates keep their order (the last wins).
        context.report(
          "key '\(key)' binds to '\(field)' only because Go matches keys case-insensitively; stricter parsers ignore it",
          location: issue.location, fix: "rename the key to '\(field)'",
          autofix: context.fix(.safe, context.edits.renameKey(at: issue.location.position.offset, to: field)))
      default: continue
      }
    }
  }
}

/// SCL002: the same key twice in one object.
struct DuplicateKey: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL002", name: "duplicate-key", summary: "An object gives the same key twice.",
    rationale: """
      **What it does.** Reports every earlier occurrence of a key that an object gives again (including spellings
      that differ only in case).

      **Why it matters.** Go keeps the last value (objects merge), so the first one is silently ignored — often the
      one a reviewer reads. Other JSON parsers may keep the first.

      **Example.** `{"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}` denies by default.

      **Instead.** Keep one occurrence.

      **References.** [Go `encoding/json`: Unmarshal](https://pkg.go.dev/encoding/json#Unmarshal); [RFC 8259
      §4](https://www.rfc-editor.org/rfc/rfc8259#section-4) (names should be unique).
      """,
    defaultSeverity: .warning, fixes: [.safe],
    examples: [
      RuleExample(#"{↓"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    for issue in context.document.issues {
      guard case .duplicateKey(_, _, _, let merged) = issue.kind else { continue }
      // Safe when Go ignores the earlier value entirely; when both are objects Go merges them, so removing the
      // earlier one could drop a key the later one lacks: no fix then.
      let edits = merged ? nil : context.edits.remove(at: issue.location.position.offset)
      context.report(issue.message, location: issue.location, fix: "remove one of them", autofix: context.fix(.safe, edits))
    }
  }
}

/// SCL004: fields Docker refuses to see together.
struct ConflictingFields: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL004", name: "conflicting-fields",
    summary: "The profile combines fields Docker refuses together: name with names, architectures with archMap.",
    rationale: """
      **What it does.** Reports a rule with both the legacy `name` and `names`, and a profile with both
      `architectures` and `archMap`.

      **Why it matters.** Docker refuses the profile at container start (`both 'name' and 'names' are specified …`,
      `both 'architectures' and 'archMap' are specified …`) — even for rules that would be filtered out.

      **Example.** `{"name": "accept", "names": ["accept"], "action": "SCMP_ACT_ALLOW"}`

      **Instead.** Use `names` and `archMap`.

      **References.** [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": ↓"accept", "names": ["accept"], "action": "SCMP_ACT_ALLOW"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "archMap": ↓[{"architecture": "SCMP_ARCH_X86_64"}]}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"name": "accept", "action": "SCMP_ACT_ALLOW"}]}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    if !(profile.architectures ?? []).isEmpty && !(profile.archMap ?? []).isEmpty {
      context.report(
        "both 'architectures' and 'archMap' are given; Docker refuses the profile", at: "/archMap",
        fix: "keep only archMap")
    }
    for (index, rule) in (profile.syscalls ?? []).enumerated() where !(rule.name ?? "").isEmpty && !(rule.names ?? []).isEmpty {
      context.report(
        "rule has both 'name' and 'names'; Docker refuses the profile", at: JSONPointer(["syscalls", String(index), "name"]),
        syscalls: rule.names ?? [], fix: "move the name into 'names' and remove 'name'")
    }
  }
}

/// SCL005: a profile Docker treats as no seccomp at all.
struct UnconfinedProfile: Rule {
  static let descriptor = RuleDescriptor(
    id: "SCL005", name: "unconfined-profile",
    summary: "The profile has no defaultAction and no syscalls, so Docker runs the container without seccomp.",
    rationale: """
      **What it does.** Reports profiles that moby turns into *no seccomp filter at all*: no `defaultAction` and no
      rules (`{}`, `null`, a profile with only `architectures` or `flags`).

      **Why it matters.** The container runs unconfined, with no error or warning — the opposite of what a profile
      file suggests.

      **Example.** `{"architectures": ["SCMP_ARCH_X86_64"]}`

      **Instead.** Give a `defaultAction` (`SCMP_ACT_ERRNO`) and the syscalls to allow.

      **References.** [moby/profiles
      `seccomp/seccomp_linux.go`](https://github.com/moby/profiles/blob/main/seccomp/seccomp_linux.go) (`setupSeccomp`);
      [Docker: Seccomp security profiles](https://docs.docker.com/engine/security/seccomp/).
      """,
    defaultSeverity: .error,
    examples: [
      RuleExample(#"↓{"architectures": ["SCMP_ARCH_X86_64"]}"#),
      RuleExample(#"↓{}"#),
      RuleExample(#"{"defaultAction": "SCMP_ACT_ERRNO"}"#),
    ])

  func check(_ context: inout LintContext) {
    let profile = context.profile
    guard context.document.root.members != nil || context.document.root.isNull else { return }
    if (profile.defaultAction ?? "").isEmpty && (profile.syscalls ?? []).isEmpty {
      context.report(
        "no defaultAction and no syscalls: Docker runs the container without any seccomp filter", at: .root,
        fix: "add \"defaultAction\": \"SCMP_ACT_ERRNO\" and the syscalls to allow")
    }
  }
}
