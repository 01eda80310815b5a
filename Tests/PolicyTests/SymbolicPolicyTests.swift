import Policy
import ProfileModel
import SyscallTables
import Testing
import TestSupport

@Suite struct SymbolicPolicyTests {
  let json = #"{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}, {"names": ["ptrace", "process_vm_readv"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE"]}}, {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}], "excludes": {"caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"]}}]}"#

  @Test func keepsConditionsInsteadOfEvaluatingThem() throws {
    let symbolic = SymbolicPolicy(try ProfileLoader.load(text: json, file: "p.json").profile)
    #expect(symbolic.rules(naming: "ptrace").map(\.guardCondition.description) == ["on kernel ≥ 4.8", "with CAP_SYS_PTRACE"])
    #expect(symbolic.rules(naming: "clone").first?.guardCondition.description == "without CAP_SYS_ADMIN, not on s390/s390x hosts")
    #expect(symbolic.rules(naming: "clone").first?.chains == [[ArgCondition(index: 0, op: .maskedEqual, value: 0x7E02_0000, valueTwo: 0)]])
    #expect(symbolic.names == ["clone", "process_vm_readv", "ptrace"])
  }

  /// The guard agrees with the evaluator's Docker filter for every rule of the corpus on several targets.
  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason)))
  func guardsAgreeWithTheEvaluator() throws {
    let targets = [
      Target(architecture: try #require(Architecture.parse("amd64"))),
      Target(architecture: try #require(Architecture.parse("s390x")), kernel: KernelVersion(4, 4)),
      Target(architecture: try #require(Architecture.parse("arm64")), capabilities: Set(Capabilities.all)),
    ]
    for relative in ["moby/v20.10.10.json", "moby/docker-v29.4.2.json", "containers-common/seccomp.json@2026-03-03-8840603a.json"] {
      let document = try ProfileLoader.load(path: Corpus.path(relative))
      let symbolic = SymbolicPolicy(document.profile)
      for target in targets {
        let policy = Evaluator.evaluate(document, for: target)
        for rule in symbolic.rules {
          let dropped = policy.rules.filter { $0.pointer == rule.pointer }.allSatisfy {
            if case .droppedByDocker = $0.fate { true } else { false }
          }
          #expect(rule.guardCondition.holds(for: target) == !dropped, "\(relative) \(rule.pointer)")
        }
      }
    }
  }
}

@Suite struct GuardHoldsTests {
  /// `witnessTarget` checks only the required capabilities against the known ones: Docker's defaults must all be
  /// known, and the witness holds exactly the known ones of defaults ∪ required − excluded.
  @Test func witnessCapabilitiesAreTheKnownOnes() throws {
    #expect(Capabilities.dockerDefault.allSatisfy(Capabilities.isKnown))
    let rule = SyscallRule(names: ["read"], action: "SCMP_ACT_ALLOW")
    var guarded = rule
    guarded.includes = RuleFilter(caps: ["CAP_SYS_ADMIN", "CAP_NOT_A_CAPABILITY"])
    guarded.excludes = RuleFilter(caps: ["CAP_KILL"])
    let host = try #require(Architecture.withToken("SCMP_ARCH_X86_64"))
    let target = try #require(Guard(guarded).witnessTarget(preferring: host))
    #expect(target.capabilities == Capabilities.dockerDefault.union(["CAP_SYS_ADMIN"]).subtracting(["CAP_KILL"]))
  }

  /// `holds(for:)` is the fast form of `dropReason(for:) == nil`; they agree on every combination of guard parts.
  @Test func holdsAgreesWithDropReason() throws {
    let amd64 = try #require(Architecture.parse("amd64"))
    let s390x = try #require(Architecture.parse("s390x"))
    let targets = [
      Target(architecture: amd64), Target(architecture: s390x, kernel: KernelVersion(4, 4)),
      Target(architecture: amd64, capabilities: ["CAP_SYS_ADMIN"], kernel: KernelVersion(5, 10)),
    ]
    var guards: [Guard] = []
    for caps in [[], ["CAP_SYS_ADMIN"]] as [[String]] {
      for arches in [nil, ["amd64"], ["s390x", "arm64"]] as [[String]?] {
        for kernel in [nil, "4.8", "6.1"] as [String?] {
          let filter = RuleFilter(caps: caps, arches: arches, minKernel: kernel)
          var include = SyscallRule(names: ["read"], action: "SCMP_ACT_ALLOW")
          include.includes = filter
          var exclude = include
          exclude.includes = nil
          exclude.excludes = filter
          guards += [Guard(include), Guard(exclude)]
        }
      }
    }
    for ruleGuard in guards {
      for target in targets {
        #expect(ruleGuard.holds(for: target) == (ruleGuard.dropReason(for: target) == nil), "\(ruleGuard) on \(target.architecture)")
      }
    }
  }
}
