import Core
import Crypto
import Protocol

// Builders for community logs with fresh keys, so each test states only
// what it changes: a person, a certificate, a signed entry.

let day: UInt64 = 86_400
/// 2026-01-01T00:00:00Z; the root certificate is issued then.
let t0: UInt64 = 1_767_225_600

func newID() -> String { Identifier.uuid(fromRandom: Random.bytes(16)) }

/// Someone with an id, an organisation and a fresh key bundle.
struct Person {
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

    /// The same member with a new key bundle.
    func rekeyed() -> Person { Person(id: id, org: org) }
    /// The same member with a new box key only.
    func newBoxKey() -> Person { Person(id: id, org: org, sign: sign) }
}

/// A community log being written, with the state a client gets from
/// replaying it (pinned to the root's fingerprint).
struct CommunityLog {
    let communityID: String
    let root: Person
    private(set) var state: CommunityState
    private(set) var entries: [LogEntry] = []

    init(communityID: String = newID(), root: Person = Person()) throws {
        self.communityID = communityID
        self.root = root
        state = CommunityState(communityID: communityID, policy: try RolePolicy.embedded(),
                               pinnedRoot: KeyBundle.fingerprint(signPublicKey: root.sign.publicKey, boxPublicKey: root.box.publicKey))
        try apply(CommunityLog.rootEntry(communityID: communityID, root: root))
    }

    /// Entry 0 for `root`, with every part open to change for negative tests.
    static func rootEntry(communityID: String, root: Person, role: Role = .admin, certCommunityID: String? = nil,
                          issuerID: String? = nil, actorID: String? = nil, issuedAt: UInt64 = t0,
                          expiresAt: UInt64 = t0 + 10 * 365 * day, certSigner: SigningSecretKey? = nil,
                          keyChangeBy: SigningSecretKey? = nil, seq: UInt64 = 0,
                          prevHash: [UInt8] = LogEntry.genesis) -> LogEntry {
        let cert = Certificate(communityID: certCommunityID ?? communityID, memberID: root.id, orgID: root.org, role: role,
                               signPublicKey: root.sign.publicKey, boxPublicKey: root.box.publicKey,
                               issuedAt: issuedAt, expiresAt: expiresAt, issuerID: issuerID ?? root.id)
        let signed = SignedCertificate.issue(cert, by: certSigner ?? root.sign, keyChangeBy: keyChangeBy)
        return LogEntry.sign(communityID: communityID, seq: seq, kind: .root, actorID: actorID ?? root.id, payload: signed.payload,
                             prevHash: prevHash, key: root.sign)
    }

    var head: [UInt8] { entries.last.map { $0.hash(communityID: communityID) } ?? LogEntry.genesis }
    var nextSeq: UInt64 { UInt64(entries.count) }

    /// A certificate for `subject` issued by `issuer` (valid one year from `issuedAt` unless told).
    func certificate(_ subject: Person, _ role: Role, by issuer: Person, issuedAt: UInt64 = t0 + day, expiresAt: UInt64? = nil,
                     communityID: String? = nil, orgID: String? = nil, issuerID: String? = nil) -> Certificate {
        Certificate(communityID: communityID ?? self.communityID, memberID: subject.id, orgID: orgID ?? subject.org, role: role,
                    signPublicKey: subject.sign.publicKey, boxPublicKey: subject.box.publicKey,
                    issuedAt: issuedAt, expiresAt: expiresAt ?? issuedAt + 365 * day, issuerID: issuerID ?? issuer.id)
    }

    /// An entry signed by `actor` (or `signer`) at the log's next position (or `seq`/`prevHash`).
    func entry(_ kind: LogKind, by actor: Person, payload: [UInt8], seq: UInt64? = nil, prevHash: [UInt8]? = nil,
               signer: SigningSecretKey? = nil) -> LogEntry {
        LogEntry.sign(communityID: communityID, seq: seq ?? nextSeq, kind: kind, actorID: actor.id, payload: payload,
                      prevHash: prevHash ?? head, key: signer ?? actor.sign)
    }

    /// A certify entry for `certificate`, the certificate signed by `certSigner` (default: the issuer).
    func certify(_ certificate: Certificate, by issuer: Person, certSigner: SigningSecretKey? = nil,
                 keyChangeBy: SigningSecretKey? = nil, seq: UInt64? = nil, prevHash: [UInt8]? = nil) -> LogEntry {
        let signed = SignedCertificate.issue(certificate, by: certSigner ?? issuer.sign, keyChangeBy: keyChangeBy)
        return entry(.certify, by: issuer, payload: signed.payload, seq: seq, prevHash: prevHash)
    }

    /// A certify entry with a default certificate.
    func certify(_ subject: Person, as role: Role, by issuer: Person, issuedAt: UInt64 = t0 + day, expiresAt: UInt64? = nil,
                 keyChangeBy: SigningSecretKey? = nil) -> LogEntry {
        certify(certificate(subject, role, by: issuer, issuedAt: issuedAt, expiresAt: expiresAt), by: issuer, keyChangeBy: keyChangeBy)
    }

    /// A revoke, suspend or reinstate entry.
    func sanction(_ kind: LogKind, _ subject: Person, by actor: Person, reason: String = "test") -> LogEntry {
        entry(kind, by: actor, payload: SanctionPayload(kind: kind, memberID: subject.id, reason: reason).bytes)
    }

    /// Applies `entry` to the state and, when accepted, appends it.
    mutating func apply(_ entry: LogEntry, now: UInt64? = nil) throws(ProtocolError) {
        try state.apply(entry, now: now)
        entries.append(entry)
    }

    /// Certifies a new person, who must be accepted.
    @discardableResult
    mutating func add(_ role: Role, by issuer: Person, org: String? = nil, issuedAt: UInt64 = t0 + day,
                      expiresAt: UInt64? = nil) throws -> Person {
        let person = Person(org: org ?? newID())
        try apply(certify(person, as: role, by: issuer, issuedAt: issuedAt, expiresAt: expiresAt))
        return person
    }

    /// A client's replay of the whole log from nothing.
    func replay(pinnedRoot: String? = nil) throws(ProtocolError) -> CommunityState {
        var fresh = CommunityState(communityID: communityID, policy: state.policy, pinnedRoot: pinnedRoot ?? state.pinnedRoot)
        for entry in entries { try fresh.apply(entry) }
        return fresh
    }
}

/// A community with one of each role: the root, a second admin, a
/// moderator, an expert, a member and an org admin of the member's organisation.
struct Cast {
    var log: CommunityLog
    let admin: Person
    let moderator: Person
    let expert: Person
    let member: Person
    let orgAdmin: Person
    var root: Person { log.root }

    init() throws {
        log = try CommunityLog()
        admin = try log.add(.admin, by: log.root)
        moderator = try log.add(.moderator, by: log.root)
        expert = try log.add(.expert, by: admin)
        member = try log.add(.member, by: moderator)
        orgAdmin = try log.add(.orgAdmin, by: moderator, org: member.org)
    }

    /// The person holding `role` in this cast (the second admin for `.admin`).
    func person(_ role: Role) -> Person {
        switch role {
        case .admin: admin
        case .moderator: moderator
        case .expert: expert
        case .member: member
        case .orgAdmin: orgAdmin
        }
    }
}
