import Core
import Crypto
import Protocol
import Testing

// `suspend`, `reinstate` and `revoke` entries.
extension CommunityStateTests {
    /// A fresh member of `role`, certified by whoever may.
    static func newcomer(_ role: Role, in cast: inout Cast) throws -> Person {
        let policy = cast.log.state.policy
        let issuer = policy.mayCertify(issuer: .moderator, subject: role) ? cast.moderator : cast.root
        return try cast.log.add(role, by: issuer)
    }

    @Test(arguments: Role.allCases, Role.allCases)
    func whoMaySanctionWhom(actorRole: Role, subjectRole: Role) throws {
        var cast = try Cast()
        let subject = try Self.newcomer(subjectRole, in: &cast)
        let actor = cast.person(actorRole)
        let allowed = (actorRole == .moderator && [.member, .orgAdmin, .expert].contains(subjectRole)) || actorRole == .admin
        #expect(allowed == cast.log.state.policy.maySanction(actor: actorRole, subject: subjectRole))
        for kind in [LogKind.suspend, .reinstate, .revoke] {
            let entry = cast.log.sanction(kind, subject, by: actor)
            if allowed {
                try cast.log.apply(entry)
            } else {
                expectRefused(.notAllowed, "\(actorRole) \(kind.rawValue)s \(subjectRole)") { try cast.log.apply(entry) }
            }
        }
        #expect(cast.log.state.member(subject.id)?.status == (allowed ? .revoked : .active))
    }

    @Test func suspendReinstateRevoke() throws {
        var cast = try Cast()
        let m = cast.member
        func status() -> CommunityState.Status? { cast.log.state.member(m.id)?.status }
        // Active: reinstating is refused.
        expectRefused(.invalid) { try cast.log.apply(cast.log.sanction(.reinstate, m, by: cast.moderator)) }
        try cast.log.apply(cast.log.sanction(.suspend, m, by: cast.moderator))
        #expect(status() == .suspended)
        expectRefused(.invalid) { try cast.log.apply(cast.log.sanction(.suspend, m, by: cast.moderator)) }
        try cast.log.apply(cast.log.sanction(.reinstate, m, by: cast.moderator))
        #expect(status() == .active)
        expectRefused(.invalid) { try cast.log.apply(cast.log.sanction(.reinstate, m, by: cast.moderator)) }
        // Revoke from active, and from suspended.
        try cast.log.apply(cast.log.sanction(.revoke, m, by: cast.moderator))
        #expect(status() == .revoked)
        try cast.log.apply(cast.log.sanction(.suspend, cast.orgAdmin, by: cast.moderator))
        try cast.log.apply(cast.log.sanction(.revoke, cast.orgAdmin, by: cast.moderator))
        #expect(cast.log.state.member(cast.orgAdmin.id)?.status == .revoked)
        // Revocation is final, for everyone.
        for actor in [cast.moderator, cast.admin, cast.root] {
            for kind in [LogKind.suspend, .reinstate, .revoke] {
                expectRefused(.invalid, "\(kind.rawValue) after revoke") { try cast.log.apply(cast.log.sanction(kind, m, by: actor)) }
            }
        }
        #expect(status() == .revoked)
        #expect(cast.log.state.member(m.id)?.entries == [4, 6, 7, 8])
    }

    @Test func nobodySanctionsThemselves() throws {
        var cast = try Cast()
        for actor in [cast.admin, cast.moderator, cast.root] {
            for kind in [LogKind.suspend, .revoke] {
                expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(kind, actor, by: actor)) }
            }
        }
    }

    @Test func theRootIsNeverSanctioned() throws {
        var cast = try Cast()
        let thirdAdmin = try cast.log.add(.admin, by: cast.root)
        for actor in [cast.admin, thirdAdmin, cast.moderator] {
            for kind in [LogKind.suspend, .reinstate, .revoke] {
                expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(kind, cast.root, by: actor)) }
            }
        }
        #expect(cast.log.state.member(cast.root.id)?.status == .active)
        // Admins sanction each other, the root anyone.
        try cast.log.apply(cast.log.sanction(.suspend, thirdAdmin, by: cast.admin))
        try cast.log.apply(cast.log.sanction(.revoke, cast.admin, by: cast.root))
    }

    @Test func aSanctionedActorCannotSanction() throws {
        var cast = try Cast()
        try cast.log.apply(cast.log.sanction(.suspend, cast.moderator, by: cast.admin))
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: cast.moderator)) }
        // Not even to reinstate itself.
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(.reinstate, cast.moderator, by: cast.moderator)) }
        try cast.log.apply(cast.log.sanction(.revoke, cast.admin, by: cast.root))
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(.reinstate, cast.moderator, by: cast.admin)) }
        try cast.log.apply(cast.log.sanction(.reinstate, cast.moderator, by: cast.root))
        try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: cast.moderator))
    }

    @Test func aSanctionOfAnUnknownMemberIsRefused() throws {
        var cast = try Cast()
        expectRefused(.invalid) { try cast.log.apply(cast.log.sanction(.suspend, Person(), by: cast.moderator)) }
    }

    @Test func aForgedSanctionIsRefused() throws {
        var cast = try Cast()
        let payload = SanctionPayload(kind: .suspend, memberID: cast.member.id, reason: "spam").bytes
        // In the moderator's name, signed by the member, the admin, a stranger.
        for key in [cast.member.sign, cast.admin.sign, SigningSecretKey()] {
            expectRefused(.badSignature) { try cast.log.apply(cast.log.entry(.suspend, by: cast.moderator, payload: payload, signer: key)) }
        }
        // The subject swapped after signing.
        let good = cast.log.entry(.suspend, by: cast.moderator, payload: payload)
        let swapped = LogEntry(seq: good.seq, kind: good.kind, actorID: good.actorID,
                               payload: SanctionPayload(kind: .suspend, memberID: cast.orgAdmin.id, reason: "spam").bytes,
                               prevHash: good.prevHash, signature: good.signature)
        expectRefused(.badSignature) { try cast.log.apply(swapped) }
        try cast.log.apply(good)
    }

    @Test func theSanctionPayloadMatchesTheKind() throws {
        var cast = try Cast()
        let revokePayload = SanctionPayload(kind: .revoke, memberID: cast.member.id, reason: "x").bytes
        expectRefused(.malformed) { try cast.log.apply(cast.log.entry(.suspend, by: cast.moderator, payload: revokePayload)) }
        let good = SanctionPayload(kind: .suspend, memberID: cast.member.id, reason: "x").bytes
        for payload in [[], Array(good.dropLast()), good + [0],
                        Frame.frame(context: "trustforum/suspend/v1", [.string(cast.member.id), .bytes([UInt8](repeating: 0, count: 31))])] {
            expectRefused(.malformed) { try cast.log.apply(cast.log.entry(.suspend, by: cast.moderator, payload: payload)) }
        }
        try cast.log.apply(cast.log.entry(.suspend, by: cast.moderator, payload: good))
    }

    @Test func theServerChecksTheActorIsCurrentNow() throws {
        var cast = try Cast()
        let moderator = try cast.log.add(.moderator, by: cast.root, issuedAt: t0 + day, expiresAt: t0 + 11 * day)
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: moderator), now: t0 + 11 * day) }
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: moderator), now: t0 + day - 1) }
        try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: moderator), now: t0 + 10 * day)
    }

    @Test func aSanctionPayloadRoundTrips() throws {
        let id = newID()
        for kind in [LogKind.revoke, .suspend, .reinstate] {
            let payload = SanctionPayload(kind: kind, memberID: id, reason: "commercial posts")
            #expect(payload.reasonHash == GenericHash.hash(Array("commercial posts".utf8)))
            #expect(try SanctionPayload.parse(payload.bytes, kind: kind) == payload)
            var reader = try FrameReader(payload.bytes, context: "trustforum/\(kind.rawValue)/v1")
            #expect(try reader.string() == id)
            #expect(try reader.bytes(count: 32) == payload.reasonHash)
            try reader.finish()
        }
        for kind in [LogKind.root, .certify] {
            expectRefused(.malformed) { try SanctionPayload.parse(SanctionPayload(kind: .revoke, memberID: id, reason: "").bytes, kind: kind) }
        }
    }
}
