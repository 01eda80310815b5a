import BPF
import Policy
import ProfileModel
import SyscallTables

/// `seclint bpf`: the BPF program runc would load for a profile on a target, as libseccomp 2.5.4 compiles it.
struct BPFCommand {
  static let spec = CommandSpec(
    name: "bpf", abstract: "Show the BPF program libseccomp compiles for a profile (disassembly or raw bytes).",
    arguments: [.init(name: "profile", help: "The profile ('-' for standard input).")],
    options: TargetOptions.specs.filter { $0.name != "--libseccomp-version" } + [
      .init(
        names: ["--libseccomp-version"], valueName: "version",
        help: "The libseccomp whose compiler to model; only 2.5.4 is modelled instruction for instruction.",
        values: LibseccompRelease.known.map(\.version), defaultValue: "2.5.4"),
      .init(
        names: ["--format"], valueName: "format", help: "Output format.", values: ["disasm", "hex", "raw", "json"],
        defaultValue: "disasm"),
      .init(
        names: ["--libseccomp-only"], valueName: nil,
        help: "Leave out runc's ENOSYS stub layer: exactly what seccomp_export_bpf writes."),
      CommandSpec.outputOption,
    ] + CommandSpec.inputOptions,
    discussion: """
      The filter is built as runc builds it (moby's archMap and includes/excludes, runc's skipped rules and
      argument splitting, the host's ABI first) and compiled the way libseccomp 2.5.4's seccomp_export_bpf
      compiles it: per-ABI rule trees merged as libseccomp merges them, syscalls ordered by priority (fewest
      argument comparisons first), 64-bit arguments compared as two 32-bit words, 32-bit ABIs on the low word only,
      long jumps where a target is over 255 instructions away. The program is byte-identical to the real
      library's export (checked against Debian's libseccomp 2.5.4 on every corpus profile for amd64, arm64 and
      s390x), including its miscompilations: a section whose first syscall the ABI lacks never loads the syscall
      number (libseccomp issue class 4(a)), and that is what you see.

      runc does not load libseccomp's program alone: it prepends its own ENOSYS stub (runc
      libcontainer/seccomp/patchbpf), which answers ERRNO(ENOSYS) for syscall numbers above the largest one the
      profile names, per ABI. The disassembly describes that layer above libseccomp's program (its instructions
      are runc's, not shown); --libseccomp-only leaves it out so the output compares with seccomp_export_bpf or
      scmp_bpf_disasm.

      Formats: disasm (line, code, jt, jf, k, then the instruction with seccomp_data fields, AUDIT_ARCH names,
      syscall names of the ABI section and SCMP_ACT_* returns); hex (one 8-byte sock_filter record per line,
      `xxd -r -p` turns it into the binary); raw (the binary records themselves, in the filter's byte order as
      libseccomp writes them; needs --output); json (records, disassembly and the stub layer).

      Other libseccomp releases are refused: their code generators are not modelled, and seclint does not guess.

      Exit status: 0 program shown, 2 when the profile cannot be read, runc would refuse it, it loads no filter,
      or on usage errors.
      """)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    guard arguments.positionals.count == 1 else { throw UsageError(message: "Expected one profile.") }
    var target = try TargetOptions.target(from: arguments)
    let version = arguments.value("--libseccomp-version") ?? "2.5.4"
    guard version == "2.5.4" else {
      cli.fail(
        "libseccomp \(version)'s code generator is not modelled; only 2.5.4's is (byte-identical to its export). "
          + "Pass --libseccomp-version 2.5.4 to see what 2.5.4 would load.")
      return .failure
    }
    target.libseccomp = .debian2_5_4
    let format = arguments.value("--format") ?? "disasm"
    if format == "raw", CLI.outputFile(arguments) == nil {
      throw UsageError(message: "'--format raw' writes binary records and needs '--output FILE' (use '--format hex' for the terminal).")
    }
    let path = arguments.positionals[0]
    guard let document = cli.loadProfile(path, arguments) else { return .failure }
    let calls: FilterCalls
    switch FilterCalls.make(document, for: target) {
    case .unconfined(let reason):
      cli.fail("\(path): runc loads no seccomp filter for this target (\(reason)).")
      return .failure
    case .refused(let refusal):
      cli.fail("\(path): the container would not start: \(refusal.stage) refuses the profile: \(refusal.message)")
      return .failure
    case .filter(let made):
      calls = made
    }
    let program: Program
    do {
      program = try Compiler.compile(calls, release: target.libseccomp)
    } catch {
      cli.fail("\(path): libseccomp would fail to build the filter: \(error).")
      return .failure
    }
    let stub = arguments.flag("--libseccomp-only") ? [] : Self.stubLayer(calls, target: target)
    switch format {
    case "raw":
      guard let output = CLI.outputFile(arguments) else { return .failure }
      if let failure = cli.replaceFileBytes(cli.resolvePath(output), program.bytes, [cli.resolvePath(path)]) {
        cli.fail("cannot write '\(output)': \(failure).")
        return .failure
      }
    case "hex":
      let text = program.instructions.indices.map { index in
        program.bytes[(index * 8)..<(index * 8 + 8)].map { byte in
          let digits = String(byte, radix: 16)
          return digits.count == 1 ? "0" + digits : digits
        }.joined() + "\n"
      }.joined()
      guard cli.deliver(.plain(text), arguments) else { return .failure }
    case "json":
      let listing = Disassembler.listing(program, architectures: calls.architectures)
      let json = JSONListing(
        profile: document.file, arch: target.architecture.token, libseccomp: target.libseccomp.version,
        architectures: calls.architectures.map(\.token), byteOrder: program.bigEndian ? "big" : "little",
        runcStub: stub.isEmpty ? nil : stub,
        instructions: program.instructions.enumerated().map { index, i in
          JSONListing.Record(line: index, code: Int(i.code), jt: Int(i.jt), jf: Int(i.jf), k: Int(i.k), text: listing[index + 2])
        })
      guard cli.deliver(.json(JSONOutput.render(json)), arguments) else { return .failure }
    default:
      var out = "\(SafeText.visible(document.file)): \(target.architecture.token) host, libseccomp \(target.libseccomp.version); "
      out += "filter ABIs \(calls.architectures.map(\.token).joined(separator: ", "))\n"
      if !stub.isEmpty {
        out += "\nLayer 1: runc's ENOSYS stub (runc libcontainer/seccomp/patchbpf), run before libseccomp's program:\n"
        out += stub.map { "  \($0)\n" }.joined()
      }
      out += "\n" + (stub.isEmpty ? "" : "Layer 2: ")
      out += "libseccomp's program (seccomp_export_bpf), \(program.instructions.count) instructions:\n"
      out += Disassembler.listing(program, architectures: calls.architectures).map { $0 + "\n" }.joined()
      guard cli.deliver(.plain(out), arguments) else { return .failure }
    }
    return .success
  }

  /// runc's stub as sentences, per ABI in filter order.
  static func stubLayer(_ calls: FilterCalls, target: Target) -> [String] {
    guard calls.stubApplies else { return [] }
    let enosys = Errno.enosys(on: target.architecture)
    var lines: [String] = []
    for architecture in calls.architectures {
      guard let maximum = calls.stubMaxima[architecture.token] else {
        lines.append("\(architecture.token): no syscall named, no stub section (every call goes to libseccomp's program)")
        continue
      }
      lines.append("\(architecture.token): nr > \(maximum) -> ERRNO(\(enosys)) (ENOSYS of runc's build), else libseccomp's program")
    }
    return lines
  }

  struct JSONListing: Encodable {
    struct Record: Encodable {
      var line: Int
      var code: Int
      var jt: Int
      var jf: Int
      var k: Int
      var text: String
    }
    var schemaVersion = 1
    var profile: String
    var arch: String
    var libseccomp: String
    var architectures: [String]
    var byteOrder: String
    var runcStub: [String]?
    var instructions: [Record]
  }
}
