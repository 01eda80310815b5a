import Foundation

/// Locations relative to the package checkout (tests run from anywhere).
enum Paths {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  /// `../shared`, next to the checkout, when this machine has it.
  static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
}
