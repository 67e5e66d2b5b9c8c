import Protocol

/// Why the client refuses what the server says about a keyring, a thread or
/// a post, or refuses to build a request. Each case names the rule; none
/// carries key or plaintext bytes. `fork` is the loud one: the server shows
/// this client a history it cannot reach from what it verified.
public enum ThreadFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// A member whose newest certificate changed keys without the old key's
    /// signature (PROTOCOL.md §3), with the new fingerprint to confirm.
    public struct KeyChange: Sendable, Equatable {
        public let memberID: String
        public let fingerprint: String

        public init(memberID: String, fingerprint: String) {
            self.memberID = memberID
            self.fingerprint = fingerprint
        }
    }

    /// The server's answer does not have the protocol's shape.
    case malformed(String)
    /// The answer contradicts the request or itself (ids, kind, label, head).
    case mismatch(String)
    /// The thread's signed creation record fails (a changed label, circle or author).
    case record(ProtocolError)
    /// Replaying the keyring's membership log fails at entry `seq`: an
    /// injected participant, a dropped, reordered or changed entry, or an
    /// entry its actor had no right to.
    case membershipLog(seq: UInt64, ProtocolError)
    /// A position or key the server shows cannot be reached from the
    /// history this client verified: the server forked the log or hid entries.
    case fork(String)
    /// The server binds a community-log position past the head this client
    /// verified: follow the community log again, then retry.
    case communityLogBehind(seq: UInt64)
    /// An epoch fails a check.
    case epoch(UInt64, String)
    /// One of this member's wraps fails a check.
    case wrap(UInt64, String)
    /// Keys would be wrapped for members with an unconfirmed key change.
    case unverifiedKeyChange([KeyChange])
    /// A recipient that is unknown or cannot be given keys now.
    case recipient(String, String)
    /// TLP or a circle's rules forbid the action.
    case notAllowed(String)
    /// This member's keystore does not match its current, valid certificate.
    case notCertified(String)
    /// This client does not have the key of `epoch`.
    case noKey(keyringID: String, epoch: UInt64)
    /// The keyring must get a new epoch before anyone posts under it.
    case rotationRequired(keyringID: String)
    /// The padded post payload would exceed 64 KiB.
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .malformed(let what): "the server's answer is malformed: \(what)"
        case .mismatch(let what): "the server's answer does not match: \(what)"
        case .record(let error): "the thread's creation record is refused (\(error)); its label, circle or author may have been changed"
        case .membershipLog(let seq, let error): "the keyring's membership log is refused at entry \(seq): \(error)"
        case .fork(let what): "FORK: \(what); the server shows a history this client cannot reach from what it verified"
        case .communityLogBehind(let seq): "the server refers to community-log entry \(seq), past the head this client verified; follow the log again"
        case .epoch(let n, let what): "epoch \(n) is refused: \(what)"
        case .wrap(let n, let what): "the wrap of epoch \(n) is refused: \(what)"
        case .unverifiedKeyChange(let changes):
            "unverified key change for " + changes.map { "\($0.memberID) (new fingerprint \($0.fingerprint))" }.joined(separator: ", ")
                + ": confirm the fingerprint with them before any key is wrapped for it"
        case .recipient(let id, let why): "recipient \(id): \(why)"
        case .notAllowed(let what): "not allowed: \(what)"
        case .notCertified(let what): "this member cannot act: \(what)"
        case .noKey(let keyring, let epoch): "this client has no key for epoch \(epoch) of keyring \(keyring)"
        case .rotationRequired(let keyring): "keyring \(keyring) needs a new epoch before anyone posts; rotate first"
        case .tooLarge(let size): "the post is too large: \(size) bytes padded, at most \(Post.maxPaddedPayload)"
        }
    }
}
