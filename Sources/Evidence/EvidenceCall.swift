import SyscallTables

/// What the evidence says the filter did, when it says (audit records carry the action; strace and lists do not).
/// The audit `code` is the action only (`filter_ret & SECCOMP_RET_ACTION_FULL`): an ERRNO record carries no errno
/// number (formats.md §6.2–6.3; linux kernel/seccomp.c `__seccomp_filter`).
package enum RecordedAction: String, Sendable, Hashable, Comparable, CaseIterable {
  case killProcess = "kill-process"
  case killThread = "kill-thread"
  case trap
  case errno
  case notify = "user-notify"
  case trace
  case log
  case allow
  /// SIGSYS with `si_code=SYS_SECCOMP` seen by strace: a trap or a kill, which the line does not tell apart.
  case sigsys = "sigsys"

  /// From the audit `code=` value, masked as auparse does (`~SECCOMP_RET_DATA`).
  package init?(code: UInt32) {
    switch code & 0xFFFF_0000 {
    case 0x8000_0000: self = .killProcess
    case 0x0000_0000: self = .killThread
    case 0x0003_0000: self = .trap
    case 0x0005_0000: self = .errno
    case 0x7FC0_0000: self = .notify
    case 0x7FF0_0000: self = .trace
    case 0x7FFC_0000: self = .log
    case 0x7FFF_0000: self = .allow
    default: return nil
    }
  }

  /// From `ausearch -i` / ENRICHED spellings (`kill-thread`, `errno`, `log`, …; auparse's seccomptab.h).
  package init?(interpreted text: String) {
    switch text.lowercased() {
    case "kill-process", "kill_process": self = .killProcess
    case "kill-thread", "kill_thread", "kill": self = .killThread
    case "trap": self = .trap
    case "errno": self = .errno
    case "user-notif", "user-notify", "user_notif": self = .notify
    case "trace": self = .trace
    case "log": self = .log
    case "allow": self = .allow
    default: return nil
    }
  }

  package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Where a piece of evidence came from.
package enum EvidenceFormat: String, Sendable, Hashable {
  case audit, strace
  case straceSummary = "strace-summary"
  case list
  /// Nothing recognisable yet (empty file).
  case empty
}

/// A distinct call: the ABI, the syscall, and the values of the arguments the profile's rules test
/// (nil where the evidence does not show the value).
package struct CallKey: Sendable, Hashable {
  package var architecture: Architecture
  /// libseccomp's name; nil when only a number is known and the ABI's table has no name for it.
  package var name: String?
  /// The number on `architecture` (x32 numbers include bit 30), when the evidence gives it or the table has it.
  package var number: Int?
  /// (index, value) for each tested argument index, ascending.
  package var arguments: [ArgumentValue]

  package struct ArgumentValue: Sendable, Hashable {
    package var index: Int
    package var value: UInt64?
    /// How the evidence spelled it (`AF_VSOCK`, `CLONE_NEWUSER|SIGCHLD`), for output.
    package var text: String?
  }
}

/// Everything seen about one distinct call.
package struct CallStatistics: Sendable {
  package var count = 0
  /// First occurrence: file and 1-based line.
  package var file: String
  package var line: Int
  /// Actions audit records (or strace SIGSYS lines) report for it.
  package var recorded: Set<RecordedAction> = []
  /// Errors strace shows it returning (`EPERM`, `ENOSYS`, …), with counts.
  package var errors: [String: Int] = [:]
  /// Process names (`comm=`) of audit records, a few.
  package var commands: [String] = []
}

/// A line that could not be read, with its location.
package struct MalformedLine: Sendable, Hashable {
  package var file: String
  package var line: Int
  package var reason: String
  /// The start of the line (at most 80 characters, control characters replaced).
  package var excerpt: String
}

/// One evidence file's shape.
package struct EvidenceSource: Sendable, Hashable {
  package var file: String
  package var format: EvidenceFormat
  package var lines: Int
  package var malformed: Int
  /// Lines that are not syscalls and not errors: other audit record types, strace's `+++`/`---` lines, …
  package var skipped: Int
}
