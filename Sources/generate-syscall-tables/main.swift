import Foundation
import SyscallTableGenerator

// Usage: swift run generate-syscall-tables [PACKAGE_ROOT]   (default: the current directory)
// Rewrites the generated syscall tables and the embedded built-in blocklists.
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
  for (path, source) in [
    (SyscallTableGenerator.outputPath, try SyscallTableGenerator.generate(packageRoot: root)),
    (BlocklistRenderer.outputPath, try BlocklistRenderer.generate(packageRoot: root)),
  ] {
    try source.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    print("wrote \(path)")
  }
} catch {
  FileHandle.standardError.write(Data("generate-syscall-tables: \(error)\n".utf8))
  exit(1)
}
