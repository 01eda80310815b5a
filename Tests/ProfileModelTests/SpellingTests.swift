import ProfileModel
import Testing

@Suite struct SpellingTests {
  static let syscalls = [
    "open", "openat", "openat2", "ptrace", "process_vm_readv", "clone", "clone3", "read", "readv", "write",
    "socket", "socketcall", "sync_file_range", "sync_file_range2", "_llseek", "io_uring_setup", "kexec_load",
  ]

  @Test(arguments: [
    ("opne", "open"), ("ptrce", "ptrace"), ("PTRACE", "ptrace"), ("clone", "clone"), ("sockt", "socket"),
    ("proces_vm_readv", "process_vm_readv"), ("io_uring_setpu", "io_uring_setup"), ("_lseek", "_llseek"),
  ])
  func suggestsTheIntendedName(_ typo: String, _ intended: String) {
    #expect(Spelling.closest(to: typo, in: Self.syscalls) == intended)
  }

  @Test func farOffWordsGetNoSuggestion() {
    for word in ["x", "nosuchcall", "mount_setattr", "", String(repeating: "a", count: 65)] {
      #expect(Spelling.closest(to: word, in: Self.syscalls) == nil, "\(word)")
    }
  }

  @Test func tiesGoToTheEarlierCandidate() {
    #expect(Spelling.closest(to: "reaf", in: ["reap", "read"]) == "reap")
    #expect(Spelling.closest(to: "reaf", in: ["read", "reap"]) == "read")
  }

  @Test func nonASCIIWordsAndCandidates() {
    #expect(Spelling.closest(to: "ptrAce", in: ["ptrac€", "ptrace"]) == "ptrace")
    #expect(Spelling.closest(to: "écrire", in: ["ecrire"]) == "ecrire")
    #expect(Spelling.closest(to: "ecrire", in: ["écrire"]) == "écrire")
  }

  /// The prepared search (length check, bag distance, table that stops early) finds what comparing every
  /// candidate with the full distance finds, on words one to four edits away from random candidates.
  @Test func agreesWithTheExhaustiveSearch() {
    var random = SplitMix(seed: 0x5EC1_1A7)
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz_0123456789")
    let candidates = (0..<300).map { _ in
      String((0..<random.next(in: 3...16)).map { _ in alphabet[random.next(in: 0...(alphabet.count - 1))] })
    }
    let prepared = Spelling.Candidates(candidates)
    for _ in 0..<400 {
      var word = Array(candidates[random.next(in: 0...(candidates.count - 1))])
      for _ in 0..<random.next(in: 1...4) {
        let position = random.next(in: 0...max(0, word.count - 1))
        switch random.next(in: 0...3) {
        case 0 where !word.isEmpty: word.remove(at: position)
        case 1: word.insert(alphabet[random.next(in: 0...(alphabet.count - 1))], at: position)
        case 2 where position + 1 < word.count: word.swapAt(position, position + 1)
        default: if !word.isEmpty { word[position] = alphabet[random.next(in: 0...(alphabet.count - 1))] }
        }
      }
      let typo = String(word)
      #expect(Spelling.closest(to: typo, in: prepared) == Self.exhaustive(typo, candidates), "\(typo)")
    }
  }

  static func exhaustive(_ word: String, _ candidates: [String]) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    guard !target.isEmpty, target.count <= 64 else { return nil }
    let limit = target.count >= 9 ? 3 : target.count >= 5 ? 2 : 1
    var best: (String, Int)?
    for candidate in candidates {
      let d = Spelling.distance(target, Array(candidate.lowercased().unicodeScalars))
      if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
  }
}

/// A small deterministic generator (SplitMix64), so the property test is the same on every run.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next(in range: ClosedRange<Int>) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return range.lowerBound + Int(z % UInt64(range.count))
  }
}
