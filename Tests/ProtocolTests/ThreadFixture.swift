import Core
import Crypto
import Protocol

// Builders for thread and circle keyring logs with fresh keys, on top of
// LogFixture's CommunityLog: a circle, a thread record, a membership entry
// signed by whoever the test says, and a log that keeps what it accepted.

/// When the tests judge new entries as the server does (`now:`): every
/// certificate LogFixture issues at its default time is current then.
let tNow: UInt64 = t0 + 2 * day

extension CommunityLog {
    /// The hash of `person`'s current certificate.
    func certHash(_ person: Person) -> [UInt8] { state.member(person.id)!.current.hash }

    /// A `circle-create` entry.
    func circleCreate(_ circleID: String = newID(), keyringID: String = newID(), name: String = "port", by actor: Person) -> LogEntry {
        entry(.circleCreate, by: actor, payload: CircleCreatePayload(circleID: circleID, keyringID: keyringID, name: name).bytes)
    }

    /// A `circle-moderator` entry.
    func circleModerator(_ member: Person, of circleID: String, add: Bool = true, by actor: Person) -> LogEntry {
        entry(.circleModerator, by: actor, payload: CircleModeratorPayload(circleID: circleID, memberID: member.id, add: add).bytes)
    }

    /// Creates a circle (which must be accepted) and returns its id.
    @discardableResult
    mutating func createCircle(by admin: Person, moderators: [Person] = []) throws -> String {
        let id = newID()
        try apply(circleCreate(id, by: admin))
        for moderator in moderators { try apply(circleModerator(moderator, of: id, by: admin)) }
        return id
    }

    /// A thread's creation record signed by `author` (or `signer`), naming its current certificate (or `certHash`).
    func record(_ label: TLPLabel, by author: Person, circleID: String? = nil, threadID: String = newID(), keyringID: String = newID(),
                certHash: [UInt8]? = nil, signer: SigningSecretKey? = nil) -> ThreadRecord {
        ThreadRecord.sign(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: circleID ?? communityID, label: label,
                          authorID: author.id, authorCertHash: certHash ?? self.certHash(author), key: signer ?? author.sign)
    }
}

/// A keyring's membership log being written: the entries accepted so far and
/// the `KeyringLog` they replay to.
struct KeyringBook {
    private(set) var log: KeyringLog
    private(set) var entries: [MembershipEntry] = []
    let record: ThreadRecord?

    init(thread record: ThreadRecord, community: CommunityState) throws(ProtocolError) {
        log = try KeyringLog.thread(record, community: community)
        self.record = record
    }

    init(circle circleID: String, community: CommunityState) throws(ProtocolError) {
        log = try KeyringLog.circle(circleID, community: community)
        record = nil
    }

    var keyringID: String { log.keyringID }
    var head: [UInt8] { log.head }
    var nextSeq: UInt64 { log.nextSeq }

    /// An entry signed by `actor` (or `signer`) at the next position (or
    /// `seq`/`prevHash`/`keyringID`), naming `member`'s current certificate (or `certHash`).
    func entry(_ action: MembershipEntry.Action, _ member: Person, by actor: Person, in community: CommunityLog, certHash: [UInt8]? = nil,
               seq: UInt64? = nil, prevHash: [UInt8]? = nil, keyringID: String? = nil, signer: SigningSecretKey? = nil) -> MembershipEntry {
        MembershipEntry.sign(keyringID: keyringID ?? self.keyringID, seq: seq ?? nextSeq, action: action, memberID: member.id,
                             memberCertHash: certHash ?? community.certHash(member), prevHash: prevHash ?? head, actorID: actor.id,
                             key: signer ?? actor.sign)
    }

    /// Applies `entry` and, when accepted, keeps it.
    mutating func apply(_ entry: MembershipEntry, community: CommunityState, circleMembers: Set<String>? = nil,
                        now: UInt64? = nil) throws(ProtocolError) {
        try log.apply(entry, community: community, circleMembers: circleMembers, now: now)
        entries.append(entry)
    }

    /// Signs and applies an entry, judged at `tNow` as the server does; it must be accepted.
    mutating func append(_ action: MembershipEntry.Action, _ member: Person, by actor: Person, in community: CommunityLog,
                         circleMembers: Set<String>? = nil) throws {
        try apply(entry(action, member, by: actor, in: community), community: community.state, circleMembers: circleMembers, now: tNow)
    }

    /// A client's replay of `entries` (default: the accepted ones) from the record or from seq 0.
    func replay(_ entries: [MembershipEntry]? = nil, community: CommunityState, circleMembers: Set<String>? = nil) throws(ProtocolError) -> KeyringLog {
        var fresh: KeyringLog
        if let record {
            fresh = try KeyringLog.thread(record, community: community)
        } else {
            guard case .circle(let circleID) = log.kind else { fatalError("a thread book without a record") }
            fresh = try KeyringLog.circle(circleID, community: community)
        }
        for entry in entries ?? self.entries { try fresh.apply(entry, community: community, circleMembers: circleMembers) }
        return fresh
    }
}

/// A community with a collaboration circle (moderated by a community
/// moderator) and people certified into it, for thread tests.
struct Forum {
    var log: CommunityLog
    /// The root admin.
    var admin: Person { log.root }
    /// A community moderator (its own organisation), the circle's moderator and a member of it.
    let moderator: Person
    let circleID: String
    /// The circle's keyring log.
    var circle: KeyringBook
    let orgO = newID(), orgP = newID(), orgE = newID()

    init() throws {
        log = try CommunityLog()
        let root = log.root
        moderator = try log.add(.moderator, by: root)
        circleID = try log.createCircle(by: root, moderators: [moderator])
        circle = try KeyringBook(circle: circleID, community: log.state)
        try circle.append(.add, moderator, by: moderator, in: log)
    }

    var state: CommunityState { log.state }
    /// The circle's members now (who a thread in it may add).
    var circleMembers: Set<String> { circle.log.holders(community: log.state) }

    /// Certifies someone new (members by the moderator, other roles by the root) and admits it to the circle unless told.
    mutating func person(_ role: Role, org: String, inCircle: Bool = true) throws -> Person {
        let issuer = role == .member || role == .orgAdmin ? moderator : admin
        let person = try log.add(role, by: issuer, org: org)
        if inCircle { try circle.append(.add, person, by: moderator, in: log) }
        return person
    }

    /// A member of the author's organisation, of another, an expert.
    mutating func member(_ org: String? = nil, inCircle: Bool = true) throws -> Person { try person(.member, org: org ?? orgO, inCircle: inCircle) }
    mutating func expert(inCircle: Bool = true) throws -> Person { try person(.expert, org: orgE, inCircle: inCircle) }

    /// A thread of `label` by `author` in the circle and its keyring log.
    func thread(_ label: TLPLabel, by author: Person) throws -> KeyringBook {
        try KeyringBook(thread: log.record(label, by: author, circleID: circleID), community: log.state)
    }

    /// Signs an entry of `book` and applies it as the server does (judged at `tNow`, the circle's members now).
    func append(_ book: inout KeyringBook, _ action: MembershipEntry.Action, _ member: Person, by actor: Person) throws {
        try book.append(action, member, by: actor, in: log, circleMembers: circleMembers)
    }

    /// Applies `entry` to `book` as the server does; throws what it refuses.
    func judge(_ book: inout KeyringBook, _ entry: MembershipEntry) throws(ProtocolError) {
        try book.apply(entry, community: log.state, circleMembers: circleMembers, now: tNow)
    }

    /// Suspends, reinstates or revokes `member` (by the root).
    mutating func sanction(_ kind: LogKind, _ member: Person) throws {
        try log.apply(log.sanction(kind, member, by: admin))
    }
}
