import BPF
import Foundation
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

@Suite struct DebugDump {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SECLINT_BPF_DEBUG"] != nil))
  func dump() throws {
    let spec = ProcessInfo.processInfo.environment["SECLINT_BPF_DEBUG"]!
    var item = ProfileGenerator.cases(seed: 19, count: 1)[0]
    if let index = Int(spec) {
      item = ProfileGenerator.cases(seed: 19, count: index + 1)[index]
    } else {
      item.profileText = try String(contentsOfFile: spec, encoding: .utf8)
      item.target = Target(
        architecture: Architecture.parse(ProcessInfo.processInfo.environment["SECLINT_BPF_ARCH"] ?? "amd64")!, libseccomp: .debian2_5_4)
    }
    let answer = try ExportReference.export([(item.profileText, item.target)])[0]
    let document = try ProfileLoader.load(text: item.profileText, file: "case.json")
    guard case .filter(let calls) = FilterCalls.make(document, for: item.target) else { return }
    print("reference: \(answer.status) \(answer.message)")
    let mine = try Compiler.compile(calls, release: .debian2_5_4)
    var bytes: [UInt8] = []
    var hex = Array(answer.hex.utf8)
    while hex.count >= 2 {
      bytes.append(UInt8(String(decoding: hex[0..<2], as: UTF8.self), radix: 16)!)
      hex.removeFirst(2)
    }
    let theirs = Program(bytes: bytes, bigEndian: mine.bigEndian)!
    print(item.profileText)
    let a = Disassembler.listing(mine, architectures: calls.architectures)
    let b = Disassembler.listing(theirs, architectures: calls.architectures)
    for position in 0..<max(a.count, b.count) {
      let left = position < a.count ? a[position] : ""
      let right = position < b.count ? b[position] : ""
      print((left == right ? "  " : "! ") + left.padding(toLength: 90, withPad: " ", startingAt: 0) + " | " + right)
    }
  }
}
