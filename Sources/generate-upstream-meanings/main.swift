import Foundation
import Lineage

// Usage: swift run generate-upstream-meanings [PACKAGE_ROOT]   (default: the current directory)
// Rewrites Sources/Lineage/UpstreamMeanings+Generated.swift (the meaning table of the compiled-in upstream
// texts) and UpstreamChanges+Generated.swift (each content's symbolic diff to its family's latest);
// Scripts/sync-upstream.py runs it after refreshing the texts.
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
  for (path, source) in [
    (UpstreamMeanings.outputPath, try UpstreamMeanings.generatedSource()),
    (UpstreamChanges.outputPath, try UpstreamChanges.generatedSource()),
  ] {
    try source.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    print("wrote \(path)")
  }
} catch {
  FileHandle.standardError.write(Data("generate-upstream-meanings: \(error)\n".utf8))
  exit(1)
}
