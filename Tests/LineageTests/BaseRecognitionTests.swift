import Foundation
import Lineage
import ProfileModel
import Testing
import TestSupport
import Upstream

/// Base recognition: every upstream release is recognised as itself, generated forks as their true base, and
/// profiles that are nobody's fork get no base.
@Suite struct BaseRecognitionTests {
  /// Whether `match` names `expected` or a content with the same meaning.
  static func names(_ match: BaseMatch?, _ expected: UpstreamProfile) -> Bool {
    guard let match else { return false }
    return match.upstream == expected || match.equivalents.contains(expected)
  }

  @Test func everyUpstreamIsRecognisedAsItself() throws {
    for upstream in UpstreamProfile.all {
      let match = BaseRecognition.recognize(try upstream.document().profile)
      #expect(Self.names(match, upstream), "\(upstream.reference) recognised as \(match?.upstream.reference ?? "nothing")")
      #expect(match?.edits.isEmpty == true && match?.similarity == 1)
    }
  }

  @Test func generatedForksAreRecognisedWithTheirTrueBase() throws {
    var generator = SplitMix64(seed: 0x5ec11e7)
    var recognised = 0
    var total = 0
    for upstream in UpstreamProfile.all {
      let base = try upstream.document().profile
      for _ in 0..<4 {
        let fork = Fork.make(from: base, edits: Int.random(in: 1...10, using: &generator), using: &generator)
        let document = try ProfileLoader.load(text: fork, file: "fork.json")
        total += 1
        if Self.names(BaseRecognition.recognize(document.profile), upstream) { recognised += 1 }
      }
    }
    print("generated forks: \(recognised) of \(total) recognised with their true base")
    // The issue asks for ≥ 95%.
    #expect(Double(recognised) / Double(total) >= 0.95, "\(recognised) of \(total) forks recognised")
  }

  @Test func nonForksGetNoBase() throws {
    var generator = SplitMix64(seed: 42)
    // Tight generated allowlists, as recorders emit them.
    let names = ["read", "write", "openat", "close", "fstat", "mmap", "mprotect", "munmap", "brk", "rt_sigaction",
      "rt_sigprocmask", "ioctl", "pread64", "readv", "writev", "access", "pipe", "select", "sched_yield", "mremap",
      "futex", "epoll_wait", "exit_group", "socket", "connect", "accept4", "sendto", "recvfrom", "bind", "listen"]
    for size in [5, 15, 30] {
      let chosen = names.shuffled(using: &generator).prefix(size).map { "\"\($0)\"" }.joined(separator: ",")
      let text = #"{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"syscalls":[{"names":[\#(chosen)],"action":"SCMP_ACT_ALLOW"}]}"#
      #expect(BaseRecognition.recognize(try ProfileLoader.load(text: text, file: "gen.json").profile)?.upstream == nil)
    }
    for project in ["profiles/webapp.json", "profiles/flawed.json"] {
      let document = try ProfileLoader.load(path: Paths.packageRoot.appendingPathComponent(project).path)
      #expect(BaseRecognition.recognize(document.profile)?.upstream == nil, "\(project)")
    }
  }

  @Test(.enabled(if: Corpus.isPresent, Comment(rawValue: Corpus.skipReason))) func corpusNonForksGetNoBase() throws {
    // Generated or hand-written allowlists that share no lineage with the upstream defaults.
    for path in ["confine/nginx.seccomp.json", "inspektor-gadget/advise_seccomp-nginx-example.json",
      "kubernetes-website/fine-grained.json", "security-profiles-operator/security-profiles-operator.json",
      "zaz/highrisk-profile.json", "spm-fixtures/seccomp_recording_1.json"]
    {
      #expect(BaseRecognition.recognize(try ProfileLoader.load(path: Corpus.path(path)).profile)?.upstream == nil, "\(path)")
    }
    // A real fork: "Default Docker profile plus keyctl/add_key/request_key".
    let conjur = BaseRecognition.recognize(try ProfileLoader.load(path: Corpus.path("seccompute/example.json")).profile)
    #expect(conjur?.upstream.family == .moby)
    #expect(conjur?.edits.added.contains("keyctl") == true)
  }
}

