import Core
import Crypto
import Foundation
import Protocol

/// A new thread as its author sends it (`POST /v1/threads`): the signed
/// creation record and, for AMBER and up, the participants' add entries
/// (1…n) and epoch 1 with its wraps. The author caches `epoch.key` once
/// the server has accepted the thread.
public struct ThreadDraft: Sendable {
    public let record: ThreadRecord
    public let participants: [MembershipEntry]
    public let epoch: EpochDraft?
    public let body: ThreadWire.CreateThread

    public var threadID: String { record.threadID }
    public var keyringID: String { record.keyringID }
}

/// Builds new threads (PROTOCOL.md §4.1, DESIGN.md's TLP table). CLEAR and
/// GREEN threads use their circle's keyring and name nobody; AMBER,
/// AMBER+STRICT and RED threads get their own keyring whose participants
/// are resolved from member ids or organisation ids (all the organisation's
/// active members) and checked one by one with `KeyringLog.apply`, so that
/// the client never sends an addition TLP forbids.
///
///     let composer = ThreadComposer(community: community, author: me, now: now)
///     let draft = try composer.compose(label: .amber, recipients: [colleagueID, expertOrgID], topics: ["ransomware"])
///     try api.post("/v1/threads", draft.body)
public struct ThreadComposer: Sendable {
    public let community: VerifiedCommunity
    public let author: ThreadMember
    /// Seconds since the epoch, for certificate validity.
    public let now: UInt64

    public init(community: VerifiedCommunity, author: ThreadMember, now: UInt64) {
        self.community = community
        self.author = author
        self.now = now
    }

    /// `circle` is the verified keyring of a collaboration circle (nil: the
    /// default circle, the whole community). `confirmed` maps members with
    /// an unverified key change to the fingerprint the user confirmed.
    public func compose(label: TLPLabel, circle: VerifiedKeyring? = nil, recipients: [String] = [], topics: [String] = [],
                        askExperts: Bool = false, confirmed: [String: String] = [:],
                        threadID: String = ThreadComposer.newID(), keyringID: String = ThreadComposer.newID()) throws(ThreadFailure) -> ThreadDraft {
        let state = community.state
        let certificate = try author.currentCertificate(in: state, now: now)
        try ThreadTopics.check(topics)
        let circleID: String
        let circleKeyring: String
        if let circle {
            guard case .circle(let id) = circle.kind else { throw .mismatch("keyring \(circle.keyringID) is not a circle's") }
            guard circle.holders.contains(author.memberID) else { throw .notAllowed("the author is not a member of circle \(id)") }
            circleID = id
            circleKeyring = circle.keyringID
        } else {
            circleID = state.defaultCircleID
            circleKeyring = state.communityID
        }
        guard !label.usesCircleKeyring else {
            guard recipients.isEmpty else {
                throw .notAllowed("a \(label.rawValue) thread names no participants: every member of its circle reads it")
            }
            let record = sign(threadID: threadID, keyringID: circleKeyring, circleID: circleID, label: label, certificate: certificate)
            let body = ThreadWire.CreateThread(record: KeyringWire.Record(record), topics: topics, ask_experts: askExperts, participants: [],
                                               epoch: nil)
            return ThreadDraft(record: record, participants: [], epoch: nil, body: body)
        }
        let record = sign(threadID: threadID, keyringID: keyringID, circleID: circleID, label: label, certificate: certificate)
        var log: KeyringLog
        do { log = try KeyringLog.thread(record, community: state) } catch { throw .record(error) }
        var members = try resolve(recipients)
        let circleMembers = circle?.holders
        // Asking the experts (Part 5): under AMBER and AMBER+STRICT the
        // experts the author named, or else every expert of the circle;
        // under RED only experts the author names.
        if askExperts && !members.contains(where: { state.member($0)?.role == .expert }) {
            guard label != .red else {
                throw .notAllowed("a TLP:RED question goes only to experts you name: add them with --to")
            }
            let experts = state.members.values.filter {
                $0.role == .expert && $0.status == .active && $0.isValid(at: now) && $0.memberID != author.memberID
                    && (circleMembers?.contains($0.memberID) ?? true)
            }.map(\.memberID).sorted()
            guard !experts.isEmpty else { throw .notAllowed("the community has no active expert to ask") }
            members += experts
        }
        _ = try Recipients.resolve(members, state: state, now: now, confirmed: confirmed)
        var entries: [MembershipEntry] = []
        for id in members {
            let entry = MembershipEntry.sign(keyringID: keyringID, seq: log.nextSeq, action: .add, memberID: id,
                                             memberCertHash: state.member(id)!.current.hash, prevHash: log.head,
                                             actorID: author.memberID, key: author.signingKey)
            do {
                try log.apply(entry, community: state, circleMembers: circleMembers)
            } catch {
                throw .notAllowed(TLPExplanation.addition(of: id, label: label, circleID: circleID, state: state, error: error))
            }
            entries.append(entry)
        }
        let epoch = try Rotation.newEpoch(keyringID: keyringID, number: 1, head: LogFollower.Head(seq: log.nextSeq - 1, hash: log.head),
                                          holders: log.holders(community: state), community: community, by: author, now: now,
                                          confirmed: confirmed)
        let body = ThreadWire.CreateThread(record: KeyringWire.Record(record), topics: topics, ask_experts: askExperts,
                                           participants: entries.map(KeyringWire.Entry.init), epoch: epoch.body)
        return ThreadDraft(record: record, participants: entries, epoch: epoch, body: body)
    }

    /// A new lower-case UUID.
    public static func newID() -> String { Identifier.uuid(fromRandom: Random.bytes(16)) }

    private func sign(threadID: String, keyringID: String, circleID: String, label: TLPLabel,
                      certificate: SignedCertificate) -> ThreadRecord {
        ThreadRecord.sign(communityID: community.communityID, threadID: threadID, keyringID: keyringID, circleID: circleID, label: label,
                          authorID: author.memberID, authorCertHash: certificate.hash, key: author.signingKey)
    }

    /// Member ids for recipients: a member id stands for itself, an
    /// organisation id for every member of it valid now; in the order
    /// given, each once, without the author.
    func resolve(_ recipients: [String]) throws(ThreadFailure) -> [String] {
        let state = community.state
        var members: [String] = []
        var seen: Set<String> = [author.memberID]
        for id in recipients {
            guard Identifier.isValid(id) else { throw .recipient(id, "is not a lower-case UUID") }
            if state.member(id) != nil {
                if seen.insert(id).inserted { members.append(id) }
                continue
            }
            let colleagues = state.members.values.filter { $0.orgID == id && $0.isValid(at: now) }.map(\.memberID).sorted()
            guard !colleagues.isEmpty else { throw .recipient(id, "is neither a member nor an organisation with active members") }
            for member in colleagues where seen.insert(member).inserted { members.append(member) }
        }
        return members
    }
}

/// The fixed list of thread topics (Policies/topics.json).
enum ThreadTopics {
    static let all: Set<String> = {
        let data = Data(EmbeddedPolicies.text("topics").utf8)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return Set(object?["topics"] as? [String] ?? [])
    }()

    static func check(_ topics: [String]) throws(ThreadFailure) {
        for topic in topics where !all.contains(topic) { throw .notAllowed("\"\(topic)\" is not one of the topics in Policies/topics.json") }
        guard Set(topics).count == topics.count else { throw .notAllowed("a topic is named twice") }
    }
}

/// Why TLP refuses an addition, in DESIGN.md's words.
enum TLPExplanation {
    static func addition(of id: String, label: TLPLabel, circleID: String, state: CommunityState, error: ProtocolError) -> String {
        let org = state.member(id)?.orgID ?? "?"
        let rule = switch label {
        case .amber: "the author adds members of the thread's circle and experts; a participant adds colleagues and experts"
        case .amberStrict: "participants are of the author's organisation, plus experts the author invites"
        case .red: "only the author adds participants, from the thread's circle or experts"
        case .clear, .green: "the circle reads; nobody is added"
        }
        let detail = if case .notAllowed = error { "" } else { " (\(error))" }
        return "under \(label.rawValue), \(id) (organisation \(org)) may not be added to a thread of circle \(circleID): \(rule)\(detail)"
    }
}
