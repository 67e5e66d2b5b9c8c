import Core
import Crypto
import Foundation
import Protocol
import Testing

// Reports (mod-spec §1): a report made for the moderators opens for each of
// them and proves the post's text; every tampering is caught - a changed
// ciphertext byte, a claim with another text or franking key (forged), a
// signature by someone else, a wrap for someone else or a wrap that does not
// open (unreadable) - and the wire form is strict.

@Suite struct ReportTests {
    let world: ReportWorld

    init() throws { world = try ReportWorld() }

    // MARK: - Round trip

    @Test func madeReportOpensForEveryModeratorAndIsProven() throws {
        let report = try world.report()
        #expect(report.hasValidSizes)
        #expect(report.isSigned(by: world.reporter.person.sign.publicKey))
        #expect(report.keyWraps.map(\.recipientID) == world.moderators.map(\.id).sorted())
        #expect(report.keyWraps.allSatisfy { $0.sealed.count == ReportKeyWrap.sealedLength })
        #expect((report.ciphertext.count - AEAD.tagByteCount) % Report.padBlock == 0)
        for moderator in world.moderators {
            #expect(try report.open(as: moderator.id, with: moderator.person.box) == world.honestClaim)
            #expect(world.check(report, moderator: moderator) == .proven(world.honestClaim))
        }
        // Two reports of the same claim share no key, nonce or ciphertext.
        let again = try world.report()
        #expect(again.nonce != report.nonce && again.ciphertext != report.ciphertext && again.keyWraps != report.keyWraps)
    }

    @Test func payloadJSONIsSortedWithoutWhitespaceAndOptionalFieldsAbsent() throws {
        let key = [UInt8](repeating: 7, count: 32)
        let postID = "00000000-0000-4000-8000-000000000001"
        let bare = ReportPayload(postID: postID, body: "a/b \"c\"", frankingKey: key, reason: "r")
        #expect(String(decoding: bare.json, as: UTF8.self)
            == #"{"body":"a/b \"c\"","franking_key":"\#(Base64.encode(key))","post_id":"\#(postID)","reason":"r"}"#)
        #expect(try ReportPayload.parse(bare.json) == bare)
        let full = ReportPayload(postID: postID, body: "b", title: "t", replyTo: postID, frankingKey: key, reason: "r")
        #expect(String(decoding: full.json, as: UTF8.self).contains(#""reply_to":"\#(postID)","title":"t""#))
        #expect(try ReportPayload.parse(full.json) == full)
        // Types and lengths are checked.
        for bad in [#"{"body":1,"franking_key":"\#(Base64.encode(key))","post_id":"\#(postID)","reason":"r"}"#,
                    #"{"body":"b","franking_key":"AAAA","post_id":"\#(postID)","reason":"r"}"#,
                    #"{"body":"b","franking_key":"\#(Base64.encode(key))","post_id":"P","reason":"r"}"#,
                    #"{"body":"b","franking_key":"\#(Base64.encode(key))","post_id":"\#(postID)"}"#,
                    #"{"body":"b","franking_key":"\#(Base64.encode(key))","post_id":"\#(postID)","reason":"r","title":5}"#] {
            expectRefused(.malformed) { try ReportPayload.parse(Array(bad.utf8)) }
        }
    }

    @Test func reportOfAPostWithoutTitleOrReplyIsProven() throws {
        var f = world.fields
        f.postID = newID()
        let plain = PostPayload(body: "")
        let post = try f.seal(plain, key: world.epochKey, author: world.author.person.sign)
        let report = try world.report(ReportPayload(postID: post.postID, post: plain, reason: ""))
        #expect(world.check(report, post: post) == .proven(ReportPayload(postID: post.postID, post: plain, reason: "")))
    }

    @Test func makeRefusesNoRecipientsAndDuplicates() throws {
        #expect(throws: ProtocolError.self) { try world.report(recipients: []) }
        let m = world.moderators[0].recipient
        #expect(throws: ProtocolError.self) { try world.report(recipients: [m, m]) }
    }

    // MARK: - Unreadable: steps 1 and 2

    @Test func tamperedCiphertextByteIsUnreadable() throws {
        let report = try world.report()
        for index in [0, report.ciphertext.count / 2, report.ciphertext.count - 1] {
            let tampered = report.with(ciphertext: flipped(report.ciphertext, at: index))
            #expect(!tampered.isSigned(by: world.reporter.person.sign.publicKey))
            #expect(world.check(tampered).isUnreadable)
            // Even re-signed by the reporter, the AEAD refuses it.
            let resigned = tampered.resigned(by: world.reporter.person.sign)
            #expect(throws: ProtocolError.self) { try resigned.open(as: world.moderators[0].id, with: world.moderators[0].person.box) }
            #expect(world.check(resigned).isUnreadable)
        }
        // The nonce and the additional data (a changed post id or reporter) are bound too.
        let otherNonce = report.with(nonce: flipped(report.nonce, at: 3)).resigned(by: world.reporter.person.sign)
        #expect(world.check(otherNonce).isUnreadable)
        let otherPost = report.with(postID: newID()).resigned(by: world.reporter.person.sign)
        #expect(throws: ProtocolError.self) { try otherPost.open(as: world.moderators[0].id, with: world.moderators[0].person.box) }
    }

    @Test func signatureBySomeoneElseIsUnreadable() throws {
        // Signed by the outsider's key while naming the reporter and its certificate.
        let forged = try world.report(signer: world.outsider.person.sign)
        #expect(!forged.isSigned(by: world.reporter.person.sign.publicKey))
        #expect(world.check(forged) == .unreadable(reason: "the reporter's signature does not verify"))
        // The outsider's own certificate does not make it the reporter's.
        #expect(world.check(forged, reporterCertificate: world.outsider.certificate).isUnreadable)
        // No certificate for the reporter at all.
        #expect(world.check(try world.report(), reporterCertificate: .some(nil)).isUnreadable)
        // A flipped signature byte.
        let report = try world.report()
        #expect(world.check(report.with(signature: flipped(report.signature, at: 10))).isUnreadable)
    }

    @Test func wrapForSomeoneElseIsUnreadable() throws {
        // Addressed to the other moderator only.
        let report = try world.report(recipients: [world.moderators[1].recipient])
        #expect(world.check(report, moderator: world.moderators[0]).isUnreadable)
        #expect(world.check(report, moderator: world.moderators[1]).isProven)
        // A wrap under the moderator's id sealed to someone else's box key.
        let misdirected = ReportRecipient(memberID: world.moderators[0].id, certHash: world.moderators[0].certificate.hash,
                                          boxPublicKey: world.outsider.person.box.publicKey)
        let wrong = try world.report(recipients: [misdirected])
        #expect(world.check(wrong, moderator: world.moderators[0]).isUnreadable)
        // The outsider cannot open a report made for the moderators.
        #expect(world.check(try world.report(), moderator: world.outsider).isUnreadable)
    }

    @Test func wrapsAreBoundBySignature() throws {
        let report = try world.report()
        // Dropping a wrap, or swapping a sealed key, breaks the reporter's signature.
        #expect(world.check(report.with(keyWraps: [report.keyWraps[0]])).isUnreadable)
        let w = report.keyWraps
        let swapped = [ReportKeyWrap(recipientID: w[0].recipientID, recipientCertHash: w[0].recipientCertHash, sealed: w[1].sealed),
                       ReportKeyWrap(recipientID: w[1].recipientID, recipientCertHash: w[1].recipientCertHash, sealed: w[0].sealed)]
        #expect(!report.with(keyWraps: swapped).isSigned(by: world.reporter.person.sign.publicKey))
        #expect(Report.wrapsHash(w) != Report.wrapsHash(swapped))
    }

    @Test func payloadNamingAnotherPostIsUnreadable() throws {
        var claim = world.honestClaim
        claim.postID = newID()
        // Made for claim.postID but relabelled as a report of the stored post and signed so.
        let made = try world.report(claim)
        let relabelled = made.with(postID: world.post.postID).resigned(by: world.reporter.person.sign)
        #expect(world.check(relabelled).isUnreadable)
        // An honest report of another post, checked against this post: unreadable, not proven.
        #expect(world.check(made).isUnreadable)
    }

    // MARK: - Forged: steps 3 and 4

    @Test func wrongFrankingKeyIsForged() throws {
        var claim = world.honestClaim
        claim.frankingKey = Random.bytes(32)
        let verdict = world.check(try world.report(claim))
        #expect(verdict.isForged)
        if case .forged(_, let kept) = verdict { #expect(kept == claim) }
    }

    @Test func bodyTitleOrReplyOtherThanSignedIsForged() throws {
        for change in 0..<4 {
            var claim = world.honestClaim
            switch change {
            case 0: claim.body += " (and more)"
            case 1: claim.title = "Something else"
            case 2: claim.replyTo = nil
            default: claim.title = nil
            }
            #expect(world.check(try world.report(claim)).isForged, "change \(change)")
        }
        // A changed reason is still proven: the reason is the reporter's, not the author's.
        var claim = world.honestClaim
        claim.reason = "another reason"
        #expect(world.check(try world.report(claim)).isProven)
    }

    @Test func storedPostNotSignedByItsAuthorIsForged() throws {
        let report = try world.report()
        // The stored post carries someone else's signature.
        let resigned = world.fields.seal(world.payload, keyFrom: world)
        #expect(world.check(report, post: try resigned()).isForged)
        // The author's certificate is not the one the post names, or unknown.
        #expect(world.check(report, authorCertificate: world.outsider.certificate).isForged)
        #expect(world.check(report, authorCertificate: .some(nil)).isForged)
    }

    @Test func servedPostThatIsNotTheReportedOneIsUnreadable() throws {
        var f = world.fields
        f.postID = newID()
        let other = try f.seal(world.payload, key: world.epochKey, author: world.author.person.sign)
        #expect(world.check(try world.report(), post: other).isUnreadable)
    }

    // MARK: - Wire

    @Test func wireRoundTrip() throws {
        let report = try world.report()
        let submit = ReportWire.Submit(report)
        let decoded = try JSONDecoder().decode(ReportWire.Submit.self, from: JSONEncoder().encode(submit))
        #expect(try decoded.report(communityID: world.communityID, reporterID: world.reporter.id) == report)
        let stored = ReportWire.Stored(report, receivedAt: 1_767_225_600_123)
        let storedBack = try JSONDecoder().decode(ReportWire.Stored.self, from: JSONEncoder().encode(stored))
        #expect(try storedBack.report(communityID: world.communityID) == report)
        #expect(storedBack.received_at == 1_767_225_600_123)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(stored)) as! [String: Any]
        #expect(Set(json.keys) == ["report_id", "post_id", "reporter_id", "reporter_cert_hash", "nonce", "ciphertext", "key_wraps",
                                   "signature", "received_at"])
    }

    @Test func wireRefusesMalformedFields() throws {
        let report = try world.report()
        let good = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ReportWire.Submit(report))) as! [String: Any]
        func refused(_ change: (inout [String: Any]) -> Void, _ comment: Comment) {
            var object = good
            change(&object)
            let data = try! JSONSerialization.data(withJSONObject: object)
            let submit = try! JSONDecoder().decode(ReportWire.Submit.self, from: data)
            expectRefused(.malformed, comment) { try submit.report(communityID: world.communityID, reporterID: world.reporter.id) }
        }
        refused({ $0["report_id"] = "R" }, "report_id")
        refused({ $0["post_id"] = world.post.postID.uppercased() }, "post_id upper-case")
        refused({ $0["nonce"] = Base64.encode(Random.bytes(23)) }, "nonce length")
        refused({ $0["nonce"] = "not base64!" }, "nonce base64")
        refused({ $0["reporter_cert_hash"] = Base64.encode(Random.bytes(31)) }, "cert hash length")
        refused({ $0["signature"] = Base64.encode(Random.bytes(63)) }, "signature length")
        refused({ $0["ciphertext"] = Base64.encode(Random.bytes(256 + 15)) }, "ciphertext not padded")
        refused({ $0["ciphertext"] = Base64.encode(Random.bytes(AEAD.tagByteCount)) }, "ciphertext empty")
        refused({ $0["ciphertext"] = Base64.encode(Random.bytes(97 * 1024 + 16)) }, "ciphertext too large")
        refused({ $0["key_wraps"] = [] as [Any] }, "no wraps")
        refused({ $0["key_wraps"] = Array(($0["key_wraps"] as! [Any]).reversed()) }, "wraps unsorted")
        refused({ $0["key_wraps"] = [($0["key_wraps"] as! [Any])[0], ($0["key_wraps"] as! [Any])[0]] }, "wrap twice")
        refused({ object in
            var wraps = object["key_wraps"] as! [[String: Any]]
            wraps[0]["sealed"] = Base64.encode(Random.bytes(79))
            object["key_wraps"] = wraps
        }, "sealed length")
        refused({ object in
            var wraps = object["key_wraps"] as! [[String: Any]]
            wraps[0]["recipient_id"] = "x"
            object["key_wraps"] = wraps
        }, "recipient id")
    }
}

private extension PostFields {
    /// The post sealed with the world's key but signed by an outsider.
    func seal(_ payload: PostPayload, keyFrom world: ReportWorld) -> () throws -> Post {
        { try self.seal(payload, key: world.epochKey, author: world.outsider.person.sign) }
    }
}
