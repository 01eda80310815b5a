import ProfileModel
import SyscallTables

/// `seclint syscalls`: list or resolve syscalls on one architecture, exactly as libseccomp resolves them.
struct SyscallsCommand {
  static let spec = CommandSpec(
    name: "syscalls", abstract: "Resolve syscall names and numbers per architecture.",
    arguments: [
      .init(
        name: "syscall", help: "Names or numbers to resolve. Without any, list every syscall on the arch.",
        repeating: true, optional: true)
    ],
    options: [
      .init(
        names: ["--arch"], valueName: "arch",
        help: "Architecture: OCI token, libseccomp or Go name (SCMP_ARCH_X86_64, x86_64, amd64).",
        defaultValue: Architecture.native?.token ?? "SCMP_ARCH_X86_64"),
      .init(names: ["--format"], valueName: "format", help: "Output format.", values: ["text", "json"], defaultValue: "text"),
    ],
    discussion: """
      Numbers are the kernel's seccomp_data.nr, as libseccomp's resolver (scmp_sys_resolver) gives them: mips
      numbers carry their ABI base (+4000/5000/6000), x32 numbers the 0x40000000 bit. On arches where libseccomp
      multiplexes socket and SysV IPC calls (x86, s390x, ppc64le…) those names resolve to negative pseudo
      numbers, and a third column shows the multiplexer and the direct syscall. A name that exists, but not on
      the arch, resolves to libseccomp's negative pseudo number.

      Text output is one `name<TAB>number[<TAB>note]` line per syscall, sorted by name when listing.
      Tables: libseccomp v2.6.1's syscalls.csv, numbers from Linux \(SyscallData.tableSource).
      """,
    acceptsNegativeNumbers: true)

  let arguments: ParsedArguments
  let cli: CLI

  func run() throws(UsageError) -> ExitCode {
    let architecture = try parseArchitecture(arguments.value("--arch"))
    let table = SyscallTable.forArchitecture(architecture)
    var rows: [Row] = []
    var failed = false
    if arguments.positionals.isEmpty {
      rows = table.syscalls.map { Row($0.name, $0.resolution, kernel: $0.kernel) }
    }
    for query in arguments.positionals {
      if let number = Int(query) {
        guard let name = table.name(forNumber: number) else {
          cli.fail("no syscall has number \(query) on \(architecture.token)")
          failed = true
          continue
        }
        rows.append(Row(name, table.resolve(name), kernel: table.kernelVersion(of: name)))
        continue
      }
      let resolution = table.resolve(query)
      guard resolution.kind != .unknown else {
        let hint = Spelling.closest(to: query, in: SyscallData.names).map { " Did you mean '\($0)'?" } ?? ""
        cli.fail("unknown syscall '\(query)': libseccomp knows it on no architecture.\(hint)")
        failed = true
        continue
      }
      rows.append(Row(query, resolution, kernel: table.kernelVersion(of: query)))
    }
    switch arguments.value("--format") ?? "text" {
    case "json":
      cli.print(.json(JSONOutput.render(Listing(arch: architecture.token, tables: SyscallData.tableSource, syscalls: rows))))
    default:
      cli.print(.plain(rows.map(\.textLine).joined()))
    }
    return failed ? .failure : .success
  }

  private func parseArchitecture(_ text: String?) throws(UsageError) -> Architecture {
    guard let text else {
      guard let native = Architecture.native else {
        throw UsageError(message: "This machine's architecture is not one libseccomp supports; pass --arch.")
      }
      return native
    }
    guard let architecture = Architecture.parse(text) else {
      let hint = Spelling.closest(to: text, in: Architecture.spellings).map { " Did you mean '\($0)'?" } ?? ""
      throw UsageError(message: "Unknown architecture '\(text)'.\(hint)")
    }
    return architecture
  }

  struct Listing: Encodable {
    var schemaVersion = 1
    var arch: String
    var tables: String
    var syscalls: [Row]
  }

  /// One resolved syscall (JSON keys are the contract; text is `name<TAB>number[<TAB>note]`).
  struct Row: Encodable {
    var name: String
    var number: Int
    /// direct, multiplexed, absent
    var kind: String
    var directNumber: Int?
    var multiplexer: String?
    var multiplexerNumber: Int?
    var subcall: Int?
    var kernel: String?

    init(_ name: String, _ resolution: Resolution, kernel: KernelVersion?) {
      self.name = name
      number = resolution.number
      directNumber = resolution.directNumber
      self.kernel = resolution.exists ? kernel?.description : nil
      switch resolution.kind {
      case .direct: kind = "direct"
      case .multiplexed(let multiplexer, let multiplexerNumber, let subcall):
        kind = "multiplexed"
        self.multiplexer = multiplexer
        self.multiplexerNumber = multiplexerNumber
        self.subcall = subcall
      case .absent: kind = "absent"
      case .unknown: kind = "unknown"
      }
    }

    var textLine: String {
      var line = "\(name)\t\(number)"
      if let multiplexer, let subcall {
        line += "\tvia \(multiplexer)(\(subcall))" + (directNumber.map { "; direct \($0)" } ?? "")
      } else if kind == "absent" {
        line += "\tnot on this arch (libseccomp pseudo number)"
      }
      return line + "\n"
    }
  }
}
