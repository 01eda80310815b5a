import Foundation
import SyscallTableGenerator

// Usage: swift run generate-syscall-tables [PACKAGE_ROOT]   (default: the current directory)
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
  let source = try SyscallTableGenerator.generate(packageRoot: root)
  let output = root.appendingPathComponent(SyscallTableGenerator.outputPath)
  try source.write(to: output, atomically: true, encoding: .utf8)
  print("wrote \(SyscallTableGenerator.outputPath)")
} catch {
  FileHandle.standardError.write(Data("generate-syscall-tables: \(error)\n".utf8))
  exit(1)
}
