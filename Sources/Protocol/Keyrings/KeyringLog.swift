import Core
import Crypto

/// Who holds a keyring, as its signed membership log says (PROTOCOL.md
/// §4.1), replayed with every check: the chain, each signature, and each
/// actor's right under DESIGN.md's TLP table (`TLPRules`) for a thread, or
/// as a circle moderator for a circle. The holder set is the log's set minus
/// the members the community log has revoked or suspended.
///
///     var log = try KeyringLog.thread(record, community: state)
///     try log.apply(entry, community: state)
///     log.holders(community: state)
///
/// The server appends through the same `apply`, passing `now`, so it refuses
/// what a client would refuse. A replay (`now` nil) cannot tell when an entry
/// was signed (entries bind no community-log position), so it accepts an
/// entry that any of the actor's certificates, a current or former circle
/// moderator, or a participant now suspended or revoked could have signed;
/// judging a new entry (`now` given) accepts only an active actor under its
/// current certificate, adding an active member under its current one. The
/// default circle has no membership log: its holders are the community's
/// active members and its positions are community-log positions.
public struct KeyringLog: Sendable {
    public enum Kind: Sendable, Equatable {
        /// The keyring of an AMBER, AMBER+STRICT or RED thread.
        case thread(ThreadRecord)
        /// The keyring of a collaboration circle.
        case circle(circleID: String)
    }

    public let keyringID: String
    public let kind: Kind
    /// The seq the next entry must have.
    public private(set) var nextSeq: UInt64
    /// The last entry's hash (for a thread, entry 0 is the creation record).
    public private(set) var head: [UInt8]
    /// Members the log has added and not removed, by id, with the
    /// `cert_hash` the adding entry named.
    public private(set) var participants: [String: [UInt8]]
    /// Every entry's hash by seq (positions posts and epochs may bind).
    public private(set) var hashes: [[UInt8]]
    /// Everyone the log ever added, removed or not (for a circle's log: the
    /// `circleMembers` a replay of its threads' logs passes).
    public private(set) var admitted: Set<String> = []
    /// For each current participant, the seq of the entry that (last)
    /// added it (a thread's author: 0, the creation record). A post or an
    /// epoch by a participant binds a position at or after it: a participant
    /// cannot claim a view of the log from before it was in it.
    public private(set) var addedAt: [String: UInt64] = [:]

    /// The keyring of a thread, starting from its signed creation record.
    /// `now` (seconds): the server judging a new thread; the author must then
    /// be active and name its current certificate.
    public static func thread(_ record: ThreadRecord, community: CommunityState, now: UInt64? = nil) throws(ProtocolError) -> KeyringLog {
        guard record.communityID == community.communityID else { throw .invalid("the thread belongs to another community") }
        guard !record.label.usesCircleKeyring else { throw .invalid("a \(record.label.rawValue) thread uses its circle's keyring") }
        guard let author = community.member(record.authorID), let certificate = author.certificate(hash: record.authorCertHash) else {
            throw .invalid("the thread's author or its certificate is unknown")
        }
        guard record.isSigned(by: certificate.certificate.signPublicKey) else { throw .badSignature("the thread's creation record") }
        if let now {
            guard author.status == .active else { throw .notAllowed("the thread's author is \(author.status.rawValue)") }
            guard author.current.hash == record.authorCertHash, author.current.certificate.isCurrent(at: now) else {
                throw .notAllowed("the thread's record does not name the author's current certificate")
            }
        }
        // A thread keyring is not the default circle's nor a collaboration circle's.
        let circleIDs = community.circles.values.flatMap { [$0.id, $0.keyringID] } + [community.communityID]
        guard !circleIDs.contains(record.keyringID) else { throw .invalid("the thread's keyring id is a circle's") }
        guard record.circleID == community.defaultCircleID || community.circles[record.circleID] != nil else {
            throw .invalid("the thread's circle is unknown")
        }
        return KeyringLog(keyringID: record.keyringID, kind: .thread(record), nextSeq: 1, head: record.hash,
                          participants: [record.authorID: record.authorCertHash], hashes: [record.hash], admitted: [record.authorID],
                          addedAt: [record.authorID: 0])
    }

    /// The keyring of a collaboration circle: entries from seq 0, the first
    /// pointing at 32 zero bytes.
    public static func circle(_ circleID: String, community: CommunityState) throws(ProtocolError) -> KeyringLog {
        guard let circle = community.circles[circleID] else { throw .invalid("unknown circle") }
        return KeyringLog(keyringID: circle.keyringID, kind: .circle(circleID: circleID), nextSeq: 0, head: LogEntry.genesis,
                          participants: [:], hashes: [])
    }

    /// The label of a thread keyring (nil for a circle).
    public var label: TLPLabel? {
        if case .thread(let record) = kind { return record.label }
        return nil
    }

    /// The holders now: participants the community log has not revoked or suspended.
    public func holders(community: CommunityState) -> Set<String> {
        Set(participants.keys.filter { community.member($0)?.status == .active })
    }

    /// Checks `entry` against the log so far and applies it. `circleMembers`
    /// is who belongs to the thread's circle (nil: the default circle, every
    /// member); a replay passes everyone the circle's log ever admitted
    /// (`admitted`), since it cannot tell when an entry was signed. `now`
    /// (seconds) is the server's clock when it judges a new entry: the actor
    /// must then be active under its current certificate, and an added member
    /// active and named by its current certificate.
    public mutating func apply(_ entry: MembershipEntry, community: CommunityState, circleMembers: Set<String>? = nil,
                               now: UInt64? = nil) throws(ProtocolError) {
        guard entry.keyringID == keyringID else { throw .invalid("entry \(entry.seq) is for another keyring") }
        guard entry.seq == nextSeq else {
            throw .brokenChain(entry.seq < nextSeq ? "keyring entry \(entry.seq) again" : "keyring entry \(nextSeq) is missing")
        }
        guard entry.prevHash == head else { throw .brokenChain("keyring entry \(entry.seq) does not follow the one before (a fork or a changed entry)") }
        guard let actor = community.member(entry.actorID) else { throw .notAllowed("keyring entry \(entry.seq): the actor is not a member") }
        // The certificates the entry may be signed under. Entries of the past
        // were judged when they were appended; on replay the signature must come
        // from one of the actor's certified keys. A new entry: the current one
        // of an active member.
        let candidates: [Certificate]
        if let now {
            guard actor.status == .active else { throw .notAllowed("keyring entry \(entry.seq): the actor is \(actor.status.rawValue)") }
            guard actor.current.certificate.isCurrent(at: now) else {
                throw .notAllowed("keyring entry \(entry.seq): the actor's certificate is not current")
            }
            candidates = [actor.current.certificate]
        } else {
            candidates = actor.certificates.map(\.certificate.certificate)
        }
        let signers = candidates.filter { $0.signPublicKey.isValidSignature(entry.signature, for: entry.signedBytes) }
        guard !signers.isEmpty else { throw .badSignature("keyring entry \(entry.seq) is not signed by its actor") }
        guard let subject = community.member(entry.memberID), let subjectCert = subject.certificate(hash: entry.memberCertHash) else {
            throw .invalid("keyring entry \(entry.seq): the member or the certificate it names is unknown")
        }
        if let now, entry.action == .add {
            guard subject.status == .active else { throw .notAllowed("keyring entry \(entry.seq): adds a member who is \(subject.status.rawValue)") }
            guard subject.current.hash == entry.memberCertHash, subject.current.certificate.isCurrent(at: now) else {
                throw .notAllowed("keyring entry \(entry.seq): adds a member under a certificate that is not its current one")
            }
        }
        switch kind {
        case .thread(let record):
            try applyThreadRule(entry, record: record, actor: actor, signers: signers, subject: subject, subjectCert: subjectCert.certificate,
                                community: community, circleMembers: circleMembers)
        case .circle(let circleID):
            try applyCircleRule(entry, circleID: circleID, actor: actor, community: community, judgingNow: now != nil)
        }
        switch entry.action {
        case .add:
            participants[entry.memberID] = entry.memberCertHash
            admitted.insert(entry.memberID)
            addedAt[entry.memberID] = entry.seq
        case .remove, .leave:
            participants[entry.memberID] = nil
            addedAt[entry.memberID] = nil
        }
        head = entry.hash
        hashes.append(head)
        nextSeq += 1
    }

    private func applyThreadRule(_ entry: MembershipEntry, record: ThreadRecord, actor: CommunityState.Member, signers: [Certificate],
                                 subject: CommunityState.Member, subjectCert: Certificate, community: CommunityState,
                                 circleMembers: Set<String>?) throws(ProtocolError) {
        guard let authorOrg = community.member(record.authorID)?.orgID else { throw .invalid("the thread's author is unknown") }
        // The actor as each certificate it may have signed under describes it
        // (a role can change between certificates; the organisation cannot).
        let actors = signers.map {
            TLPRules.Actor(isAuthor: actor.memberID == record.authorID, isHolder: participants[actor.memberID] != nil,
                           orgID: $0.orgID, isExpert: $0.role == .expert)
        }
        let who = actors[0]
        switch entry.action {
        case .add:
            guard participants[entry.memberID] == nil else { throw .invalid("keyring entry \(entry.seq): already a participant") }
            let target = TLPRules.Target(orgID: subjectCert.orgID, isExpert: subjectCert.role == .expert,
                                         inCircle: circleMembers.map { $0.contains(subject.memberID) } ?? true)
            guard actors.contains(where: { TLPRules.mayAdd(label: record.label, actor: $0, authorOrg: authorOrg, target: target) }) else {
                throw .notAllowed("keyring entry \(entry.seq): under \(record.label.rawValue) this participant may not add that member")
            }
        case .remove:
            guard participants[entry.memberID] != nil, entry.memberID != actor.memberID else {
                throw .invalid("keyring entry \(entry.seq): removes someone who is not a participant")
            }
            guard TLPRules.mayRemove(label: record.label, actor: who) else {
                throw .notAllowed("keyring entry \(entry.seq): only the author removes participants")
            }
        case .leave:
            guard entry.memberID == actor.memberID, TLPRules.mayLeave(label: record.label, actor: who) else {
                throw .notAllowed("keyring entry \(entry.seq): only a participant leaves, itself")
            }
        }
    }

    private func applyCircleRule(_ entry: MembershipEntry, circleID: String, actor: CommunityState.Member, community: CommunityState,
                                 judgingNow: Bool) throws(ProtocolError) {
        // A new entry needs a moderator of the circle now; a replay cannot tell
        // when an entry was signed, so one who was ever appointed suffices
        // (otherwise relieving or suspending a circle moderator would break
        // every client's replay of the entries it signed).
        let moderates = judgingNow ? community.isCircleModerator(actor.memberID, of: circleID)
                                   : community.circles[circleID]?.appointed.contains(actor.memberID) == true
        switch entry.action {
        case .add:
            guard participants[entry.memberID] == nil else { throw .invalid("keyring entry \(entry.seq): already in the circle") }
            guard moderates else { throw .notAllowed("keyring entry \(entry.seq): only the circle's moderators admit") }
        case .remove:
            guard participants[entry.memberID] != nil else { throw .invalid("keyring entry \(entry.seq): removes someone not in the circle") }
            guard moderates else { throw .notAllowed("keyring entry \(entry.seq): only the circle's moderators remove") }
        case .leave:
            guard entry.memberID == actor.memberID, participants[entry.memberID] != nil else {
                throw .notAllowed("keyring entry \(entry.seq): only a member leaves, itself")
            }
        }
    }

    /// The hash at `seq`, for checking a position a post or epoch binds.
    public func hash(at seq: UInt64) -> [UInt8]? {
        seq < hashes.count ? hashes[Int(seq)] : nil
    }
}
