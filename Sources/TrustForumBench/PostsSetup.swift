#if canImport(Glibc)
import Glibc
#endif
import Client
import Core
import Crypto
import Dispatch
import Foundation
import Platform
import Protocol

/// The community the posts benchmark drives: made through the API the way
/// clients make it (applications, certificates, the default keyring's epoch,
/// an AMBER thread with every member, a GREEN thread), with keys the
/// benchmark keeps so that it can pre-build posts.
final class Setup {
    struct Target: Sendable {
        let threadID: String
        let keyringID: String
        let label: TLPLabel
        let key: SecureBytes
        let logSeq: UInt64
        let logHead: [UInt8]
    }

    let port: UInt16
    let http: RawHTTP
    let communityID: String
    let root: PostsBench.Person
    private(set) var members: [PostsBench.Person] = []
    private(set) var amber: Target!
    private(set) var green: Target!
    let policyVersion: String
    private var head: (seq: UInt64, hash: [UInt8])
    private var forwarded = 0

    init(port: UInt16, rootProfile: String, passphraseFile: String) throws {
        self.port = port
        http = try RawHTTP(port: port)
        let passphrase = String(decoding: try Files.read(passphraseFile), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let keystore = try Keystore.open(path: Files.join(rootProfile, "keystore"), passphrase: SecureBytes(Array(passphrase.utf8)))
        let community = try Setup.json(try http.exchange(RawHTTP.request("GET", "/v1/community")))
        communityID = community["community_id"] as! String
        let rootEntry = community["root"] as! [String: Any]
        let rootCertificate = try SignedCertificate.parse(payload: try Base64.decode(rootEntry["payload"] as! String))
        root = PostsBench.Person(id: keystore.memberID, signing: keystore.signingKey, box: keystore.boxKey, certificate: rootCertificate)
        let communityHead = community["head"] as! [String: Any]
        head = (UInt64(communityHead["seq"] as! Int), try Base64.decode(communityHead["hash"] as! String))
        policyVersion = try Setup.json(try http.exchange(RawHTTP.request("GET", "/v1/policies/moderation")))["version"] as! String
        var me = root
        me.token = try login(me)
        try admitMembers(as: me)
        for i in members.indices { members[i].token = try login(members[i]) }
        try makeDefaultEpoch(as: me)
        green = try makeThread(.green, as: me)
        amber = try makeThread(.amber, as: me)
    }

    private func nextAddress() -> String {
        forwarded += 1
        return "10.77.\(forwarded / 250).\(forwarded % 250 + 1)"
    }

    static func json(_ response: (status: Int, body: [UInt8])) throws -> [String: Any] {
        guard (200..<300).contains(response.status),
              let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw BenchError("setup request failed: \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))")
        }
        return object
    }

    private func post<T: Encodable>(_ path: String, _ value: T, token: String?) throws -> [String: Any] {
        try Setup.json(try http.exchange(RawHTTP.request("POST", path, token: token, forwardedFor: nextAddress(),
                                                         body: Array(try JSONEncoder().encode(value)))))
    }

    private func login(_ person: PostsBench.Person) throws -> String {
        let challenge = try post("/v1/auth/challenge", Wire.ChallengeRequest(memberID: person.id), token: nil)
        let body = Requests.session(serverOrigin: "http://127.0.0.1:\(port)", communityID: communityID, memberID: person.id,
                                    challenge: try Base64.decode(challenge["challenge"] as! String), signing: person.signing)
        return try post("/v1/auth/session", body, token: nil)["token"] as! String
    }

    private func admitMembers(as admin: PostsBench.Person) throws {
        // Not before the issuer's own certificate: it must be in force when it signs.
        let now = max(WallClock.seconds, admin.certificate.certificate.issuedAt + 30)
        for i in 0..<PostsBench.members {
            let id = ThreadComposer.newID()
            let signing = SigningSecretKey()
            let box = BoxSecretKey()
            let organisation = Wire.Organisation(name: "Bench \(i % 8) BV", kvkNumber: String(70_000_000 + i % 8), sector: "logistics",
                                                 region: "utrecht", size: "10-49")
            let application = Requests.application(communityID: communityID, applicationID: id, organisation: organisation,
                                                   contact: Wire.Contact(name: "Bench \(i)", email: "bench\(i)@example.org"),
                                                   signing: signing, box: box.publicKey)
            let shown = try post("/v1/applications", application, token: nil)
            _ = shown
            let org = try Setup.json(try http.exchange(RawHTTP.request("GET", "/v1/applications/\(id)", token: admin.token)))["org_id"] as? String
            let cert = Certificate(communityID: communityID, memberID: id, orgID: org ?? ThreadComposer.newID(), role: .member,
                                   signPublicKey: signing.publicKey, boxPublicKey: box.publicKey, issuedAt: now - 30,
                                   expiresAt: now + 300 * 86_400, issuerID: admin.id)
            let certificate = SignedCertificate.issue(cert, by: admin.signing)
            let entry = LogEntry.sign(communityID: communityID, seq: head.seq + 1, kind: .certify, actorID: admin.id,
                                      payload: certificate.payload, prevHash: head.hash, key: admin.signing)
            _ = try post("/v1/applications/\(id)/approve", Requests.approval(certificate, entry), token: admin.token)
            head = (entry.seq, entry.hash(communityID: communityID))
            members.append(PostsBench.Person(id: id, signing: signing, box: box, certificate: certificate))
        }
    }

    private func wraps(_ key: SecureBytes, keyringID: String, epoch: UInt64, by author: PostsBench.Person) throws -> [Wrap] {
        try ([root] + members).map { person in
            try Wrap.make(keyringID: keyringID, epoch: epoch, key: key, recipientID: person.id, recipient: person.certificate.certificate,
                          recipientCertHash: person.certificate.hash, wrapperID: author.id, wrapper: author.signing)
        }
    }

    private var defaultKey = SecureBytes.random(count: 32)

    private func makeDefaultEpoch(as author: PostsBench.Person) throws {
        let epoch = Epoch.make(communityID: communityID, keyringID: communityID, number: 1, key: defaultKey, logSeq: head.seq, logHead: head.hash,
                               creatorID: author.id, creator: author.signing)
        _ = try post("/v1/keyrings/\(communityID)/epochs",
                     KeyringWire.NewEpoch(epoch: epoch, wraps: try wraps(defaultKey, keyringID: communityID, epoch: 1, by: author)), token: author.token)
    }

    private struct CreateThread: Encodable {
        let record: KeyringWire.Record
        let topics: [String]
        let ask_experts: Bool
        let participants: [KeyringWire.Entry]
        let epoch: KeyringWire.NewEpoch?
    }

    private func makeThread(_ label: TLPLabel, as author: PostsBench.Person) throws -> Target {
        let threadID = ThreadComposer.newID()
        if label == .green {
            let record = ThreadRecord.sign(communityID: communityID, threadID: threadID, keyringID: communityID, circleID: communityID,
                                           label: .green, authorID: author.id, authorCertHash: author.certificate.hash, key: author.signing)
            _ = try post("/v1/threads", CreateThread(record: .init(record), topics: ["phishing"], ask_experts: false, participants: [], epoch: nil),
                         token: author.token)
            return Target(threadID: threadID, keyringID: communityID, label: .green, key: defaultKey, logSeq: head.seq, logHead: head.hash)
        }
        let keyringID = ThreadComposer.newID()
        let record = ThreadRecord.sign(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: communityID,
                                       label: label, authorID: author.id, authorCertHash: author.certificate.hash, key: author.signing)
        var previous = record.hash
        var entries: [MembershipEntry] = []
        for (i, member) in members.enumerated() {
            let entry = MembershipEntry.sign(keyringID: keyringID, seq: UInt64(i + 1), action: .add, memberID: member.id,
                                             memberCertHash: member.certificate.hash, prevHash: previous, actorID: author.id, key: author.signing)
            entries.append(entry)
            previous = entry.hash
        }
        let key = SecureBytes.random(count: 32)
        let epoch = Epoch.make(communityID: communityID, keyringID: keyringID, number: 1, key: key, logSeq: UInt64(entries.count),
                               logHead: previous, creatorID: author.id, creator: author.signing)
        let newEpoch = KeyringWire.NewEpoch(epoch: epoch, wraps: try wraps(key, keyringID: keyringID, epoch: 1, by: author))
        _ = try post("/v1/threads", CreateThread(record: .init(record), topics: ["phishing"], ask_experts: false,
                                                 participants: entries.map(KeyringWire.Entry.init), epoch: newEpoch), token: author.token)
        return Target(threadID: threadID, keyringID: keyringID, label: label, key: key, logSeq: UInt64(entries.count), logHead: previous)
    }

    /// `count` signed posts into `target`, by the members in turn, as
    /// complete HTTP requests (built on every core).
    func prebuild(_ target: Target, count: Int) throws -> PostsBench.Prepared {
        let members = self.members
        let communityID = self.communityID
        let policyVersion = self.policyVersion
        let body = String(PostsBench.body)
        let results = UnsafeResults(count: count)
        DispatchQueue.concurrentPerform(iterations: 8) { chunk in
            var i = chunk
            while i < count {
                let author = members[i % members.count]
                let postID = ThreadComposer.newID()
                let post = try! Post.seal(PostPayload(body: body, title: "Bench \(i)"), communityID: communityID, postID: postID,
                                          threadID: target.threadID, label: target.label, keyringID: target.keyringID, epoch: 1, key: target.key,
                                          logSeq: target.logSeq, logHead: target.logHead, authorID: author.id,
                                          authorCertHash: author.certificate.hash, policyVersion: policyVersion, author: author.signing)
                let json = Array(try! JSONEncoder().encode(PostWire.Submit(post)))
                results.set(i, RawHTTP.request("POST", "/v1/threads/\(target.threadID)/posts", token: author.token, body: json))
                i += 8
            }
        }
        return PostsBench.Prepared(requests: results.values)
    }

    /// The latest 50 posts of the GREEN thread: a request for wrk (read.env)
    /// and the page itself for nginx (page.json).
    func writeReadFixtures(to directory: String) throws {
        let member = members[0]
        let first = try Setup.json(try http.exchange(RawHTTP.request("GET", "/v1/threads/\(green.threadID)", token: member.token)))
        let total = (first["post_count"] as? Int) ?? 0
        let path = "/v1/threads/\(green.threadID)/posts?after=\(max(0, total - 50))&limit=50"
        let page = try http.exchange(RawHTTP.request("GET", path, token: member.token))
        guard page.status == 200 else { throw BenchError("reading the page failed: \(page.status)") }
        try Files.writeAtomically(Files.join(directory, "page.json"), page.body, mode: 0o644)
        try Files.writeAtomically(Files.join(directory, "read.env"), Array("READ_PATH='\(path)'\nREAD_TOKEN='\(member.token)'\n".utf8))
    }
}

/// Results written by index from several threads (each index once).
private final class UnsafeResults: @unchecked Sendable {
    // @unchecked: every index is written by exactly one iteration, read after all finished.
    private let storage: UnsafeMutablePointer<[UInt8]>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: [], count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: [UInt8]) { storage[index] = value }

    var values: [[UInt8]] { Array(UnsafeBufferPointer(start: storage, count: count)) }
}
