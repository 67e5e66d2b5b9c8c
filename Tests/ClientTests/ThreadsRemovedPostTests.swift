import Core
import Crypto
import Foundation
import Protocol
import Testing
@testable import Client

/// Posts a moderator removed (a tombstone with a signed decision) and posts
/// held for review, as `PostReader` reads them (mod-spec §2–3).
@Suite struct ThreadsRemovedPostTests {
    /// The stored post as a tombstone: nonce, ciphertext and signature
    /// deleted, `removed` carrying `decision` (signed by `signer`, named as `moderator`).
    func tombstone(_ post: Post, in world: ThreadWorld, kind: Decision.Kind = .remove, reason: String = "commercial offer",
                   moderator: Person, signer: SigningSecretKey? = nil, subjectID: String? = nil) throws -> ThreadWorld {
        let certHash = world.community.state.member(moderator.id)!.current.hash
        let decision = Decision.sign(kind, reason: reason, communityID: world.community.id, subjectID: subjectID ?? post.postID,
                                     moderatorID: moderator.id, moderatorCertHash: certHash, key: signer ?? moderator.sign)
        var world = world
        let stored = try #require(world.thread.posts.first { $0.post.post_id == post.postID })
        let emptied = try stored.post.post(communityID: world.community.id).replacing(nonce: [], ciphertext: [], signature: [])
        let tomb = PostWire.Stored(seq: stored.seq, receivedAt: stored.received_at, serverTag: try Base64.decode(stored.server_tag), post: emptied,
                                   removed: ReportWire.DecisionJSON(decision, decidedAt: Clock.now, includeSubject: false))
        world.thread.posts = world.thread.posts.map { $0.post.post_id == post.postID ? wire(tomb) : $0 }
        return world
    }

    @Test func aRemovalSignedByAModeratorShowsItsReasonAndNoText() throws {
        var world = try ThreadWorld()
        let kept = try world.post(world.bob, "hello all")
        let offer = try world.post(world.alice, "Buy our SOC service, 499 euro per month")
        let removed = try tombstone(offer, in: world, moderator: world.moderator)
        for reader in [removed.alice, removed.bob, removed.carol] {
            let readings = try removed.read(reader)
            #expect(readings.first?.post?.postID == kept.postID)
            let removal = try #require(readings.last?.removal, "\(readings)")
            #expect(removal.postID == offer.postID && removal.reason == "commercial offer" && removal.moderatorID == world.moderator.id)
            #expect(removal.decision == .remove && removal.authorID == world.alice.id)
            #expect(readings.last?.post == nil)
        }
        // The root (an admin) may remove too, and `warn` removes.
        let byAdmin = try tombstone(offer, in: world, kind: .warn, moderator: world.community.root)
        #expect(try byAdmin.read(world.carol).last?.removal?.decision == .warn)
    }

    @Test func aForgedDecisionSignatureIsRefused() throws {
        var world = try ThreadWorld()
        let offer = try world.post(world.alice, "Special offer: pentests at 30% off")
        let forged = try tombstone(offer, in: world, moderator: world.moderator, signer: SigningSecretKey())
        guard case .decision(let why)? = try forged.read(world.carol).first?.refusal else { Issue.record("a forged decision was accepted"); return }
        #expect(why.contains("signature"))
        // Signed for another subject (the item id, say), served as this post's tombstone.
        let elsewhere = try tombstone(offer, in: world, moderator: world.moderator, subjectID: newID())
        #expect(try elsewhere.read(world.carol).first?.refusal != nil)
        // An approval is no removal.
        let approved = try tombstone(offer, in: world, kind: .approve, moderator: world.moderator)
        guard case .decision? = try approved.read(world.carol).first?.refusal else { Issue.record("an approval as a tombstone"); return }
    }

    @Test func aDecisionByANonModeratorIsRefused() throws {
        var world = try ThreadWorld()
        let offer = try world.post(world.alice, "Licences at a discount, DM me")
        // Carol signs a "removal" with her own (member) certificate.
        let byMember = try tombstone(offer, in: world, moderator: world.carol)
        guard case .decision(let why)? = try byMember.read(world.bob).first?.refusal else { Issue.record("a member's removal was accepted"); return }
        #expect(why.contains("moderator"))
        // Someone outside the community log.
        let stranger = Person()
        var outside = world
        let certHash = world.community.state.member(world.moderator.id)!.current.hash
        let decision = Decision.sign(.remove, reason: "x", communityID: world.community.id, subjectID: offer.postID, moderatorID: stranger.id,
                                     moderatorCertHash: certHash, key: stranger.sign)
        let stored = world.thread.posts[0]
        outside.thread.posts = [wire(PostWire.Stored(seq: stored.seq, receivedAt: stored.received_at, serverTag: try Base64.decode(stored.server_tag),
                                                     post: offer.replacing(nonce: [], ciphertext: [], signature: []),
                                                     removed: ReportWire.DecisionJSON(decision, decidedAt: Clock.now, includeSubject: false)))]
        #expect(try outside.read(world.bob).first?.refusal != nil)
    }

    @Test func aHeldPostIsReadAndMarkedHeld() throws {
        var world = try ThreadWorld()
        let post = try world.post(world.alice, "a free scan, then 99 euro per month")
        let stored = world.thread.posts[0]
        world.thread.posts = [wire(PostWire.Stored(seq: stored.seq, receivedAt: stored.received_at, serverTag: try Base64.decode(stored.server_tag),
                                                   post: post, held: true))]
        let read = try #require(try world.read(world.alice).first?.post)
        #expect(read.held && read.body == "a free scan, then 99 euro per month")
        #expect(try world.read(world.bob).first?.post?.held == true)
    }
}
