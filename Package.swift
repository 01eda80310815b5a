// swift-tools-version: 6.0
// seclint — a policy linter and semantic diff tool for Docker/moby seccomp JSON profiles.
// No package dependencies: the toolchain, Foundation and Swift Testing only.
import PackageDescription

let settings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "seclint",
  products: [
    .executable(name: "seclint", targets: ["seclint-main"])
  ],
  targets: [
    // Per-architecture syscall tables and architecture facts, generated from libseccomp's data. Imports nothing of ours.
    .target(name: "SyscallTables", exclude: ["README.md"], swiftSettings: settings),
    // The Docker/moby profile format: JSON scanner with source positions, Codable model, loader.
    .target(name: "ProfileModel", exclude: ["README.md"], swiftSettings: settings),
    // What a profile does for a target: Docker's filtering, runc's translation, libseccomp's rule combination,
    // runc's ENOSYS stub; platform blocklists and their reasons.
    .target(name: "Policy", dependencies: ["ProfileModel", "SyscallTables"], exclude: ["README.md"], swiftSettings: settings),
    // Lint rules over a loaded profile and its policy.
    .target(name: "Linter", dependencies: ["ProfileModel", "SyscallTables", "Policy"], exclude: ["README.md"], swiftSettings: settings),
    // Output formats for lint findings and the rule catalogue (text, JSON, SARIF, GitHub, Markdown).
    .target(name: "Reporting", dependencies: ["Linter", "Differ", "Policy", "ProfileModel", "SyscallTables"], exclude: ["README.md"], swiftSettings: settings),
    // Semantic diff of two profiles.
    .target(name: "Differ", dependencies: ["ProfileModel", "SyscallTables", "Policy"], exclude: ["README.md"], swiftSettings: settings),
    // The command-line tool as a library: argument parsing, commands, output, exit codes (tests and the fuzzer
    // run it in-process).
    .target(
      name: "seclint",
      dependencies: ["ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ"], exclude: ["README.md"],
      swiftSettings: settings),
    // The `seclint` executable: the process's streams, raw argv bytes, environment and exit status.
    .executableTarget(name: "seclint-main", dependencies: ["seclint", "ProfileModel"], swiftSettings: settings),

    // Drives a profile through everything seclint does; shared by the fuzzer and the crash-replay test.
    .target(
      name: "FuzzHarness", dependencies: ["ProfileModel", "SyscallTables", "Policy", "Linter", "Differ", "seclint"],
      exclude: ["README.md"], swiftSettings: settings),
    // libFuzzer target (Scripts/fuzz.sh builds it with -sanitize=fuzzer,address -DFUZZING); otherwise a replayer.
    .executableTarget(name: "seclint-fuzz", dependencies: ["FuzzHarness"], exclude: ["README.md"], swiftSettings: settings),

    // Turns Data/syscalls/*.csv|tsv into Swift source (shared by the generator and its up-to-date test).
    .target(name: "SyscallTableGenerator", exclude: ["README.md"], swiftSettings: settings),
    // `swift run generate-syscall-tables` rewrites Sources/SyscallTables/SyscallTables+Generated.swift.
    .executableTarget(
      name: "generate-syscall-tables", dependencies: ["SyscallTableGenerator"], exclude: ["README.md"], swiftSettings: settings),

    // Paths, corpus access and process helpers shared by the test targets.
    .target(name: "TestSupport", dependencies: ["Policy", "SyscallTables"], path: "Tests/TestSupport", swiftSettings: settings),
    .testTarget(
      name: "SyscallTablesTests", dependencies: ["SyscallTables", "SyscallTableGenerator", "TestSupport"],
      swiftSettings: settings),
    .testTarget(name: "ProfileModelTests", dependencies: ["ProfileModel", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "LinterTests", dependencies: ["Linter", "Policy", "ProfileModel", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "DifferTests", dependencies: ["Differ", "Policy", "ProfileModel", "SyscallTables", "TestSupport"],
      swiftSettings: settings),
    .testTarget(
      name: "PolicyTests", dependencies: ["Policy", "ProfileModel", "SyscallTables", "TestSupport"], swiftSettings: settings),
    .testTarget(
      name: "seclintTests",
      dependencies: [
        "seclint", "seclint-main", "ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ", "FuzzHarness",
        "TestSupport",
      ],
      exclude: ["Golden"],
      swiftSettings: settings),
  ],
  swiftLanguageModes: [.v6]
)
