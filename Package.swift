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
    .executable(name: "seclint", targets: ["seclint"])
  ],
  targets: [
    // Per-architecture syscall tables and architecture facts, generated from libseccomp's data. Imports nothing of ours.
    .target(name: "SyscallTables", swiftSettings: settings),
    // The Docker/moby profile format: JSON scanner with source positions, Codable model, loader.
    .target(name: "ProfileModel", swiftSettings: settings),
    // What a profile does for a target: Docker's filtering, runc's translation, libseccomp's rule combination,
    // runc's ENOSYS stub; platform blocklists and their reasons.
    .target(name: "Policy", dependencies: ["ProfileModel", "SyscallTables"], swiftSettings: settings),
    // Lint rules over a loaded profile and its policy.
    .target(name: "Linter", dependencies: ["ProfileModel", "SyscallTables", "Policy"], swiftSettings: settings),
    // Output formats for lint findings and the rule catalogue (text, JSON, SARIF, GitHub, Markdown).
    .target(name: "Reporting", dependencies: ["Linter", "Differ", "Policy", "ProfileModel", "SyscallTables"], swiftSettings: settings),
    // Semantic diff of two profiles.
    .target(name: "Differ", dependencies: ["ProfileModel", "SyscallTables", "Policy"], swiftSettings: settings),
    // The command-line tool: argument parsing, output, exit codes.
    .executableTarget(
      name: "seclint",
      dependencies: ["ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ"],
      swiftSettings: settings),

    // Turns Data/syscalls/*.csv|tsv into Swift source (shared by the generator and its up-to-date test).
    .target(name: "SyscallTableGenerator", swiftSettings: settings),
    // `swift run generate-syscall-tables` rewrites Sources/SyscallTables/SyscallTables+Generated.swift.
    .executableTarget(
      name: "generate-syscall-tables", dependencies: ["SyscallTableGenerator"], swiftSettings: settings),

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
      dependencies: ["seclint", "ProfileModel", "SyscallTables", "Policy", "Linter", "Reporting", "Differ", "TestSupport"],
      swiftSettings: settings),
  ],
  swiftLanguageModes: [.v6]
)
