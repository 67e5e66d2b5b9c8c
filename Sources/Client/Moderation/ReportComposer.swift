import Core
import Crypto
import Protocol

/// Builds reports (mod-spec §1–§2) for exactly the holders of the
/// moderators' keyring in this client's verified community state (active
/// moderators and admins), each at its current certificate; a holder with an
/// unconfirmed key change stops the report (`confirmed` as for wraps).
///
///     let report = try ReportComposer.report(readPost, reason: "scam", community: community, reporter: me, now: now)
///     let created: ReportWire.Created = try api.post("/v1/threads/\(t)/posts/\(p)/reports", body: ReportWire.Submit(report))
public enum ReportComposer {
    /// The report recipients now: the moderators' keyring holders, sorted by id.
    public static func moderators(_ community: VerifiedCommunity, now: UInt64,
                                  confirmed: [String: String] = [:]) throws(ThreadFailure) -> [ReportRecipient] {
        let state = community.state
        let holders = state.members.keys.filter { state.holdsModeratorsKeyring($0) }
        guard !holders.isEmpty else { throw .notAllowed("the community has no active moderators or admins to report to") }
        return try Recipients.resolve(holders, state: state, now: now, confirmed: confirmed).map {
            ReportRecipient(memberID: $0.memberID, certHash: $0.certHash, boxPublicKey: $0.certificate.boxPublicKey)
        }
    }

    /// A report of a post this client read and verified (`PostReader`):
    /// its text and franking key as the author signed them, and `reason`.
    /// Members do not report their own posts (the server refuses with 422).
    public static func report(_ post: ReadPost, reason: String, community: VerifiedCommunity, reporter: ThreadMember, now: UInt64,
                              confirmed: [String: String] = [:], reportID: String = ThreadComposer.newID()) throws(ThreadFailure) -> Report {
        guard post.authorID != reporter.memberID else { throw .notAllowed("you cannot report your own post") }
        let claim = ReportPayload(postID: post.postID, body: post.body, title: post.title, replyTo: post.replyTo,
                                  frankingKey: post.frankingKey, reason: reason)
        return try make(claim, community: community, reporter: reporter, now: now, confirmed: confirmed, reportID: reportID)
    }

    /// A post held by the moderation policy and its own report by its
    /// author (mod-spec §2): `post` must have `moderation = hold` and
    /// `payload` must be what it encrypts.
    public static func held(_ post: Post, payload: PostPayload, reason: String, community: VerifiedCommunity, author: ThreadMember,
                            now: UInt64, confirmed: [String: String] = [:],
                            reportID: String = ThreadComposer.newID()) throws(ThreadFailure) -> ModerationWire.HeldPost {
        guard post.moderation == .hold else { throw .mismatch("a held post must be sealed with moderation = hold") }
        guard post.authorID == author.memberID else { throw .mismatch("a held post is reported by its author") }
        guard ConstantTime.equals(payload.frankingTag(postID: post.postID), post.frankingTag) else {
            throw .mismatch("the payload is not the one the held post commits to")
        }
        let report = try make(ReportPayload(postID: post.postID, post: payload, reason: reason), community: community, reporter: author,
                              now: now, confirmed: confirmed, reportID: reportID)
        return ModerationWire.HeldPost(post: post, report: report)
    }

    static func make(_ claim: ReportPayload, community: VerifiedCommunity, reporter: ThreadMember, now: UInt64, confirmed: [String: String],
                     reportID: String) throws(ThreadFailure) -> Report {
        let certificate = try reporter.currentCertificate(in: community.state, now: now)
        let recipients = try moderators(community, now: now, confirmed: confirmed)
        let padded = (claim.json.count / Report.padBlock + 1) * Report.padBlock
        guard padded + AEAD.tagByteCount <= Report.maxCiphertext else { throw .tooLarge(padded) }
        do {
            return try Report.make(claim, communityID: community.communityID, reportID: reportID, reporterID: reporter.memberID,
                                   reporterCertHash: certificate.hash, reporter: reporter.signingKey, recipients: recipients)
        } catch {
            throw .malformed("the report could not be sealed: \(error)")
        }
    }
}
