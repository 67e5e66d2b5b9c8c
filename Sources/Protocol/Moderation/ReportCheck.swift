import Crypto

/// What a moderator's client concludes about one report (mod-spec §1).
public enum ReportVerdict: Sendable, Equatable {
    /// The reporter signed it, it opened, the author signed the stored post
    /// and the claimed text and franking key give its franking tag: the
    /// author wrote exactly `payload`'s body, title and reply_to.
    case proven(ReportPayload)
    /// It opened, but the claimed text is not what the author signed (the
    /// franking tag differs, or the stored post fails the author's
    /// signature). The claim is kept: it is itself evidence against the reporter.
    case forged(reason: String, claim: ReportPayload)
    /// Not addressed to this moderator, not signed by its reporter, or broken.
    case unreadable(reason: String)

    /// The text, for a proven report only.
    public var provenPayload: ReportPayload? {
        if case .proven(let payload) = self { return payload }
        return nil
    }
}

/// Checks a report against the stored post it names (mod-spec §1 steps 1–4):
///
/// 1. the reporter's certificate (the one `reporter_cert_hash` names) signed the report;
/// 2. this moderator's key wrap opens, the payload decrypts, unpads, parses
///    and names the report's post;
/// 3. the stored post is the one reported and its author's certificate (the
///    one `author_cert_hash` names) signed it;
/// 4. `HMAC-SHA-256(franking_key, frame("trustforum/frank/v1", post_id, body,
///    title or "", reply_to or ""))` equals the stored franking tag (constant time).
///
/// 1–2 failing: `unreadable`; 3–4 failing: `forged`. The caller finds the
/// certificates in its verified community state and decides whether they
/// were in force; nil means it has none.
///
///     let verdict = ReportCheck.check(report, reporterCertificate: rc, post: post, authorCertificate: ac,
///                                     recipientID: me, boxKey: myBoxKey)
public enum ReportCheck {
    public static func check(_ report: Report, reporterCertificate: SignedCertificate?, post: Post, authorCertificate: SignedCertificate?,
                             recipientID: String, boxKey: BoxSecretKey) -> ReportVerdict {
        let claim: ReportPayload
        switch open(report, reporterCertificate: reporterCertificate, recipientID: recipientID, boxKey: boxKey) {
        case .failure(let refusal): return .unreadable(reason: refusal.reason)
        case .success(let payload): claim = payload
        }
        guard post.postID == report.postID, post.communityID == report.communityID else {
            return .unreadable(reason: "the stored post served is \(post.postID), not the reported \(report.postID)")
        }
        // 3. The author's signature over the stored fields.
        guard let author = authorCertificate else {
            return .forged(reason: "the post names a certificate of \(post.authorID) that is not in the community log", claim: claim)
        }
        guard author.certificate.memberID == post.authorID, ConstantTime.equals(author.hash, post.authorCertHash) else {
            return .forged(reason: "the author's certificate is not the one the post names", claim: claim)
        }
        guard post.isSigned(by: author.certificate.signPublicKey) else {
            return .forged(reason: "the stored post does not carry its author's signature", claim: claim)
        }
        // 4. The franking tag.
        guard ConstantTime.equals(claim.frankingTag, post.frankingTag) else {
            return .forged(reason: "the reported text and franking key do not give the franking tag the author signed", claim: claim)
        }
        return .proven(claim)
    }

    /// Why steps 1–2 refuse a report.
    public struct Unreadable: Error, Sendable, Equatable {
        public let reason: String
    }

    /// Steps 1–2 alone: the reporter's signature, then this recipient's
    /// wrap, the decryption and the payload. What a moderator can still
    /// check of a report whose post was removed (its ciphertext deleted).
    public static func open(_ report: Report, reporterCertificate: SignedCertificate?, recipientID: String,
                            boxKey: BoxSecretKey) -> Result<ReportPayload, Unreadable> {
        guard report.hasValidSizes else { return .failure(Unreadable(reason: "the report's sizes are not the protocol's")) }
        guard let reporter = reporterCertificate else {
            return .failure(Unreadable(reason: "the reporter \(report.reporterID) has no certificate with the hash the report names"))
        }
        guard reporter.certificate.memberID == report.reporterID, ConstantTime.equals(reporter.hash, report.reporterCertHash) else {
            return .failure(Unreadable(reason: "the reporter's certificate is not the one the report names"))
        }
        guard report.isSigned(by: reporter.certificate.signPublicKey) else {
            return .failure(Unreadable(reason: "the reporter's signature does not verify"))
        }
        do {
            return .success(try report.open(as: recipientID, with: boxKey))
        } catch {
            return .failure(Unreadable(reason: "\(error)"))
        }
    }
}
