import Core
import Crypto
import Protocol

/// Seals a post (PROTOCOL.md §5) at the keyring's current epoch and current
/// log head, under the moderation policy version the client evaluated.
/// Refuses while the keyring needs a new epoch (rotate first), without the
/// current key, for a member who does not hold the keyring, and for a
/// payload over 64 KiB once padded. The moderation rules themselves
/// (`block`/`hold`/`flag`) are evaluated before this, by the caller.
///
///     let post = try PostComposer.compose(PostPayload(body: "…", title: "…"), thread: record, keyring: keyring,
///                                         community: community, author: me, now: now, policyVersion: policy.version)
///     let receipt: PostWire.Receipt = try api.post("/v1/threads/\(record.threadID)/posts", PostWire.Submit(post))
public enum PostComposer {
    public static func compose(_ payload: PostPayload, thread: ThreadRecord, keyring: VerifiedKeyring, community: VerifiedCommunity,
                               author: ThreadMember, now: UInt64, policyVersion: String, moderation: Post.Moderation = .none,
                               postID: String = ThreadComposer.newID()) throws(ThreadFailure) -> Post {
        guard thread.keyringID == keyring.keyringID, thread.communityID == keyring.communityID else {
            throw .mismatch("thread \(thread.threadID) does not use keyring \(keyring.keyringID)")
        }
        guard !keyring.rotationRequired else { throw .rotationRequired(keyringID: keyring.keyringID) }
        guard keyring.holders.contains(author.memberID) else {
            throw .notAllowed("\(author.memberID) does not hold keyring \(keyring.keyringID) and cannot post in thread \(thread.threadID)")
        }
        let certificate = try author.currentCertificate(in: community.state, now: now)
        guard let key = keyring.currentKey, let head = keyring.head else {
            throw .noKey(keyringID: keyring.keyringID, epoch: keyring.currentEpoch)
        }
        guard policyVersion.utf8.count == 64, policyVersion.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw .malformed("the moderation policy version must be 64 lower-case hex digits")
        }
        let padded = (payload.json.count / Post.padBlock + 1) * Post.padBlock
        guard padded <= Post.maxPaddedPayload else { throw .tooLarge(padded) }
        do {
            return try Post.seal(payload, communityID: community.communityID, postID: postID, threadID: thread.threadID, label: thread.label,
                                 keyringID: keyring.keyringID, epoch: keyring.currentEpoch, key: key, logSeq: head.seq, logHead: head.hash,
                                 authorID: author.memberID, authorCertHash: certificate.hash, moderation: moderation,
                                 policyVersion: policyVersion, author: author.signingKey)
        } catch {
            throw .malformed("the post could not be sealed: \(error)")
        }
    }
}
