import Core
import Crypto
import Moderation
import Protocol

/// The moderation policy a client fetched (`GET /v1/policies/moderation`),
/// checked and decoded: its version (which the post signs) and its rules.
public struct ModerationPolicyView: Sendable {
    /// Lower-case hex of BLAKE2b-256 of the bundle's bytes.
    public let version: String
    /// The bundle's rules with its normalisation.
    public let policy: CompiledPolicy
}

/// What the client decided about a post before encrypting it (PROTOCOL.md
/// §7): the verdict of the policy `version`, which the post will sign.
public struct PolicyEvaluation: Sendable {
    public let version: String
    public let verdict: Verdict

    /// The payload to send under this verdict: `allow` as it is; `flag` with
    /// the matched rule ids in the payload's `flags` (readers' clients show
    /// them); `block` refused; `hold` refused here: a held post travels with
    /// its report to the moderators (`ThreadSession.postHeld`), which the
    /// author agrees to first.
    public func apply(to payload: PostPayload) throws(ModerationRefusal) -> PostPayload {
        switch verdict.action {
        case .allow: return payload
        case .flag:
            var flagged = payload
            flagged.flags = verdict.ruleIDs
            return flagged
        case .hold: throw .held(verdict)
        case .block: throw .blocked(verdict)
        }
    }
}

/// A post the moderation policy does not let this client send; nothing was sent.
public enum ModerationRefusal: Error, Sendable, CustomStringConvertible {
    /// A `block` rule matched: the client refuses the post.
    case blocked(Verdict)
    /// A `hold` rule matched: the post may only be sent held, with a report
    /// to the moderators (PROTOCOL.md §7, `ThreadSession.postHeld`).
    case held(Verdict)

    public var verdict: Verdict {
        switch self {
        case .blocked(let verdict), .held(let verdict): verdict
        }
    }

    /// What the author is told: the rules that decided and their reasons.
    public var description: String {
        let action: ModerationAction = if case .blocked = self { .block } else { .hold }
        let rules = verdict.matches.filter { $0.action == action }.map { "  \($0.id): \($0.reason)" }.joined(separator: "\n")
        switch self {
        case .blocked:
            return "the community's moderation policy blocks this post; nothing was sent.\n" + rules
        case .held:
            return "the community's moderation policy holds this post for a moderator; it can only be sent held for review, with a report to the moderators (--hold). Nothing was sent.\n" + rules
        }
    }
}

extension ThreadWire.ModerationPolicy {
    /// The bundle's bytes checked against `version` and decoded into rules.
    public func decoded() throws -> ModerationPolicyView {
        let bytes = try verifiedBundle()
        do throws(BundleError) {
            return ModerationPolicyView(version: version, policy: try PolicyBundle.decode(bytes))
        } catch {
            throw ThreadFailure.malformed(error.description)
        }
    }
}
