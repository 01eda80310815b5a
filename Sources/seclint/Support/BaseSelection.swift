import Lineage
import Linter
import ProfileModel
import Upstream

/// `--base`: which upstream default a profile is judged against. The one place every command (lint, blocked,
/// diff, drift, rebase) turns the option into a base: parsed once per run, resolved once per profile.
enum BaseSelection: Sendable {
  case none
  case auto
  case upstream(UpstreamProfile)
  /// Another profile file, loaded when the option is parsed: findings (lint) and blocked entries (blocked) it
  /// has too are inherited; it has no upstream history, so no `outdated-base`.
  case file(ProfileDocument)

  static let help = "Judge against the upstream default the profile copies: none, auto (recognised by meaning), a release such as moby@25.0.3, or a profile file."

  /// What `--base` may name for a command.
  enum Accepts {
    /// none, auto, FAMILY@RELEASE or a profile file (lint, blocked, diff).
    case anything
    /// auto or FAMILY@RELEASE: the command needs upstream's history (drift, rebase).
    case upstreamOnly
  }

  /// Parses `--base` (nil: absent, which is `none`). A base file that cannot be read is a data error (exit 2).
  static func parse(_ text: String?, accepts: Accepts = .anything, resolvePath: (String) -> String) throws(UsageError) -> BaseSelection {
    switch text ?? "none" {
    case "auto": return .auto
    case let value where accepts == .upstreamOnly: return .upstream(try upstream(value))
    case "none": return .none
    case let value where UpstreamCatalog.looksLikeReference(value): return .upstream(try upstream(value))
    case let path:
      do {
        return .file(try ProfileLoader.load(path: resolvePath(path), as: path))
      } catch {
        throw UsageError(message: "--base: \(error.description)", showsUsage: false)
      }
    }
  }

  /// The built-in upstream default `name` names (`moby@latest`); a usage error otherwise (also for --upstream
  /// and --onto).
  static func upstream(_ name: String) throws(UsageError) -> UpstreamProfile {
    do {
      return try UpstreamCatalog.lookup(name)
    } catch {
      throw UsageError(message: error.description)
    }
  }

  /// The base for one profile, or nil: `none`, or `auto` recognised nothing.
  func resolve(for profile: Profile) -> ResolvedBase? {
    switch self {
    case .none: return nil
    case .file(let document): return ResolvedBase(document: document, name: document.file, match: nil)
    case .auto, .upstream: return upstreamMatch(for: profile).flatMap(ResolvedBase.init)
    }
  }

  /// `resolve(for: document.profile)`; a byte copy of a built-in content is recognised without scoring.
  func resolve(for document: ProfileDocument) -> ResolvedBase? {
    switch self {
    case .none, .file, .upstream: return resolve(for: document.profile)
    case .auto: return upstreamMatch(for: document).flatMap(ResolvedBase.init)
    }
  }

  /// For `auto` or a named release, the upstream base and the profile's edits against it, from the meaning
  /// table: no upstream text is loaded (`resolve` loads the base's).
  func upstreamMatch(for profile: Profile) -> BaseMatch? {
    switch self {
    case .none, .file: return nil
    case .auto: return BaseRecognition.recognize(profile)
    case .upstream(let upstream): return BaseRecognition.match(profile, to: upstream)
    }
  }

  /// `upstreamMatch(for: document.profile)`; with `auto`, a byte copy of a built-in content is recognised from
  /// its bytes (`BaseRecognition.recognize(_:among:)` on a document).
  func upstreamMatch(for document: ProfileDocument) -> BaseMatch? {
    if case .auto = self { return BaseRecognition.recognize(document) }
    return upstreamMatch(for: document.profile)
  }

  /// Like `resolve`, for commands that cannot go on without a base: says why on standard error when `auto`
  /// recognises nothing.
  func require(for document: ProfileDocument, cli: CLI) -> ResolvedBase? {
    if let base = resolve(for: document) { return base }
    cli.fail(
      "\(document.file): not recognised as a copy of any built-in upstream default (no release decides "
        + "≥ \(Int(BaseRecognition.threshold * 100))% of its syscalls alike); name one with --base moby@RELEASE.")
    return nil
  }

  /// How `--inherited` shows findings the base has too; none of them fails the run.
  enum Inherited: String, Sendable, CaseIterable {
    case show, note, hide
  }
}

/// A base resolved for one profile: the document to compare with and, for an upstream default, the match
/// (release range, edits) that drift, rebase and `outdated-base` need.
struct ResolvedBase: Sendable {
  var document: ProfileDocument
  /// `moby 25.0.3–28.1.1`, or the base file's name.
  var name: String
  var match: BaseMatch?

  init(document: ProfileDocument, name: String, match: BaseMatch?) {
    (self.document, self.name, self.match) = (document, name, match)
  }

  /// An upstream base. The built-in texts are valid profiles (UpstreamSyncTests loads every one), so this is
  /// nil only if that breaks.
  init?(_ match: BaseMatch) {
    guard let document = try? match.upstream.document() else { return nil }
    self.init(document: document, name: match.releaseRange, match: match)
  }
}
