import Crypto
import Foundation
import Testing
@testable import Store

/// Signed checkpoints of the audit head: what an operator keeps elsewhere.
@Suite struct AuditCheckpointTests {
    let signer = SigningSecretKey()
    let mac = Random.bytes(32)

    var checkpoint: AuditCheckpoint {
        AuditCheckpoint.sign(communityID: fixtureCommunity, seq: 42, mac: mac, createdAt: 1_700_000_123, key: signer)
    }

    /// The JSON of `checkpoint` with `field` set to `value` (raw JSON text).
    func json(setting field: String, to value: String) throws -> [UInt8] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(checkpoint.json.utf8)) as? [String: Any])
        object[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    func parsed(_ checkpoint: AuditCheckpoint) throws -> AuditCheckpoint {
        try AuditCheckpoint.parse(Array(checkpoint.json.utf8))
    }

    @Test func signJSONParseRoundTrip() throws {
        let original = checkpoint
        #expect(original.signer == signer.publicKey.bytes)
        #expect(original.signature.count == 64)
        let line = original.json
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("{\"format\":\"trustforum-audit-checkpoint/v1\""))
        let back = try AuditCheckpoint.parse(Array(line.utf8))
        #expect(back == original)
        try back.validate(communityID: fixtureCommunity, signer: signer.publicKey)
        try back.validate(communityID: fixtureCommunity, signer: nil)
        // Whitespace and key order are JSON's business, not the signature's.
        let pretty = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(line.utf8)),
                                                options: [.prettyPrinted, .sortedKeys])
        #expect(try AuditCheckpoint.parse(Array(pretty)) == original)
    }

    @Test func theSignatureCoversTheDocumentedFrame() throws {
        let c = checkpoint
        let message = Frame.frame(context: "trustforum/audit-checkpoint/v1",
                                  [.string(fixtureCommunity), .u64(42), .bytes(mac), .u64(1_700_000_123)])
        #expect(signer.publicKey.isValidSignature(c.signature, for: message))
    }

    @Test func checkpointOfARealLogVerifies() throws {
        try withStore { conn, _, _ in
            let key = SecureBytes.random(count: 32)
            try appendRows(conn, key: key, count: 3)
            let head = try AuditLog.head(conn)
            let c = try parsed(AuditCheckpoint.sign(communityID: fixtureCommunity, seq: head.seq, mac: head.mac,
                                                    createdAt: 1, key: signer))
            try c.validate(communityID: fixtureCommunity, signer: signer.publicKey)
            #expect(try AuditLog.verify(conn, key: key, checkpoint: c).isIntact)
        }
    }

    @Test(arguments: [0, 7, 31])
    func aFlippedMACByteIsRefused(_ index: Int) throws {
        let c = checkpoint
        var flipped = c.mac
        flipped[index] ^= 0x01
        let changed = AuditCheckpoint(communityID: c.communityID, seq: c.seq, mac: flipped, createdAt: c.createdAt,
                                      signer: c.signer, signature: c.signature)
        #expect(throws: AuditCheckpoint.CheckpointError.badSignature) {
            try parsed(changed).validate(communityID: fixtureCommunity, signer: signer.publicKey)
        }
    }

    @Test(arguments: [0, 31, 32, 63])
    func aFlippedSignatureByteIsRefused(_ index: Int) throws {
        let c = checkpoint
        var flipped = c.signature
        flipped[index] ^= 0x80
        let changed = AuditCheckpoint(communityID: c.communityID, seq: c.seq, mac: c.mac, createdAt: c.createdAt,
                                      signer: c.signer, signature: flipped)
        #expect(throws: AuditCheckpoint.CheckpointError.badSignature) {
            try parsed(changed).validate(communityID: fixtureCommunity, signer: signer.publicKey)
        }
    }

    @Test(arguments: ["seq", "created_at"])
    func anEditedNumberIsRefused(_ field: String) throws {
        let original = field == "seq" ? 42 : 1_700_000_123
        for value in [original + 1, original - 1, original ^ 0x100] {
            let edited = try AuditCheckpoint.parse(try json(setting: field, to: "\(value)"))
            #expect(throws: AuditCheckpoint.CheckpointError.badSignature, "\(field)=\(value)") {
                try edited.validate(communityID: fixtureCommunity, signer: signer.publicKey)
            }
        }
    }

    @Test func anEditedCommunityIsRefused() throws {
        let edited = try AuditCheckpoint.parse(try json(setting: "community_id", to: "\"\(randomID())\""))
        #expect(throws: AuditCheckpoint.CheckpointError.badSignature) {
            try edited.validate(communityID: edited.communityID, signer: signer.publicKey)
        }
    }

    @Test func anotherSignersCheckpointIsRefused() throws {
        let other = SigningSecretKey()
        let c = try parsed(AuditCheckpoint.sign(communityID: fixtureCommunity, seq: 42, mac: mac, createdAt: 1, key: other))
        #expect(throws: AuditCheckpoint.CheckpointError.otherSigner) {
            try c.validate(communityID: fixtureCommunity, signer: signer.publicKey)
        }
        // Someone else's signature with this server's key put in as signer.
        let claimed = AuditCheckpoint(communityID: c.communityID, seq: c.seq, mac: c.mac, createdAt: c.createdAt,
                                      signer: signer.publicKey.bytes, signature: c.signature)
        #expect(throws: AuditCheckpoint.CheckpointError.badSignature) {
            try parsed(claimed).validate(communityID: fixtureCommunity, signer: signer.publicKey)
        }
    }

    @Test func anotherCommunitysCheckpointIsRefused() throws {
        let c = try parsed(AuditCheckpoint.sign(communityID: randomID(), seq: 42, mac: mac, createdAt: 1, key: signer))
        #expect(throws: AuditCheckpoint.CheckpointError.otherCommunity) {
            try c.validate(communityID: fixtureCommunity, signer: signer.publicKey)
        }
    }

    @Test(arguments: [
        "",
        "null",
        "[]",
        "\"trustforum-audit-checkpoint/v1\"",
        "{}",
        "{\"format\":\"trustforum-audit-checkpoint/v1\"",
        "not json at all",
    ])
    func malformedJSONIsRefused(_ text: String) {
        #expect(throws: AuditCheckpoint.CheckpointError.self, "\(text)") { try AuditCheckpoint.parse(Array(text.utf8)) }
    }

    @Test(arguments: [
        // field, raw JSON value
        ("format", "\"trustforum-audit-checkpoint/v2\""),
        ("format", "null"),
        ("community_id", "42"),
        ("seq", "0"),
        ("seq", "-1"),
        ("seq", "1.5"),
        ("seq", "\"42\""),
        ("seq", "true"),
        ("seq", "18446744073709551616"),
        ("created_at", "-1"),
        ("created_at", "\"now\""),
        ("mac", "\"%%%%\""),
        ("mac", "\"AAAA\""),
        ("mac", "42"),
        ("signer", "\"AAAA\""),
        ("signer", "\"-_-_\""),
        ("signature", "\"\""),
        ("signature", "null"),
    ])
    func malformedFieldsAreRefused(_ field: String, _ value: String) throws {
        let bytes = try json(setting: field, to: value)
        let error = #expect(throws: AuditCheckpoint.CheckpointError.self, "\(field)=\(value)") { try AuditCheckpoint.parse(bytes) }
        // The message names the field.
        #expect(error?.description.contains(field) == true, "\(field)=\(value): \(String(describing: error))")
    }

    @Test(arguments: ["format", "community_id", "seq", "mac", "created_at", "signer", "signature"])
    func aMissingFieldIsRefused(_ field: String) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(checkpoint.json.utf8)) as? [String: Any])
        object[field] = nil
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        #expect(throws: AuditCheckpoint.CheckpointError.malformed(field), "\(field)") { try AuditCheckpoint.parse(bytes) }
    }

    @Test func wrongLengthsAreRefused() throws {
        for (field, count) in [("mac", 31), ("mac", 33), ("signer", 31), ("signer", 33), ("signature", 63), ("signature", 65)] {
            let bytes = try json(setting: field, to: "\"\(Base64.encode(Random.bytes(count)))\"")
            #expect(throws: AuditCheckpoint.CheckpointError.malformed(field), "\(field) of \(count) bytes") {
                try AuditCheckpoint.parse(bytes)
            }
        }
    }
}
