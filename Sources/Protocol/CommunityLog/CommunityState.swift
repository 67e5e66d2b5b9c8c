import Core
import Crypto

/// Who is who, as the community log says: the result of replaying it from
/// entry 0, checking every signature, hash link and right on the way. The
/// server appends through `apply` (so it refuses what a client would
/// refuse), and every client replays the log it fetches with the same code.
///
///     var state = CommunityState(communityID: id, policy: try RolePolicy.embedded(), pinnedRoot: fingerprint)
///     for entry in entries { try state.apply(entry) }
///     state.member(id)?.status                        // .active
public struct CommunityState: Sendable {
    public enum Status: String, Sendable, Codable {
        case active, suspended, revoked
    }

    /// A member as the log has it.
    public struct Member: Sendable {
        public let memberID: String
        /// Every certificate, oldest first, with the seq of its entry.
        public fileprivate(set) var certificates: [(seq: UInt64, certificate: SignedCertificate)]
        public fileprivate(set) var status: Status
        /// A certificate with a new key arrived without the old key's
        /// signature: show "unverified key change" and wrap nothing for this
        /// member until the user confirms the fingerprint. It stays set through
        /// later changes signed by the unconfirmed key (the log cannot know
        /// about the user's confirmation; the client keeps that).
        public fileprivate(set) var unverifiedKeyChange: Bool
        /// The seq of every entry about this member (certify, sanctions).
        public fileprivate(set) var entries: [UInt64]

        public var current: SignedCertificate { certificates.last!.certificate }
        public var role: Role { current.certificate.role }
        public var orgID: String { current.certificate.orgID }

        /// The certificate in force at `time` (for verifying an old post).
        public func certificate(at time: UInt64) -> SignedCertificate? {
            certificates.last { $0.certificate.certificate.issuedAt <= time && time < $0.certificate.certificate.expiresAt }?.certificate
        }

        /// The certificate whose `cert_hash` is `hash`, if it is one of this member's.
        public func certificate(hash: [UInt8]) -> SignedCertificate? {
            certificates.last { $0.certificate.hash == hash }?.certificate
        }

        /// Valid for new wraps and new actions at `time`: active and current.
        public func isValid(at time: UInt64) -> Bool {
            status == .active && current.certificate.isCurrent(at: time)
        }
    }

    /// The longest a certificate may run.
    public static let maxValidity: UInt64 = 3 * 366 * 86_400
    /// How far a certificate's issue time may lie before the latest one in the log.
    public static let issueTimeSlack: UInt64 = 86_400
    /// The longest the root certificate may run.
    public static let maxRootValidity: UInt64 = 20 * 366 * 86_400

    public let communityID: String
    public let policy: RolePolicy
    /// The root key bundle's fingerprint the client pinned; nil on the
    /// server, which takes its entry 0 from `init`.
    public let pinnedRoot: String?
    /// The seq the next entry must have (= entries so far).
    public private(set) var nextSeq: UInt64 = 0
    /// The last entry's hash (32 zero bytes before entry 0).
    public private(set) var head: [UInt8] = LogEntry.genesis
    public private(set) var members: [String: Member] = [:]
    /// The circles besides the default one, by id.
    public private(set) var circles: [String: Circle] = [:]
    public private(set) var rootID: String?
    /// The latest issue time of any certificate in the log so far.
    public private(set) var latestIssuedAt: UInt64 = 0

    public init(communityID: String, policy: RolePolicy, pinnedRoot: String? = nil) {
        self.communityID = communityID
        self.policy = policy
        self.pinnedRoot = pinnedRoot
    }

    public func member(_ id: String) -> Member? { members[id] }

    /// A collaboration group with its own keyring and moderators. The whole
    /// community is the default circle: its id and its keyring's id are the
    /// community id, its holders every active member, its moderators the
    /// community's moderators and admins, and its "membership log" the
    /// community log itself.
    public struct Circle: Sendable, Equatable {
        public let id: String
        public let keyringID: String
        public let nameHash: [UInt8]
        public let createdSeq: UInt64
        public fileprivate(set) var moderators: Set<String>
        /// Everyone ever appointed a moderator of the circle, relieved or not:
        /// a replay of the circle's keyring log cannot tell when an entry was
        /// signed, so it accepts their entries (KeyringLog).
        public fileprivate(set) var appointed: Set<String> = []
    }

    /// The default circle's id (and its keyring's): the community id.
    public var defaultCircleID: String { communityID }

    /// The moderators' keyring (reports, part 4): its id is derived from the
    /// community id, `uuid(H(frame("trustforum/moderators-keyring/v1",
    /// community_id))[0..<16])`, so every client computes it; its holders are
    /// the active moderators and admins; like the default keyring, its
    /// positions are community-log positions.
    public var moderatorsKeyringID: String {
        Identifier.uuid(fromRandom: Array(GenericHash.hash(Frame.frame(context: "trustforum/moderators-keyring/v1",
                                                                         [.string(communityID)])).prefix(16)))
    }

    /// True when `memberID` holds the moderators' keyring: an active moderator or admin.
    public func holdsModeratorsKeyring(_ memberID: String) -> Bool {
        guard let member = members[memberID], member.status == .active else { return false }
        return member.role == .moderator || member.role == .admin
    }

    /// True when `memberID` moderates `circleID` now: an active member
    /// appointed to it (for the default circle: an active moderator or admin).
    public func isCircleModerator(_ memberID: String, of circleID: String) -> Bool {
        guard let member = members[memberID], member.status == .active else { return false }
        if circleID == defaultCircleID { return member.role == .moderator || member.role == .admin }
        return circles[circleID]?.moderators.contains(memberID) ?? false
    }

    /// Checks `entry` against everything so far and applies it. `now`
    /// (seconds) is the server's clock when it judges a new entry; replays
    /// pass nil and rely on the times signed into certificates.
    public mutating func apply(_ entry: LogEntry, now: UInt64? = nil) throws(ProtocolError) {
        guard entry.seq == nextSeq else {
            throw .brokenChain(entry.seq < nextSeq ? "entry \(entry.seq) again (the log went backwards or was replayed)"
                                                   : "entry \(nextSeq) is missing (got \(entry.seq))")
        }
        guard entry.prevHash == head else { throw .brokenChain("entry \(entry.seq) does not follow entry \(Int(entry.seq) - 1) (a fork or a changed entry)") }
        switch entry.kind {
        case .root: try applyRoot(entry)
        case .certify: try applyCertify(entry, now: now)
        case .revoke, .suspend, .reinstate: try applySanction(entry, now: now)
        case .circleCreate: try applyCircleCreate(entry, now: now)
        case .circleModerator: try applyCircleModerator(entry, now: now)
        }
        head = entry.hash(communityID: communityID)
        nextSeq += 1
    }

    private func verifyEntrySignature(_ entry: LogEntry, key: SigningPublicKey) throws(ProtocolError) {
        guard key.isValidSignature(entry.signature, for: entry.signedBytes(communityID: communityID)) else {
            throw .badSignature("entry \(entry.seq) is not signed by its actor")
        }
    }

    private mutating func applyRoot(_ entry: LogEntry) throws(ProtocolError) {
        guard entry.seq == 0 else { throw .invalid("a root entry after entry 0") }
        let signed = try SignedCertificate.parse(payload: entry.payload)
        let cert = signed.certificate
        guard cert.communityID == communityID else { throw .invalid("the root certificate is for another community") }
        guard cert.role == .admin, cert.issuerID == cert.memberID, entry.actorID == cert.memberID else {
            throw .invalid("the root certificate must be a self-signed admin certificate")
        }
        guard signed.keyChangeSignature == nil else { throw .invalid("the root certificate carries a key-change signature") }
        guard cert.expiresAt - cert.issuedAt <= CommunityState.maxRootValidity else { throw .invalid("the root certificate runs too long") }
        if let pinnedRoot, cert.fingerprint != pinnedRoot {
            throw .notAllowed("the root key is not the pinned root (\(cert.fingerprint) instead of \(pinnedRoot))")
        }
        guard signed.isSigned(by: cert.signPublicKey) else { throw .badSignature("the root certificate is not self-signed") }
        try verifyEntrySignature(entry, key: cert.signPublicKey)
        members[cert.memberID] = Member(memberID: cert.memberID, certificates: [(0, signed)], status: .active,
                                        unverifiedKeyChange: false, entries: [0])
        rootID = cert.memberID
        latestIssuedAt = cert.issuedAt
    }

    /// The actor of a non-root entry: known, active, and holding a
    /// certificate current at `time` (when known).
    fileprivate func actingMember(of entry: LogEntry, at time: UInt64?) throws(ProtocolError) -> Member {
        guard entry.seq > 0, rootID != nil else { throw .invalid("entry 0 must be the root") }
        guard let actor = members[entry.actorID] else { throw .notAllowed("entry \(entry.seq): the actor is not a member") }
        guard actor.status == .active else { throw .notAllowed("entry \(entry.seq): the actor is \(actor.status.rawValue)") }
        if let time, !actor.current.certificate.isCurrent(at: time) {
            throw .notAllowed("entry \(entry.seq): the actor's certificate is not current")
        }
        try verifyEntrySignature(entry, key: actor.current.certificate.signPublicKey)
        return actor
    }

    private mutating func applyCertify(_ entry: LogEntry, now: UInt64?) throws(ProtocolError) {
        let signed = try SignedCertificate.parse(payload: entry.payload)
        let cert = signed.certificate
        let issuer = try actingMember(of: entry, at: cert.issuedAt)
        guard cert.communityID == communityID else { throw .invalid("entry \(entry.seq): a certificate for another community") }
        guard cert.issuerID == entry.actorID else { throw .invalid("entry \(entry.seq): the certificate names another issuer than the entry's actor") }
        guard signed.isSigned(by: issuer.current.certificate.signPublicKey) else {
            throw .badSignature("entry \(entry.seq): the certificate is not signed by its issuer")
        }
        guard policy.mayCertify(issuer: issuer.role, subject: cert.role) else {
            throw .notAllowed("entry \(entry.seq): a \(issuer.role.rawValue) may not certify a \(cert.role.rawValue)")
        }
        let isRoot = cert.memberID == rootID
        guard cert.expiresAt - cert.issuedAt <= (isRoot ? CommunityState.maxRootValidity : CommunityState.maxValidity) else {
            throw .invalid("entry \(entry.seq): the certificate runs too long")
        }
        guard !isRoot || cert.role == .admin else { throw .notAllowed("entry \(entry.seq): the root stays an admin") }
        // Issue times may not run backwards along the log (a day of clock
        // slack): an issuer whose certificate has expired cannot backdate a
        // new one into its old validity, which a replaying client could not
        // tell from the signed bytes alone.
        guard cert.issuedAt + CommunityState.issueTimeSlack >= latestIssuedAt else {
            throw .invalid("entry \(entry.seq): the certificate is issued before earlier ones in the log")
        }
        if let now {
            guard cert.issuedAt <= now + 600, cert.issuedAt + 86_400 >= now else {
                throw .invalid("entry \(entry.seq): the certificate's issue time is not now")
            }
        }
        if var existing = members[cert.memberID] {
            guard existing.status == .active else {
                throw .invalid("entry \(entry.seq): the member is \(existing.status.rawValue); \(existing.status == .suspended ? "reinstate first" : "removal is final")")
            }
            guard cert.orgID == existing.orgID else { throw .invalid("entry \(entry.seq): a member cannot change organisation") }
            guard cert.memberID != rootID || issuer.memberID == rootID else {
                throw .notAllowed("entry \(entry.seq): only the root renews the root")
            }
            // A certificate for an existing member acts on that member (it can
            // change its role and keys), so the issuer needs the same standing
            // over the member's present role as for suspending or removing it:
            // otherwise a moderator could demote, or re-key, an admin or another
            // moderator by issuing a `member` certificate for its id.
            guard policy.maySanction(actor: issuer.role, subject: existing.role) else {
                throw .notAllowed("entry \(entry.seq): a \(issuer.role.rawValue) may not re-certify a \(existing.role.rawValue)")
            }
            let oldKey = existing.current.certificate.signPublicKey
            if cert.signPublicKey != oldKey || cert.boxPublicKey != existing.current.certificate.boxPublicKey {
                if signed.keyChangeSignature != nil {
                    guard signed.isKeyChangeSigned(by: oldKey) else {
                        throw .badSignature("entry \(entry.seq): the key-change signature is not the old key's")
                    }
                    // A change signed by a key nobody confirmed confirms nothing:
                    // an earlier unverified change stays flagged.
                } else {
                    existing.unverifiedKeyChange = true
                }
            } else if signed.keyChangeSignature != nil {
                throw .invalid("entry \(entry.seq): a key-change signature without a key change")
            }
            existing.certificates.append((entry.seq, signed))
            existing.entries.append(entry.seq)
            members[cert.memberID] = existing
            latestIssuedAt = max(latestIssuedAt, cert.issuedAt)
        } else {
            guard signed.keyChangeSignature == nil else { throw .invalid("entry \(entry.seq): a key-change signature for a new member") }
            members[cert.memberID] = Member(memberID: cert.memberID, certificates: [(entry.seq, signed)], status: .active,
                                            unverifiedKeyChange: false, entries: [entry.seq])
            latestIssuedAt = max(latestIssuedAt, cert.issuedAt)
        }
    }

    private mutating func applySanction(_ entry: LogEntry, now: UInt64?) throws(ProtocolError) {
        let payload = try SanctionPayload.parse(entry.payload, kind: entry.kind)
        let actor = try actingMember(of: entry, at: now)
        guard var subject = members[payload.memberID] else { throw .invalid("entry \(entry.seq): the member is unknown") }
        guard subject.memberID != rootID else { throw .notAllowed("entry \(entry.seq): the root cannot be \(entry.kind.rawValue)d") }
        guard subject.memberID != actor.memberID else { throw .notAllowed("entry \(entry.seq): nobody sanctions themselves") }
        guard policy.maySanction(actor: actor.role, subject: subject.role) else {
            throw .notAllowed("entry \(entry.seq): a \(actor.role.rawValue) may not \(entry.kind.rawValue) a \(subject.role.rawValue)")
        }
        switch (entry.kind, subject.status) {
        case (.suspend, .active): subject.status = .suspended
        case (.reinstate, .suspended): subject.status = .active
        case (.revoke, .active), (.revoke, .suspended): subject.status = .revoked
        default:
            throw .invalid("entry \(entry.seq): cannot \(entry.kind.rawValue) a member who is \(subject.status.rawValue)")
        }
        subject.entries.append(entry.seq)
        members[payload.memberID] = subject
    }
}

extension CommunityState {
    /// `circle-create`: admins create collaboration circles.
    fileprivate mutating func applyCircleCreate(_ entry: LogEntry, now: UInt64?) throws(ProtocolError) {
        let payload = try CircleCreatePayload.parse(entry.payload)
        let actor = try actingMember(of: entry, at: now)
        guard actor.role == .admin else { throw .notAllowed("entry \(entry.seq): only admins create circles") }
        guard Identifier.isValid(payload.circleID), Identifier.isValid(payload.keyringID) else {
            throw .malformed("entry \(entry.seq): circle and keyring ids must be lower-case UUIDs")
        }
        let taken = Set(circles.values.flatMap { [$0.id, $0.keyringID] } + [communityID])
        guard !taken.contains(payload.circleID), !taken.contains(payload.keyringID), payload.circleID != payload.keyringID else {
            throw .invalid("entry \(entry.seq): the circle or keyring id is taken")
        }
        circles[payload.circleID] = Circle(id: payload.circleID, keyringID: payload.keyringID, nameHash: payload.nameHash,
                                           createdSeq: entry.seq, moderators: [])
    }

    /// `circle-moderator`: admins appoint and relieve circle moderators.
    fileprivate mutating func applyCircleModerator(_ entry: LogEntry, now: UInt64?) throws(ProtocolError) {
        let payload = try CircleModeratorPayload.parse(entry.payload)
        let actor = try actingMember(of: entry, at: now)
        guard actor.role == .admin else { throw .notAllowed("entry \(entry.seq): only admins appoint circle moderators") }
        guard var circle = circles[payload.circleID] else { throw .invalid("entry \(entry.seq): no such circle") }
        guard let subject = members[payload.memberID] else { throw .invalid("entry \(entry.seq): the member is unknown") }
        if payload.add {
            // Only an active member is appointed; a suspended or revoked one
            // may still be relieved (and is no moderator meanwhile: isCircleModerator).
            guard subject.status == .active else { throw .invalid("entry \(entry.seq): the member is \(subject.status.rawValue)") }
            guard circle.moderators.insert(subject.memberID).inserted else { throw .invalid("entry \(entry.seq): already a moderator of the circle") }
            circle.appointed.insert(subject.memberID)
        } else {
            guard circle.moderators.remove(subject.memberID) != nil else { throw .invalid("entry \(entry.seq): not a moderator of the circle") }
        }
        circles[payload.circleID] = circle
    }
}
