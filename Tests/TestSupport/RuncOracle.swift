import Foundation
import Policy
import SyscallTables

/// Runs `Scripts/runc-oracle.py` with Debian's python3-seccomp.
package enum RuncOracle {
  package static let python = "/usr/bin/python3.11"
  package static let isAvailable =
    FileManager.default.isExecutableFile(atPath: python)
    && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/seccomp.cpython-311-x86_64-linux-gnu.so")
  package static let skipReason = "needs ../shared/corpus and python3-seccomp for /usr/bin/python3.11 (apt-get install python3-seccomp); skipped"

  package struct Probe: Encodable, Sendable {
    package var abi: String
    package var nr: Int
    package var args: [UInt64]
    package init(abi: String, nr: Int, args: [UInt64]) {
      self.abi = abi
      self.nr = nr
      self.args = args
    }
  }

  package struct Answer: Decodable, Sendable {
    package struct Result: Decodable, Sendable {
      package var action: String
      package var errno: Int?
    }
    package var status: String
    package var message: String
    package var arches: [String]
    package var stubMax: [String: Int]
    package var results: [Result]
  }

  package static func ask(profile: String, target: Target, probes: [Probe]) throws -> Answer {
    struct Request: Encodable {
      struct TargetJSON: Encodable {
        var arch: String
        var native: String
        var caps: [String]
        var kernel: [Int]
        var runtime: String
      }
      var profile: String
      var target: TargetJSON
      var probes: [Probe]
    }
    let request = Request(
      profile: profile,
      target: .init(
        arch: target.architecture.token, native: target.mobyNativeName, caps: target.capabilities.sorted(),
        kernel: [target.kernel.major, target.kernel.minor], runtime: target.runtime.rawValue),
      probes: probes)
    let input = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
    let output = try execute(python, [Paths.script("runc-oracle.py")], input: input)
    return try JSONDecoder().decode(Answer.self, from: Data(output.utf8))
  }

  /// Many requests in one oracle process (profiles passed inline), answers in request order.
  package static func askBatch(_ requests: [(profileText: String, target: Target, probes: [Probe])]) throws -> [Answer] {
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
      var probes: [Probe]
    }
    struct Batch: Encodable { var batch: [Request] }
    struct Answers: Decodable { var answers: [Answer] }
    let batch = Batch(
      batch: requests.map { request in
        let target = request.target
        return Request(
          profileText: request.profileText,
          target: .init(
            arch: target.architecture.token, native: target.mobyNativeName, caps: target.capabilities.sorted(),
            kernel: [target.kernel.major, target.kernel.minor], runtime: target.runtime.rawValue),
          probes: request.probes)
      })
    let input = String(decoding: try JSONEncoder().encode(batch), as: UTF8.self)
    let output = try execute(python, [Paths.script("runc-oracle.py")], input: input)
    return try JSONDecoder().decode(Answers.self, from: Data(output.utf8)).answers
  }

  /// Zeros, all ones, and for every branch a vector that satisfies it (others zero).
  package static func argumentVectors(for decision: Decision, bits: Int) -> [[UInt64]] {
    let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
    var vectors: [[UInt64]] = [Array(repeating: 0, count: 6), Array(repeating: mask, count: 6)]
    for branch in decision.branches {
      var vector = [UInt64](repeating: 0, count: 6)
      var satisfiable = true
      for condition in branch.conditions where condition.index < 6 {
        guard let value = condition.satisfyingValue else {
          satisfiable = false
          break
        }
        vector[condition.index] = value & mask
      }
      if satisfiable, !vectors.contains(vector) { vectors.append(vector) }
      // The same vector with the high half set: 64-bit ABIs compare all 64 bits (arch-hazards.md §2).
      if satisfiable, bits == 64 {
        let high = vector.map { $0 | 0x1_0000_0000 }
        if !vectors.contains(high) { vectors.append(high) }
      }
    }
    return vectors
  }
}
