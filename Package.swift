// swift-tools-version: 6.0
// seclint — a policy linter and semantic diff tool for Docker/moby seccomp JSON profiles.
// No package dependencies: the toolchain, Foundation and Swift Testing only.
import PackageDescription

let settings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
  // Concrete generic types (`[Diagnostic]`'s storage, `Set<String>`…) are instantiated through their metadata
  // accessors instead of by demangling their names at run time: a short-lived CLI pays ~20,000 instructions per
  // type on first use otherwise (about 150 types, 15% of a `lint`), for a 0.3% larger binary.
  .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

let package = Package(
  name: "seclint",
  products: [
    .executable(name: "seclint", targets: ["seclint-main"])
  ],
  targets: [
    // Per-architecture syscall tables and architecture facts, generated from libseccomp's data. Imports nothing of ours.
    .target(name: "SyscallTables", exclude: ["README.md"], swiftSettings: settings),
    // A YAML reader with positions (block and flow collections, every scalar style, bounded aliases). Imports nothing.
    .target(name: "YAML", exclude: ["README.md"], swiftSettings: settings),
    // The Docker/moby profile format: JSON scanner with source positions, Codable model, loader.
    .target(name: "ProfileModel", exclude: ["README.md"], swiftSettings: settings),
    // What a profile does for a target: Docker's filtering, runc's translation, libseccomp's rule combination,
    // runc's ENOSYS stub; platform blocklists and their reasons.
    .target(name: "Policy", dependencies: ["ProfileModel", "SyscallTables"], exclude: ["README.md"], swiftSettings: settings),
    // libseccomp 2.5.4's rule database and BPF generator (byte-identical to `seccomp_export_bpf`), runc's ENOSYS
    // stub, a classic-BPF interpreter and a disassembler.
    .target(name: "BPF", dependencies: ["Policy", "ProfileModel", "SyscallTables"], exclude: ["README.md"], swiftSettings: settings),
    // Every dialect a profile lives in: OCI configs, SPO and kubescape SeccompProfile resources, as JSON or YAML.
    .target(name: "Dialects", dependencies: ["ProfileModel", "YAML"], exclude: ["README.md"], swiftSettings: settings),
    // `lint --fix`'s edits: minimal byte replacements at the loader's positions, safe or unsafe, and applying them.
    .target(name: "Fixer", dependencies: ["ProfileModel"], exclude: ["README.md"], swiftSettings: settings),
    // Lint rules over a loaded profile and its policy (findings may carry a `Fix`).
    .target(name: "Linter", dependencies: ["ProfileModel", "SyscallTables", "Policy", "Fixer"], exclude: ["README.md"], swiftSettings: settings),
    // Output formats for lint findings and the rule catalogue (text, JSON, SARIF, GitHub, Markdown).
    .target(name: "Reporting", dependencies: ["Linter", "Differ", "Policy", "ProfileModel", "SyscallTables", "Fixer"], exclude: ["README.md"], swiftSettings: settings),
    // Workload evidence (audit records, strace output, syscall lists), streamed and aggregated into distinct calls.
    .target(name: "Evidence", dependencies: ["SyscallTables"], exclude: ["README.md"], swiftSettings: settings),
    // Baselines: the findings a project has accepted, matched by fingerprint (adoption without ignores).
    .target(name: "Baseline", dependencies: ["Linter", "ProfileModel"], exclude: ["README.md"], swiftSettings: settings),
    // Semantic diff of two profiles.
    .target(name: "Differ", dependencies: ["ProfileModel", "SyscallTables", "Policy"], exclude: ["README.md"], swiftSettings: settings),
    // `seclint fmt`: moby's own layout without changing what Go decodes; the unified diff it prints.
    .target(name: "Formatter", dependencies: ["ProfileModel"], exclude: ["README.md"], swiftSettings: settings),
    // moby's and containers-common's default profiles at every release that changed them (Apache-2.0, generated
    // from Data/upstream by Scripts/sync-upstream.py), by the names users type (`moby@29.4.3`).
    .target(name: "Upstream", dependencies: ["ProfileModel"], exclude: ["README.md"], swiftSettings: settings),
    // Where a profile comes from: its upstream base by meaning, inherited findings, upstream drift, rebase.
    .target(
      name: "Lineage", dependencies: ["ProfileModel", "SyscallTables", "Policy", "Linter", "Differ", "Upstream"],
      exclude: ["README.md"], swiftSettings: settings),
    // The command-line tool as a library: argument parsing, commands, output, exit codes (tests and the fuzzer
    // run it in-process).
    .target(
      name: "seclint",
      dependencies: [
        "ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ", "Baseline", "Lineage", "Upstream", "Formatter", "Dialects",
        "Evidence", "Fixer", "BPF",
      ],
      exclude: ["README.md"],
      swiftSettings: settings),
    // The `seclint` executable: the process's streams, raw argv bytes, environment and exit status.
    .executableTarget(name: "seclint-main", dependencies: ["seclint", "ProfileModel"], swiftSettings: settings),

    // Drives a profile through everything seclint does; shared by the fuzzer and the crash-replay test.
    .target(
      name: "FuzzHarness", dependencies: ["ProfileModel", "SyscallTables", "Policy", "Linter", "Differ", "Dialects", "YAML", "seclint"],
      exclude: ["README.md"], swiftSettings: settings),
    // libFuzzer target (Scripts/fuzz.sh builds it with -sanitize=fuzzer,address -DFUZZING); otherwise a replayer.
    .executableTarget(name: "seclint-fuzz", dependencies: ["FuzzHarness"], exclude: ["README.md"], swiftSettings: settings),

    // Turns Data/syscalls/*.csv|tsv into Swift source (shared by the generator and its up-to-date test).
    .target(name: "SyscallTableGenerator", exclude: ["README.md"], swiftSettings: settings),
    // `swift run generate-syscall-tables` rewrites Sources/SyscallTables/SyscallTables+Generated.swift.
    .executableTarget(
      name: "generate-syscall-tables", dependencies: ["SyscallTableGenerator"], exclude: ["README.md"], swiftSettings: settings),

    // `swift run generate-upstream-meanings` rewrites Sources/Lineage/UpstreamMeanings+Generated.swift (the meaning
    // table of the built-in upstream texts; Scripts/sync-upstream.py runs it).
    .executableTarget(
      name: "generate-upstream-meanings", dependencies: ["Lineage"], exclude: ["README.md"], swiftSettings: settings),

    // Paths, corpus access and process helpers shared by the test targets.
    .target(name: "TestSupport", dependencies: ["Policy", "SyscallTables"], path: "Tests/TestSupport", swiftSettings: settings),
    .testTarget(
      name: "SyscallTablesTests", dependencies: ["SyscallTables", "SyscallTableGenerator", "TestSupport"],
      swiftSettings: settings),
    .testTarget(name: "YAMLTests", dependencies: ["YAML", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "EvidenceTests", dependencies: ["Evidence", "SyscallTables", "TestSupport"], exclude: ["Fixtures"],
      swiftSettings: settings),
    .testTarget(name: "ProfileModelTests", dependencies: ["ProfileModel", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "LinterTests", dependencies: ["Linter", "Policy", "ProfileModel", "TestSupport", "Dialects", "Fixer", "Differ"], swiftSettings: settings),
    .testTarget(
      name: "DifferTests", dependencies: ["Differ", "Policy", "ProfileModel", "SyscallTables", "TestSupport"],
      exclude: ["Fixtures"], swiftSettings: settings),
    .testTarget(
      name: "LineageTests", dependencies: ["Lineage", "Upstream", "Differ", "Policy", "ProfileModel", "SyscallTables", "TestSupport"],
      swiftSettings: settings),
    .testTarget(name: "BPFTests", dependencies: ["BPF", "Policy", "ProfileModel", "SyscallTables", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "PolicyTests", dependencies: ["Policy", "ProfileModel", "SyscallTables", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "FormatterTests", dependencies: ["Formatter", "ProfileModel", "Differ", "Policy", "TestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "seclintTests",
      dependencies: [
        "seclint", "seclint-main", "ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ", "Baseline", "Formatter",
        "FuzzHarness", "TestSupport", "Upstream", "Dialects", "Fixer",
      ],
      exclude: ["Golden"],
      swiftSettings: settings),
  ],
  swiftLanguageModes: [.v6]
)
