import Core
import Crypto
import Protocol

// A community in miniature for reports (mod-spec §1): an author who posted,
// a reporter who read the post, two moderators holding the moderators'
// keyring, each with a certificate; the stored post; and builders for a
// report of it that tests change one thing at a time.

struct ReportWorld {
    struct Member {
        let person: Person
        let certificate: SignedCertificate
        var id: String { person.id }
        var recipient: ReportRecipient { ReportRecipient(certificate) }
    }

    let communityID = newID()
    let issuer = SigningSecretKey()
    let author: Member
    let reporter: Member
    let moderators: [Member]
    let outsider: Member
    let epochKey = SecureBytes(Random.bytes(32))
    let payload = PostPayload(body: "Koop nu: https://example.nl/deal — €5", title: "Aanbieding", replyTo: newID())
    let fields: PostFields
    let post: Post

    init() throws {
        let communityID = self.communityID
        let issuer = self.issuer
        func member(_ role: Role) -> Member {
            let person = Person()
            let cert = Certificate(communityID: communityID, memberID: person.id, orgID: person.org, role: role,
                                   signPublicKey: person.sign.publicKey, boxPublicKey: person.box.publicKey, issuedAt: t0,
                                   expiresAt: t0 + 365 * day, issuerID: newID())
            return Member(person: person, certificate: SignedCertificate.issue(cert, by: issuer))
        }
        author = member(.member)
        reporter = member(.member)
        moderators = [member(.moderator), member(.admin)]
        outsider = member(.moderator)
        var f = PostFields()
        f.communityID = communityID
        f.authorID = author.id
        f.authorCertHash = author.certificate.hash
        fields = f
        post = try f.seal(payload, key: epochKey, author: author.person.sign)
    }

    /// The honest report of `post` by `reporter`.
    func report(_ claim: ReportPayload? = nil, by who: Member? = nil, signer: SigningSecretKey? = nil,
                recipients: [ReportRecipient]? = nil, reportID: String = newID()) throws -> Report {
        let who = who ?? reporter
        return try Report.make(claim ?? honestClaim, communityID: communityID, reportID: reportID, reporterID: who.id,
                               reporterCertHash: who.certificate.hash, reporter: signer ?? who.person.sign,
                               recipients: recipients ?? moderators.map(\.recipient))
    }

    var honestClaim: ReportPayload { ReportPayload(postID: post.postID, post: payload, reason: "spam, twice today") }

    /// The verdict of moderator `index` (or `as`), against the stored `post`.
    func check(_ report: Report, post: Post? = nil, moderator: Member? = nil, reporterCertificate: SignedCertificate?? = nil,
               authorCertificate: SignedCertificate?? = nil) -> ReportVerdict {
        let moderator = moderator ?? moderators[0]
        return ReportCheck.check(report, reporterCertificate: reporterCertificate ?? reporter.certificate, post: post ?? self.post,
                                 authorCertificate: authorCertificate ?? author.certificate, recipientID: moderator.id,
                                 boxKey: moderator.person.box)
    }
}

extension ReportVerdict {
    var isProven: Bool { if case .proven = self { true } else { false } }
    var isForged: Bool { if case .forged = self { true } else { false } }
    var isUnreadable: Bool { if case .unreadable = self { true } else { false } }
}

extension Report {
    /// A copy with some parts replaced (unsigned changes unless re-signed).
    func with(ciphertext: [UInt8]? = nil, keyWraps: [ReportKeyWrap]? = nil, nonce: [UInt8]? = nil, postID: String? = nil,
              reporterID: String? = nil, signature: [UInt8]? = nil) -> Report {
        Report(communityID: communityID, reportID: reportID, postID: postID ?? self.postID, reporterID: reporterID ?? self.reporterID,
               reporterCertHash: reporterCertHash, nonce: nonce ?? self.nonce, ciphertext: ciphertext ?? self.ciphertext,
               keyWraps: keyWraps ?? self.keyWraps, signature: signature ?? self.signature)
    }

    /// This report's bytes signed again by `key`.
    func resigned(by key: SigningSecretKey) -> Report { with(signature: key.sign(signedBytes)) }
}
