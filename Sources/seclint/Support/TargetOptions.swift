import Policy
import ProfileModel
import SyscallTables

/// The options that describe the host and container a profile is evaluated for (`blocked`, `explain`, `diff`).
enum TargetOptions {
  static let specs: [CommandSpec.Option] = [
    .init(
      names: ["--arch"], valueName: "arch",
      help: "Host architecture: OCI token, libseccomp or Go name (SCMP_ARCH_X86_64, x86_64, amd64).",
      defaultValue: "this machine's, \(Architecture.native?.token ?? "SCMP_ARCH_X86_64")"),
    .init(
      names: ["--caps"], valueName: "caps",
      help: "Capability bounding set: default (Docker's 14), none, all, or a list CAP_A,CAP_B.",
      defaultValue: "default"),
    .init(names: ["--cap-add"], valueName: "cap", help: "Add a capability, as docker run --cap-add (ALL for all).", repeatable: true),
    .init(names: ["--cap-drop"], valueName: "cap", help: "Drop a capability, as docker run --cap-drop (ALL for all).", repeatable: true),
    .init(names: ["--privileged"], valueName: nil, help: "Every capability (a custom profile still applies, Docker ≥ 27)."),
    .init(
      names: ["--kernel"], valueName: "version", help: "Host kernel, X.Y (minKernel conditions; newer syscalls are left out).",
      defaultValue: SyscallData.newestKernel.description),
    .init(
      names: ["--runtime"], valueName: "runtime",
      help: "runc adds its ENOSYS stub; runc-1.1.11: runc before 1.1.12 (check's runc calls); none: the libseccomp filter alone.",
      values: ["runc", "runc-1.1.11", "none"], defaultValue: "runc"),
    .init(
      names: ["--libseccomp-version"], valueName: "version",
      help: "The libseccomp runc is linked against; names it does not know are skipped.",
      values: LibseccompRelease.known.map(\.version), defaultValue: LibseccompRelease.v2_6_1.version),
  ]

  static func target(from arguments: ParsedArguments) throws(UsageError) -> Target {
    let architecture: Architecture
    if let text = arguments.value("--arch") {
      guard let parsed = Architecture.parse(text) else {
        let hint = Spelling.closest(to: text, in: Architecture.spellings).map { " Did you mean '\($0)'?" } ?? ""
        throw UsageError(message: "Unknown architecture '\(text)'.\(hint)")
      }
      architecture = parsed
    } else if let native = Architecture.native {
      architecture = native
    } else {
      throw UsageError(message: "This machine's architecture is not one libseccomp supports; pass --arch.")
    }
    var kernel = SyscallData.newestKernel
    if let text = arguments.value("--kernel") {
      guard let parsed = KernelVersion(text) else {
        throw UsageError(message: "Invalid kernel version '\(text)'; expected X.Y such as 5.10.")
      }
      kernel = parsed
    }
    let release = LibseccompRelease.known.first { $0.version == arguments.value("--libseccomp-version") } ?? .v2_6_1
    return Target(
      architecture: architecture, capabilities: try capabilities(arguments), kernel: kernel,
      runtime: arguments.value("--runtime") == "none" ? .none : .runc,
      privileged: arguments.flag("--privileged"), libseccomp: release)
  }

  /// Docker's capability arithmetic: `--cap-add ALL` gives all but the dropped ones; `--cap-drop ALL` starts
  /// from none; otherwise (base − drops) ∪ adds.
  static func capabilities(_ arguments: ParsedArguments) throws(UsageError) -> Set<String> {
    var base: Set<String>
    switch arguments.value("--caps") ?? "default" {
    case "default": base = Capabilities.dockerDefault
    case "none": base = []
    case "all": base = Set(Capabilities.all)
    case let list: base = Set(try knownAll(list.split(separator: ",").map(String.init)))
    }
    let adds = try knownAll(arguments.all("--cap-add"))
    let drops = try knownAll(arguments.all("--cap-drop"))
    if adds.contains("ALL") { return Set(Capabilities.all).subtracting(drops) }
    if drops.contains("ALL") { base = [] }
    return base.subtracting(drops).union(adds)
  }

  private static func knownAll(_ texts: [String]) throws(UsageError) -> [String] {
    var names: [String] = []
    for text in texts { names.append(try known(text)) }
    return names
  }

  private static func known(_ text: String) throws(UsageError) -> String {
    let name = Capabilities.normalize(text.trimmingCharacters(in: " "))
    guard name == "ALL" || Capabilities.isKnown(name) else {
      let hint = Spelling.closest(to: name, in: Capabilities.all).map { " Did you mean '\($0)'?" } ?? ""
      throw UsageError(message: "Unknown capability '\(text)'.\(hint)")
    }
    return name
  }

  /// One line describing the target, for text output.
  static func describe(_ target: Target, _ policy: EffectivePolicy) -> String {
    let caps: String
    if target.privileged {
      caps = "privileged (all capabilities)"
    } else if target.capabilities == Capabilities.dockerDefault {
      caps = "Docker default capabilities"
    } else if target.capabilities.isEmpty {
      caps = "no capabilities"
    } else {
      let added = target.capabilities.subtracting(Capabilities.dockerDefault).sorted()
      let dropped = Capabilities.dockerDefault.subtracting(target.capabilities).sorted()
      caps =
        added.count + dropped.count <= 4
        ? "capabilities: default" + added.map { " +\($0)" }.joined() + dropped.map { " -\($0)" }.joined()
        : "capabilities: " + target.capabilities.sorted().joined(separator: ",")
    }
    let runtime = target.runtime == .runc ? "runc" : "libseccomp only (no runc ENOSYS stub)"
    return "host \(target.architecture.token) · \(caps) · kernel \(target.kernel) · \(runtime) · \(target.libseccomp)"
  }
}

extension String {
  fileprivate func trimmingCharacters(in character: Character) -> String {
    String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
  }
}
