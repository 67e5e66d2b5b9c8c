import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

extension Post {
    /// The same post with some stored bytes replaced (the signature is not redone).
    func replacing(threadID: String? = nil, epoch: UInt64? = nil, logSeq: UInt64? = nil, logHead: [UInt8]? = nil, frankingTag: [UInt8]? = nil,
                   nonce: [UInt8]? = nil, ciphertext: [UInt8]? = nil, signature: [UInt8]? = nil) -> Post {
        Post(communityID: communityID, postID: postID, threadID: threadID ?? self.threadID, label: label, keyringID: keyringID,
             epoch: epoch ?? self.epoch, logSeq: logSeq ?? self.logSeq, logHead: logHead ?? self.logHead, authorID: authorID,
             authorCertHash: authorCertHash, frankingTag: frankingTag ?? self.frankingTag, moderation: moderation, nonce: nonce ?? self.nonce,
             ciphertext: ciphertext ?? self.ciphertext, policyVersion: currentPolicyVersion, signature: signature ?? self.signature)
    }

    /// A post an author signs over whatever it likes: `plaintext` (already
    /// padded) under `key`, with `frankingTag` claimed.
    static func forged(in world: ThreadWorld, by author: Person, key: SecureBytes, epoch: UInt64 = 1, position: LogFollower.Head,
                       plaintext: [UInt8], frankingTag: [UInt8]) throws -> Post {
        let certHash = world.community.state.member(author.id)!.current.hash
        let unsealed = Post(communityID: world.community.id, postID: newID(), threadID: world.draft.threadID, label: world.draft.record.label,
                            keyringID: world.draft.keyringID, epoch: epoch, logSeq: position.seq, logHead: position.hash, authorID: author.id,
                            authorCertHash: certHash, frankingTag: frankingTag, moderation: .none, nonce: [], ciphertext: [],
                            policyVersion: currentPolicyVersion, signature: [])
        let sealed = try AEAD.seal(plaintext, additionalData: unsealed.additionalData, key: AEADKey(key))
        let post = unsealed.replacing(nonce: sealed.nonce, ciphertext: sealed.ciphertext)
        return post.replacing(signature: author.sign.sign(post.signedBytes))
    }
}

/// Posts the reader refuses, each with its reason and never with text.
@Suite struct ThreadsPostReaderTests {
    /// Reads the one post `post` as bob, after the server stored it.
    func bobReads(_ post: Post, in world: ThreadWorld, receivedAt: UInt64 = Clock.nowMillis) throws -> PostReading {
        var world = world
        world.thread.posts = []
        try world.thread.store(post, receivedAt: receivedAt, communityID: world.community.id)
        return try #require(try world.read(world.bob).first)
    }

    @Test func aFlippedByteAnywhereBreaksTheSignature() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "the original")
        func flip(_ bytes: [UInt8]) -> [UInt8] { var b = bytes; b[b.count / 2] ^= 1; return b }
        let tampered = [
            "ciphertext": post.replacing(ciphertext: flip(post.ciphertext)),
            "AEAD tag": post.replacing(ciphertext: post.ciphertext.dropLast() + [post.ciphertext.last! ^ 1]),
            "nonce": post.replacing(nonce: flip(post.nonce)),
            "franking tag": post.replacing(frankingTag: flip(post.frankingTag)),
            "signature": post.replacing(signature: flip(post.signature)),
            "log seq": post.replacing(logSeq: post.logSeq - 1),
            "log head": post.replacing(logHead: flip(post.logHead)),
        ]
        for (what, post) in tampered {
            let reading = try bobReads(post, in: world)
            #expect(reading.refusal == .badSignature, "\(what)")
            #expect(reading.post == nil)
        }
        #expect(try bobReads(post, in: world).post?.body == "the original")
    }

    @Test func aPostReplayedIntoAnotherThreadOrEpochIsRefused() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "for thread one")
        // A second AMBER thread of the same author for the same people.
        let second = try ThreadComposer(community: world.community.verified, author: world.alice.me, now: Clock.now)
            .compose(label: .amber, recipients: [world.bob.id, world.carol.id, world.expert.id])
        var replay = world
        replay.draft = second
        replay.keyring = try FakeKeyring(thread: second.body, communityID: world.community.id)
        replay.thread = FakeThread(second.record)
        // The server serves thread one's post, bytes unchanged, in thread two.
        try replay.thread.store(post, communityID: world.community.id)
        guard case .wrongThread(let why)? = try replay.read(replay.bob).first?.refusal else { Issue.record("replayed post"); return }
        #expect(why.contains(world.draft.threadID))
        // … or with its thread and keyring ids rewritten.
        #expect(try bobReads(post.replacing(threadID: second.threadID), in: replay).refusal != nil)
        let removal = try ParticipantActions.remove(world.carol.id, from: world.view(world.alice),
                                                    community: world.community.verified, by: world.alice.me, now: Clock.now)
        try world.keyring.accept(remove: removal.body)
        #expect(try bobReads(post.replacing(epoch: 2), in: world).refusal == .badSignature)
        #expect(try bobReads(post, in: world).post?.body == "for thread one")
    }

    @Test func theAuthorsCertificateMustBeInForceAtReceivedAt() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "before renewal")
        guard case .certificate(let early)? = try bobReads(post, in: world, receivedAt: Clock.t0 * 1000).refusal else {
            Issue.record("received before the certificate was issued"); return
        }
        #expect(early.contains("not in force"))
        // Alice's certificate is renewed with the same keys: a post naming the
        // old one stays readable, even received after the renewal took force
        // (a backdated renewal must not make earlier posts unverifiable).
        try world.community.certify(world.alice, as: .member, by: world.moderator, issuedAt: Clock.t0 + 3 * Clock.day)
        let late = (Clock.t0 + 3 * Clock.day + 60) * 1000
        #expect(try bobReads(post, in: world, receivedAt: late).post?.body == "before renewal")
        #expect(try bobReads(post, in: world).post?.body == "before renewal")
        // A key change ends the old key: a post with it received afterwards is refused.
        try world.community.certify(world.alice.rekeyed(), as: .member, by: world.moderator, issuedAt: Clock.t0 + 4 * Clock.day,
                                    keyChangeBy: world.alice.sign)
        let afterKeyChange = (Clock.t0 + 4 * Clock.day + 60) * 1000
        guard case .certificate(let why)? = try bobReads(post, in: world, receivedAt: afterKeyChange).refusal else {
            Issue.record("an old key after a key change"); return
        }
        #expect(why.contains("replaced"))
        #expect(try bobReads(post, in: world, receivedAt: late).post?.body == "before renewal")
    }

    @Test func whatAMaliciousAuthorSignsIsStillRefused() throws {
        let world = try ThreadWorld()
        let key = try #require(world.draft.epoch?.key)
        let head = try #require(world.keyring.logHead)
        let payload = PostPayload(body: "what I wrote")
        let padded = try Padding.pad(payload.json, blockSize: 256)
        // A franking tag for other words: a report could not prove the text.
        let lying = try Post.forged(in: world, by: world.alice, key: key, position: head, plaintext: padded,
                                    frankingTag: PostPayload(body: "something else", frankingKey: payload.frankingKey).frankingTag(postID: "x"))
        #expect(try bobReads(lying, in: world).refusal == .frankingTag)
        // Encrypted under a key other than the epoch's.
        let otherKey = try Post.forged(in: world, by: world.alice, key: SecureBytes.random(count: 32), position: head, plaintext: padded,
                                       frankingTag: Random.bytes(32))
        #expect(try bobReads(otherKey, in: world).refusal == .undecryptable)
        // Not a payload at all.
        let garbage = try Post.forged(in: world, by: world.alice, key: key, position: head, plaintext: Padding.pad(Array("{}".utf8), blockSize: 256),
                                      frankingTag: Random.bytes(32))
        guard case .payload? = try bobReads(garbage, in: world).refusal else { Issue.record("garbage payload"); return }
        // Signed at a position the keyring log does not have: a fork.
        let unreachable = try Post.forged(in: world, by: world.alice, key: key, position: LogFollower.Head(seq: 9, hash: Random.bytes(32)),
                                          plaintext: padded, frankingTag: Random.bytes(32))
        guard case .position(let why)? = try bobReads(unreachable, in: world).refusal else { Issue.record("unreachable position"); return }
        #expect(why.contains("FORK"))
        // By someone who never held the keyring, though it learnt the key.
        let outsider = try Post.forged(in: world, by: world.dave, key: key, position: head, plaintext: padded, frankingTag: Random.bytes(32))
        #expect(try bobReads(outsider, in: world).refusal == .notHolder)
        // Under an epoch the keyring does not have.
        let future = try Post.forged(in: world, by: world.alice, key: key, epoch: 7, position: head, plaintext: padded,
                                     frankingTag: Random.bytes(32))
        #expect(try bobReads(future, in: world).refusal == .unknownEpoch(7))
    }

    @Test func aPostBeforeItsEpochsPositionIsRefused() throws {
        var world = try ThreadWorld()
        let removal = try ParticipantActions.remove(world.carol.id, from: world.view(world.alice), community: world.community.verified,
                                                    by: world.alice.me, now: Clock.now)
        try world.keyring.accept(remove: removal.body)
        let key = try #require(removal.epoch?.key)
        let early = LogFollower.Head(seq: 3, hash: world.keyring.entries[2].hash)
        let post = try Post.forged(in: world, by: world.alice, key: key, epoch: 2, position: early,
                                   plaintext: Padding.pad(PostPayload(body: "x").json, blockSize: 256), frankingTag: Random.bytes(32))
        guard case .position(let why)? = try bobReads(post, in: world).refusal else { Issue.record("a post before its epoch"); return }
        #expect(why.contains("before its epoch"))
    }

    @Test func aPageOfAnotherThreadOrLabelIsRefused() throws {
        var world = try ThreadWorld()
        try world.post(world.alice, "hello")
        let page = world.thread.page
        let relabelled = ThreadWire.PostsPage(thread_id: page.thread_id, label: "TLP:GREEN", posts: page.posts, next_after: page.next_after)
        guard case .mismatch? = refusal({ try world.reader(world.bob).read(relabelled) }) else { Issue.record("relabelled page"); return }
    }

    @Test func composingChecksRotationSizeAndPolicyVersion() throws {
        var world = try ThreadWorld()
        let keyring = try world.view(world.alice)
        func compose(_ body: String, version: String = currentPolicyVersion, keyring: VerifiedKeyring) throws -> Post {
            try PostComposer.compose(PostPayload(body: body), thread: world.draft.record, keyring: keyring, community: world.community.verified,
                                     author: world.alice.me, now: Clock.now, policyVersion: version)
        }
        guard case .tooLarge? = refusal({ try compose(String(repeating: "a", count: 64 * 1024), keyring: keyring) }) else {
            Issue.record("64 KiB of text"); return
        }
        #expect(try compose(String(repeating: "a", count: 60 * 1024), keyring: keyring).ciphertext.count <= 64 * 1024 + 16)
        guard case .malformed? = refusal({ try compose("x", version: "v1", keyring: keyring) }) else { Issue.record("policy version"); return }
        // Bob leaves: the keyring needs a new epoch before anyone posts.
        let leave = try ParticipantActions.leave(world.view(world.bob), community: world.community.verified, by: world.bob.me, now: Clock.now)
        #expect(leave.epoch == nil && leave.entry.action == .leave)
        try world.keyring.accept(remove: leave.body)
        let pending = try world.view(world.alice)
        #expect(pending.rotationRequired && pending.removedSinceCurrentEpoch == [world.bob.id])
        guard case .rotationRequired? = refusal({ try compose("x", keyring: pending) }) else { Issue.record("rotation pending"); return }
        try world.keyring.accept(Rotation.rotate(pending, community: world.community.verified, by: world.alice.me, now: Clock.now).body)
        let rotated = try world.view(world.alice)
        #expect(!rotated.rotationRequired && rotated.currentEpoch == 2 && !rotated.holders.contains(world.bob.id))
        #expect(try compose("after", keyring: rotated).epoch == 2)
    }
}
