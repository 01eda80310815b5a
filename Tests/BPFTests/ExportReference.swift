import BPF
import Foundation
import Policy
import ProfileModel
import SyscallTables
import TestSupport

/// Runs `Scripts/libseccomp-export-bpf.py` (the real libseccomp 2.5.4's `seccomp_export_bpf`).
enum ExportReference {
  struct Answer: Decodable {
    var status: String
    var message: String
    var hex: String
  }

  static func export(_ requests: [(profileText: String, target: Target)]) throws -> [Answer] {
    struct TargetJSON: Encodable {
      var arch: String
      var native: String
      var caps: [String]
      var kernel: [Int]
      var runtime: String
    }
    struct Request: Encodable {
      var profileText: String
      var target: TargetJSON
    }
    struct Batch: Encodable { var batch: [Request] }
    struct Answers: Decodable { var answers: [Answer] }
    let batch = Batch(
      batch: requests.map { r in
        Request(
          profileText: r.profileText,
          target: .init(
            arch: r.target.architecture.token, native: r.target.mobyNativeName, caps: r.target.capabilities.sorted(),
            kernel: [r.target.kernel.major, r.target.kernel.minor], runtime: r.target.runtime.rawValue))
      })
    let input = String(decoding: try JSONEncoder().encode(batch), as: UTF8.self)
    let output = try execute(RuncOracle.python, [Paths.script("libseccomp-export-bpf.py")], input: input)
    return try JSONDecoder().decode(Answers.self, from: Data(output.utf8)).answers
  }

  enum Verdict: Equatable {
    case identical, different(String), refusedBoth, unconfinedBoth, mismatch(String)
    /// runc on the target host resolves `sys_debug_setcontext` natively (ppc64/ppc64le have it); the oracle runs on
    /// x86_64, where it is a pseudo number shared with `switch_endian` (2.5.4's table), so its rule lands there.
    case oracleHostResolution
    /// The document is not a JSON object: Docker refuses to decode it, the Python oracle calls it unconfined.
    case notAnObject
  }

  /// Compiles `text` for `target` with seclint and compares with the reference answer.
  static func compare(_ text: String, _ target: Target, _ answer: Answer) -> Verdict {
    let document: ProfileDocument
    do { document = try ProfileLoader.load(text: text, file: "case.json") } catch {
      return answer.status == "refused" ? .refusedBoth : .mismatch("seclint cannot load: \(error)")
    }
    switch FilterCalls.make(document, for: target) {
    case .unconfined:
      return answer.status == "unconfined" ? .unconfinedBoth : .mismatch("seclint unconfined, libseccomp \(answer.status)")
    case .refused(let refusal):
      if answer.status == "unconfined", refusal.stage == .docker,
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])).map({ !($0 is [String: Any]) }) ?? false
      {
        return .notAnObject
      }
      return answer.status == "refused" ? .refusedBoth : .mismatch("seclint refused (\(refusal.message)), libseccomp \(answer.status)")
    case .filter(let calls):
      guard answer.status == "enforced" else { return .mismatch("seclint compiles, libseccomp \(answer.status): \(answer.message)") }
      do {
        let program = try Compiler.compile(calls, release: .debian2_5_4)
        let hex = program.bytes.map { String(format: "%02x", $0) }.joined()
        if hex == answer.hex { return .identical }
        if text.contains("sys_debug_setcontext"), target.architecture.token != "SCMP_ARCH_X86_64",
          SyscallTable.forArchitecture(target.architecture).resolve("sys_debug_setcontext").exists
        {
          return .oracleHostResolution
        }
        return .different(firstDifference(hex, answer.hex, bigEndian: program.bigEndian))
      } catch {
        return .mismatch("seclint compile error \(error)")
      }
    }
  }

  static func firstDifference(_ mine: String, _ theirs: String, bigEndian: Bool) -> String {
    let a = Array(mine.utf8)
    let b = Array(theirs.utf8)
    var i = 0
    while i < min(a.count, b.count) && a[i] == b[i] { i += 1 }
    let record = i / 16
    func rec(_ s: [UInt8]) -> String {
      let start = record * 16
      guard start < s.count else { return "-" }
      return String(decoding: s[start..<min(s.count, start + 16)], as: UTF8.self)
    }
    return "\(a.count / 16) vs \(b.count / 16) instructions; first difference at \(record): \(rec(a)) vs \(rec(b))"
  }
}
