import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Testing
@testable import API

/// The server's checks of a post (PROTOCOL.md §5), one refusal at a time,
/// and idempotent retries.
@Suite struct PostTests {
    /// A world with an AMBER thread of member + orgAdmin and a GREEN thread in
    /// the default circle, both with epoch 1.
    static func world() throws -> (ThreadWorld, amber: ThreadRecord, green: ThreadRecord) {
        let w = try ThreadWorld()
        let (amber, created) = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin])
        guard created.status == 201 else { throw TestCommunity.Failure(created.text) }
        try w.defaultEpoch(by: w.c.member)
        let (green, _) = try w.circleThread(.green, by: w.c.member)
        return (w, amber, green)
    }

    func expect(_ response: Response, _ status: Int, _ slug: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.problemType == "urn:trustforum:problem:" + slug, sourceLocation: sourceLocation)
    }

    @Test func eachRefusal() throws {
        let (w, amber, green) = try Self.world()
        let author = w.c.member
        // Posting as someone else.
        expect(try w.send(try w.post(amber, by: w.c.orgAdmin), as: author), 403, "wrong-author")
        // Not a holder (the thread does not exist for it).
        expect(try w.send(try w.post(amber, by: w.c.expert), as: w.c.expert), 404, "not-found")
        // An epoch that is not the current one.
        expect(try w.send(try w.post(amber, by: author, epoch: 2, key: SecureBytes.random(count: 32)), as: author), 409, "epoch-moved")
        // A log position the keyring's log does not have.
        expect(try w.send(try w.post(amber, by: author, position: (7, amber.hash)), as: author), 422, "unknown-position")
        expect(try w.send(try w.post(amber, by: author, position: (0, Random.bytes(32))), as: author), 422, "unknown-position")
        expect(try w.send(try w.post(green, by: author, position: (1, w.state.head)), as: author), 422, "unknown-position")
        // A certificate that is not the author's current one.
        expect(try w.send(try w.post(amber, by: author, certHash: Random.bytes(32)), as: author), 422, "stale-certificate")
        // Signed with another key.
        expect(try w.send(try w.post(amber, by: author, signer: SigningSecretKey()), as: author), 422, "bad-signature")
        // Another moderation policy.
        let stale = try w.send(try w.post(amber, by: author, policyVersion: String(repeating: "0", count: 64)), as: author)
        expect(stale, 422, "stale-policy")
        #expect(stale.json?["current_version"] as? String == w.policyVersion)
        // A held post without its author's report of it.
        expect(try w.send(try w.post(amber, by: author, moderation: .hold), as: author), 422, "hold-needs-report")
        // Sizes: a ciphertext that is not whole padded blocks, signed correctly.
        let good = try w.post(amber, by: author)
        let odd = Post(communityID: w.communityID, postID: ThreadWorld.newID(), threadID: good.threadID, label: good.label, keyringID: good.keyringID,
                       epoch: good.epoch, logSeq: good.logSeq, logHead: good.logHead, authorID: good.authorID, authorCertHash: good.authorCertHash,
                       frankingTag: good.frankingTag, moderation: .none, nonce: good.nonce, ciphertext: Array(good.ciphertext.dropLast(7)),
                       policyVersion: good.policyVersion, signature: [])
        let signed = Post(communityID: w.communityID, postID: odd.postID, threadID: odd.threadID, label: odd.label, keyringID: odd.keyringID,
                          epoch: odd.epoch, logSeq: odd.logSeq, logHead: odd.logHead, authorID: odd.authorID, authorCertHash: odd.authorCertHash,
                          frankingTag: odd.frankingTag, moderation: .none, nonce: odd.nonce, ciphertext: odd.ciphertext,
                          policyVersion: odd.policyVersion, signature: author.signing.sign(odd.signedBytes))
        expect(try w.send(signed, as: author), 422, "bad-sizes")
        // Malformed fields are 400.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(PostWire.Submit(good))) as! [String: Any]
        json["nonce"] = "AAAA"
        let malformed = try w.service.call(.post, "/v1/threads/\(amber.threadID)/posts", body: Array(try JSONSerialization.data(withJSONObject: json)),
                                           contentType: "application/json", token: author.token)
        #expect(malformed.status == 400)
        // Nothing was stored; the good post is.
        #expect(try w.send(good, as: author).status == 201)
        #expect(try w.get("/v1/threads/\(amber.threadID)/posts", as: author).json?["posts"] as? [Any] != nil)
        #expect((try w.get("/v1/threads/\(amber.threadID)/posts", as: author).json?["posts"] as? [Any])?.count == 1)
    }

    @Test func aPostReplayedIntoAnotherThreadOrEpochIsRefused() throws {
        let (w, amber, green) = try Self.world()
        let author = w.c.member
        let post = try w.post(amber, by: author)
        #expect(try w.send(post, as: author).status == 201)
        // The same bytes sent to another thread the author can see.
        let other = try w.send(post, to: green.threadID, as: author)
        #expect(other.status == 422)
        #expect(other.problemType == "urn:trustforum:problem:wrong-thread")
        // Re-labelled for the green thread: the signature binds thread, label and keyring.
        let moved = Post(communityID: w.communityID, postID: ThreadWorld.newID(), threadID: green.threadID, label: green.label,
                         keyringID: green.keyringID, epoch: 1, logSeq: post.logSeq, logHead: post.logHead, authorID: author.id,
                         authorCertHash: post.authorCertHash, frankingTag: post.frankingTag, moderation: .none, nonce: post.nonce,
                         ciphertext: post.ciphertext, policyVersion: post.policyVersion, signature: post.signature)
        #expect(try w.send(moved, as: author).status == 422)
        // After a rotation, a post of the old epoch is refused.
        #expect(try w.call(.post, "/v1/keyrings/\(amber.keyringID)/epochs", try w.epoch(amber.keyringID, for: [author, w.c.orgAdmin], by: author),
                           as: author).status == 201)
        let old = try w.post(amber, by: author, epoch: 1)
        let refused = try w.send(old, as: author)
        #expect(refused.status == 409)
        #expect(refused.json?["current_epoch"] as? Int == 2)
    }

    @Test func retriesAreIdempotent() throws {
        let (w, amber, _) = try Self.world()
        let author = w.c.member
        let post = try w.post(amber, by: author)
        let first = try w.send(post, as: author)
        #expect(first.status == 201)
        let again = try w.send(post, as: author)
        #expect(again.status == 200)
        #expect(again.text == first.text)
        // Same id, other bytes.
        let other = try w.post(amber, by: author, body: "Something else", postID: post.postID)
        let conflict = try w.send(other, as: author)
        #expect(conflict.status == 409)
        #expect(conflict.problemType == "urn:trustforum:problem:post-id-taken")
        // The receipt is the server's franking tag over the post.
        let receipt = try JSONDecoder().decode(PostWire.Receipt.self, from: Data(first.body))
        let expected = Post.serverTag(key: w.context.frankingKey, postID: post.postID, threadID: post.threadID, authorID: post.authorID,
                                      frankingTag: post.frankingTag, receivedAt: receipt.received_at)
        #expect(receipt.server_tag == Base64.encode(expected))
        // After a rotation the stored post's retry still gets its first receipt
        // (its checks now fail, the receipt answers); other bytes under its id stay refused.
        #expect(try w.call(.post, "/v1/keyrings/\(amber.keyringID)/epochs", try w.epoch(amber.keyringID, for: [author, w.c.orgAdmin], by: author),
                           as: author).status == 201)
        let late = try w.send(post, as: author)
        #expect(late.status == 200)
        #expect(late.text == first.text)
        let taken = try w.send(other, as: author)
        #expect(taken.status == 409)
        #expect(taken.problemType == "urn:trustforum:problem:post-id-taken")
        // Stored posts come back exactly as signed.
        let list = try JSONDecoder().decode(ThreadsListOfPosts.self, from: Data(try w.get("/v1/threads/\(amber.threadID)/posts", as: w.c.orgAdmin).body))
        let stored = try list.posts[0].post.post(communityID: w.communityID)
        #expect(stored == post)
        #expect(stored.isSigned(by: author.signing.publicKey))
        #expect(try stored.open(with: w.keys[amber.keyringID]![1]!).body == "Has anyone seen this phishing wave?")
    }

    @Test func pagesOfPosts() throws {
        let (w, _, green) = try Self.world()
        for index in 0..<5 { #expect(try w.send(try w.post(green, by: w.c.expert, body: "post \(index)"), as: w.c.expert).status == 201) }
        let page = try w.get("/v1/threads/\(green.threadID)/posts?after=1&limit=2", as: w.c.root)
        #expect((page.json?["posts"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [2, 3])
        #expect(page.json?["next_after"] as? Int == 3)
        #expect(try w.get("/v1/threads/\(green.threadID)/posts?limit=201", as: w.c.root).status == 400)
        let thread = try w.get("/v1/threads/\(green.threadID)", as: w.c.root)
        #expect(thread.json?["post_count"] as? Int == 5)
        #expect(thread.json?["record"] != nil)

        // The hand-written page is byte for byte what Foundation's encoder writes (sorted keys).
        let full = try w.get("/v1/threads/\(green.threadID)/posts", as: w.c.root)
        let list = try JSONDecoder().decode(ThreadsListOfPosts.self, from: Data(full.body))
        #expect(list.posts.count == 5)
        let reference = ThreadsJSON.PostList(thread_id: green.threadID, label: "TLP:GREEN", posts: list.posts, next_after: 5)
        #expect(full.body == (try JSONBody.encode(reference)).body)
        let empty = ThreadsJSON.PostList(thread_id: green.threadID, label: "TLP:GREEN", posts: [], next_after: 9)
        #expect(try PostListJSON.encode(threadID: green.threadID, label: .green, rows: [], nextAfter: 9) == (try JSONBody.encode(empty)).body)
    }
}
