/// A `minKernel` value as moby parses it (moby/profiles `seccomp/seccomp.go` `KernelVersion.UnmarshalJSON`,
/// moby-semantics.md §2): exactly `"<kernel>.<major>"`, each part 0–255 in decimal (leading zeros allowed),
/// `"0.0"` refused, and `""` accepted as version 0.0 (so `includes` always passes and `excludes` always drops).
package struct MobyKernelVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  package var kernel: Int
  package var major: Int

  package init(kernel: Int, major: Int) {
    self.kernel = kernel
    self.major = major
  }

  /// Parses a `minKernel` string; the failure is moby's reason (after `invalid kernel version: "…", expected …`).
  package static func parse(_ text: String) -> Result<MobyKernelVersion, ParseError> {
    if text.isEmpty { return .success(MobyKernelVersion(kernel: 0, major: 0)) }
    let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return .failure(ParseError(reason: "must be <kernel>.<major>, e.g. \"4.8\"")) }
    var numbers: [Int] = []
    for part in parts {
      let significant = part.drop { $0 == "0" }  // Go's ParseUint accepts leading zeros
      guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), significant.count <= 3,
        let n = Int(significant.isEmpty ? "0" : significant), n <= 255
      else {
        return .failure(ParseError(reason: "'\(part)' is not a number from 0 to 255"))
      }
      numbers.append(n)
    }
    if numbers == [0, 0] { return .failure(ParseError(reason: "version cannot be 0.0")) }
    return .success(MobyKernelVersion(kernel: numbers[0], major: numbers[1]))
  }

  package struct ParseError: Error, Sendable, Hashable { package var reason: String }

  package var description: String { "\(kernel).\(major)" }

  package static func < (a: Self, b: Self) -> Bool { (a.kernel, a.major) < (b.kernel, b.major) }
}
