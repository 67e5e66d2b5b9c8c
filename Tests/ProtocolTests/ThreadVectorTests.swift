import Core
import Crypto
import Foundation
import Protocol
import Testing

// PROTOCOL.md §4–§5 vectors (thread_record, membership_entry1, epoch, wrap,
// post) rebuilt with the Protocol types: ThreadRecord, MembershipEntry,
// KeyringLog, Epoch, Wrap, PostPayload and Post. What the file leaves
// implicit is inferred as in CryptoTests/ProtocolVectorTests (findings 1-3):
// alice (b2d4…, cert_hash d4b78b…) is the author and signs the record,
// entry 1, the epoch, the wrap and the post; the admin a1b2… (the root, whose
// certificate hash dbb047… is the entry's member_cert_hash and the wrap's
// recipient_cert_hash) is the participant added; thread and keyring ids come
// from post.context; the epoch and post bind the keyring log's seq 1 (head =
// membership_entry1's entry_hash).

@Suite struct ThreadVectorTests {
    let v = Vectors.shared
    var admin: (sign: SigningSecretKey, box: BoxSecretKey) { v.keys("admin") }
    var alice: (sign: SigningSecretKey, box: BoxSecretKey) { v.keys("alice") }
    var c: [String: Any] { v.case("certificate") }
    var ctx: [String: Any] { v.case("post").object("context") }
    var communityID: String { c.string("community_id") }
    var adminID: String { c.string("issuer_id") }
    var aliceID: String { c.string("member_id") }
    var threadID: String { ctx.string("thread_id") }
    var keyringID: String { ctx.string("keyring_id") }
    var epochKey: SecureBytes { SecureBytes(v.case("epoch").bytes("key")) }

    /// The root (admin) and alice's certificates as the vectors have them.
    var rootCertificate: SignedCertificate {
        SignedCertificate.issue(Certificate(communityID: communityID, memberID: adminID, orgID: c.string("org_id"), role: .admin,
                                            signPublicKey: admin.sign.publicKey, boxPublicKey: admin.box.publicKey,
                                            issuedAt: c.u64("issued_at"), expiresAt: c.u64("expires_at"), issuerID: adminID),
                                by: admin.sign)
    }

    var aliceCertificate: SignedCertificate {
        SignedCertificate.issue(Certificate(communityID: communityID, memberID: aliceID, orgID: c.string("org_id"),
                                            role: Role(rawValue: c.string("role"))!, signPublicKey: alice.sign.publicKey,
                                            boxPublicKey: alice.box.publicKey, issuedAt: c.u64("issued_at"),
                                            expiresAt: c.u64("expires_at"), issuerID: adminID),
                                by: admin.sign)
    }

    /// The community log of the vectors: entry 0 (the root) and alice certified by the admin as entry 1.
    func community() throws -> CommunityState {
        var state = CommunityState(communityID: communityID, policy: try RolePolicy.embedded(),
                                   pinnedRoot: v.case("keys").object("admin").string("fingerprint"))
        let root = LogEntry.sign(communityID: communityID, seq: 0, kind: .root, actorID: adminID, payload: rootCertificate.payload,
                                 prevHash: LogEntry.genesis, key: admin.sign)
        #expect(root.hash(communityID: communityID) == v.case("community_log_entry0").bytes("entry_hash"))
        try state.apply(root)
        try state.apply(LogEntry.sign(communityID: communityID, seq: 1, kind: .certify, actorID: adminID, payload: aliceCertificate.payload,
                                      prevHash: state.head, key: admin.sign))
        return state
    }

    var record: ThreadRecord {
        let r = v.case("thread_record")
        return ThreadRecord.sign(communityID: communityID, threadID: threadID, keyringID: keyringID, circleID: r.string("circle_id"),
                                 label: TLPLabel(rawValue: r.string("label"))!, authorID: ctx.string("author_id"),
                                 authorCertHash: ctx.bytes("author_cert_hash"), key: alice.sign)
    }

    var entry1: MembershipEntry {
        let e = v.case("membership_entry1")
        return MembershipEntry.sign(keyringID: keyringID, seq: e.u64("seq"), action: MembershipEntry.Action(rawValue: e.string("action"))!,
                                    memberID: e.string("member_id"), memberCertHash: rootCertificate.hash, prevHash: e.bytes("prev_hash"),
                                    actorID: aliceID, key: alice.sign)
    }

    @Test func theInferredValuesAreTheFilesOwn() {
        #expect(ctx.string("author_id") == aliceID)
        #expect(ctx.bytes("author_cert_hash") == c.bytes("cert_hash"))
        #expect(aliceCertificate.hash == c.bytes("cert_hash"))
        #expect(rootCertificate.hash == hex("dbb047dcc8d14816381525d936893401344cdf8ad6ca542b838d0a41a5d1a0d1"))
        #expect(v.case("membership_entry1").string("member_id") == adminID)
        #expect(v.case("wrap").string("recipient_id") == adminID)
        #expect(ctx.string("community_id") == communityID)
    }

    @Test func threadRecord() {
        let r = v.case("thread_record")
        let record = self.record
        #expect(record.signedBytes == r.bytes("bytes"))
        #expect(record.signature == r.bytes("signature"))
        #expect(record.hash == r.bytes("entry_hash"))
        #expect(record.isSigned(by: alice.sign.publicKey))
        #expect(!record.isSigned(by: admin.sign.publicKey))
        #expect(record.label == .amber && record.circleID == communityID)
    }

    @Test func membershipEntry1() {
        let e = v.case("membership_entry1")
        let entry = entry1
        #expect(entry.prevHash == record.hash)
        #expect(entry.signedBytes == e.bytes("bytes"))
        #expect(entry.signature == e.bytes("signature"))
        #expect(entry.hash == e.bytes("entry_hash"))
        #expect(entry.action == .add)
    }

    /// The vectors' log replays through KeyringLog: alice's AMBER thread, the admin (her colleague) added.
    @Test func theVectorLogReplays() throws {
        let state = try community()
        var log = try KeyringLog.thread(record, community: state)
        #expect(log.nextSeq == 1 && log.head == v.case("thread_record").bytes("entry_hash"))
        try log.apply(entry1, community: state)
        #expect(log.head == v.case("membership_entry1").bytes("entry_hash"))
        #expect(log.participants == [aliceID: c.bytes("cert_hash"), adminID: rootCertificate.hash])
        #expect(log.holders(community: state) == [aliceID, adminID])
        // The epoch's and the post's bound position is this log's seq 1.
        let epoch = v.case("epoch")
        #expect(log.hash(at: epoch.u64("log_seq")) == epoch.bytes("log_head"))
        #expect(log.hash(at: 0) == record.hash)
        #expect(log.hash(at: 2) == nil)
    }

    @Test func epoch() {
        let e = v.case("epoch")
        let epoch = Epoch.make(communityID: communityID, keyringID: keyringID, number: e.u64("epoch"), key: epochKey, logSeq: e.u64("log_seq"),
                               logHead: e.bytes("log_head"), creatorID: aliceID, creator: alice.sign)
        #expect(Epoch.keyCheck(keyringID: keyringID, epoch: e.u64("epoch"), key: epochKey) == e.bytes("key_check"))
        #expect(epoch.keyCheck == e.bytes("key_check"))
        #expect(epoch.signature == e.bytes("epoch_signature"))
        #expect(epoch.isSigned(by: alice.sign.publicKey, communityID: communityID))
        #expect(!epoch.isSigned(by: alice.sign.publicKey, communityID: newID()))
        #expect(epoch.matches(epochKey))
        #expect(!epoch.matches(SecureBytes(Random.bytes(32))))
    }

    @Test func wrap() throws {
        let w = v.case("wrap")
        let e = v.case("epoch")
        let bytes = Wrap.signedBytes(keyringID: keyringID, epoch: e.u64("epoch"), recipientID: w.string("recipient_id"),
                                     recipientCertHash: rootCertificate.hash, sealed: w.bytes("sealed"))
        #expect(alice.sign.sign(bytes) == w.bytes("wrap_signature"))
        let wrap = Wrap(keyringID: keyringID, epoch: e.u64("epoch"), recipientID: w.string("recipient_id"),
                        recipientCertHash: rootCertificate.hash, sealed: w.bytes("sealed"), wrapperID: aliceID,
                        signature: w.bytes("wrap_signature"))
        #expect(wrap.signedBytes == bytes)
        #expect(wrap.isSigned(by: alice.sign.publicKey))
        #expect(!wrap.isSigned(by: admin.sign.publicKey))
        #expect(w.bytes("sealed").count == KeyringWire.WrapJSON.sealedLength)
        // The admin's box key opens it to the epoch key, which the key check accepts.
        let opened = try wrap.open(with: admin.box)
        #expect(opened.copyBytes() == e.bytes("key"))
        let epoch = Epoch(keyringID: keyringID, number: e.u64("epoch"), keyCheck: e.bytes("key_check"), logSeq: e.u64("log_seq"),
                          logHead: e.bytes("log_head"), creatorID: aliceID, signature: e.bytes("epoch_signature"))
        #expect(epoch.matches(opened))
        #expect(throws: CryptoError.self) { try wrap.open(with: alice.box) }
        // A fresh wrap (sealed boxes are randomized) opens the same way.
        let fresh = try Wrap.make(keyringID: keyringID, epoch: 1, key: epochKey, recipientID: adminID, recipient: rootCertificate.certificate,
                                  recipientCertHash: rootCertificate.hash, wrapperID: aliceID, wrapper: alice.sign)
        #expect(fresh.sealed != wrap.sealed)
        #expect(fresh.isSigned(by: alice.sign.publicKey))
        #expect(try fresh.open(with: admin.box) == epochKey)
    }

    var payload: PostPayload {
        let p = v.case("post")
        return PostPayload(body: "Is anyone seeing this phishing wave?", title: "Phishing wave", frankingKey: p.bytes("franking_key"))
    }

    func sealVectorPost() throws -> Post {
        let p = v.case("post")
        return try Post.seal(payload, communityID: ctx.string("community_id"), postID: ctx.string("post_id"), threadID: threadID,
                             label: TLPLabel(rawValue: ctx.string("label"))!, keyringID: keyringID, epoch: ctx.u64("epoch"), key: epochKey,
                             logSeq: ctx.u64("log_seq"), logHead: ctx.bytes("log_head"), authorID: ctx.string("author_id"),
                             authorCertHash: ctx.bytes("author_cert_hash"), moderation: Post.Moderation(rawValue: p.string("moderation"))!,
                             policyVersion: p.string("policy_version"), author: alice.sign, nonce: p.bytes("nonce"))
    }

    @Test func postPayloadJSONIsTheVectors() throws {
        let p = v.case("post")
        #expect(payload.json == Array(p.string("payload_json").utf8))
        #expect(try PostPayload.parse(Array(p.string("payload_json").utf8)) == payload)
        #expect(payload.frankingTag(postID: ctx.string("post_id")) == p.bytes("franking_tag"))
    }

    @Test func post() throws {
        let p = v.case("post")
        let post = try sealVectorPost()
        #expect(post.frankingTag == p.bytes("franking_tag"))
        #expect(post.nonce == p.bytes("nonce"))
        #expect(post.ciphertext == p.bytes("ciphertext"))
        #expect(post.signature == p.bytes("signature"))
        #expect(post.isSigned(by: alice.sign.publicKey))
        #expect(post.hasValidSizes)
        #expect(post.moderation == .none && post.policyVersion == p.string("policy_version"))
        // A reader opens it back to the payload.
        #expect(try post.open(with: epochKey) == payload)
        // The post as it arrives over the wire (built from the file, not by seal) opens too.
        let received = Post(communityID: communityID, postID: ctx.string("post_id"), threadID: threadID, label: .amber, keyringID: keyringID,
                            epoch: ctx.u64("epoch"), logSeq: ctx.u64("log_seq"), logHead: ctx.bytes("log_head"), authorID: aliceID,
                            authorCertHash: ctx.bytes("author_cert_hash"), frankingTag: p.bytes("franking_tag"), moderation: .none,
                            nonce: p.bytes("nonce"), ciphertext: p.bytes("ciphertext"), policyVersion: p.string("policy_version"),
                            signature: p.bytes("signature"))
        #expect(received == post)
        #expect(try received.open(with: epochKey) == payload)
        #expect(try PostWire.Submit(received).post(communityID: communityID) == received)
    }
}
