import Core
import Crypto
import Foundation
import Protocol
import Testing

// Post and PostPayload (PROTOCOL.md §5): sealing and opening, padding
// buckets, the 64 KiB cap, and every tampering a server or another member
// could try - each changed byte or field fails the signature and/or the AEAD
// (the fields are the additional data), and a franking tag that does not
// match the text is refused even when the post is properly signed.

/// A post's fields, to change one and rebuild the post.
struct PostFields {
    var communityID = newID(), postID = newID(), threadID = newID(), label = TLPLabel.amber, keyringID = newID()
    var epoch: UInt64 = 3, logSeq: UInt64 = 7, logHead = Random.bytes(32), authorID = newID(), authorCertHash = Random.bytes(32)
    var frankingTag: [UInt8] = [], moderation = Post.Moderation.none, nonce: [UInt8] = [], ciphertext: [UInt8] = []
    var policyVersion = Hex.encode(Random.bytes(32)), signature: [UInt8] = []

    init() {}

    init(_ p: Post) {
        communityID = p.communityID; postID = p.postID; threadID = p.threadID; label = p.label; keyringID = p.keyringID
        epoch = p.epoch; logSeq = p.logSeq; logHead = p.logHead; authorID = p.authorID; authorCertHash = p.authorCertHash
        frankingTag = p.frankingTag; moderation = p.moderation; nonce = p.nonce; ciphertext = p.ciphertext
        policyVersion = p.policyVersion; signature = p.signature
    }

    var post: Post {
        Post(communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch, logSeq: logSeq,
             logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, frankingTag: frankingTag, moderation: moderation,
             nonce: nonce, ciphertext: ciphertext, policyVersion: policyVersion, signature: signature)
    }

    /// The post with these fields, signed by `key`.
    func signed(by key: SigningSecretKey) -> Post {
        var copy = self
        copy.signature = key.sign(post.signedBytes)
        return copy.post
    }

    func seal(_ payload: PostPayload, key: SecureBytes, author: SigningSecretKey, nonce: [UInt8]? = nil) throws -> Post {
        try Post.seal(payload, communityID: communityID, postID: postID, threadID: threadID, label: label, keyringID: keyringID, epoch: epoch,
                      key: key, logSeq: logSeq, logHead: logHead, authorID: authorID, authorCertHash: authorCertHash, moderation: moderation,
                      policyVersion: policyVersion, author: author, nonce: nonce)
    }
}

@Suite struct PostTests {
    let author = SigningSecretKey()
    let key = SecureBytes(Random.bytes(32))
    let base = PostFields()
    let payload = PostPayload(body: "Zie ook https://example.nl/advies — één regel\n\"quoted\"", title: "Phishing/wave ✉︎",
                              replyTo: newID(), flags: ["price", "domain"])

    func sealed(_ payload: PostPayload? = nil) throws -> Post { try base.seal(payload ?? self.payload, key: key, author: author) }

    // MARK: - Round trips

    @Test func sealAndOpenWithTitleReplyToAndFlags() throws {
        let post = try sealed()
        #expect(post.isSigned(by: author.publicKey))
        #expect(post.hasValidSizes)
        #expect(post.frankingTag == payload.frankingTag(postID: base.postID))
        #expect(post.nonce.count == 24)
        let opened = try post.open(with: key)
        #expect(opened == payload)
        #expect(opened.title == payload.title && opened.replyTo == payload.replyTo && opened.flags == ["price", "domain"])
        // Without the optional fields, and with moderation = hold.
        var held = base
        held.moderation = .hold
        let bare = PostPayload(body: "")
        let post2 = try held.seal(bare, key: key, author: author)
        #expect(try post2.open(with: key) == bare)
        #expect(post2.isSigned(by: author.publicKey) && post2.moderation == .hold)
        // Two seals of one payload differ (random nonce), and both open.
        let again = try sealed()
        #expect(again.nonce != post.nonce && again.ciphertext != post.ciphertext)
        #expect(try again.open(with: key) == payload)
        // The identity of the bytes: the same post, the same digest.
        #expect(post.digest == PostFields(post).post.digest && post.digest != again.digest)
    }

    @Test func thePayloadJSON() throws {
        let json = String(decoding: payload.json, as: UTF8.self)
        // Keys sorted, slashes not escaped, non-ASCII as UTF-8.
        #expect(json.hasPrefix("{\"body\":"))
        let keys = ["\"body\"", "\"flags\"", "\"franking_key\"", "\"reply_to\"", "\"title\""].map { json.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted())
        #expect(json.contains("https://example.nl/advies") && json.contains("één"))
        #expect(try PostPayload.parse(payload.json) == payload)
        #expect(!String(decoding: PostPayload(body: "x").json, as: UTF8.self).contains("title"))
    }

    @Test func malformedPayloadsAreRefused() {
        let k = Base64.encode(Random.bytes(32))
        for text in ["", "[]", "not json", "{\"franking_key\":\"\(k)\"}", "{\"body\":1,\"franking_key\":\"\(k)\"}",
                     "{\"body\":\"b\"}", "{\"body\":\"b\",\"franking_key\":\"\(Base64.encode(Random.bytes(31)))\"}",
                     "{\"body\":\"b\",\"franking_key\":\"%%%%\"}", "{\"body\":\"b\",\"franking_key\":\"\(k)\",\"title\":null}",
                     "{\"body\":\"b\",\"franking_key\":\"\(k)\",\"title\":3}", "{\"body\":\"b\",\"franking_key\":\"\(k)\",\"reply_to\":[]}",
                     "{\"body\":\"b\",\"franking_key\":\"\(k)\",\"flags\":[1]}", "{\"body\":\"b\",\"franking_key\":\"\(k)\",\"flags\":\"x\"}"] {
            expectRefused(.malformed, "\(text)") { try PostPayload.parse(Array(text.utf8)) }
        }
    }

    // MARK: - Padding and sizes

    /// The JSON around a body: `{"body":"","franking_key":"<44 base64 characters>"}`.
    static let envelope = 73

    @Test func paddingBuckets() throws {
        #expect(PostPayload(body: "").json.count == PostTests.envelope)
        func length(_ bodyBytes: Int) throws -> Int {
            try sealed(PostPayload(body: String(repeating: "a", count: bodyBytes))).ciphertext.count
        }
        let tag = 16
        // Padded payloads of 1…255 bytes share the first bucket; 256 goes to the next
        // (sodium_pad always adds at least one byte).
        #expect(try length(0) == 256 + tag)
        #expect(try length(1) == 256 + tag)
        #expect(try length(255 - PostTests.envelope) == 256 + tag)
        #expect(try length(256 - PostTests.envelope) == 512 + tag)
        #expect(try length(511 - PostTests.envelope) == 512 + tag)
        #expect(try length(512 - PostTests.envelope) == 768 + tag)
        // So a 1-byte and a 255-byte *body* do not share a bucket: the padding
        // is over the payload JSON, whose envelope takes 73 bytes of the first 255.
        #expect(try length(255) == 512 + tag)
        let one = try Padding.pad(Array(repeating: 0x61, count: 1), blockSize: 256)
        let most = try Padding.pad(Array(repeating: 0x61, count: 255), blockSize: 256)
        #expect(one.count == 256 && most.count == 256)
        #expect(try Padding.pad(Array(repeating: 0x61, count: 256), blockSize: 256).count == 512)
    }

    @Test func theCapIs64KiBPadded() throws {
        let largest = 65_535 - PostTests.envelope
        let post = try sealed(PostPayload(body: String(repeating: "a", count: largest)))
        #expect(post.ciphertext.count == 65_536 + 16)
        #expect(post.hasValidSizes)
        #expect(try post.open(with: key).body.count == largest)
        #expect(throws: CryptoError.self) { try sealed(PostPayload(body: String(repeating: "a", count: largest + 1))) }
    }

    @Test func hasValidSizesEdgeCases() throws {
        let post = try sealed()
        var f = PostFields(post)
        #expect(f.post.hasValidSizes)
        func valid(_ change: (inout PostFields) -> Void) -> Bool {
            var copy = f
            change(&copy)
            return copy.post.hasValidSizes
        }
        for n in [0, 23, 25, 32] { #expect(!valid { $0.nonce = Random.bytes(n) }, "nonce \(n)") }
        for n in [0, 1, 15, 16, 17, 256, 256 + 15, 256 + 17, 255 + 16, 65_792 + 16] {
            #expect(!valid { $0.ciphertext = Random.bytes(n) }, "ciphertext \(n)")
        }
        for n in [256 + 16, 512 + 16, 65_536 + 16] { #expect(valid { $0.ciphertext = Random.bytes(n) }, "ciphertext \(n)") }
        for n in [0, 31, 33] {
            #expect(!valid { $0.logHead = Random.bytes(n) }, "log head \(n)")
            #expect(!valid { $0.authorCertHash = Random.bytes(n) }, "cert hash \(n)")
            #expect(!valid { $0.frankingTag = Random.bytes(n) }, "franking tag \(n)")
        }
        for n in [0, 63, 65] { #expect(!valid { $0.signature = Random.bytes(n) }, "signature \(n)") }
        f.ciphertext = []
        #expect(!f.post.hasValidSizes)
    }

    // MARK: - Tampering

    /// Every byte of the ciphertext, nonce, franking tag, signature and log head, flipped one at a time.
    @Test func everyFlippedByteIsDetected() throws {
        let post = try sealed()
        let f = PostFields(post)
        func check(_ name: String, _ count: Int, aead: Bool, _ change: (inout PostFields, Int) -> Void) {
            for i in 0..<count {
                var copy = f
                change(&copy, i)
                let tampered = copy.post
                #expect(!tampered.isSigned(by: author.publicKey), "\(name) byte \(i)")
                if aead {
                    #expect(throws: ProtocolError.self, "\(name) byte \(i)") { try tampered.open(with: key) }
                }
            }
        }
        check("ciphertext", f.ciphertext.count, aead: true) { $0.ciphertext = flipped($0.ciphertext, at: $1) }
        check("nonce", f.nonce.count, aead: true) { $0.nonce = flipped($0.nonce, at: $1) }
        check("franking tag", f.frankingTag.count, aead: true) { $0.frankingTag = flipped($0.frankingTag, at: $1) }
        check("log head", f.logHead.count, aead: true) { $0.logHead = flipped($0.logHead, at: $1) }
        check("author cert hash", f.authorCertHash.count, aead: true) { $0.authorCertHash = flipped($0.authorCertHash, at: $1) }
        // The signature is not in the AEAD: the text still decrypts, and the post shows as unverifiable.
        check("signature", f.signature.count, aead: false) { $0.signature = flipped($0.signature, at: $1) }
    }

    /// Each signed field changed: the signature fails, and for the fields in
    /// the additional data (all but policy_version) decryption fails too.
    @Test func everyChangedFieldIsDetected() throws {
        let post = try sealed()
        let f = PostFields(post)
        let changes: [(String, Bool, (inout PostFields) -> Void)] = [
            ("community", true, { $0.communityID = newID() }),
            ("post id", true, { $0.postID = newID() }),
            ("thread id", true, { $0.threadID = newID() }),
            ("label", true, { $0.label = .red }),
            ("label to green", true, { $0.label = .green }),
            ("keyring id", true, { $0.keyringID = newID() }),
            ("epoch", true, { $0.epoch += 1 }),
            ("log seq", true, { $0.logSeq -= 1 }),
            ("log head", true, { $0.logHead = Random.bytes(32) }),
            ("author id", true, { $0.authorID = newID() }),
            ("author cert hash", true, { $0.authorCertHash = Random.bytes(32) }),
            ("moderation", true, { $0.moderation = .hold }),
            ("policy version", false, { $0.policyVersion = Hex.encode(Random.bytes(32)) }),
        ]
        for (name, inAD, change) in changes {
            var copy = f
            change(&copy)
            let tampered = copy.post
            #expect(!tampered.isSigned(by: author.publicKey), "\(name)")
            if inAD {
                expectRefused(.badSignature, "\(name)") { try tampered.open(with: key) }
            } else {
                #expect(try tampered.open(with: key) == payload, "\(name)")
            }
        }
    }

    /// Someone without the epoch key (a server, or a member of another
    /// thread) moves the ciphertext to another thread, epoch, keyring or log
    /// position and signs the new fields with a key it has: the signature
    /// verifies under its key, and the text no longer decrypts (AD binding).
    @Test func aRetargetedPostDoesNotOpen() throws {
        let post = try sealed()
        let mallory = SigningSecretKey()
        let changes: [(String, (inout PostFields) -> Void)] = [
            ("thread", { $0.threadID = newID() }),
            ("epoch", { $0.epoch += 1 }),
            ("keyring", { $0.keyringID = newID() }),
            ("position", { $0.logSeq += 1; $0.logHead = Random.bytes(32) }),
            ("author", { $0.authorID = newID(); $0.authorCertHash = Random.bytes(32) }),
            ("post id", { $0.postID = newID() }),
        ]
        for (name, change) in changes {
            var f = PostFields(post)
            change(&f)
            let retargeted = f.signed(by: mallory)
            #expect(retargeted.isSigned(by: mallory.publicKey), "\(name)")
            #expect(!retargeted.isSigned(by: author.publicKey), "\(name)")
            expectRefused(.badSignature, "\(name)") { try retargeted.open(with: key) }
        }
        // The same ciphertext under the right fields re-signed by mallory opens (it is the author's text),
        // which is why a reader checks the signature against the author's certificate first.
        let resigned = PostFields(post).signed(by: mallory)
        #expect(!resigned.isSigned(by: author.publicKey))
    }

    /// A holder who encrypts a text under a franking tag that is not the
    /// text's, and signs it all properly: the AEAD opens, the tag check refuses.
    @Test func aForgedFrankingTagIsRefused() throws {
        var f = base
        f.frankingTag = PostPayload(body: "something else", frankingKey: payload.frankingKey).frankingTag(postID: f.postID)
        f.nonce = Random.bytes(24)
        let padded = try Padding.pad(payload.json, blockSize: 256)
        f.ciphertext = try AEAD.seal(padded, additionalData: f.post.additionalData, nonce: f.nonce, key: AEADKey(key))
        let forged = f.signed(by: author)
        #expect(forged.isSigned(by: author.publicKey) && forged.hasValidSizes)
        let error = expectRefused(.badSignature) { try forged.open(with: key) }
        #expect(error?.description.contains("franking tag") == true)
        // A random tag, and the right tag under another franking key.
        for tag in [Random.bytes(32), PostPayload(body: payload.body, title: payload.title, replyTo: payload.replyTo).frankingTag(postID: f.postID)] {
            var g = f
            g.frankingTag = tag
            g.ciphertext = try AEAD.seal(padded, additionalData: g.post.additionalData, nonce: g.nonce, key: AEADKey(key))
            expectRefused(.badSignature) { try g.signed(by: author).open(with: key) }
        }
        // Bad padding or a payload that is not JSON, properly encrypted: refused as malformed.
        var h = base
        h.frankingTag = payload.frankingTag(postID: h.postID)
        h.nonce = Random.bytes(24)
        for plain in [Array(repeating: UInt8(0), count: 256), try Padding.pad(Array("not json".utf8), blockSize: 256)] {
            h.ciphertext = try AEAD.seal(plain, additionalData: h.post.additionalData, nonce: h.nonce, key: AEADKey(key))
            expectRefused(.malformed) { try h.signed(by: author).open(with: key) }
        }
    }

    @Test func theFrankingTagBindsPostIDBodyTitleAndReplyTo() {
        let k = Random.bytes(32)
        let tag = PostPayload.frankingTag(postID: "p", body: "b", title: "t", replyTo: "r", key: k)
        let message = Frame.frame(context: "trustforum/frank/v1", [.string("p"), .string("b"), .string("t"), .string("r")])
        #expect(tag == HMACSHA256.authenticationCode(for: message, key: try! HMACKey(bytes: k)))
        for other in [PostPayload.frankingTag(postID: "q", body: "b", title: "t", replyTo: "r", key: k),
                      PostPayload.frankingTag(postID: "p", body: "c", title: "t", replyTo: "r", key: k),
                      PostPayload.frankingTag(postID: "p", body: "b", title: nil, replyTo: "r", key: k),
                      PostPayload.frankingTag(postID: "p", body: "b", title: "t", replyTo: nil, key: k),
                      PostPayload.frankingTag(postID: "p", body: "b", title: "t", replyTo: "r", key: Random.bytes(32))] {
            #expect(other != tag)
        }
        // An absent title or reply_to is the empty string.
        #expect(PostPayload.frankingTag(postID: "p", body: "b", title: nil, replyTo: nil, key: k)
                == PostPayload.frankingTag(postID: "p", body: "b", title: "", replyTo: "", key: k))
    }

    @Test func theWrongKeyDoesNotOpen() throws {
        let post = try sealed()
        expectRefused(.badSignature) { try post.open(with: SecureBytes(Random.bytes(32))) }
        expectRefused(.badSignature) { try post.open(with: SecureBytes(Random.bytes(31))) }
        #expect(!post.isSigned(by: SigningSecretKey().publicKey))
    }

    // MARK: - The server's receipt

    @Test func serverTagIsDeterministicAndKeyDependent() throws {
        let k = SecureBytes(Random.bytes(32))
        let tag = Random.bytes(32)
        let t = Post.serverTag(key: k, postID: "p", threadID: "t", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_123)
        #expect(t.count == 32)
        #expect(t == Post.serverTag(key: k, postID: "p", threadID: "t", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_123))
        let message = Frame.frame(context: "trustforum/server-tag/v1", [.string("p"), .string("t"), .string("a"), .bytes(tag), .u64(1_767_225_600_123)])
        #expect(t == HMACSHA256.authenticationCode(for: message, key: try HMACKey(k)))
        for other in [Post.serverTag(key: SecureBytes(Random.bytes(32)), postID: "p", threadID: "t", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_123),
                      Post.serverTag(key: k, postID: "q", threadID: "t", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_123),
                      Post.serverTag(key: k, postID: "p", threadID: "u", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_123),
                      Post.serverTag(key: k, postID: "p", threadID: "t", authorID: "b", frankingTag: tag, receivedAt: 1_767_225_600_123),
                      Post.serverTag(key: k, postID: "p", threadID: "t", authorID: "a", frankingTag: flipped(tag, at: 0), receivedAt: 1_767_225_600_123),
                      Post.serverTag(key: k, postID: "p", threadID: "t", authorID: "a", frankingTag: tag, receivedAt: 1_767_225_600_124)] {
            #expect(other != t)
        }
    }
}
