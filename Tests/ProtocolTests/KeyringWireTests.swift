import Core
import Crypto
import Foundation
import Protocol
import Testing

// The JSON forms of PROTOCOL.md §4–§5 (KeyringWire, PostWire): every type
// round-trips through JSON and back to the protocol type, and each malformed
// field is refused as `malformed` with a message naming the field.

@Suite struct KeyringWireTests {
    let communityID = newID(), keyringID = newID()
    let signer = SigningSecretKey()

    var entry: MembershipEntry {
        MembershipEntry.sign(keyringID: keyringID, seq: 4, action: .remove, memberID: newID(), memberCertHash: Random.bytes(32),
                             prevHash: Random.bytes(32), actorID: newID(), key: signer)
    }

    var record: ThreadRecord {
        ThreadRecord.sign(communityID: communityID, threadID: newID(), keyringID: keyringID, circleID: newID(), label: .amberStrict,
                          authorID: newID(), authorCertHash: Random.bytes(32), key: signer)
    }

    var epoch: Epoch {
        Epoch.make(communityID: communityID, keyringID: keyringID, number: 9, key: SecureBytes(Random.bytes(32)), logSeq: 12,
                   logHead: Random.bytes(32), creatorID: newID(), creator: signer)
    }

    func wrap() throws -> Wrap {
        let box = BoxSecretKey()
        let cert = Certificate(communityID: communityID, memberID: newID(), orgID: newID(), role: .expert, signPublicKey: signer.publicKey,
                               boxPublicKey: box.publicKey, issuedAt: t0, expiresAt: t0 + day, issuerID: newID())
        return try Wrap.make(keyringID: keyringID, epoch: 9, key: SecureBytes(Random.bytes(32)), recipientID: cert.memberID, recipient: cert,
                             recipientCertHash: Random.bytes(32), wrapperID: newID(), wrapper: signer)
    }

    func post(moderation: Post.Moderation = .hold) throws -> Post {
        var f = PostFields()
        f.communityID = communityID
        f.keyringID = keyringID
        f.moderation = moderation
        f.label = .red
        return try f.seal(PostPayload(body: "b", title: "t"), key: SecureBytes(Random.bytes(32)), author: signer)
    }

    // MARK: - Helpers

    func json<T: Encodable>(_ value: T) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! [String: Any]
    }

    func through<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    /// `value` with one JSON field replaced.
    func with<T: Codable>(_ value: T, _ field: String, _ replacement: Any) throws -> T {
        var object = try json(value)
        #expect(object[field] != nil, "no field \(field)")
        object[field] = replacement
        return try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// Bad values for a binary field of `count` bytes (any length when nil).
    func badBinary(count: Int?) -> [String] {
        var bad = ["not base64!", "AAA", "AA==AA==", "YWJj\n", "-_-_"]
        if let count { bad += [Base64.encode(Random.bytes(count - 1)), Base64.encode(Random.bytes(count + 1)), ""] }
        return bad
    }

    static let badIDs = ["", "x", newID().uppercased(), String(newID().dropLast()), newID() + "0", "{\(newID().dropFirst(2))}"]

    /// Expects `body` to throw `malformed` naming `field`.
    func expectMalformed(_ field: String, _ value: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        let error = expectRefused(.malformed, "\(field) = \(value.debugDescription)", sourceLocation: sourceLocation) { try body() }
        if let error {
            #expect(error.description.contains(field), "\(error) does not name \(field)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Round trips

    @Test func entryRoundTrips() throws {
        let e = entry
        let wire = KeyringWire.Entry(e)
        #expect(try wire.entry(keyringID: keyringID) == e)
        #expect(try through(wire) == wire)
        #expect(try through(wire).entry(keyringID: keyringID) == e)
        #expect(Set(try json(wire).keys) == ["seq", "action", "member_id", "member_cert_hash", "prev_hash", "actor_id", "signature"])
        #expect(try json(wire)["member_cert_hash"] as? String == Base64.encode(e.memberCertHash))
        for action in MembershipEntry.Action.allCases {
            let other = MembershipEntry.sign(keyringID: keyringID, seq: 0, action: action, memberID: newID(), memberCertHash: Random.bytes(32),
                                             prevHash: LogEntry.genesis, actorID: newID(), key: signer)
            #expect(try KeyringWire.Entry(other).entry(keyringID: keyringID) == other)
        }
    }

    @Test func recordRoundTrips() throws {
        for label in TLPLabel.allCases {
            let r = ThreadRecord.sign(communityID: communityID, threadID: newID(), keyringID: keyringID, circleID: communityID, label: label,
                                      authorID: newID(), authorCertHash: Random.bytes(32), key: signer)
            let wire = KeyringWire.Record(r)
            #expect(try wire.record(communityID: communityID) == r)
            #expect(try through(wire).record(communityID: communityID) == r)
            #expect(try json(wire)["label"] as? String == label.rawValue)
        }
        #expect(Set(try json(KeyringWire.Record(record)).keys) == ["thread_id", "keyring_id", "circle_id", "label", "author_id",
                                                                    "author_cert_hash", "signature"])
    }

    @Test func epochWrapAndNewEpochRoundTrip() throws {
        let e = epoch
        let w = try wrap()
        #expect(try KeyringWire.EpochJSON(e).epoch(keyringID: keyringID) == e)
        #expect(try through(KeyringWire.EpochJSON(e)).epoch(keyringID: keyringID) == e)
        #expect(try KeyringWire.WrapJSON(w).wrap(keyringID: keyringID) == w)
        #expect(try through(KeyringWire.WrapJSON(w)).wrap(keyringID: keyringID) == w)
        #expect(Set(try json(KeyringWire.EpochJSON(e)).keys) == ["epoch", "key_check", "log_seq", "log_head", "creator_id", "signature"])
        #expect(Set(try json(KeyringWire.WrapJSON(w)).keys) == ["epoch", "recipient_id", "recipient_cert_hash", "sealed", "wrapper_id", "signature"])
        let w2 = try wrap()
        let new = try through(KeyringWire.NewEpoch(epoch: e, wraps: [w, w2]))
        #expect(try new.epoch.epoch(keyringID: keyringID) == e)
        #expect(try new.wraps.map { try $0.wrap(keyringID: keyringID) } == [w, w2])
        #expect(Set(try json(KeyringWire.NewEpoch(epoch: e, wraps: [w])).keys) == ["epoch", "wraps"])
    }

    @Test func postSubmitReceiptAndStoredRoundTrip() throws {
        for moderation in [Post.Moderation.none, .hold] {
            let p = try post(moderation: moderation)
            let submit = PostWire.Submit(p)
            #expect(try submit.post(communityID: communityID) == p)
            #expect(try through(submit).post(communityID: communityID) == p)
            #expect(try json(submit)["moderation"] as? String == moderation.rawValue)
        }
        let p = try post()
        #expect(Set(try json(PostWire.Submit(p)).keys) == ["post_id", "thread_id", "label", "keyring_id", "epoch", "log_seq", "log_head",
                                                            "author_id", "author_cert_hash", "franking_tag", "moderation", "nonce",
                                                            "ciphertext", "policy_version", "signature"])
        let tag = Post.serverTag(key: SecureBytes(Random.bytes(32)), postID: p.postID, threadID: p.threadID, authorID: p.authorID,
                                 frankingTag: p.frankingTag, receivedAt: 1_767_225_600_123)
        let receipt = PostWire.Receipt(postID: p.postID, seq: 3, receivedAt: 1_767_225_600_123, serverTag: tag)
        #expect(try through(receipt) == receipt)
        #expect(try json(receipt)["server_tag"] as? String == Base64.encode(tag))
        #expect(Set(try json(receipt).keys) == ["post_id", "seq", "received_at", "server_tag"])
        let stored = PostWire.Stored(seq: 3, receivedAt: 1_767_225_600_123, serverTag: tag, post: p)
        let back = try through(stored)
        #expect(back == stored)
        #expect(try back.post.post(communityID: communityID) == p)
        #expect(back.seq == 3 && back.received_at == 1_767_225_600_123 && back.server_tag == Base64.encode(tag))
    }

    // MARK: - Malformed fields

    @Test func malformedEntryFields() throws {
        let wire = KeyringWire.Entry(entry)
        for bad in ["", "Add", "ADD", "join", "removed", " add"] {
            expectMalformed("entry.action", bad) { _ = try with(wire, "action", bad).entry(keyringID: keyringID) }
        }
        for field in ["member_id", "actor_id"] {
            for bad in KeyringWireTests.badIDs {
                expectMalformed("entry.\(field)", bad) { _ = try with(wire, field, bad).entry(keyringID: keyringID) }
            }
        }
        for (field, count) in [("member_cert_hash", 32), ("prev_hash", 32), ("signature", 64)] {
            for bad in badBinary(count: count) {
                expectMalformed("entry.\(field)", bad) { _ = try with(wire, field, bad).entry(keyringID: keyringID) }
            }
        }
    }

    @Test func malformedRecordFields() throws {
        let wire = KeyringWire.Record(record)
        for bad in ["", "TLP:WHITE", "tlp:amber", "TLP:AMBER ", "AMBER", "TLP:AMBER+strict"] {
            expectMalformed("record.label", bad) { _ = try with(wire, "label", bad).record(communityID: communityID) }
        }
        for field in ["thread_id", "keyring_id", "circle_id", "author_id"] {
            for bad in KeyringWireTests.badIDs {
                expectMalformed("record.\(field)", bad) { _ = try with(wire, field, bad).record(communityID: communityID) }
            }
        }
        for (field, count) in [("author_cert_hash", 32), ("signature", 64)] {
            for bad in badBinary(count: count) {
                expectMalformed("record.\(field)", bad) { _ = try with(wire, field, bad).record(communityID: communityID) }
            }
        }
    }

    @Test func malformedEpochAndWrapFields() throws {
        let e = KeyringWire.EpochJSON(epoch)
        for bad in KeyringWireTests.badIDs {
            expectMalformed("epoch.creator_id", bad) { _ = try with(e, "creator_id", bad).epoch(keyringID: keyringID) }
        }
        for (field, count) in [("key_check", 32), ("log_head", 32), ("signature", 64)] {
            for bad in badBinary(count: count) {
                expectMalformed("epoch.\(field)", bad) { _ = try with(e, field, bad).epoch(keyringID: keyringID) }
            }
        }
        let w = KeyringWire.WrapJSON(try wrap())
        for field in ["recipient_id", "wrapper_id"] {
            for bad in KeyringWireTests.badIDs {
                expectMalformed("wrap.\(field)", bad) { _ = try with(w, field, bad).wrap(keyringID: keyringID) }
            }
        }
        for (field, count) in [("recipient_cert_hash", 32), ("sealed", KeyringWire.WrapJSON.sealedLength), ("signature", 64)] {
            for bad in badBinary(count: count) {
                expectMalformed("wrap.\(field)", bad) { _ = try with(w, field, bad).wrap(keyringID: keyringID) }
            }
        }
        // A sealed 32-byte key is crypto_box_SEALBYTES + 32.
        #expect(KeyringWire.WrapJSON.sealedLength == SealedBox.overhead + 32)
    }

    @Test func malformedSubmitFields() throws {
        let wire = PostWire.Submit(try post())
        for bad in ["", "TLP:WHITE", "red", "TLP:Red"] {
            expectMalformed("label", bad) { _ = try with(wire, "label", bad).post(communityID: communityID) }
        }
        for bad in ["", "None", "held", "block", "flag"] {
            expectMalformed("moderation", bad) { _ = try with(wire, "moderation", bad).post(communityID: communityID) }
        }
        for field in ["post_id", "thread_id", "keyring_id", "author_id"] {
            for bad in KeyringWireTests.badIDs {
                expectMalformed(field, bad) { _ = try with(wire, field, bad).post(communityID: communityID) }
            }
        }
        let version = wire.policy_version
        for bad in ["", String(version.dropLast()), version + "0", version.uppercased(), "g" + version.dropFirst(), Base64.encode(Random.bytes(32)),
                    " " + version.dropFirst()] {
            expectMalformed("policy_version", bad) { _ = try with(wire, "policy_version", bad).post(communityID: communityID) }
        }
        for (field, count) in [("log_head", 32), ("author_cert_hash", 32), ("franking_tag", 32), ("nonce", 24), ("signature", 64)] {
            for bad in badBinary(count: count) {
                expectMalformed(field, bad) { _ = try with(wire, field, bad).post(communityID: communityID) }
            }
        }
        // The ciphertext has no fixed length here (hasValidSizes judges it), but must be base64.
        for bad in badBinary(count: nil) {
            expectMalformed("ciphertext", bad) { _ = try with(wire, "ciphertext", bad).post(communityID: communityID) }
        }
        let short = try with(wire, "ciphertext", Base64.encode(Random.bytes(5))).post(communityID: communityID)
        #expect(!short.hasValidSizes)
    }

    /// Missing fields, and fields of the wrong JSON type, fail to decode at all.
    @Test func missingOrMistypedFieldsDoNotDecode() throws {
        var object = try json(KeyringWire.Entry(entry))
        object["seq"] = nil
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(KeyringWire.Entry.self, from: JSONSerialization.data(withJSONObject: object))
        }
        #expect(throws: DecodingError.self) { try with(KeyringWire.Entry(entry), "seq", -1) }
        #expect(throws: DecodingError.self) { try with(KeyringWire.EpochJSON(epoch), "epoch", "1") }
        #expect(throws: DecodingError.self) { try with(PostWire.Submit(try post()), "signature", 5) }
    }
}
