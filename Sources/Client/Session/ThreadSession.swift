import Core
import Crypto
import Foundation
import Moderation
import Protocol

/// A thread as this client opened and checked it (`ThreadSession.openThread`):
/// the creation record verified against its author's certificate and the
/// keyring it uses, that keyring verified, and the server's metadata.
public struct OpenThread: Sendable {
    /// The signed creation record: the label, circle and author a reader trusts.
    public let record: ThreadRecord
    /// The keyring the thread uses: its own (AMBER and up) or its circle's.
    public let keyring: VerifiedKeyring
    /// The verified keyring of the thread's collaboration circle (nil in the default circle).
    public let circle: VerifiedKeyring?
    /// What the server says about the thread (topics, counts, times): shown, never trusted.
    public let summary: ThreadWire.ThreadSummary

    public var threadID: String { record.threadID }
    public var label: TLPLabel { record.label }
}

/// One command's work on threads, keyrings and circles: the API client, the
/// community log verified once (and again when the server refers to a head
/// past it), this member's keys, and the keystore whose epoch-key cache it
/// keeps up to date. Everything the server says goes through the pure layer
/// in `Client/Threads` before it is used; this type only fetches, retries
/// and remembers.
///
///     let session = try ThreadSession(context)
///     let thread = try session.openThread(id)                  // verified record and keyring
///     let page = try session.readPosts(thread, after: 0, limit: 50)
///     let sent = try session.post(PostPayload(body: "…"), in: id)  // rotates first when due
///
/// One keystore copy per session: every key learnt is cached in it and
/// saved, so that old posts stay readable after a rotation.
public final class ThreadSession {
    public let context: MemberContext
    public let api: APIClient
    /// The community log as last followed and verified.
    public private(set) var log: VerifiedLog
    public private(set) var community: VerifiedCommunity
    /// This member's id and secret keys.
    public let me: ThreadMember
    /// The keystore, with the epoch keys cached so far.
    public private(set) var keystore: UnlockedKeystore
    /// Member id → fingerprint the user confirmed (`--confirm`), for members
    /// with an unverified key change.
    public let confirmed: [String: String]
    private var heads: KeyringHeads
    private var policy: ModerationPolicyView?

    /// The problem slugs after which a change is built again from fresh
    /// state and sent once more: the keyring, its epoch, the community log
    /// or the moderation policy moved on between reading and writing.
    public static let retrySlugs: Set<String> = [
        "epoch-moved", "epoch-taken", "log-moved", "rotation-required", "unknown-position", "stale-policy", "wrong-holder-set",
        "stale-certificate",
    ]

    /// Opens the keystore (asking for the passphrase) and follows the
    /// community log, unless `log` was followed already.
    public init(_ context: MemberContext, confirmed: [String: String] = [:], log: VerifiedLog? = nil) throws {
        self.context = context
        api = try context.api()
        keystore = try context.keystore()
        self.log = try log ?? context.follow()
        community = VerifiedCommunity(self.log)
        me = ThreadMember(keystore)
        self.confirmed = confirmed
        heads = try KeyringHeads.load(context.directory)
    }

    /// Seconds since the epoch.
    public var now: UInt64 { context.now }

    /// Follows the community log again.
    public func refollow() throws {
        log = try context.follow()
        community = VerifiedCommunity(log)
    }

    // MARK: keyrings

    /// `keyringID` verified: its epochs, its membership log (paged), this
    /// member's wraps and cached keys; new keys go into the keystore.
    public func keyring(_ keyringID: String) throws -> VerifiedKeyring {
        try withRefollow { try self.fetchKeyring(keyringID).keyring }
    }

    /// Runs `body`; when it fails one of this client's checks and the
    /// community log has moved on since it was followed (a keyring bound to
    /// a newer head, a member certified meanwhile), follows the log again and
    /// runs `body` once more. A failure that stands is thrown as it is.
    public func withRefollow<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as ThreadFailure where failure.isVerificationFailure {
            let before = community.head.seq
            try refollow()
            guard community.head.seq > before else { throw failure }
            return try body()
        }
    }

    /// The keyring and, for a thread of a collaboration circle, the circle's
    /// keyring (whose members bound the thread's additions).
    func fetchKeyring(_ keyringID: String) throws -> (keyring: VerifiedKeyring, circle: VerifiedKeyring?) {
        guard Identifier.isValid(keyringID) else { throw ThreadFailure.malformed("keyring id \"\(keyringID)\"") }
        let answer: ThreadWire.Keyring = try get("/v1/keyrings/\(keyringID)",
                                                 notFound: "you do not hold keyring \(keyringID) (the server knows no such keyring for you)")
        guard answer.keyring_id == keyringID else {
            throw ThreadFailure.mismatch("asked for keyring \(keyringID), the server answered with \(answer.keyring_id)")
        }
        var circle: VerifiedKeyring?
        if answer.kind == "thread", answer.circle_id != community.state.defaultCircleID {
            guard let known = community.state.circles[answer.circle_id] else {
                throw ThreadFailure.mismatch("keyring \(keyringID) names circle \(answer.circle_id), which the verified community log does not have")
            }
            circle = try fetchKeyring(known.keyringID).keyring
        }
        let log = answer.kind == "default" ? nil : try fetchLog(keyringID, through: answer.log_head)
        let keyring = try KeyringView.verify(answer, log: log, community: community, member: me,
                                             cachedKeys: keystore.cachedEpochKeys(keyringID: keyringID), knownHead: heads[keyringID],
                                             circleMembers: circle?.history.everHeld)
        try keystore.rememberEpochKeys(of: keyring)
        try heads.record(keyring)
        return (keyring, circle)
    }

    /// The membership log of `keyringID` up to `head` (the head the keyring's
    /// answer states; entries appended since are left for the next fetch),
    /// page by page.
    func fetchLog(_ keyringID: String, through head: ThreadWire.LogHead?) throws -> ThreadWire.KeyringLog {
        let target = head.map { Int64($0.seq) } ?? -1
        var record: KeyringWire.Record?
        var entries: [KeyringWire.Entry] = []
        var after: Int64 = -1
        var first = true
        while first || after < target {
            let page: ThreadWire.KeyringLogPage = try api.get("/v1/keyrings/\(keyringID)/log", query: [("after", String(after))])
            if first { record = page.record }
            first = false
            // Entries out of order or repeated are the replay's to refuse; a page that does not advance ends the loop.
            guard let last = page.entries.last, Int64(last.seq) > after else { break }
            entries += page.entries.filter { Int64($0.seq) <= target }
            after = Int64(last.seq)
        }
        return ThreadWire.KeyringLog(record: record, entries: entries)
    }

    /// The verified keyring of a collaboration circle for one of its
    /// moderators, who may read its log without holding it: the keyring
    /// itself when this member holds it, else a view of the log alone (no
    /// epochs, no keys), which is enough to sign the next entry.
    public func circleKeyringForModerator(_ circleID: String) throws -> VerifiedKeyring {
        try withRefollow {
            guard let circle = community.state.circles[circleID] else {
                throw MemberError.refused("the verified community log has no circle \(circleID)")
            }
            do {
                return try fetchKeyring(circle.keyringID).keyring
            } catch MemberError.refused {
                let logAnswer: ThreadWire.KeyringLogPage = try get("/v1/keyrings/\(circle.keyringID)/log", query: [("after", "-1")],
                                                                   notFound: "you neither hold nor moderate circle \(circleID)")
                let head = logAnswer.head.head.map(ThreadWire.LogHead.init)
                let log = try fetchLog(circle.keyringID, through: head)
                let answer = ThreadWire.Keyring(keyring_id: circle.keyringID, kind: "circle", circle_id: circleID, thread_id: nil, label: nil,
                                                current_epoch: 0, rotation_required: false, epochs: [], wraps: [], log_head: head)
                return try KeyringView.verify(answer, log: log, community: community, member: me, knownHead: heads[circle.keyringID])
            }
        }
    }

    /// Creates the next epoch of `keyring` for its holders and caches its
    /// key once the server took it. Nil when another holder's epoch won the
    /// race (409 `epoch-taken`): the keyring has a new epoch either way.
    @discardableResult
    public func rotate(_ keyring: VerifiedKeyring) throws -> UInt64? {
        let draft = try Rotation.rotate(keyring, community: community, by: me, now: now, confirmed: confirmed)
        let created: ThreadWire.EpochCreated
        do {
            created = try api.post("/v1/keyrings/\(keyring.keyringID)/epochs", body: draft.body)
        } catch {
            if error.slug == "epoch-taken" { return nil }
            throw error
        }
        guard created.epoch == draft.epoch.number else {
            throw ThreadFailure.mismatch("the server created epoch \(created.epoch), not the epoch \(draft.epoch.number) sent")
        }
        try remember(draft, keyringID: keyring.keyringID)
        return draft.epoch.number
    }

    /// Caches the key of an epoch this client made, after the server accepted it.
    func remember(_ draft: EpochDraft, keyringID: String) throws {
        if keystore.cacheEpochKeys([draft.epoch.number: draft.key], keyringID: keyringID) { try keystore.save() }
    }

    /// Runs `body` (which must read everything it needs afresh); when the
    /// server answers with one of `retrySlugs`, follows the log and runs it
    /// once more.
    public func retrying<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as APIError where ThreadSession.retrySlugs.contains(error.slug ?? "") {
            if error.slug == "stale-policy" { policy = nil }
            try refollow()
            return try body()
        }
    }

    /// `GET path` decoded; a 404 becomes the refusal `notFound` when given.
    func get<T: Decodable>(_ path: String, query: [(String, String)] = [], notFound: String? = nil) throws -> T {
        try response(path, query: query, notFound: notFound).decode(T.self)
    }

    /// `GET path`, the answer undecoded.
    func response(_ path: String, query: [(String, String)] = [], notFound: String? = nil) throws -> APIResponse {
        do {
            return try api.send("GET", path, query: query)
        } catch {
            if let notFound, error.status == 404 { throw MemberError.refused(notFound) }
            throw error
        }
    }

    /// `method path` with `body` as JSON (DELETE carries one here), decoded;
    /// a 404 becomes the refusal `notFound` when given.
    func send<B: Encodable, T: Decodable>(_ method: String, _ path: String, _ body: B, notFound: String? = nil) throws -> T {
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch { throw MemberError.refused("the request could not be encoded") }
        let response: APIResponse
        do {
            response = try api.send(method, path, body: data)
        } catch {
            if let notFound, error.status == 404 { throw MemberError.refused(notFound) }
            throw error
        }
        return try response.decode(T.self)
    }

    // MARK: moderation policy

    /// `GET /v1/policies/moderation`, checked (the version every post signs
    /// is the hash of the bundle served with it) and decoded; kept until the
    /// server says it is stale.
    public func moderationPolicy() throws -> ModerationPolicyView {
        if let policy { return policy }
        let answer: ThreadWire.ModerationPolicy = try api.get("/v1/policies/moderation")
        let view = try answer.decoded()
        policy = view
        return view
    }

    /// The version of the moderation policy in force.
    public func policyVersion() throws -> String {
        try moderationPolicy().version
    }

    /// Evaluates a post's title and body (as `title + "\n" + body`) with the
    /// server's moderation policy BEFORE anything is encrypted or sent
    /// (PROTOCOL.md §7). The post then signs `version`. `post(_:in:)` calls
    /// this and applies the verdict (`PolicyEvaluation.apply`); commands call
    /// it first to refuse before creating anything. The hold path (a held post
    /// sent with its report) hooks in here.
    public func evaluateBeforePosting(_ payload: PostPayload) throws -> PolicyEvaluation {
        let view = try moderationPolicy()
        let text = (payload.title.map { $0 + "\n" } ?? "") + payload.body
        return PolicyEvaluation(version: view.version, verdict: view.policy.engine.evaluate(Array(text.utf8)))
    }
}

extension ThreadFailure {
    /// True when the server's answers fail this client's checks (a fork, a
    /// broken log, epoch or wrap, a mismatch): commands exit 3 on these.
    /// False for refusals of what the user asked (TLP rules, an unconfirmed
    /// key change, a missing key, a pending rotation, a post too large).
    public var isVerificationFailure: Bool {
        switch self {
        case .malformed, .mismatch, .record, .membershipLog, .fork, .communityLogBehind, .epoch, .wrap: true
        case .unverifiedKeyChange, .recipient, .notAllowed, .notCertified, .noKey, .rotationRequired, .tooLarge: false
        }
    }

    /// True for a fork: the server shows a history this client cannot reach.
    public var isFork: Bool {
        if case .fork = self { return true }
        return false
    }
}
