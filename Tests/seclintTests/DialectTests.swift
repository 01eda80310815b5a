import Dialects
import Differ
import Foundation
import Linter
import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport
@testable import seclint

/// Hand-written fixtures for every dialect feature (never corpus copies).
enum DialectFixtures {
  static let oci = """
    {
      "ociVersion": "1.0.2",
      "linux": {
        "seccomp": {
          "defaultAction": "SCMP_ACT_ERRNO",
          "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86"]}],
          "syscalls": [
            {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
            {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}
          ]
        }
      }
    }
    """

  static let spo = """
    # two resources and a base
    ---
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: base
    spec:
      defaultAction: SCMP_ACT_ERRNO
      syscalls:
        - action: SCMP_ACT_ALLOW
          names: [read, write]
    ---
    apiVersion: security-profiles-operator.x-k8s.io/v1
    kind: SeccompProfile
    metadata:
      name: child
    spec:
      defaultAction: SCMP_ACT_ERRNO
      baseProfileName: base
      defaultErrnoRet: 38
      architectures:
        - SCMP_ARCH_X86_64
        - SCMP_ARCH_LOONGARCH64
      syscalls:
        - action: SCMP_ACT_ALLOW
          names:
            - exit_group
            - write
        - action: SCMP_ACT_ALLOW
          names: [fchmodat]
          args:
            - index: 2
              value: 0755
              op: SCMP_CMP_EQ
    """

  static let kubescape = """
    apiVersion: kubescape.io/v1
    kind: SeccompProfile
    metadata: {name: web, namespace: default}
    spec:
      containers:
        - name: nginx
          path: default/web-nginx.json
          spec:
            defaultAction: SCMP_ACT_ERRNO
            baseProfileName: runtime-base
            syscalls: [{names: [read, write], action: SCMP_ACT_ALLOW}]
        - name: sidecar
          path: ../../etc/evil.json
          spec:
            defaultAction: SCMP_ACT_LOG
    """

  static func load(_ text: String, file: String = "fixture.yaml", options: DialectOptions = DialectOptions()) throws -> [ProfileDocument] {
    try DialectLoader.load(bytes: Array(text.utf8), file: file, options: options).documents
  }

  static func findings(_ document: ProfileDocument, _ rule: String) -> [String] {
    Linter.lint(document, options: LintOptions(blocklists: []))
      .filter { $0.ruleName == rule }.map { "\($0.position):\($0.message)" }
  }

  static let x86 = Target(architecture: Architecture.withToken("SCMP_ARCH_X86_64")!)
}

@Suite struct OCIDialectTests {
  @Test func wholeConfigIsReadFromLinuxSeccompAndDockerFieldsAreIgnored() throws {
    let documents = try DialectFixtures.load(DialectFixtures.oci, file: "config.json")
    let document = try #require(documents.first)
    #expect(documents.count == 1 && document.dialect == .oci && document.file == "config.json")
    #expect(document.profile.archMap == nil)
    #expect(document.profile.syscalls?[1].includes == nil)
    let ignored = DialectFixtures.findings(document, "dialect-ignores")
    #expect(ignored.count == 2)
    #expect(ignored[0].hasPrefix("6:7:'archMap' is not an OCI field"))
    #expect(ignored[1].hasPrefix("9:58:'includes' is a Docker field"))
    // runc ignores includes: mount is allowed with Docker's default capabilities (Docker would drop the rule).
    let policy = Evaluator.evaluate(document, for: DialectFixtures.x86)
    let mount = policy.abis.first?.syscalls.first { $0.name == "mount" }
    #expect(mount?.decision.action == .allow)
    // …and no archMap: the filter covers only the native ABI.
    #expect(policy.abis.map(\.architecture.token) == ["SCMP_ARCH_X86_64"])
    // The same object read as Docker's dialect keeps both.
    let docker = try ProfileLoader.load(text: DialectFixtures.oci, file: "x.json")
    #expect(docker.profile.defaultAction == nil)
  }

  @Test func bareSeccompObjectForcedAsOCI() throws {
    let bare = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}"#
    let asDocker = try #require(try DialectFixtures.load(bare, file: "p.json").first)
    #expect(asDocker.dialect == .docker)
    let asOCI = try #require(try DialectFixtures.load(bare, file: "p.json", options: DialectOptions(format: .oci)).first)
    #expect(asOCI.dialect == .oci)
    let diff = ProfileDiff.evaluated(old: asDocker, new: asOCI, target: DialectFixtures.x86)
    #expect(diff.count(.widened) > 0)  // mount: dropped by Docker without CAP_SYS_ADMIN, allowed by runc
  }

  @Test func configWithoutSeccompRunsUnconfined() throws {
    let document = try #require(try DialectFixtures.load(#"{"ociVersion": "1.2.0", "linux": {}}"#, file: "c.json").first)
    let policy = Evaluator.evaluate(document, for: DialectFixtures.x86)
    guard case .unconfined(let why) = policy.status else {
      Issue.record("expected unconfined, got \(policy.status)")
      return
    }
    #expect(why.contains("runc"))
  }
}

@Suite struct SPODialectTests {
  @Test func multiDocumentNamesAndPositions() throws {
    let documents = try DialectFixtures.load(DialectFixtures.spo, file: "profiles.yaml")
    #expect(documents.map(\.file) == ["profiles.yaml#1/base", "profiles.yaml#2/child"])
    #expect(documents.allSatisfy { $0.dialect == .spo })
    let child = documents[1]
    #expect(DialectFixtures.findings(child, "dialect-rejects") == [
      "23:7:'SCMP_ARCH_LOONGARCH64' is not in the CRD's architecture enum (it lacks LOONGARCH64, M68K, SH, SHEB): the API server rejects the resource"
    ])
    let ignored = DialectFixtures.findings(child, "dialect-ignores")
    #expect(ignored.contains { $0.hasPrefix("20:3:'defaultErrnoRet' is not in the SeccompProfile CRD schema") })
    #expect(ignored.contains { $0.hasPrefix("33:18:Kubernetes (YAML 1.1, go-yaml v2) reads the plain scalar '0755' as the number 493") })
    #expect(child.profile.defaultErrnoRet == nil)
  }

  @Test func yaml11OctalReachesTheEvaluatorAs493() throws {
    let child = try DialectFixtures.load(DialectFixtures.spo)[1]
    let rule = try #require(child.profile.syscalls?.first { $0.names == ["fchmodat"] })
    #expect(rule.args?.first?.value == 493)
  }

  @Test func releasedMergeAppendsBaseRulesHeadMergeUnions() throws {
    let released = try DialectFixtures.load(DialectFixtures.spo)[1]
    // v1.0.0: base entry then the child's entries, each names list sorted, entries sorted by action.
    #expect(released.profile.syscalls?.map { $0.names ?? [] } == [["read", "write"], ["exit_group", "write"], ["fchmodat"]])
    let head = try DialectFixtures.load(DialectFixtures.spo, options: DialectOptions(spoMerge: .head))[1]
    #expect(head.profile.syscalls?.map { $0.names ?? [] } == [["exit_group"], ["fchmodat"], ["read"], ["write"]])
    #expect(head.profile.syscalls?[1].args?.first?.value == 493)
    // Both allow read (from the base) on x86_64.
    for document in [released, head] {
      let read = Evaluator.evaluate(document, for: DialectFixtures.x86).abis.first?.syscalls.first { $0.name == "read" }
      #expect(read?.decision.action == .allow)
    }
  }

  @Test func unknownAndOCIBasesAreUnresolvedNotEmpty() throws {
    let text = """
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata: {name: a}
      spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: "oci://ghcr.io/x/y:1"}
      ---
      apiVersion: security-profiles-operator.x-k8s.io/v1beta1
      kind: SeccompProfile
      metadata: {name: b}
      spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: nowhere}
      """
    let documents = try DialectFixtures.load(text)
    #expect(DialectFixtures.findings(documents[0], "dialect-ignores").first?.contains("OCI artifact") == true)
    #expect(DialectFixtures.findings(documents[1], "dialect-ignores").first?.contains("not defined in this file or its directory") == true)
  }

  @Test func baseProfileFromTheDirectory() throws {
    let directory = try Scratch.directory("spo-bases")
    try DialectFixtures.spo.split(separator: "---\n")[1].write(to: directory.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
    let child = "apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata: {name: c}\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  baseProfileName: base\n"
    let path = directory.appendingPathComponent("child.yaml").path
    try child.write(toFile: path, atomically: true, encoding: .utf8)
    let document = try #require(try DialectLoader.load(path: path, options: DialectOptions(directory: directory.path)).documents.first)
    #expect(document.profile.syscalls?.first?.names == ["read", "write"])
    // Rules from another file point at the child's baseProfileName.
    #expect(document.location(of: JSONPointer(["syscalls", "0"])).position.description == "6:20")
  }

  @Test func baseCycleHitsSPOsRecursionLimit() throws {
    let text = """
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata: {name: a}
      spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: b}
      ---
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata: {name: b}
      spec: {defaultAction: SCMP_ACT_ERRNO, baseProfileName: a}
      """
    let documents = try DialectFixtures.load(text)
    #expect(DialectFixtures.findings(documents[0], "dialect-rejects").first?.contains("max recursion level of 15") == true)
  }

  @Test func notifyIsAcceptedByTheCRDButListenerPathPatternIsNot() throws {
    let text = """
      apiVersion: security-profiles-operator.x-k8s.io/v1
      kind: SeccompProfile
      metadata: {name: n}
      spec:
        defaultAction: SCMP_ACT_ALLOW
        listenerPath: /run/agent.sock
        syscalls: [{action: SCMP_ACT_NOTIFY, names: [mount]}]
      """
    let document = try #require(try DialectFixtures.load(text).first)
    let rejects = DialectFixtures.findings(document, "dialect-rejects")
    #expect(rejects.count == 1 && rejects[0].hasPrefix("6:17:listenerPath '/run/agent.sock' does not match"))
  }

  @Test func yaml11BooleanActionIsATypeErrorTheAPIServerRejects() throws {
    let text = "apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata: {name: y}\nspec:\n  defaultAction: yes\n"
    let document = try #require(try DialectFixtures.load(text).first)
    #expect(DialectFixtures.findings(document, "dialect-ignores").first?.contains("as the boolean true") == true)
    #expect(DialectFixtures.findings(document, "invalid-value").first?.contains("the API server rejects the resource") == true)
  }
}

@Suite struct KubescapeDialectTests {
  @Test func oneProfilePerContainer() throws {
    let documents = try DialectFixtures.load(DialectFixtures.kubescape, file: "ks.yaml")
    #expect(documents.map(\.file) == ["ks.yaml#1/web/nginx", "ks.yaml#1/web/sidecar"])
    #expect(DialectFixtures.findings(documents[0], "dialect-ignores").first?.contains("does not resolve baseProfileName") == true)
    #expect(DialectFixtures.findings(documents[1], "dialect-rejects").first?.hasPrefix("13:13:path '../../etc/evil.json'") == true)
    #expect(documents[0].location(of: JSONPointer(["defaultAction"])).pointer.description == "/spec/containers/0/spec/defaultAction")
  }
}

@Suite struct DialectCLITests {
  @Test func lintFindingsPointIntoTheYAML() throws {
    let directory = try Scratch.directory("dialect-cli")
    try DialectFixtures.spo.write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
    let run = runCLI(["lint", "p.yaml", "--color", "never", "--blocklist", "docker"], in: directory)
    #expect(run.code == .findings)
    #expect(run.stdout.contains("p.yaml#2/child:23:7: error: 'SCMP_ARCH_LOONGARCH64' is not in the CRD's architecture enum"))
    #expect(run.stdout.contains("p.yaml#2/child:33:18: warning: Kubernetes (YAML 1.1"))
  }

  @Test func commandsNeedASelectorForMultiProfileFiles() throws {
    let directory = try Scratch.directory("dialect-select")
    try DialectFixtures.spo.write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
    let ambiguous = runCLI(["explain", "p.yaml", "read", "--arch", "x86_64"], in: directory)
    #expect(ambiguous.code == .failure)
    #expect(ambiguous.stderr.contains("holds 2 profiles"))
    let chosen = runCLI(["explain", "p.yaml#child", "read", "--arch", "x86_64"], in: directory)
    #expect(chosen.code == .success)
    let blocked = runCLI(["blocked", "p.yaml#2", "--arch", "x86_64"], in: directory)
    #expect(blocked.code != .failure)
  }

  @Test func diffAcrossDialects() throws {
    let directory = try Scratch.directory("dialect-diff")
    let docker = #"{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}"#
    let spo = "apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata: {name: port}\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  architectures: [SCMP_ARCH_X86_64]\n  syscalls:\n  - {action: SCMP_ACT_ALLOW, names: [write, read]}\n"
    try docker.write(to: directory.appendingPathComponent("d.json"), atomically: true, encoding: .utf8)
    try spo.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    #expect(runCLI(["diff", "d.json", "s.yaml", "--arch", "x86_64"], in: directory).code == .success)
    #expect(runCLI(["diff", "d.json", "s.yaml"], in: directory).code == .success)
    let wider = spo.replacingOccurrences(of: "[write, read]", with: "[write, read, ptrace]")
    try wider.write(to: directory.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)
    let run = runCLI(["diff", "d.json", "w.yaml", "--arch", "x86_64"], in: directory)
    #expect(run.code == .findings && run.stdout.contains("ptrace"))
  }

  @Test func hostileYAMLIsALocatedErrorAndExit2() throws {
    for (text, position) in [("a:\n\tb: 1\n", ":2:1:"), (String(repeating: "[", count: 10_000), ":1:"), ("a: *x\n", ":1:4:")] {
      let run = runCLI(["lint", "-"], stdin: text)
      #expect(run.code == .failure)
      #expect(run.stderr.contains("Error: -" + position), "\(run.stderr)")
    }
  }
}

@Suite struct DialectCorpusTests {
  static let notProfiles = ["crd-definition-seccompprofiles.spo.yaml", "runtime-spec-features-runc.features.json"]

  static var files: [String] {
    ["spo-crds", "oci-configs"].flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(atPath: Corpus.path(folder))) ?? []).sorted().map { "\(folder)/\($0)" }
    }
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func everyDialectFileLoadsLintsAndEvaluates() throws {
    #expect(Self.files.count >= 20)
    var profiles = 0
    for relative in Self.files {
      let path = Corpus.path(relative)
      let options = DialectOptions(directory: (path as NSString).deletingLastPathComponent)
      if Self.notProfiles.contains(where: relative.hasSuffix) {
        #expect(throws: ProfileLoadError.self, "\(relative) is not a profile") {
          try DialectLoader.load(path: path, as: relative, options: options)
        }
        continue
      }
      let load = try DialectLoader.load(path: path, as: relative, options: options)
      #expect(!load.documents.isEmpty, "\(relative)")
      for document in load.documents {
        profiles += 1
        #expect(document.dialect != .docker, "\(document.file)")
        _ = Linter.lint(document, options: LintOptions(blocklists: [Blocklist.docker].compactMap { $0 }))
        let policy = Evaluator.evaluate(document, for: DialectFixtures.x86)
        if case .refused(let refusal) = policy.status { Issue.record("\(document.file): refused: \(refusal.message)") }
      }
    }
    #expect(profiles >= 30)
  }
}

@Suite struct ConvertTests {
  /// Property: for the target converted for, `diff --arch A` between the source and the result is empty.
  @Test(arguments: ["x86_64", "aarch64", "s390x"])
  func convertedProfilesBehaveTheSameForTheirTarget(_ arch: String) throws {
    let directory = try Scratch.directory("convert-\(arch)")
    let source = Paths.packageRoot.appendingPathComponent("profiles/webapp.json").path
    for to in ["oci", "spo"] {
      let output = directory.appendingPathComponent("out-\(to)").path
      let run = runCLI(["convert", source, "--to", to, "--arch", arch, "-o", output])
      #expect(run.code != .failure, "\(run.stderr)")
      let diff = runCLI(["diff", source, output, "--arch", arch])
      #expect(diff.code == .success, "\(to) \(arch): \(diff.stdout)")
    }
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func mobyDefaultToSeccompProfile() throws {
    let directory = try Scratch.directory("convert-moby")
    let output = directory.appendingPathComponent("moby.yaml").path
    let run = runCLI(["convert", Corpus.path("moby/docker-v29.4.3.json"), "--to", "spo", "--arch", "x86_64", "--name", "moby", "-o", output])
    #expect(run.code == .findings)
    #expect(run.stderr.contains("dropped: defaultErrnoRet 1"))
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text.hasPrefix("apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata:\n  name: moby\n"))
    let lint = runCLI(["lint", output, "--disable", "eperm-for-fallback"])
    #expect(!lint.stdout.contains("dialect-rejects"), "\(lint.stdout)")
    #expect(runCLI(["diff", Corpus.path("moby/docker-v29.4.3.json"), output, "--arch", "x86_64"]).code == .success)
  }
}
