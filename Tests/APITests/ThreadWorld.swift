import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
@testable import API

/// A community with circles, keyrings and threads, driven through the API
/// the way a client drives it: every record, entry, epoch, wrap and post is
/// built and signed here with Protocol's types (the client's side), and the
/// epoch keys live only in this object (`keys`), never on the server.
final class ThreadWorld {
    let c: TestCommunity
    /// Epoch keys by keyring and epoch, as the clients hold them.
    var keys: [String: [UInt64: SecureBytes]] = [:]

    init(_ community: TestCommunity? = nil) throws {
        c = try community ?? TestCommunity()
    }

    var service: TestService { c.service }
    var state: CommunityState { c.service.state }
    var communityID: String { c.service.communityID }
    var context: AppContext { c.service.service.context }
    var policyVersion: String { context.moderation.version }

    static func newID() -> String { Identifier.uuid(fromRandom: Random.bytes(16)) }

    func certHash(_ p: Person) -> [UInt8] { state.member(p.id)!.current.hash }
    func certificate(_ p: Person) -> Certificate { state.member(p.id)!.current.certificate }
    func ring(_ id: String) -> KeyringState { context.keyrings.keyring(id)! }

    /// The people with a session and active: the default keyring's holders.
    var active: [Person] { [c.root, c.moderator, c.member, c.orgAdmin, c.expert] }

    // MARK: calls

    func call<T: Encodable>(_ method: HTTPMethod, _ path: String, _ body: T, as person: Person?) throws -> Response {
        try service.call(method, path, body: Array(try JSONEncoder().encode(body)), contentType: "application/json", token: person?.token,
                         clientAddress: TestCommunity.someAddress())
    }

    func get(_ path: String, as person: Person?) throws -> Response {
        try service.call(.get, path, token: person?.token, clientAddress: TestCommunity.someAddress())
    }

    // MARK: bodies (the request shapes of the OpenAPI document)

    struct SignedEntryBody: Encodable {
        let seq: UInt64
        let prev_hash: String
        let signature: String
        init(_ entry: LogEntry) {
            seq = entry.seq
            prev_hash = Base64.encode(entry.prevHash)
            signature = Base64.encode(entry.signature)
        }
    }

    struct CircleBody: Encodable {
        let circle_id: String
        let keyring_id: String
        let name: String
        let entry: SignedEntryBody
    }

    struct ModeratorBody: Encodable {
        let member_id: String
        let add: Bool
        let entry: SignedEntryBody
    }

    struct AddBody: Encodable {
        let entry: KeyringWire.Entry
        let wraps: [KeyringWire.WrapJSON]
    }

    struct RemoveBody: Encodable {
        let entry: KeyringWire.Entry
        let epoch: KeyringWire.NewEpoch?
    }

    struct WrapsBody: Encodable {
        let wraps: [KeyringWire.WrapJSON]
    }

    struct ThreadBody: Encodable {
        let record: KeyringWire.Record
        let topics: [String]
        let ask_experts: Bool
        let participants: [KeyringWire.Entry]?
        let epoch: KeyringWire.NewEpoch?
    }

    struct Empty: Encodable {}

    // MARK: circles (community-log entries signed by an admin)

    @discardableResult
    func createCircle(_ name: String, by admin: Person, circleID: String = newID(), keyringID: String = newID()) throws
        -> (circle: String, keyring: String, response: Response) {
        let payload = CircleCreatePayload(circleID: circleID, keyringID: keyringID, name: name)
        let entry = LogEntry.sign(communityID: communityID, seq: state.nextSeq, kind: .circleCreate, actorID: admin.id, payload: payload.bytes,
                                  prevHash: state.head, key: admin.signing)
        let response = try call(.post, "/v1/circles", CircleBody(circle_id: circleID, keyring_id: keyringID, name: name, entry: .init(entry)), as: admin)
        return (circleID, keyringID, response)
    }

    @discardableResult
    func setModerator(_ member: Person, of circle: String, add: Bool = true, by admin: Person) throws -> Response {
        let payload = CircleModeratorPayload(circleID: circle, memberID: member.id, add: add)
        let entry = LogEntry.sign(communityID: communityID, seq: state.nextSeq, kind: .circleModerator, actorID: admin.id, payload: payload.bytes,
                                  prevHash: state.head, key: admin.signing)
        return try call(.post, "/v1/circles/\(circle)/moderators", ModeratorBody(member_id: member.id, add: add, entry: .init(entry)), as: admin)
    }

    // MARK: keyrings

    /// The next entry of a circle or thread keyring's log, signed by `actor`.
    func entry(_ keyringID: String, _ action: MembershipEntry.Action, _ member: Person, by actor: Person,
               seq: UInt64? = nil, prev: [UInt8]? = nil) -> MembershipEntry {
        let log = ring(keyringID).log!
        return MembershipEntry.sign(keyringID: keyringID, seq: seq ?? log.nextSeq, action: action, memberID: member.id,
                                    memberCertHash: certHash(member), prevHash: prev ?? log.head, actorID: actor.id, key: actor.signing)
    }

    /// The head a new epoch binds: the keyring log's (the community log's for the default keyring).
    func head(_ keyringID: String) -> (seq: UInt64, hash: [UInt8]) {
        if let log = ring(keyringID).log { return (log.nextSeq - 1, log.head) }
        return (state.nextSeq - 1, state.head)
    }

    /// A new epoch with a fresh key and wraps for `holders`; the key is kept in `keys` only when `keep`.
    func epoch(_ keyringID: String, number: UInt64? = nil, for holders: [Person], by creator: Person,
               head position: (seq: UInt64, hash: [UInt8])? = nil, keep: Bool = true) throws -> KeyringWire.NewEpoch {
        let number = number ?? ring(keyringID).currentEpoch + 1
        let key = SecureBytes.random(count: 32)
        let at = position ?? head(keyringID)
        let epoch = Epoch.make(communityID: communityID, keyringID: keyringID, number: number, key: key, logSeq: at.seq, logHead: at.hash,
                               creatorID: creator.id, creator: creator.signing)
        let wraps = try holders.map { try wrap(keyringID, epoch: number, key: key, for: $0, by: creator) }
        if keep { keys[keyringID, default: [:]][number] = key }
        return KeyringWire.NewEpoch(epoch: epoch, wraps: wraps)
    }

    func wrap(_ keyringID: String, epoch: UInt64, key: SecureBytes? = nil, for recipient: Person, by wrapper: Person) throws -> Wrap {
        try Wrap.make(keyringID: keyringID, epoch: epoch, key: key ?? keys[keyringID]![epoch]!, recipientID: recipient.id,
                      recipient: certificate(recipient), recipientCertHash: certHash(recipient), wrapperID: wrapper.id, wrapper: wrapper.signing)
    }

    /// Wraps of every epoch this world knows of the keyring, for a new holder.
    func history(_ keyringID: String, for recipient: Person, by wrapper: Person) throws -> [KeyringWire.WrapJSON] {
        try (keys[keyringID] ?? [:]).keys.sorted().map { KeyringWire.WrapJSON(try wrap(keyringID, epoch: $0, for: recipient, by: wrapper)) }
    }

    /// Admits `member` to a circle as `moderator`, with wraps of every epoch.
    @discardableResult
    func admit(_ member: Person, to circle: (circle: String, keyring: String), by moderator: Person) throws -> Response {
        let entry = entry(circle.keyring, .add, member, by: moderator)
        return try call(.post, "/v1/circles/\(circle.circle)/members",
                        AddBody(entry: KeyringWire.Entry(entry), wraps: try history(circle.keyring, for: member, by: moderator)), as: moderator)
    }

    /// What `person` gets from GET /v1/keyrings/{id}: the keys its wraps open.
    func openKeys(_ keyringID: String, as person: Person) throws -> [UInt64: SecureBytes] {
        let response = try get("/v1/keyrings/\(keyringID)", as: person)
        guard response.status == 200 else { throw TestCommunity.Failure("keyring: \(response.status) \(response.text)") }
        let wraps = (response.json?["wraps"] as? [[String: Any]]) ?? []
        var keys: [UInt64: SecureBytes] = [:]
        for item in wraps {
            let json = try JSONDecoder().decode(KeyringWire.WrapJSON.self, from: JSONSerialization.data(withJSONObject: item))
            keys[json.epoch] = try json.wrap(keyringID: keyringID).open(with: person.box)
        }
        return keys
    }

    // MARK: threads and posts

    func record(_ label: TLPLabel, circle: String? = nil, keyring: String? = nil, by author: Person, threadID: String = newID()) -> ThreadRecord {
        let circle = circle ?? communityID
        let keyring = keyring ?? (label.usesCircleKeyring ? (circle == communityID ? communityID : state.circles[circle]!.keyringID) : ThreadWorld.newID())
        return ThreadRecord.sign(communityID: communityID, threadID: threadID, keyringID: keyring, circleID: circle, label: label,
                                 authorID: author.id, authorCertHash: certHash(author), key: author.signing)
    }

    /// Starts a CLEAR/GREEN thread in a circle.
    func circleThread(_ label: TLPLabel = .green, circle: String? = nil, by author: Person, topics: [String] = ["phishing"],
                      askExperts: Bool = false) throws -> (ThreadRecord, Response) {
        let record = record(label, circle: circle, by: author)
        let response = try call(.post, "/v1/threads", ThreadBody(record: .init(record), topics: topics, ask_experts: askExperts, participants: nil,
                                                                 epoch: nil), as: author)
        return (record, response)
    }

    /// Starts an AMBER, AMBER+STRICT or RED thread with `participants`
    /// added by the author and epoch 1 for them all.
    func participantThread(_ label: TLPLabel, circle: String? = nil, by author: Person, with participants: [Person],
                           epochHolders: [Person]? = nil, topics: [String] = ["incident-response"]) throws -> (ThreadRecord, Response) {
        let record = record(label, circle: circle, by: author)
        var head = record.hash
        var entries: [MembershipEntry] = []
        for (index, person) in participants.enumerated() {
            let entry = MembershipEntry.sign(keyringID: record.keyringID, seq: UInt64(index + 1), action: .add, memberID: person.id,
                                             memberCertHash: certHash(person), prevHash: head, actorID: author.id, key: author.signing)
            entries.append(entry)
            head = entry.hash
        }
        let holders = epochHolders ?? ([author] + participants)
        let key = SecureBytes.random(count: 32)
        let epoch = Epoch.make(communityID: communityID, keyringID: record.keyringID, number: 1, key: key, logSeq: UInt64(entries.count),
                               logHead: head, creatorID: author.id, creator: author.signing)
        let wraps = try holders.map {
            try Wrap.make(keyringID: record.keyringID, epoch: 1, key: key, recipientID: $0.id, recipient: certificate($0), recipientCertHash: certHash($0),
                          wrapperID: author.id, wrapper: author.signing)
        }
        let body = ThreadBody(record: .init(record), topics: topics, ask_experts: true, participants: entries.map(KeyringWire.Entry.init),
                              epoch: KeyringWire.NewEpoch(epoch: epoch, wraps: wraps))
        let response = try call(.post, "/v1/threads", body, as: author)
        if response.status == 201 { keys[record.keyringID, default: [:]][1] = key }
        return (record, response)
    }

    /// A post sealed with this world's key of the keyring's current epoch (or the one given).
    func post(_ record: ThreadRecord, by author: Person, body: String = "Has anyone seen this phishing wave?", epoch: UInt64? = nil,
              key: SecureBytes? = nil, position: (seq: UInt64, hash: [UInt8])? = nil, threadID: String? = nil, postID: String = newID(),
              policyVersion: String? = nil, moderation: Post.Moderation = .none, certHash: [UInt8]? = nil, signer: SigningSecretKey? = nil,
              payload: PostPayload? = nil) throws -> Post {
        let epoch = epoch ?? ring(record.keyringID).currentEpoch
        let at = position ?? head(record.keyringID)
        return try Post.seal(payload ?? PostPayload(body: body), communityID: communityID, postID: postID, threadID: threadID ?? record.threadID,
                             label: record.label, keyringID: record.keyringID, epoch: epoch, key: key ?? keys[record.keyringID]![epoch]!,
                             logSeq: at.seq, logHead: at.hash, authorID: author.id, authorCertHash: certHash ?? self.certHash(author),
                             moderation: moderation, policyVersion: policyVersion ?? self.policyVersion, author: signer ?? author.signing)
    }

    func send(_ post: Post, to threadID: String? = nil, as person: Person) throws -> Response {
        try call(.post, "/v1/threads/\(threadID ?? post.threadID)/posts", PostWire.Submit(post), as: person)
    }

    /// Epoch 1 of the default keyring, by `creator`, for every active member.
    @discardableResult
    func defaultEpoch(by creator: Person) throws -> Response {
        try call(.post, "/v1/keyrings/\(communityID)/epochs", try epoch(communityID, for: active, by: creator), as: creator)
    }

    // MARK: approvals with circle_wraps

    struct ApprovalBody: Encodable {
        let certificate: String
        let signature: String
        let entry: Wire.SignedEntry
        let circle_wraps: [KeyringWire.WrapJSON]?
    }

    /// Applies and is approved by `issuer`, whose client wraps the default
    /// keyring's epochs for the new certificate (all of them unless `epochs` says which).
    func admitToCommunity(_ person: Person, role: Role = .member, by issuer: Person, epochs: [UInt64]? = nil) throws -> (Person, Response) {
        var person = person
        try c.submit(person)
        let orgID = ThreadWorld.newID()
        let (signed, entry) = Requests.certify(memberID: person.id, orgID: orgID, role: role, signPublicKey: person.signing.publicKey,
                                               boxPublicKey: person.box.publicKey, communityID: communityID, issuerID: issuer.id,
                                               issuer: issuer.signing, position: .init(after: state), issuedAt: WallClock.seconds - 60,
                                               validity: 365 * 86_400)
        let approval = Requests.approval(signed, entry)
        let wraps = try (epochs ?? (keys[communityID] ?? [:]).keys.sorted()).map { number in
            KeyringWire.WrapJSON(try Wrap.make(keyringID: communityID, epoch: number, key: keys[communityID]![number]!, recipientID: person.id,
                                               recipient: signed.certificate, recipientCertHash: signed.hash, wrapperID: issuer.id,
                                               wrapper: issuer.signing))
        }
        let response = try call(.post, "/v1/applications/\(person.id)/approve",
                                ApprovalBody(certificate: approval.certificate, signature: approval.signature, entry: approval.entry,
                                             circle_wraps: wraps), as: issuer)
        if response.status == 200 {
            person.orgID = orgID
            person.token = try c.login(person)
        }
        return (person, response)
    }
}
