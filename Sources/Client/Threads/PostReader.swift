import Core
import Crypto
import Protocol

/// Reads the stored posts of one thread (PROTOCOL.md §5): for each, the
/// signed fields name this thread, label and keyring; the author's
/// certificate in force at `received_at` is the one the post names and its
/// key signed the post; the signed log position is in the verified log and
/// the author held the keyring there (not before its epoch's); the epoch's
/// key is known; the ciphertext decrypts, unpads and matches its franking
/// tag. A post failing any check is `.unverifiable(reason)`, never text.
///
///     let reader = PostReader(thread: record, keyring: keyring, community: community)
///     let page: ThreadWire.PostsPage = try api.get("/v1/threads/\(id)/posts", query: [("after", "0")])
///     for reading in try reader.read(page) { … }
public struct PostReader: Sendable {
    public let thread: ThreadRecord
    public let keyring: VerifiedKeyring
    public let community: VerifiedCommunity

    public init(thread: ThreadRecord, keyring: VerifiedKeyring, community: VerifiedCommunity) {
        self.thread = thread
        self.keyring = keyring
        self.community = community
    }

    /// A page of posts; the page itself must be this thread's, with its label.
    public func read(_ page: ThreadWire.PostsPage) throws(ThreadFailure) -> [PostReading] {
        guard page.thread_id == thread.threadID, page.label == thread.label.rawValue else {
            throw .mismatch("the posts of \(page.thread_id) (\(page.label)) were served for thread \(thread.threadID) (\(thread.label.rawValue))")
        }
        return page.posts.map(read)
    }

    public func read(_ stored: PostWire.Stored) -> PostReading {
        do {
            if let decision = stored.removed { return .removed(try checkRemoval(stored, decision)) }
            return .read(try check(stored))
        } catch {
            return .unverifiable(postID: stored.post.post_id, seq: stored.seq, reason: error)
        }
    }

    func check(_ stored: PostWire.Stored) throws(PostRefusal) -> ReadPost {
        let post: Post
        do { post = try stored.post.post(communityID: community.communityID) } catch { throw .malformed("\(error)") }
        guard post.hasValidSizes else { throw .malformed("sizes of the nonce, ciphertext or signed fields") }
        guard let serverTag = try? Base64.decode(stored.server_tag), serverTag.count == 32 else { throw .malformed("server_tag") }
        guard post.threadID == thread.threadID else { throw .wrongThread("it belongs to thread \(post.threadID)") }
        guard post.label == thread.label else { throw .wrongThread("it is labelled \(post.label.rawValue)") }
        guard post.keyringID == keyring.keyringID else { throw .wrongThread("it is for keyring \(post.keyringID)") }
        let certificate = try authorCertificate(post, receivedAt: stored.received_at)
        guard post.isSigned(by: certificate.certificate.signPublicKey) else { throw .badSignature }
        guard let epoch = keyring.epochs[post.epoch] else { throw .unknownEpoch(post.epoch) }
        guard let known = keyring.hash(at: post.logSeq) else {
            throw .position(keyring.log == nil ? "community-log entry \(post.logSeq) is past the verified head; follow the log"
                                               : "FORK: keyring entry \(post.logSeq) is not in the verified log")
        }
        guard known == post.logHead else { throw .position("FORK: the head at entry \(post.logSeq) is not the verified one") }
        guard post.logSeq >= epoch.logSeq else { throw .position("it binds a position before its epoch's") }
        guard keyring.history.held(post.authorID, at: post.logSeq) else { throw .notHolder }
        guard let key = keyring.keys[post.epoch] else { throw .noKey(post.epoch) }
        let payload = try open(post, with: key)
        let cert = certificate.certificate
        return ReadPost(postID: post.postID, seq: stored.seq, authorID: post.authorID, orgID: cert.orgID, role: cert.role,
                        receivedAt: stored.received_at, label: post.label, title: payload.title, body: payload.body,
                        replyTo: payload.replyTo, flags: payload.flags ?? [], moderation: post.moderation, held: stored.held == true,
                        frankingKey: payload.frankingKey, frankingTag: post.frankingTag, serverTag: serverTag)
    }

    /// A tombstone (mod-spec §3): the post's remaining fields name this
    /// thread, and the decision is a removal of this post signed by a
    /// moderator or admin with the certificate it names in the verified
    /// community log. Nothing is decrypted.
    func checkRemoval(_ stored: PostWire.Stored, _ json: ReportWire.DecisionJSON) throws(PostRefusal) -> RemovedPost {
        // The emptied nonce and signature fail `Submit.post`'s size checks:
        // only the fields a tombstone keeps are read.
        let fields = stored.post
        guard Identifier.isValid(fields.post_id), Identifier.isValid(fields.author_id) else { throw .malformed("the tombstone's post or author id") }
        guard fields.thread_id == thread.threadID else { throw .wrongThread("it belongs to thread \(fields.thread_id)") }
        guard fields.label == thread.label.rawValue else { throw .wrongThread("it is labelled \(fields.label)") }
        let checked = ItemReview.verify(json, subjectID: fields.post_id, community: community)
        if let problem = checked.problem { throw .decision(problem) }
        guard let kind = Decision.Kind(rawValue: json.decision), kind == .remove || kind == .warn else {
            throw .decision("a '\(json.decision)' decision does not remove a post")
        }
        return RemovedPost(postID: fields.post_id, seq: stored.seq, authorID: fields.author_id, receivedAt: stored.received_at, decision: kind,
                           reason: json.reason, moderatorID: json.moderator_id, decidedAt: json.decided_at)
    }

    /// `Post.open`, step by step so each failure has its own reason.
    func open(_ post: Post, with key: SecureBytes) throws(PostRefusal) -> PostPayload {
        guard let aeadKey = try? AEADKey(key),
              let padded = try? AEAD.open(post.ciphertext, additionalData: post.additionalData, nonce: post.nonce, key: aeadKey) else {
            throw .undecryptable
        }
        guard let plain = try? Padding.unpad(padded, blockSize: Post.padBlock) else { throw .payload("padding") }
        let payload: PostPayload
        do { payload = try PostPayload.parse(plain) } catch { throw .payload("\(error)") }
        guard ConstantTime.equals(payload.frankingTag(postID: post.postID), post.frankingTag) else { throw .frankingTag }
        return payload
    }

    /// The certificate the post names (its `author_cert_hash`), which must be
    /// one of the author's, in force at `receivedAt` (milliseconds), and not
    /// replaced by then by a certificate with ANOTHER key (a key change ends
    /// the old key). A renewal with the same keys replaces nothing: with
    /// overlapping certificates the post's own choice decides, so a renewal
    /// (even backdated) never makes earlier posts unverifiable.
    func authorCertificate(_ post: Post, receivedAt: UInt64) throws(PostRefusal) -> SignedCertificate {
        let time = receivedAt / 1000
        guard let author = community.state.member(post.authorID) else { throw .certificate("\(post.authorID) is not a member") }
        guard let index = author.certificates.lastIndex(where: { $0.certificate.hash == post.authorCertHash }) else {
            throw .certificate("the post names a certificate that is not one of \(post.authorID)'s")
        }
        let named = author.certificates[index].certificate
        guard named.certificate.isCurrent(at: time) else {
            throw .certificate("the certificate the post names was not in force when the server received the post")
        }
        let rekeyed = author.certificates[(index + 1)...].contains {
            $0.certificate.certificate.signPublicKey != named.certificate.signPublicKey && $0.certificate.certificate.issuedAt <= time
        }
        guard !rekeyed else {
            throw .certificate("the post is signed with a key the author had replaced before the server received it")
        }
        return named
    }
}
