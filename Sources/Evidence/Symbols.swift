/// The symbolic constants strace prints for argument values that profiles filter on, with their Linux values
/// (x86/generic numbering; uapi `linux/socket.h`, `linux/net.h`, `linux/sched.h`, `linux/personality.h`,
/// `asm-generic/fcntl.h`, `asm-generic/signal.h`, `asm-generic/mman-common.h`). strace `-X raw` prints numbers
/// instead, and `-X verbose` a number followed by a comment: both are read as numbers.
enum Symbols {
  static let values: [String: UInt64] = {
    var table: [String: UInt64] = ["NULL": 0, "AT_FDCWD": UInt64(bitPattern: -100)]
    let families = [
      "AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC",
      "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_PACKET",
      "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB",
      "AF_MPLS", "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154",
      "AF_CAIF", "AF_ALG", "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
    ]
    for (value, name) in families.enumerated() {
      table[name] = UInt64(value)
      table["PF_" + name.dropFirst(3)] = UInt64(value)
    }
    for (alias, value) in [("AF_LOCAL", 1), ("AF_FILE", 1), ("AF_ROUTE", 16), ("PF_LOCAL", 1), ("PF_FILE", 1)] {
      table[alias] = UInt64(value)
    }
    let sockets: [(String, UInt64)] = [
      ("SOCK_STREAM", 1), ("SOCK_DGRAM", 2), ("SOCK_RAW", 3), ("SOCK_RDM", 4), ("SOCK_SEQPACKET", 5),
      ("SOCK_DCCP", 6), ("SOCK_PACKET", 10), ("SOCK_NONBLOCK", 0o4000), ("SOCK_CLOEXEC", 0o2000000),
    ]
    let clone: [(String, UInt64)] = [
      ("CLONE_NEWTIME", 0x80), ("CLONE_VM", 0x100), ("CLONE_FS", 0x200), ("CLONE_FILES", 0x400),
      ("CLONE_SIGHAND", 0x800), ("CLONE_PIDFD", 0x1000), ("CLONE_PTRACE", 0x2000), ("CLONE_VFORK", 0x4000),
      ("CLONE_PARENT", 0x8000), ("CLONE_THREAD", 0x10000), ("CLONE_NEWNS", 0x20000), ("CLONE_SYSVSEM", 0x40000),
      ("CLONE_SETTLS", 0x80000), ("CLONE_PARENT_SETTID", 0x100000), ("CLONE_CHILD_CLEARTID", 0x200000),
      ("CLONE_DETACHED", 0x400000), ("CLONE_UNTRACED", 0x800000), ("CLONE_CHILD_SETTID", 0x1000000),
      ("CLONE_NEWCGROUP", 0x2000000), ("CLONE_NEWUTS", 0x4000000), ("CLONE_NEWIPC", 0x8000000),
      ("CLONE_NEWUSER", 0x10000000), ("CLONE_NEWPID", 0x20000000), ("CLONE_NEWNET", 0x40000000),
      ("CLONE_IO", 0x80000000), ("CLONE_CLEAR_SIGHAND", 0x1_0000_0000), ("CLONE_INTO_CGROUP", 0x2_0000_0000),
    ]
    let signals = [
      "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
      "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
      "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",
      "SIGPWR", "SIGSYS",
    ]
    for (offset, name) in signals.enumerated() { table[name] = UInt64(offset + 1) }
    let personality: [(String, UInt64)] = [
      ("PER_LINUX", 0), ("PER_LINUX_32BIT", 0x0800000), ("PER_LINUX_FDPIC", 0x0080000), ("PER_SVR4", 0x04100001),
      ("PER_SVR3", 0x05000002), ("PER_SCOSVR3", 0x07000003), ("PER_OSR5", 0x07000003), ("PER_WYSEV386", 0x05000004),
      ("PER_ISCR4", 0x04000005), ("PER_BSD", 6), ("PER_SUNOS", 0x04000006), ("PER_XENIX", 0x05000007),
      ("PER_LINUX32", 8), ("PER_LINUX32_3GB", 0x08000008), ("PER_IRIX32", 0x04000009), ("PER_IRIXN32", 0x0400000A),
      ("PER_IRIX64", 0x0400000B), ("PER_RISCOS", 12), ("PER_SOLARIS", 0x0400000D), ("PER_UW7", 0x0410000E),
      ("PER_OSF4", 15), ("PER_HPUX", 16), ("UNAME26", 0x0020000), ("ADDR_NO_RANDOMIZE", 0x0040000),
      ("FDPIC_FUNCPTRS", 0x0080000), ("MMAP_PAGE_ZERO", 0x0100000), ("ADDR_COMPAT_LAYOUT", 0x0200000),
      ("READ_IMPLIES_EXEC", 0x0400000), ("ADDR_LIMIT_32BIT", 0x0800000), ("SHORT_INODE", 0x1000000),
      ("WHOLE_SECONDS", 0x2000000), ("STICKY_TIMEOUTS", 0x4000000), ("ADDR_LIMIT_3GB", 0x8000000),
    ]
    let open: [(String, UInt64)] = [
      ("O_RDONLY", 0), ("O_WRONLY", 1), ("O_RDWR", 2), ("O_CREAT", 0o100), ("O_EXCL", 0o200), ("O_NOCTTY", 0o400),
      ("O_TRUNC", 0o1000), ("O_APPEND", 0o2000), ("O_NONBLOCK", 0o4000), ("O_DSYNC", 0o10000),
      ("O_ASYNC", 0o20000), ("O_DIRECT", 0o40000), ("O_LARGEFILE", 0o100000), ("O_DIRECTORY", 0o200000),
      ("O_NOFOLLOW", 0o400000), ("O_NOATIME", 0o1000000), ("O_CLOEXEC", 0o2000000), ("O_SYNC", 0o4010000),
      ("O_PATH", 0o10000000), ("O_TMPFILE", 0o20200000),
    ]
    let memory: [(String, UInt64)] = [
      ("PROT_NONE", 0), ("PROT_READ", 1), ("PROT_WRITE", 2), ("PROT_EXEC", 4), ("MAP_SHARED", 1), ("MAP_PRIVATE", 2),
      ("MAP_FIXED", 0x10), ("MAP_ANONYMOUS", 0x20),
    ]
    for (name, value) in sockets + clone + personality + open + memory { table[name] = value }
    return table
  }()

  /// The value of an argument as strace prints it: a number (decimal, `0x` hex, `0` octal, negative), a
  /// constant, or constants and numbers joined by `|`; `/* … */` comments are ignored. nil when unknown.
  static func value(of text: Substring) -> UInt64? {
    var text = text
    if let comment = text.firstRange(of: "/*") { text = text[..<comment.lowerBound] }
    text = text.trimmingSpaces
    guard !text.isEmpty else { return nil }
    var result: UInt64 = 0
    for term in text.split(separator: "|") {
      guard let value = term.trimmingSpaces.termValue else { return nil }
      result |= value
    }
    return result
  }
}

extension Substring {
  var trimmingSpaces: Substring {
    var text = self
    while text.first == " " || text.first == "\t" { text.removeFirst() }
    while text.last == " " || text.last == "\t" { text.removeLast() }
    return text
  }

  fileprivate var termValue: UInt64? {
    if let value = Symbols.values[String(self)] { return value }
    return Substring.number(self)
  }

  /// `123`, `-1`, `0x1f`, `0755`.
  static func number(_ text: Substring) -> UInt64? {
    var digits = text
    var negative = false
    if digits.first == "-" {
      negative = true
      digits.removeFirst()
    }
    let value: UInt64?
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      value = UInt64(digits.dropFirst(2), radix: 16)
    } else if digits.count > 1, digits.first == "0" {
      value = UInt64(digits.dropFirst(), radix: 8)
    } else {
      value = UInt64(digits)
    }
    guard let value else { return nil }
    return negative ? UInt64(bitPattern: -Int64(bitPattern: value)) : value
  }
}
