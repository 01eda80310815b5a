import Dialects
import Policy
import ProfileModel

/// `seclint convert`: one profile into another dialect, for a target.
struct ConvertCommand {
  static let spec = CommandSpec(
    name: "convert", abstract: "Convert a profile to Docker JSON, an OCI linux.seccomp object or an SPO SeccompProfile.",
    arguments: [.init(name: "profile", help: "The profile to convert ('-' for standard input; FILE#N selects one).")],
    options: TargetOptions.specs + [
      .init(names: ["--to"], valueName: "dialect", help: "The dialect to write.", values: ["docker", "oci", "spo"]),
      .init(names: ["--name"], valueName: "name", help: "metadata.name of the SeccompProfile (--to spo).", defaultValue: "the file's name"),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      Resolves what Docker resolves for the target (--arch, --caps, --kernel, …): archMap becomes the host's
      architectures, includes/excludes keep or drop each rule. The result has OCI fields only, so runc, containerd
      and the operator read it the same way; `seclint diff --arch A` between the source and the result shows no
      change for that target. What the target dialect cannot hold is dropped and listed on standard error
      (`dropped: …`). Exit status: 0 converted, 1 converted with drops, 2 error.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard arguments.positionals.count == 1 else { throw UsageError(message: "Expected one profile.") }
    guard let to = arguments.value("--to") else { throw UsageError(message: "Missing --to docker|oci|spo.") }
    let target = try TargetOptions.target(from: arguments)
    let path = arguments.positionals[0]
    guard let document = cli.loadProfile(path, arguments) else { return .failure }
    let converted: (profile: Profile, dropped: [String])?
    do {
      converted = try Evaluator.ociProfile(document, for: target)
    } catch {
      cli.stderr("Error: \(path): the runtime refuses the profile: \(error.message)\n")
      return .failure
    }
    guard let (profile, ruleDrops) = converted else {
      cli.stderr("Error: \(path): the profile is unconfined for this target (no defaultAction and no rules); nothing to convert.\n")
      return .failure
    }
    var dropped = ruleDrops.map { "Docker drops the rule for this target: \($0)" }
    let text: TerminalText
    if to == "spo" {
      let stem = path.split(separator: "/").last.map { String($0.split(separator: ".").first ?? "profile") } ?? "profile"
      text = .plain(SPOWriter.render(profile, name: arguments.value("--name") ?? stem.lowercased(), dropped: &dropped))
    } else {
      text = .json(JSONOutput.render(profile))
    }
    _ = profile
    for line in dropped { cli.stderr("dropped: \(line)\n") }
    guard cli.deliver(text, arguments) else { return .failure }
    return dropped.isEmpty ? .success : .findings
  }
}

/// A `SeccompProfile` (security-profiles-operator.x-k8s.io/v1) in YAML, with what the CRD cannot hold dropped.
enum SPOWriter {
  static let architectures = Set([
    "NATIVE", "X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64", "MIPS64N32", "MIPSEL", "MIPSEL64",
    "MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390", "S390X", "PARISC", "PARISC64", "RISCV64",
  ].map { "SCMP_ARCH_" + $0 })

  static func render(_ profile: Profile, name: String, dropped: inout [String]) -> String {
    var lines = [
      "apiVersion: security-profiles-operator.x-k8s.io/v1", "kind: SeccompProfile", "metadata:", "  name: \(quote(name))", "spec:",
      "  defaultAction: \(quote(profile.defaultAction ?? ""))",
    ]
    if let errno = profile.defaultErrnoRet {
      dropped.append("defaultErrnoRet \(errno): the CRD has no such field (the default action returns EPERM)")
    }
    let arches = (profile.architectures ?? []).filter { arch in
      if architectures.contains(arch) { return true }
      dropped.append("architecture \(arch): not in the CRD's enum")
      return false
    }
    if !arches.isEmpty { lines += ["  architectures:"] + arches.map { "    - \(quote($0))" } }
    if let path = profile.listenerPath { lines.append("  listenerPath: \(quote(path))") }
    if let metadata = profile.listenerMetadata { lines.append("  listenerMetadata: \(quote(metadata))") }
    if let flags = profile.flags, !flags.isEmpty { lines += ["  flags:"] + flags.map { "    - \(quote($0))" } }
    let rules = profile.syscalls ?? []
    if !rules.isEmpty { lines.append("  syscalls:") }
    for rule in rules {
      lines.append("    - action: \(quote(rule.action ?? ""))")
      if let errno = rule.errnoRet {
        if errno == 0 || errno > UInt64(Int32.max) {
          dropped.append("errnoRet \(errno) of \(rule.names ?? []): SPO cannot express it (0 means unset; int32)")
        } else {
          lines.append("      errnoRet: \(errno)")
        }
      }
      lines += ["      names:"] + (rule.names ?? []).map { "        - \(quote($0))" }
      if let args = rule.args, !args.isEmpty {
        lines.append("      args:")
        for arg in args {
          lines.append("        - index: \(arg.index ?? 0)")
          for (key, value) in [("value", arg.value), ("valueTwo", arg.valueTwo)] {
            guard let value, value != 0 else { continue }
            if value > UInt64(Int64.max) {
              dropped.append("\(key) \(value) of \(rule.names ?? []): above the CRD's int64 maximum")
            } else {
              lines.append("          \(key): \(value)")
            }
          }
          lines.append("          op: \(quote(arg.op ?? ""))")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Plain when safe for YAML 1.1 and 1.2 alike, double-quoted (JSON escapes) otherwise.
  static func quote(_ text: String) -> String {
    let risky: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~"]
    let plain = !text.isEmpty && !risky.contains(text) && text.first!.isLetter
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
    if plain { return text }
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\x" + String(scalar.value, radix: 16).leftPad(2) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }
}

extension String {
  fileprivate func leftPad(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
