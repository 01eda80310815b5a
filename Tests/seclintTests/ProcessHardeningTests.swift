import Foundation
import ProfileModel
import Testing
import TestSupport
@testable import seclint

let flawedProfile = Paths.packageRoot.appendingPathComponent("profiles/flawed.json").path

/// Item 4 of #13: errors are never swallowed or mislabelled, and nothing hangs on a special file.
@Suite(.enabled(if: ShellRun.runnable, "\(ShellRun.skip)")) struct ErrorReportingTests {
  @Test func failedWritesToStandardOutputExitTwoWithAMessage() throws {
    let directory = try Scratch.directory("stdout")
    let full = try ShellRun(#""$SECLINT" rules > /dev/full"#, in: directory)
    #expect(full.status == 2)
    #expect(full.stderr == "Error: cannot write to standard output: No space left on device.\n")
    let closed = try ShellRun(#""$SECLINT" lint "\#(flawedProfile)" >&-"#, in: directory)
    #expect(closed.status == 2, "not 1 (findings): the findings were never shown")
    #expect(closed.stderr.contains("Error: cannot write to standard output: Bad file descriptor."))
    // Negative: a working standard output, and --output with a closed standard output (nothing to write there).
    #expect(try ShellRun(#""$SECLINT" rules > /dev/null"#, in: directory).status == 0)
    #expect(try ShellRun(#""$SECLINT" rules --format json -o out.json >&-"#, in: directory).status == 2, "rules has no --output: a usage error")
    let webapp = Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path
    #expect(try ShellRun(#""$SECLINT" blocked --arch amd64 "\#(webapp)" -o out.txt >&-"#, in: directory).status == 0)
  }

  @Test func closedStandardInputIsNamed() throws {
    let run = try ShellRun(#""$SECLINT" lint - <&-"#, in: try Scratch.directory("stdin"))
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("Error: -: standard input is closed\n"))
    let piped = try ShellRun(#"printf '{"defaultAction":"SCMP_ACT_ALLOW"}' | "$SECLINT" lint -"#, in: try Scratch.directory("stdin"))
    #expect(piped.status == 1 && piped.stdout.contains("<stdin>") == false && piped.stdout.hasPrefix("-:"))
  }

  @Test func accurateMessagesForPathProblems() throws {
    let directory = try Scratch.directory("paths")
    let long = String(repeating: "x", count: 300)
    let run = try ShellRun(#"ln -s loop1 loop2; ln -s loop2 loop1; "$SECLINT" lint loop1; "$SECLINT" lint \#(long); "$SECLINT" lint . ; "$SECLINT" lint /dev/zero"#, in: directory)
    #expect(run.stderr.contains("Error: loop1: too many levels of symbolic links (a symbolic link loop?)\n"))
    #expect(run.stderr.contains("Error: \(long): file name too long\n"))
    #expect(run.stderr.contains("Error: .: no seccomp profile in this directory"), "a directory is searched for profiles")
    #expect(run.stderr.contains("Error: /dev/zero: is a character device, not a regular file\n"))
  }

  @Test func blocklistErrorsAreDataErrorsInWords() throws {
    let directory = try Scratch.directory("blocklists")
    try Data(#"{"schemaVersion": 1, "name": "x", "title": "t", "syscalls": [{"names": "ptrace"}]}"#.utf8).write(to: directory.appendingPathComponent("bad.json"))
    try Data(#"{"schemaVersion": 1,"#.utf8).write(to: directory.appendingPathComponent("cut.json"))
    let bad = runCLI(["lint", flawedProfile, "--blocklist", "bad.json"], in: directory)
    #expect(bad.code == .failure)
    #expect(bad.stderr == "Error: bad.json: not a seclint blocklist: /syscalls/0/names must be an array\n", "no DecodingError dump, no usage banner")
    #expect(!bad.stderr.contains("CodingKeys") && !bad.stderr.contains("debugDescription"))
    let cut = runCLI(["blocked", flawedProfile, "--blocklist", "cut.json"], in: directory)
    #expect(cut.stderr.hasPrefix("Error: cut.json:1:21: unexpected end of input"))
    #expect(!cut.stderr.contains("Usage:"))
    let folder = runCLI(["lint", flawedProfile, "--blocklist", directory.path])
    #expect(folder.stderr == "Error: \(directory.path): cannot read the blocklist: is a directory\n")
    // A command-line mistake still shows the usage.
    #expect(runCLI(["lint", "--severity", "fatal", flawedProfile]).stderr.contains("Usage: seclint lint"))
  }

  @Test func onlyOneStandardInput() {
    let run = runCLI(["lint", "-", "-"])
    #expect(run.code == .failure)
    #expect(run.stderr.hasPrefix("Error: Only one profile can be standard input.\nUsage: seclint lint"))
    #expect(runCLI(["lint", "-"], stdin: "{}").code != .failure)
  }

  /// A FIFO without a writer, as profile, blocklist or configuration: an error at once, never a hang. A pipe with
  /// a writer (`<(…)`) is read.
  @Test func fifosNeverHang() throws {
    let directory = try Scratch.directory("fifo")
    let run = try ShellRun(
      #"mkfifo p.json; mkdir sub; mkfifo sub/.seclint.json; cp "\#(flawedProfile)" sub/q.json; "#
        + #"timeout 20 "$SECLINT" lint p.json; echo "status $?"; timeout 20 "$SECLINT" lint "\#(flawedProfile)" --blocklist p.json; echo "status $?"; "#
        + #"timeout 20 "$SECLINT" lint sub/q.json; echo "status $?"; timeout 20 "$SECLINT" diff /dev/stdin "\#(flawedProfile)" < "\#(flawedProfile)"; echo "status $?""#,
      in: directory)
    #expect(run.stdout.components(separatedBy: "status 2").count == 4, "\(run.stdout)\n\(run.stderr)")
    #expect(run.stdout.hasSuffix("status 0\n"), "a pipe with a writer is read: \(run.stdout)")
    #expect(run.stderr.contains("Error: p.json:1:1: empty input"))
    #expect(!run.stdout.contains("status 124"), "timeout: something hung")
  }
}

/// Item 6 of #13: file names are bytes.
@Suite(.enabled(if: ShellRun.runnable, "\(ShellRun.skip)")) struct ByteFileNameTests {
  @Test func aNameThatIsNotUTF8IsOpenedShownAndWrittenExactly() throws {
    let directory = try Scratch.directory("bytes")
    let run = try ShellRun(
      #"cp "\#(flawedProfile)" "$(printf 'p\377.json')"; "$SECLINT" lint --format github "$(printf 'p\377.json')" -o "$(printf 'o\376.txt')"; echo "status $?"; "#
        + #"[ -f "$(printf 'o\376.txt')" ] && echo written; ls | grep -c "$(printf '\357\277\275')"; "$SECLINT" lint "$(printf 'p\377.json')""#,
      in: directory)
    #expect(run.stdout.hasPrefix("status 1\nwritten\n0\n"), "exit 1 (findings), the exact name written, no U+FFFD name: \(run.stdout) \(run.stderr)")
    #expect(run.stdout.contains(#"p\xFF.json:8:34: error: unknown syscall 'opne'"#))
  }

  @Test func fileNameEncodingIsLossless() {
    let cases: [[UInt8]] = [Array("plain.json".utf8), [0x70, 0xFF, 0x2E], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], Array("é→".utf8) + [0xE2, 0x82]]
    for bytes in cases {
      let name = FileName.string(bytes)
      #expect(FileName.bytes(name) == bytes, "\(bytes)")
    }
    #expect(FileName.string(Array("plain.json".utf8)) == "plain.json")
    #expect(SafeText.visible(FileName.string([0x70, 0xFF])) == #"p\xFF"#)
  }
}
