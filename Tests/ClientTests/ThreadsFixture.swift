import Core
import Crypto
import Foundation
import enum Moderation.PolicyBundle
import Protocol
import Testing
@testable import Client

// The thread tests' world, with no server: a community log written by the
// test, and a fake of the server's keyring and post storage that keeps what
// the requests' JSON says and serves it back as JSON, as the routes will.

/// The fixture's clock: certificates run from `t0 + 1 day` for a year.
enum Clock {
    static let day: UInt64 = 86_400
    /// 2026-01-01T00:00:00Z.
    static let t0: UInt64 = 1_767_225_600
    static let now: UInt64 = t0 + 2 * day
    static let nowMillis: UInt64 = now * 1000
}

func newID() -> String { Identifier.uuid(fromRandom: Random.bytes(16)) }

/// `value` encoded to JSON and decoded back, as it crosses the wire.
func wire<T: Codable>(_ value: T) -> T {
    try! JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
}

/// Runs `body`, which must throw a `ThreadFailure`, and returns it.
func refusal<R>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R) -> ThreadFailure? {
    do {
        _ = try body()
        Issue.record("expected a refusal", sourceLocation: sourceLocation)
    } catch let error as ThreadFailure {
        return error
    } catch {
        Issue.record("expected a ThreadFailure, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A member with an id, an organisation and a key bundle.
struct Person: Sendable {
    let id: String
    let org: String
    let sign: SigningSecretKey
    let box: BoxSecretKey

    init(id: String = newID(), org: String = newID(), sign: SigningSecretKey = SigningSecretKey(), box: BoxSecretKey = BoxSecretKey()) {
        self.id = id
        self.org = org
        self.sign = sign
        self.box = box
    }

    var me: ThreadMember { ThreadMember(memberID: id, signingKey: sign, boxKey: box) }
    /// The same member with a new key bundle.
    func rekeyed() -> Person { Person(id: id, org: org) }
}

/// A community log the test writes, and the state a client replays from it.
struct Community {
    let root: Person
    private(set) var state: CommunityState
    private(set) var entries: [LogEntry] = []
    var id: String { state.communityID }

    init() throws {
        root = Person()
        let id = newID()
        state = CommunityState(communityID: id, policy: try RolePolicy.embedded(),
                               pinnedRoot: KeyBundle.fingerprint(signPublicKey: root.sign.publicKey, boxPublicKey: root.box.publicKey))
        let cert = certificate(root, .admin, issuer: root, issuedAt: Clock.t0, expiresAt: Clock.t0 + 3650 * Clock.day)
        try append(.root, by: root, payload: SignedCertificate.issue(cert, by: root.sign).payload)
    }

    var verified: VerifiedCommunity { VerifiedCommunity(state: state, entries: entries) }
    var head: LogFollower.Head { verified.head }

    func certificate(_ subject: Person, _ role: Role, issuer: Person, issuedAt: UInt64 = Clock.t0 + Clock.day,
                     expiresAt: UInt64? = nil) -> Certificate {
        Certificate(communityID: state.communityID, memberID: subject.id, orgID: subject.org, role: role,
                    signPublicKey: subject.sign.publicKey, boxPublicKey: subject.box.publicKey, issuedAt: issuedAt,
                    expiresAt: expiresAt ?? issuedAt + 365 * Clock.day, issuerID: issuer.id)
    }

    mutating func append(_ kind: LogKind, by actor: Person, payload: [UInt8]) throws {
        let entry = LogEntry.sign(communityID: state.communityID, seq: state.nextSeq, kind: kind, actorID: actor.id, payload: payload,
                                  prevHash: state.head, key: actor.sign)
        try state.apply(entry)
        entries.append(entry)
    }

    /// Certifies `person` (new, renewed or re-keyed; `keyChangeBy` signs a key change).
    mutating func certify(_ person: Person, as role: Role, by issuer: Person, issuedAt: UInt64 = Clock.t0 + Clock.day,
                          expiresAt: UInt64? = nil, keyChangeBy: SigningSecretKey? = nil) throws {
        let cert = certificate(person, role, issuer: issuer, issuedAt: issuedAt, expiresAt: expiresAt)
        try append(.certify, by: issuer, payload: SignedCertificate.issue(cert, by: issuer.sign, keyChangeBy: keyChangeBy).payload)
    }

    @discardableResult
    mutating func add(_ role: Role, by issuer: Person, org: String? = nil) throws -> Person {
        let person = Person(org: org ?? newID())
        try certify(person, as: role, by: issuer)
        return person
    }

    mutating func sanction(_ kind: LogKind, _ subject: Person, by actor: Person) throws {
        try append(kind, by: actor, payload: SanctionPayload(kind: kind, memberID: subject.id, reason: "test").bytes)
    }

    /// A collaboration circle made by an admin; returns its id and keyring id.
    mutating func createCircle(by admin: Person) throws -> (circleID: String, keyringID: String) {
        let ids = (newID(), newID())
        try append(.circleCreate, by: admin, payload: CircleCreatePayload(circleID: ids.0, keyringID: ids.1, name: "port").bytes)
        return ids
    }

    mutating func appointCircleModerator(_ member: Person, of circleID: String, by admin: Person) throws {
        try append(.circleModerator, by: admin, payload: CircleModeratorPayload(circleID: circleID, memberID: member.id, add: true).bytes)
    }
}

/// What the server stores for one keyring, taken from request JSON and
/// served back as JSON (each caller gets only its own wraps).
struct FakeKeyring {
    let communityID: String
    let keyringID: String
    let kind: String
    let circleID: String
    var record: ThreadRecord?
    var entries: [MembershipEntry] = []
    var epochs: [Epoch] = []
    var wraps: [Wrap] = []
    var rotationRequired = false

    /// The keyring `POST /v1/threads` makes for an AMBER+ thread.
    init(thread body: ThreadWire.CreateThread, communityID: String) throws {
        let body = wire(body)
        let record = try body.record.record(communityID: communityID)
        self.communityID = communityID
        keyringID = record.keyringID
        kind = "thread"
        circleID = record.circleID
        self.record = record
        entries = try body.participants.map { try $0.entry(keyringID: record.keyringID) }
        if let epoch = body.epoch { try accept(epoch) }
    }

    /// The default keyring (or a circle's, `kind: "circle"`).
    init(communityID: String, kind: String = "default", circleID: String? = nil, keyringID: String? = nil) {
        self.communityID = communityID
        self.kind = kind
        self.circleID = circleID ?? communityID
        self.keyringID = keyringID ?? communityID
    }

    var currentEpoch: UInt64 { epochs.last?.number ?? 0 }

    mutating func accept(_ body: KeyringWire.NewEpoch) throws {
        let body = wire(body)
        let epoch = try body.epoch.epoch(keyringID: keyringID)
        precondition(epoch.number == currentEpoch + 1, "epoch-taken")
        epochs.append(epoch)
        wraps += try body.wraps.map { try $0.wrap(keyringID: keyringID) }
        rotationRequired = false
    }

    mutating func accept(add body: ThreadWire.AddMember) throws {
        let body = wire(body)
        entries.append(try body.entry.entry(keyringID: keyringID))
        wraps += try body.wraps.map { try $0.wrap(keyringID: keyringID) }
    }

    mutating func accept(remove body: ThreadWire.RemoveMember) throws {
        let body = wire(body)
        entries.append(try body.entry.entry(keyringID: keyringID))
        rotationRequired = true
        if let epoch = body.epoch { try accept(epoch) }
    }

    /// The keyring log's head (nil: a circle with no entries).
    var logHead: LogFollower.Head? {
        if let last = entries.last { return LogFollower.Head(seq: last.seq, hash: last.hash) }
        return record.map { LogFollower.Head(seq: 0, hash: $0.hash) }
    }

    /// `GET /v1/keyrings/{id}` for `memberID`; `communityHead` for the default keyring.
    func answer(for memberID: String, communityHead: LogFollower.Head? = nil) -> ThreadWire.Keyring {
        wire(ThreadWire.Keyring(keyring_id: keyringID, kind: kind, circle_id: circleID, thread_id: record?.threadID,
                                label: record?.label.rawValue, current_epoch: currentEpoch, rotation_required: rotationRequired,
                                epochs: epochs.map(KeyringWire.EpochJSON.init),
                                wraps: wraps.filter { $0.recipientID == memberID }.map(KeyringWire.WrapJSON.init),
                                log_head: (communityHead ?? logHead).map(ThreadWire.LogHead.init)))
    }

    /// `GET /v1/keyrings/{id}/log`.
    var log: ThreadWire.KeyringLog {
        wire(ThreadWire.KeyringLog(record: record.map(KeyringWire.Record.init), entries: entries.map(KeyringWire.Entry.init)))
    }
}

/// A thread's stored posts, as `POST …/posts` keeps them and `GET …/posts` serves them.
struct FakeThread {
    let threadID: String
    let label: TLPLabel
    var posts: [PostWire.Stored] = []
    let serverKey = SecureBytes.random(count: 32)

    init(_ record: ThreadRecord) {
        threadID = record.threadID
        label = record.label
    }

    @discardableResult
    mutating func store(_ post: Post, receivedAt: UInt64 = Clock.nowMillis, communityID: String) throws -> PostWire.Stored {
        let post = try wire(PostWire.Submit(post)).post(communityID: communityID)
        let tag = Post.serverTag(key: serverKey, postID: post.postID, threadID: post.threadID, authorID: post.authorID,
                                 frankingTag: post.frankingTag, receivedAt: receivedAt)
        let stored = PostWire.Stored(seq: UInt64(posts.count + 1), receivedAt: receivedAt, serverTag: tag, post: post)
        posts.append(stored)
        return stored
    }

    var page: ThreadWire.PostsPage {
        wire(ThreadWire.PostsPage(thread_id: threadID, label: label.rawValue, posts: posts, next_after: posts.last?.seq))
    }
}

/// A 64-hex-digit moderation policy version (the hash of the embedded bundle).
let currentPolicyVersion = Hex.encode(GenericHash.hash(PolicyBundle.embedded))

/// A community with a moderator, alice and bob (one organisation), carol
/// and dave (another), and an expert; alice starts an AMBER (or other)
/// thread for bob, carol and the expert, and posts in it.
struct ThreadWorld {
    var community: Community
    let moderator: Person
    let alice: Person
    let bob: Person
    let carol: Person
    let dave: Person
    let expert: Person
    var draft: ThreadDraft
    var keyring: FakeKeyring
    var thread: FakeThread

    /// `bob` lets a test give bob the keys of a real keystore.
    init(label: TLPLabel = .amber, bob: Person? = nil, recipients: ((ThreadWorld.Cast) -> [String])? = nil) throws {
        community = try Community()
        let root = community.root
        moderator = try community.add(.moderator, by: root)
        alice = try community.add(.member, by: moderator)
        if let bob {
            self.bob = Person(id: bob.id, org: alice.org, sign: bob.sign, box: bob.box)
            try community.certify(self.bob, as: .member, by: moderator)
        } else {
            self.bob = try community.add(.member, by: moderator, org: alice.org)
        }
        carol = try community.add(.member, by: moderator)
        dave = try community.add(.member, by: moderator, org: carol.org)
        expert = try community.add(.expert, by: root)
        let cast = Cast(alice: alice, bob: self.bob, carol: carol, dave: dave, expert: expert)
        draft = try ThreadComposer(community: community.verified, author: alice.me, now: Clock.now)
            .compose(label: label, recipients: recipients?(cast) ?? [self.bob.id, carol.id, expert.id], topics: ["ransomware"])
        keyring = try FakeKeyring(thread: draft.body, communityID: community.id)
        thread = FakeThread(draft.record)
    }

    struct Cast {
        let alice, bob, carol, dave, expert: Person
    }

    /// `person`'s verified view of the keyring, as the server serves it now.
    func view(_ person: Person, cached: [UInt64: SecureBytes] = [:], knownHead: LogFollower.Head? = nil) throws -> VerifiedKeyring {
        try KeyringView.verify(keyring.answer(for: person.id), log: keyring.log, community: community.verified, member: person.me,
                               cachedKeys: cached, knownHead: knownHead)
    }

    func reader(_ person: Person, cached: [UInt64: SecureBytes] = [:]) throws -> PostReader {
        PostReader(thread: draft.record, keyring: try view(person, cached: cached), community: community.verified)
    }

    /// `person` posts `body`; the server stores it.
    @discardableResult
    mutating func post(_ person: Person, _ body: String, receivedAt: UInt64 = Clock.nowMillis) throws -> Post {
        let post = try PostComposer.compose(PostPayload(body: body, title: "t"), thread: draft.record, keyring: try view(person),
                                            community: community.verified, author: person.me, now: Clock.now,
                                            policyVersion: currentPolicyVersion)
        try thread.store(post, receivedAt: receivedAt, communityID: community.id)
        return post
    }

    /// Every post as `person` reads it.
    func read(_ person: Person, cached: [UInt64: SecureBytes] = [:]) throws -> [PostReading] {
        try reader(person, cached: cached).read(thread.page)
    }
}
