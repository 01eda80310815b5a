import FuzzHarness

#if FUZZING
  /// libFuzzer's driver (exported by the fuzzer runtime that -sanitize=fuzzer links in).
  @_silgen_name("LLVMFuzzerRunDriver")
  func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  /// SwiftPM links an executable's `main` to `<module>_main`; here it hands control to libFuzzer.
  @_cdecl("seclint_fuzz_main")
  func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
      guard let data else { return 0 }
      let violations = FuzzHarness.run(Array(UnsafeBufferPointer(start: data, count: size)))
      // A broken output invariant is a crash, so libFuzzer saves the input in Tests/Fuzz/crashers/.
      if !violations.isEmpty { fatalError("output invariant broken:\n" + violations.joined(separator: "\n")) }
      return 0
    }
  }
#else
  import Foundation

  /// Without the fuzzer: replays the files given on the command line (`swift run seclint-fuzz FILE...`).
  @main
  struct FuzzReplay {
    static func main() {
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        let violations = FuzzHarness.run([UInt8](data))
        print(violations.isEmpty ? "ok \(path)" : "FAIL \(path)\n" + violations.joined(separator: "\n"))
      }
    }
  }
#endif
