import SyscallTables

/// What a seccomp filter returns for a syscall, after runc's translation of the profile's action string
/// (runc `libcontainer/seccomp/seccomp_linux.go` `getAction`).
package enum SeccompAction: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// `SCMP_ACT_KILL` and `SCMP_ACT_KILL_THREAD` (runc maps both to kill-thread).
  case killThread
  case killProcess
  case trap
  /// The errno the call fails with (low 16 bits of `errnoRet`; EPERM when absent).
  case errno(Int)
  /// Notify a ptrace tracer; without a tracer the call fails with this errno (EPERM when absent).
  case trace(Int)
  case notify
  case log
  case allow

  /// The OCI spellings runc accepts (exact, case-sensitive).
  package static let tokens = [
    "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
    "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
  ]

  /// runc's `getAction`: `errnoRet` counts for ERRNO and TRACE only, as `int16` (so its low 16 bits).
  package init?(token: String, errnoRet: UInt64?) {
    let errno = errnoRet.map { Int($0 & 0xFFFF) } ?? 1
    switch token {
    case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD": self = .killThread
    case "SCMP_ACT_KILL_PROCESS": self = .killProcess
    case "SCMP_ACT_TRAP": self = .trap
    case "SCMP_ACT_ERRNO": self = .errno(errno)
    case "SCMP_ACT_TRACE": self = .trace(errno)
    case "SCMP_ACT_ALLOW": self = .allow
    case "SCMP_ACT_LOG": self = .log
    case "SCMP_ACT_NOTIFY": self = .notify
    default: return nil
    }
  }

  /// The canonical OCI token (kill-thread is written `SCMP_ACT_KILL_THREAD`).
  package var token: String {
    switch self {
    case .killThread: "SCMP_ACT_KILL_THREAD"
    case .killProcess: "SCMP_ACT_KILL_PROCESS"
    case .trap: "SCMP_ACT_TRAP"
    case .errno: "SCMP_ACT_ERRNO"
    case .trace: "SCMP_ACT_TRACE"
    case .notify: "SCMP_ACT_NOTIFY"
    case .log: "SCMP_ACT_LOG"
    case .allow: "SCMP_ACT_ALLOW"
    }
  }

  /// The errno value for ERRNO/TRACE.
  package var errno: Int? {
    switch self {
    case .errno(let e), .trace(let e): e
    default: nil
    }
  }

  /// Whether the call runs (ALLOW, LOG).
  package var permits: Bool { self == .allow || self == .log }

  /// Short human form: `ERRNO(EPERM)`, `KILL_THREAD`, `ALLOW`.
  package var description: String {
    switch self {
    case .errno(let e): "ERRNO(\(Errno.name(e)))"
    case .trace(let e): "TRACE(\(Errno.name(e)))"
    default: String(token.dropFirst("SCMP_ACT_".count))
    }
  }

  /// `description` with the errno named as `architecture` numbers it (ERRNO(38) is ENOSYS on x86 but not on
  /// mips, where ENOSYS is 89).
  package func description(on architecture: Architecture) -> String {
    switch self {
    case .errno(let e): "ERRNO(\(Errno.name(e, on: architecture)))"
    case .trace(let e): "TRACE(\(Errno.name(e, on: architecture)))"
    default: description
    }
  }

  /// Orders actions from most to least permissive, for stable listings.
  private var rank: (Int, Int) {
    switch self {
    case .allow: (0, 0)
    case .log: (1, 0)
    case .notify: (2, 0)
    case .trace(let e): (3, e)
    case .errno(let e): (4, e)
    case .trap: (5, 0)
    case .killThread: (6, 0)
    case .killProcess: (7, 0)
    }
  }

  package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// errno names (Linux asm-generic numbering, `errno-base.h` + `errno.h`, which x86, arm, s390, ppc and riscv use;
/// mips and parisc differ above 34).
package enum Errno {
  package static let names: [Int: String] = [
    0: "0", 1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 6: "ENXIO", 7: "E2BIG", 8: "ENOEXEC",
    9: "EBADF", 10: "ECHILD", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT", 15: "ENOTBLK", 16: "EBUSY",
    17: "EEXIST", 18: "EXDEV", 19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR", 22: "EINVAL", 23: "ENFILE",
    24: "EMFILE", 25: "ENOTTY", 26: "ETXTBSY", 27: "EFBIG", 28: "ENOSPC", 29: "ESPIPE", 30: "EROFS",
    31: "EMLINK", 32: "EPIPE", 33: "EDOM", 34: "ERANGE", 35: "EDEADLK", 36: "ENAMETOOLONG", 37: "ENOLCK",
    38: "ENOSYS", 39: "ENOTEMPTY", 40: "ELOOP", 42: "ENOMSG", 43: "EIDRM", 44: "ECHRNG", 45: "EL2NSYNC",
    46: "EL3HLT", 47: "EL3RST", 48: "ELNRNG", 49: "EUNATCH", 50: "ENOCSI", 51: "EL2HLT", 52: "EBADE",
    53: "EBADR", 54: "EXFULL", 55: "ENOANO", 56: "EBADRQC", 57: "EBADSLT", 59: "EBFONT", 60: "ENOSTR",
    61: "ENODATA", 62: "ETIME", 63: "ENOSR", 64: "ENONET", 65: "ENOPKG", 66: "EREMOTE", 67: "ENOLINK",
    68: "EADV", 69: "ESRMNT", 70: "ECOMM", 71: "EPROTO", 72: "EMULTIHOP", 73: "EDOTDOT", 74: "EBADMSG",
    75: "EOVERFLOW", 76: "ENOTUNIQ", 77: "EBADFD", 78: "EREMCHG", 79: "ELIBACC", 80: "ELIBBAD", 81: "ELIBSCN",
    82: "ELIBMAX", 83: "ELIBEXEC", 84: "EILSEQ", 85: "ERESTART", 86: "ESTRPIPE", 87: "EUSERS", 88: "ENOTSOCK",
    89: "EDESTADDRREQ", 90: "EMSGSIZE", 91: "EPROTOTYPE", 92: "ENOPROTOOPT", 93: "EPROTONOSUPPORT",
    94: "ESOCKTNOSUPPORT", 95: "EOPNOTSUPP", 96: "EPFNOSUPPORT", 97: "EAFNOSUPPORT", 98: "EADDRINUSE",
    99: "EADDRNOTAVAIL", 100: "ENETDOWN", 101: "ENETUNREACH", 102: "ENETRESET", 103: "ECONNABORTED",
    104: "ECONNRESET", 105: "ENOBUFS", 106: "EISCONN", 107: "ENOTCONN", 108: "ESHUTDOWN", 109: "ETOOMANYREFS",
    110: "ETIMEDOUT", 111: "ECONNREFUSED", 112: "EHOSTDOWN", 113: "EHOSTUNREACH", 114: "EALREADY",
    115: "EINPROGRESS", 116: "ESTALE", 117: "EUCLEAN", 118: "ENOTNAM", 119: "ENAVAIL", 120: "EISNAM",
    121: "EREMOTEIO", 122: "EDQUOT", 123: "ENOMEDIUM", 124: "EMEDIUMTYPE", 125: "ECANCELED", 126: "ENOKEY",
    127: "EKEYEXPIRED", 128: "EKEYREVOKED", 129: "EKEYREJECTED", 130: "EOWNERDEAD", 131: "ENOTRECOVERABLE",
    132: "ERFKILL", 133: "EHWPOISON",
  ]

  /// The asm-generic number of an errno name, including the aliases libc defines (`EWOULDBLOCK`, `EDEADLOCK`,
  /// `ENOTSUP`); nil for anything else.
  package static func number(named name: String) -> Int? {
    switch name {
    case "EWOULDBLOCK": 11
    case "EDEADLOCK": 35
    case "ENOTSUP": 95
    default: numbersByName[name]
    }
  }

  private static let numbersByName = Dictionary(
    names.filter { $0.key > 0 }.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })

  /// Every errno name `number(named:)` knows (for suggestions).
  package static var allNames: [String] { names.values.filter { $0 != "0" } + ["EWOULDBLOCK", "EDEADLOCK", "ENOTSUP"] }

  /// `EPERM`, or the number when it has no well-known name.
  package static func name(_ errno: Int) -> String { names[errno] ?? String(errno) }

  /// The name `architecture` gives `errno`. Numbers 1–34 (`errno-base.h`) are the same everywhere; above that
  /// mips and parisc number errors their own way, so there only ENOSYS is named and other numbers stay numbers.
  package static func name(_ errno: Int, on architecture: Architecture) -> String {
    guard errno > 34, architecture.table.hasPrefix("mips") || architecture.table.hasPrefix("parisc") else {
      return name(errno)
    }
    if architecture.table.hasPrefix("mips") && errno == 89 { return "ENOSYS" }
    if architecture.table.hasPrefix("parisc") && errno == 251 { return "ENOSYS" }
    return String(errno)
  }

  /// The kernel's ENOSYS on `architecture` (runc's stub returns `SCMP_ACT_ERRNO(ENOSYS)` as compiled for the
  /// host: 89 on mips, 38 elsewhere).
  package static func enosys(on architecture: Architecture) -> Int {
    architecture.table.hasPrefix("mips") ? 89 : 38
  }
}
