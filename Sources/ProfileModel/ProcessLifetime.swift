/// Hands a one-shot run's last large values to the kernel instead of freeing them object by object.
///
/// `seclint lint FILE` builds about 100,000 small objects (the JSON tree, the model, every host's evaluation) and
/// frees them one by one just before the process exits, which returns all of its memory anyway: about 1 M
/// instructions of a 19 M instruction run. clang's driver skips the same work (`-disable-free`). A caller keeps a
/// value only when the run exits right after and holds a bounded amount (one input: `LintOptions.keepUntilExit`);
/// tests, the fuzzer and multi-file runs free as usual.
package enum ProcessLifetime {
  /// Keeps `value` (and everything it references) alive until the process exits.
  package static func keepUntilExit<Value>(_ value: Value) {
    _ = Unmanaged.passRetained(Kept(value))
  }
}

/// A box that is retained once and never released.
private final class Kept<Value> {
  let value: Value
  init(_ value: Value) { self.value = value }
}
