import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// The server's checks of a report (mod-spec §1, PROTOCOL.md §6): the
/// reporter signed it with their current certificate, and its report key
/// is sealed to exactly the moderators' keyring holders now, each under
/// their current certificate. The server cannot open it and never tries.
enum ReportChecks {
    static func verify(_ report: Report, community: CommunityState) throws {
        let reporter = try KeyringChecks.member(report.reporterID, community)
        guard reporter.current.hash == report.reporterCertHash else {
            throw APIProblem.unprocessable("stale-certificate", "The report must name your current certificate.")
        }
        guard report.isSigned(by: reporter.current.certificate.signPublicKey) else {
            throw APIProblem.unprocessable("bad-signature", "The report's signature does not verify with your current key.")
        }
        let holders = community.members.keys.filter { community.holdsModeratorsKeyring($0) }.sorted()
        let wrapped = report.keyWraps.map(\.recipientID)
        let current = report.keyWraps.allSatisfy { community.member($0.recipientID)?.current.hash == $0.recipientCertHash }
        guard wrapped == holders, current else {
            throw APIProblem.conflict("moderators-changed",
                                      "The report must be sealed to exactly the current moderators and admins, under their current certificates; refresh the community log and seal it again.")
        }
    }

    /// A new queue item for a post, or the post's item reopened: a report
    /// of a post a moderator approved before goes back to the queue.
    static func item(_ conn: Connection, for post: PostStore.PostRow, kind: ModerationStore.Kind, now: UInt64) throws -> String {
        if let existing = try ModerationStore.itemForPost(conn, postID: post.id) {
            if existing.state == .decided || existing.state == .closed {
                try ModerationStore.setState(conn, itemID: existing.id, .open)
            }
            return existing.id
        }
        let id = Identifier.uuid(fromRandom: Random.bytes(16))
        try ModerationStore.insertItem(conn, .init(id: id, kind: kind, subjectMemberID: post.authorID, postID: post.id, threadID: post.threadID,
                                                   label: post.label, createdAt: now))
        return id
    }

    static func row(_ report: Report, itemID: String, receivedAt: UInt64) throws -> ModerationStore.ReportRow {
        let wraps = try JSONBody.bytes(report.keyWraps.map(ReportWire.KeyWrap.init))
        return ModerationStore.ReportRow(id: report.reportID, itemID: itemID, postID: report.postID, reporterID: report.reporterID,
                                         reporterCertHash: report.reporterCertHash, nonce: report.nonce, ciphertext: report.ciphertext,
                                         keyWraps: String(decoding: wraps, as: UTF8.self), signature: report.signature, digest: report.digest,
                                         receivedAt: receivedAt)
    }
}
