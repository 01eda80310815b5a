/// What upstream changed since the default a profile was copied from and the profile still lacks, as the
/// `outdated-base` rule needs it. Computed by `Lineage` (`Drift.facts`) when lint runs with `--base`.
package struct UpstreamDrift: Sendable, Hashable {
  package struct Change: Sendable, Hashable {
    package var syscall: String
    /// true: upstream now allows more (the profile still denies); false: upstream narrowed it for security.
    package var widened: Bool
    /// The upstream release that made the change (`moby 25.0.0`).
    package var release: String
    /// How upstream decides it now, in words.
    package var upstreamNow: String

    package init(syscall: String, widened: Bool, release: String, upstreamNow: String) {
      self.syscall = syscall
      self.widened = widened
      self.release = release
      self.upstreamNow = upstreamNow
    }
  }

  /// `moby 20.10.0–20.10.3`.
  package var base: String
  /// `moby 29.4.3–29.7.2`.
  package var target: String
  package var lacking: [Change]

  package init(base: String, target: String, lacking: [Change]) {
    self.base = base
    self.target = target
    self.lacking = lacking
  }
}
