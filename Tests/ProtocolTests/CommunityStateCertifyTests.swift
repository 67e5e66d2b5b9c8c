import Core
import Crypto
import Protocol
import Testing

// `certify` entries: who may issue what, when, for whom, and key changes.
extension CommunityStateTests {
    // MARK: - Rights (Policies/roles.json "certify")

    @Test(arguments: Role.allCases, Role.allCases)
    func whoMayCertifyWhom(issuerRole: Role, subjectRole: Role) throws {
        var cast = try Cast()
        let issuer = cast.person(issuerRole)
        let entry = cast.log.certify(Person(), as: subjectRole, by: issuer)
        let allowed = (issuerRole == .moderator && [.member, .orgAdmin].contains(subjectRole))
            || issuerRole == .admin
        #expect(allowed == cast.log.state.policy.mayCertify(issuer: issuerRole, subject: subjectRole))
        if allowed {
            try cast.log.apply(entry)
        } else {
            expectRefused(.notAllowed, "\(issuerRole) certifies \(subjectRole)") { try cast.log.apply(entry) }
        }
    }

    @Test(arguments: Role.allCases)
    func theRootCertifiesEveryRole(_ role: Role) throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.certify(Person(), as: role, by: cast.root))
        // A moderator certifies members and org admins only.
        if ![.member, .orgAdmin].contains(role) {
            expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(Person(), as: role, by: cast.moderator)) }
        }
    }

    @Test func anUnknownActorIsRefused() throws {
        var cast = try Cast()
        let stranger = Person()
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(Person(), as: .member, by: stranger)) }
        // Nor may anyone certify themselves into the community.
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(stranger, as: .member, by: stranger)) }
    }

    // MARK: - Signatures

    @Test func aForgedEntrySignatureIsRefused() throws {
        var cast = try Cast()
        let subject = Person()
        let signed = SignedCertificate.issue(cast.log.certificate(subject, .member, by: cast.moderator), by: cast.moderator.sign)
        // Entry signed by the subject, by another moderator, by the admin, in the moderator's name.
        let otherModerator = try cast.log.add(.moderator, by: cast.root)
        for key in [subject.sign, otherModerator.sign, cast.admin.sign, SigningSecretKey()] {
            let entry = cast.log.entry(.certify, by: cast.moderator, payload: signed.payload, signer: key)
            expectRefused(.badSignature) { try cast.log.apply(entry) }
        }
        // A flipped bit in the signature.
        let good = cast.log.entry(.certify, by: cast.moderator, payload: signed.payload)
        for index in [0, 31, 32, 63] {
            let bad = LogEntry(seq: good.seq, kind: good.kind, actorID: good.actorID, payload: good.payload,
                               prevHash: good.prevHash, signature: flipped(good.signature, at: index))
            expectRefused(.badSignature) { try cast.log.apply(bad) }
        }
        try cast.log.apply(good)
    }

    @Test func aForgedCertificateSignatureIsRefused() throws {
        var cast = try Cast()
        let otherModerator = try cast.log.add(.moderator, by: cast.root)
        let subject = Person()
        let cert = cast.log.certificate(subject, .member, by: cast.moderator)
        // The entry is the moderator's, the certificate signed by someone else.
        for key in [subject.sign, otherModerator.sign, cast.root.sign] {
            expectRefused(.badSignature) { try cast.log.apply(cast.log.certify(cert, by: cast.moderator, certSigner: key)) }
        }
        // The certificate's signature with a flipped bit.
        let signed = SignedCertificate.issue(cert, by: cast.moderator.sign)
        let bad = try SignedCertificate(bytes: signed.bytes, signature: flipped(signed.signature, at: 5))
        expectRefused(.badSignature) { try cast.log.apply(cast.log.entry(.certify, by: cast.moderator, payload: bad.payload)) }
        try cast.log.apply(cast.log.certify(cert, by: cast.moderator))
    }

    @Test func aMalformedPayloadIsRefused() throws {
        var cast = try Cast()
        let signed = SignedCertificate.issue(cast.log.certificate(Person(), .member, by: cast.moderator), by: cast.moderator.sign)
        for payload in [[], signed.bytes, Array(signed.payload.dropLast()), signed.payload + [0], signed.payload + [UInt8](repeating: 0, count: 128)] {
            expectRefused(.malformed) { try cast.log.apply(cast.log.entry(.certify, by: cast.moderator, payload: payload)) }
        }
    }

    // MARK: - The issuer's own standing

    @Test func theIssuerMustBeCurrentAtTheIssueTime() throws {
        var cast = try Cast()
        // A moderator certified for ten days from t0 + 1 day.
        let moderator = try cast.log.add(.moderator, by: cast.root, issuedAt: t0 + day, expiresAt: t0 + 11 * day)
        for issued in [t0, t0 + day - 1, t0 + 11 * day, t0 + 20 * day] {
            let entry = cast.log.certify(Person(), as: .member, by: moderator, issuedAt: issued)
            expectRefused(.notAllowed, "issued at t0 + \(issued - t0)") { try cast.log.apply(entry) }
        }
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: moderator, issuedAt: t0 + day))
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: moderator, issuedAt: t0 + 11 * day - 1))
    }

    @Test func aRevokedIssuerIsRefused() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.sanction(.revoke, cast.moderator, by: cast.admin))
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator)) }
    }

    @Test func aSuspendedIssuerIsRefusedUntilReinstated() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.sanction(.suspend, cast.moderator, by: cast.admin))
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator)) }
        try cast.log.apply(cast.log.sanction(.reinstate, cast.moderator, by: cast.admin))
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator))
    }

    // MARK: - The certificate's content

    @Test func aCertificateForAnotherCommunityIsRefused() throws {
        var cast = try Cast()
        let cert = cast.log.certificate(Person(), .member, by: cast.moderator, communityID: newID())
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cert, by: cast.moderator)) }
    }

    @Test func theCertificateMustNameTheActorAsIssuer() throws {
        var cast = try Cast()
        let otherModerator = try cast.log.add(.moderator, by: cast.root)
        // Signed by the actor, but naming another moderator (or the subject) as issuer.
        for issuerID in [otherModerator.id, cast.root.id, newID()] {
            let cert = cast.log.certificate(Person(), .member, by: cast.moderator, issuerID: issuerID)
            expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cert, by: cast.moderator)) }
        }
    }

    @Test func aCertificateRunsAtMostThreeYears() throws {
        var cast = try Cast()
        let issued = t0 + day
        let tooLong = cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: issued,
                                       expiresAt: issued + CommunityState.maxValidity + 1)
        expectRefused(.invalid) { try cast.log.apply(tooLong) }
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: issued,
                                            expiresAt: issued + CommunityState.maxValidity))
    }

    @Test func theServerRefusesAnIssueTimeFarFromNow() throws {
        var cast = try Cast()
        let now = t0 + 30 * day
        for issued in [now + 601, now - day - 1, now + 100 * day, now - 20 * day, t0 + day] {
            let entry = cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: issued)
            expectRefused(.invalid, "issued at now \(Int64(issued) - Int64(now))") { try cast.log.apply(entry, now: now) }
        }
        for issued in [now - day, now, now + 600] {
            try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: issued), now: now)
        }
        // A replay (no now) accepts what the signed times allow: up to a day of slack.
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: now - day / 2))
    }

    @Test func issueTimesDoNotRunBackwardsAlongTheLog() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: t0 + 100 * day))
        // An issuer backdating a certificate (as one whose own has expired might) is refused on replay too.
        let backdated = cast.log.certify(Person(), as: .member, by: cast.moderator, issuedAt: t0 + 98 * day)
        expectRefused(.invalid) { try cast.log.apply(backdated) }
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.moderator,
                                            issuedAt: t0 + 100 * day - CommunityState.issueTimeSlack))
    }

    @Test func theRootStaysAnAdminAndMayRunLonger() throws {
        var cast = try Cast()
        let demoted = cast.log.certify(cast.root, as: .moderator, by: cast.root, issuedAt: t0 + day)
        expectRefused(.notAllowed) { try cast.log.apply(demoted) }
        let issued = t0 + day
        try cast.log.apply(cast.log.certify(cast.root, as: .admin, by: cast.root, issuedAt: issued,
                                            expiresAt: issued + CommunityState.maxRootValidity))
    }

    // MARK: - Certificates for existing members

    @Test func aRenewalWithTheSameKeysIsAccepted() throws {
        var cast = try Cast()
        let renewal = cast.log.certify(cast.member, as: .member, by: cast.moderator, issuedAt: t0 + 300 * day)
        try cast.log.apply(renewal)
        let member = try #require(cast.log.state.member(cast.member.id))
        #expect(member.certificates.count == 2)
        #expect(member.current.certificate.issuedAt == t0 + 300 * day)
        let flagged = member.unverifiedKeyChange
        #expect(!flagged)
        #expect(member.entries == [4, 6])
        #expect(member.certificates.map(\.seq) == [4, 6])
    }

    @Test func theRootIsRenewedOnlyByItself() throws {
        var cast = try Cast()
        let byAdmin = cast.log.certify(cast.root, as: .admin, by: cast.admin, issuedAt: t0 + 2 * day)
        expectRefused(.notAllowed) { try cast.log.apply(byAdmin) }
        try cast.log.apply(cast.log.certify(cast.root, as: .admin, by: cast.root, issuedAt: t0 + 2 * day))
        #expect(cast.log.state.member(cast.root.id)?.certificates.count == 2)
    }

    @Test func theOrganisationNeverChanges() throws {
        var cast = try Cast()
        let cert = cast.log.certificate(cast.member, .member, by: cast.moderator, orgID: newID())
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cert, by: cast.moderator)) }
        let toColleague = cast.log.certificate(cast.orgAdmin, .member, by: cast.moderator, orgID: cast.expert.org)
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(toColleague, by: cast.moderator)) }
    }

    @Test func aSuspendedOrRevokedMemberIsNotCertified() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: cast.moderator))
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cast.member, as: .member, by: cast.moderator)) }
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cast.member.rekeyed(), as: .member, by: cast.moderator)) }
        try cast.log.apply(cast.log.sanction(.reinstate, cast.member, by: cast.moderator))
        try cast.log.apply(cast.log.certify(cast.member, as: .member, by: cast.moderator))

        try cast.log.apply(cast.log.sanction(.revoke, cast.orgAdmin, by: cast.moderator))
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cast.orgAdmin, as: .orgAdmin, by: cast.moderator)) }
        expectRefused(.invalid) { try cast.log.apply(cast.log.certify(cast.orgAdmin.rekeyed(), as: .member, by: cast.moderator)) }
        #expect(cast.log.state.member(cast.orgAdmin.id)?.status == .revoked)
    }

    @Test func rolesChangeWithinTheIssuersRights() throws {
        var cast = try Cast()
        // A moderator makes a member an org admin and back.
        try cast.log.apply(cast.log.certify(cast.member, as: .orgAdmin, by: cast.moderator))
        #expect(cast.log.state.member(cast.member.id)?.role == .orgAdmin)
        try cast.log.apply(cast.log.certify(cast.member, as: .member, by: cast.moderator))
        #expect(cast.log.state.member(cast.member.id)?.role == .member)
        // An admin makes a member a moderator; the new moderator then certifies.
        try cast.log.apply(cast.log.certify(cast.member, as: .moderator, by: cast.admin))
        #expect(cast.log.state.member(cast.member.id)?.role == .moderator)
        try cast.log.apply(cast.log.certify(Person(), as: .member, by: cast.member))
        // A moderator may sanction an expert, so it may re-certify one, but only into a role it certifies.
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(cast.expert, as: .expert, by: cast.moderator)) }
        try cast.log.apply(cast.log.certify(cast.expert, as: .member, by: cast.moderator))
        #expect(cast.log.state.member(cast.expert.id)?.role == .member)
        // A moderator may not make anyone a moderator.
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(cast.orgAdmin, as: .moderator, by: cast.moderator)) }
    }

    /// A certificate for an existing member acts on that member: a moderator
    /// may not, by issuing a `member` certificate for an admin's or another
    /// moderator's id (with keys of its choosing), demote or take over someone
    /// it may not even suspend.
    @Test(arguments: [Role.moderator, .admin])
    func aModeratorCannotRecertifyStaff(_ role: Role) throws {
        var cast = try Cast()
        let target = role == .admin ? cast.admin : try cast.log.add(.moderator, by: cast.root)
        for subjectRole in [Role.member, .orgAdmin] {
            expectRefused(.notAllowed, "as \(subjectRole)") {
                try cast.log.apply(cast.log.certify(target, as: subjectRole, by: cast.moderator))
            }
            expectRefused(.notAllowed, "as \(subjectRole), new keys") {
                try cast.log.apply(cast.log.certify(target.rekeyed(), as: subjectRole, by: cast.moderator))
            }
        }
        #expect(cast.log.state.member(target.id)?.role == role)
        #expect(cast.log.state.member(target.id)?.current.certificate.signPublicKey == target.sign.publicKey)
        // A moderator cannot demote itself either.
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.certify(cast.moderator, as: .member, by: cast.moderator)) }
    }

    // MARK: - Key changes

    @Test func aKeyChangeWithoutTheOldKeysSignatureIsFlagged() throws {
        var cast = try Cast()
        let newKeys = cast.member.rekeyed()
        try cast.log.apply(cast.log.certify(newKeys, as: .member, by: cast.moderator))
        let member = try #require(cast.log.state.member(cast.member.id))
        let flagged = member.unverifiedKeyChange
        #expect(flagged)
        #expect(member.status == .active)
        #expect(member.current.certificate.signPublicKey == newKeys.sign.publicKey)
        // A renewal with the same (new) keys does not clear it.
        try cast.log.apply(cast.log.certify(newKeys, as: .member, by: cast.moderator, issuedAt: t0 + 2 * day))
        #expect(cast.log.state.member(cast.member.id)?.unverifiedKeyChange == true)
    }

    @Test func aKeyChangeSignedByTheOldKeyIsAccepted() throws {
        var cast = try Cast()
        let newKeys = cast.member.rekeyed()
        try cast.log.apply(cast.log.certify(newKeys, as: .member, by: cast.moderator, keyChangeBy: cast.member.sign))
        let member = try #require(cast.log.state.member(cast.member.id))
        let flagged = member.unverifiedKeyChange
        #expect(!flagged)
        #expect(member.current.certificate.signPublicKey == newKeys.sign.publicKey)
        #expect(member.current.keyChangeSignature != nil)
        #expect(member.current.isKeyChangeSigned(by: cast.member.sign.publicKey))
    }

    @Test func aNewBoxKeyAloneIsAKeyChange() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.certify(cast.member.newBoxKey(), as: .member, by: cast.moderator, keyChangeBy: cast.member.sign))
        #expect(cast.log.state.member(cast.member.id)?.unverifiedKeyChange == false)
        try cast.log.apply(cast.log.certify(cast.orgAdmin.newBoxKey(), as: .orgAdmin, by: cast.moderator))
        #expect(cast.log.state.member(cast.orgAdmin.id)?.unverifiedKeyChange == true)
    }

    @Test func aBadKeyChangeSignatureIsRefused() throws {
        var cast = try Cast()
        let newKeys = cast.member.rekeyed()
        // Signed by the new key, the issuer, a stranger: not the old key.
        for key in [newKeys.sign, cast.moderator.sign, SigningSecretKey()] {
            expectRefused(.badSignature) {
                try cast.log.apply(cast.log.certify(newKeys, as: .member, by: cast.moderator, keyChangeBy: key))
            }
        }
        // The old key's signature over another certificate.
        let signed = SignedCertificate.issue(cast.log.certificate(newKeys, .member, by: cast.moderator), by: cast.moderator.sign)
        let otherCert = cast.log.certificate(newKeys, .member, by: cast.moderator, issuedAt: t0 + 2 * day)
        let misplaced = SignedCertificate.issue(otherCert, by: cast.moderator.sign, keyChangeBy: cast.member.sign)
        let spliced = try SignedCertificate(bytes: signed.bytes, signature: signed.signature, keyChangeSignature: misplaced.keyChangeSignature)
        expectRefused(.badSignature) { try cast.log.apply(cast.log.entry(.certify, by: cast.moderator, payload: spliced.payload)) }
        // The old key's plain signature over the certificate bytes (no key-change frame).
        let unframed = try SignedCertificate(bytes: signed.bytes, signature: signed.signature,
                                             keyChangeSignature: cast.member.sign.sign(signed.bytes))
        expectRefused(.badSignature) { try cast.log.apply(cast.log.entry(.certify, by: cast.moderator, payload: unframed.payload)) }
        #expect(cast.log.state.member(cast.member.id)?.current.certificate.signPublicKey == cast.member.sign.publicKey)
    }

    @Test func aKeyChangeSignatureWithoutAKeyChangeIsRefused() throws {
        var cast = try Cast()
        expectRefused(.invalid) {
            try cast.log.apply(cast.log.certify(cast.member, as: .member, by: cast.moderator, keyChangeBy: cast.member.sign))
        }
        // Nor for a new member, who has no old key.
        let newcomer = Person()
        expectRefused(.invalid) {
            try cast.log.apply(cast.log.certify(newcomer, as: .member, by: cast.moderator, keyChangeBy: newcomer.sign))
        }
    }

    /// The flag means "the user has not confirmed this member's key"; a
    /// later change signed by the unconfirmed key does not confirm it.
    @Test func anUnverifiedKeyChangeStaysFlaggedThroughLaterSignedChanges() throws {
        var cast = try Cast()
        let second = cast.member.rekeyed()
        try cast.log.apply(cast.log.certify(second, as: .member, by: cast.moderator))
        let third = cast.member.rekeyed()
        try cast.log.apply(cast.log.certify(third, as: .member, by: cast.moderator, keyChangeBy: second.sign))
        let member = try #require(cast.log.state.member(cast.member.id))
        #expect(member.current.certificate.signPublicKey == third.sign.publicKey)
        let flagged = member.unverifiedKeyChange
        #expect(flagged)
    }

    @Test func afterAKeyChangeOnlyTheNewKeyActs() throws {
        var cast = try Cast()
        let newKeys = cast.moderator.rekeyed()
        try cast.log.apply(cast.log.certify(newKeys, as: .moderator, by: cast.admin, keyChangeBy: cast.moderator.sign))
        let cert = cast.log.certificate(Person(), .member, by: cast.moderator)
        expectRefused(.badSignature) { try cast.log.apply(cast.log.certify(cert, by: cast.moderator)) }
        try cast.log.apply(cast.log.certify(cert, by: newKeys))
    }

    // MARK: - Certificates over time

    @Test func theCertificateInForceAtATime() throws {
        var cast = try Cast()
        let person = Person()
        try cast.log.apply(cast.log.certify(person, as: .member, by: cast.moderator, issuedAt: t0 + 10 * day, expiresAt: t0 + 100 * day))
        let rekeyed = person.rekeyed()
        try cast.log.apply(cast.log.certify(rekeyed, as: .member, by: cast.moderator, issuedAt: t0 + 50 * day,
                                            expiresAt: t0 + 400 * day, keyChangeBy: person.sign))
        let member = try #require(cast.log.state.member(person.id))
        func key(at time: UInt64) -> SigningPublicKey? { member.certificate(at: time)?.certificate.signPublicKey }
        #expect(key(at: t0 + 10 * day - 1) == nil)
        #expect(key(at: t0 + 10 * day) == person.sign.publicKey)
        #expect(key(at: t0 + 50 * day - 1) == person.sign.publicKey)
        #expect(key(at: t0 + 50 * day) == rekeyed.sign.publicKey) // the later certificate wins where both run
        #expect(key(at: t0 + 100 * day) == rekeyed.sign.publicKey)
        #expect(key(at: t0 + 400 * day - 1) == rekeyed.sign.publicKey)
        #expect(key(at: t0 + 400 * day) == nil)
    }

    @Test func validityAtATime() throws {
        var cast = try Cast()
        let person = Person()
        try cast.log.apply(cast.log.certify(person, as: .member, by: cast.moderator, issuedAt: t0 + 10 * day, expiresAt: t0 + 20 * day))
        var member: CommunityState.Member { cast.log.state.member(person.id)! }
        #expect(!member.isValid(at: t0 + 10 * day - 1))
        #expect(member.isValid(at: t0 + 10 * day))
        #expect(member.isValid(at: t0 + 20 * day - 1))
        #expect(!member.isValid(at: t0 + 20 * day))
        try cast.log.apply(cast.log.sanction(.suspend, person, by: cast.moderator))
        #expect(!member.isValid(at: t0 + 15 * day))
        #expect(member.certificate(at: t0 + 15 * day) != nil) // old posts still verify
        try cast.log.apply(cast.log.sanction(.reinstate, person, by: cast.moderator))
        #expect(member.isValid(at: t0 + 15 * day))
        try cast.log.apply(cast.log.sanction(.revoke, person, by: cast.moderator))
        #expect(!member.isValid(at: t0 + 15 * day))
    }
}
