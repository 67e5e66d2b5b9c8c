import Core
import Crypto
import Foundation
import Protocol
import Testing

// The Protocol module's structures against shared/protocol-vectors.json:
// CryptoTests/ProtocolVectorTests rebuilds every case from Frame and the
// primitives; these tests build the same bytes through Certificate,
// SignedCertificate, LogEntry, CommunityState and SignedMessages.

/// The vector file, parsed.
struct Vectors: @unchecked Sendable { // immutable after loading
    let cases: [String: Any]

    static let shared: Vectors = {
        let url = Bundle.module.url(forResource: "protocol-vectors", withExtension: "json", subdirectory: "Vectors")!
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return Vectors(cases: json["cases"] as! [String: Any])
    }()

    func `case`(_ name: String) -> [String: Any] { cases[name] as! [String: Any] }

    func keys(_ name: String) -> (sign: SigningSecretKey, box: BoxSecretKey) {
        let k = `case`("keys").object(name)
        return (try! SigningSecretKey(seed: k.bytes("sign_seed")), try! BoxSecretKey(seed: k.bytes("box_seed")))
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String { self[key] as! String }
    func bytes(_ key: String) -> [UInt8] { hex(string(key)) }
    func u64(_ key: String) -> UInt64 { (self[key] as! NSNumber).uint64Value }
    func object(_ key: String) -> [String: Any] { self[key] as! [String: Any] }
}

@Suite struct VectorTests {
    let v = Vectors.shared
    var admin: (sign: SigningSecretKey, box: BoxSecretKey) { v.keys("admin") }
    var alice: (sign: SigningSecretKey, box: BoxSecretKey) { v.keys("alice") }
    var c: [String: Any] { v.case("certificate") }
    var communityID: String { c.string("community_id") }
    var adminID: String { c.string("issuer_id") }

    /// Alice's certificate as the `certificate` case names it.
    var aliceCertificate: Certificate {
        Certificate(communityID: communityID, memberID: c.string("member_id"), orgID: c.string("org_id"),
                    role: Role(rawValue: c.string("role"))!, signPublicKey: alice.sign.publicKey, boxPublicKey: alice.box.publicKey,
                    issuedAt: c.u64("issued_at"), expiresAt: c.u64("expires_at"), issuerID: adminID)
    }

    /// The root certificate the entry-0 vector hashes (CryptoTests/ProtocolVectorTests, finding 1):
    /// the admin, self-signed, in alice's organisation, with the certificate case's times.
    var rootCertificate: Certificate {
        Certificate(communityID: communityID, memberID: adminID, orgID: c.string("org_id"), role: .admin,
                    signPublicKey: admin.sign.publicKey, boxPublicKey: admin.box.publicKey,
                    issuedAt: c.u64("issued_at"), expiresAt: c.u64("expires_at"), issuerID: adminID)
    }

    @Test func certificateBytesParseSignatureAndHash() throws {
        let cert = aliceCertificate
        #expect(cert.bytes == c.bytes("bytes"))
        #expect(try Certificate.parse(c.bytes("bytes")) == cert)
        #expect(cert.fingerprint == v.case("keys").object("alice").string("fingerprint"))

        let signed = SignedCertificate.issue(cert, by: admin.sign)
        #expect(signed.signature == c.bytes("issuer_signature"))
        #expect(signed.hash == c.bytes("cert_hash"))
        #expect(signed.isSigned(by: admin.sign.publicKey))
        #expect(!signed.isSigned(by: alice.sign.publicKey))
        #expect(signed.keyChangeSignature == nil)
        #expect(signed.payload == c.bytes("bytes") + c.bytes("issuer_signature"))

        let wrapped = try SignedCertificate(bytes: c.bytes("bytes"), signature: c.bytes("issuer_signature"))
        #expect(wrapped == signed)
        #expect(try SignedCertificate.parse(payload: signed.payload) == signed)
    }

    @Test func rootLogEntry() throws {
        let e = v.case("community_log_entry0")
        #expect(e.string("kind") == LogKind.root.rawValue)
        let root = SignedCertificate.issue(rootCertificate, by: admin.sign)
        #expect(root.hash == hex("dbb047dcc8d14816381525d936893401344cdf8ad6ca542b838d0a41a5d1a0d1"))

        let bytes = LogEntry.signedBytes(communityID: communityID, seq: 0, kind: .root, payload: root.payload, prevHash: LogEntry.genesis)
        #expect(bytes == e.bytes("bytes"))
        let entry = LogEntry.sign(communityID: communityID, seq: 0, kind: .root, actorID: adminID, payload: root.payload,
                                  prevHash: LogEntry.genesis, key: admin.sign)
        #expect(entry.signature == e.bytes("signature"))
        #expect(entry.signedBytes(communityID: communityID) == e.bytes("bytes"))
        #expect(entry.hash(communityID: communityID) == e.bytes("entry_hash"))

        // A client that pinned the admin's fingerprint accepts it…
        let fingerprint = v.case("keys").object("admin").string("fingerprint")
        #expect(rootCertificate.fingerprint == fingerprint)
        var state = CommunityState(communityID: communityID, policy: try RolePolicy.embedded(), pinnedRoot: fingerprint)
        try state.apply(entry)
        #expect(state.rootID == adminID)
        #expect(state.nextSeq == 1)
        #expect(state.head == e.bytes("entry_hash"))
        let member = try #require(state.member(adminID))
        #expect(member.role == .admin && member.status == .active && !member.unverifiedKeyChange)
        #expect(member.current == root)

        // …and one that pinned alice's refuses it.
        var other = CommunityState(communityID: communityID, policy: try RolePolicy.embedded(),
                                   pinnedRoot: v.case("keys").object("alice").string("fingerprint"))
        expectRefused(.notAllowed) { try other.apply(entry) }
    }

    @Test func login() {
        let l = v.case("login")
        let bytes = SignedMessages.login(serverOrigin: l.string("server_origin"), communityID: communityID,
                                         memberID: c.string("member_id"), challenge: l.bytes("challenge"))
        #expect(bytes == l.bytes("bytes"))
        #expect(alice.sign.sign(bytes) == l.bytes("signature"))
    }

    /// No vector exists for apply/v1 (CryptoTests finding 8); the field order is §2's.
    @Test func applicationFieldsInOrder() throws {
        let signPK = alice.sign.publicKey.bytes, boxPK = alice.box.publicKey.bytes
        let bytes = SignedMessages.application(communityID: communityID, applicationID: c.string("member_id"), signPublicKey: signPK,
                                               boxPublicKey: boxPK, kvkNumber: "12345678", email: "a@example.nl")
        var reader = try FrameReader(bytes, context: "trustforum/apply/v1")
        #expect(try reader.string() == communityID)
        #expect(try reader.string() == c.string("member_id"))
        #expect(try reader.bytes(count: 32) == signPK)
        #expect(try reader.bytes(count: 32) == boxPK)
        #expect(try reader.string() == "12345678")
        #expect(try reader.string() == "a@example.nl")
        try reader.finish()
    }
}
