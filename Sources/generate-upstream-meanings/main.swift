import Foundation
import Lineage

// Usage: swift run generate-upstream-meanings [PACKAGE_ROOT]   (default: the current directory)
// Rewrites Sources/Lineage/UpstreamMeanings+Generated.swift: the meaning table of the compiled-in upstream
// texts (Scripts/sync-upstream.py runs it after refreshing them).
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
  let source = try UpstreamMeanings.generatedSource()
  try source.write(to: root.appendingPathComponent(UpstreamMeanings.outputPath), atomically: true, encoding: .utf8)
  print("wrote \(UpstreamMeanings.outputPath)")
} catch {
  FileHandle.standardError.write(Data("generate-upstream-meanings: \(error)\n".utf8))
  exit(1)
}
