import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store

/// Members: what moderators see and do, key lookup, and `/v1/me`.
enum MemberRoutes {
    struct MemberJSON: Encodable {
        let member_id: String
        let status: String
        let role: String?
        let org_id: String?
        let organisation: String?
        let contact: ApplicationRoutes.ContactJSON?
        let fingerprint: String
        let certificate_seq: UInt64?
        let expires_at: UInt64?
        let unverified_key_change: Bool
        let warnings: [WarningJSON]?
        let erased: Bool
        /// A suspension for a period: until when (seconds).
        let suspended_until: UInt64?
    }

    struct WarningJSON: Encodable {
        let reason: String?
        let created_at: UInt64
    }

    struct ListJSON: Encodable {
        let members: [MemberJSON]
    }

    struct KeysJSON: Encodable {
        let member_id: String
        let org_id: String
        let role: String
        let status: String
        let fingerprint: String
        let sign_public_key: String
        let box_public_key: String
        let unverified_key_change: Bool
        /// The seqs of the entries that certified this member, oldest first.
        let certificate_seqs: [UInt64]
        /// Every entry the client needs to check the member's certificates back
        /// to the root: the member's certify entries and, for each issuer, the
        /// certificate it held when it issued, down to entry 0.
        let chain: [CommunityRoutes.EntryJSON]
        let head: CommunityRoutes.Head
    }

    struct SanctionRequest: Decodable {
        let reason: String?
        let entry: SignedEntryJSON
        /// For a suspension: until when (seconds since the epoch), if for a period.
        let until: UInt64?
    }

    struct CertifyRequest: Decodable {
        let certificate: String
        let signature: String
        let key_change_signature: String?
        let entry: SignedEntryJSON
    }

    struct WarnRequest: Decodable {
        let reason: String
    }

    struct ResultJSON: Encodable {
        let member_id: String
        let status: String
        let seq: UInt64?
    }

    struct MeJSON: Encodable {
        let member_id: String
        let status: String
        let role: String?
        let org_id: String?
        let organisation: String?
        let fingerprint: String
        let application: ApplicationSummary?
        let warnings: [WarningJSON]
        let community_id: String
    }

    struct ApplicationSummary: Encodable {
        let status: String
        let reason: String?
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/members", "memberList") { request, _ in
                let status = try request.query("status").map { text -> MemberStore.Status in
                    guard let status = MemberStore.Status(rawValue: text) else { throw APIProblem.invalid("status is not a member status") }
                    return status
                }
                let role = try request.query("role").map { text -> String in
                    guard Role(rawValue: text) != nil else { throw APIProblem.invalid("role is not a role") }
                    return text
                }
                let state = context.registry.snapshot
                let list = try context.database.read { conn in
                    try MemberStore.members(conn, status: status, role: role).map { try json($0, conn, state, withWarnings: false) }
                }
                return try JSONBody.encode(ListJSON(members: list))
            },
            APIRoute(.get, "/v1/members/{id}", "memberShow") { request, _ in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let state = context.registry.snapshot
                let found = try context.database.read { conn in
                    try MemberStore.member(conn, id: id).map { try json($0, conn, state, withWarnings: true) }
                }
                guard let found else { throw APIProblem.notFound("member") }
                return try JSONBody.encode(found)
            },
            APIRoute(.get, "/v1/members/{id}/keys", "memberKeys") { request, _ in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                return try JSONBody.encode(try keys(context, id))
            },
            APIRoute(.post, "/v1/members/{id}/certificates", "memberCertify", bodyLimit: 16 * 1024) { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(CertifyRequest.self)
                return try JSONBody.encode(try certify(context, id, body, by: caller.requireMember()))
            },
            APIRoute(.post, "/v1/members/{id}/suspend", "memberSuspend") { request, caller in
                try sanction(context, request, caller, kind: .suspend)
            },
            APIRoute(.post, "/v1/members/{id}/reinstate", "memberReinstate") { request, caller in
                try sanction(context, request, caller, kind: .reinstate)
            },
            APIRoute(.post, "/v1/members/{id}/remove", "memberRemove") { request, caller in
                try sanction(context, request, caller, kind: .revoke)
            },
            APIRoute(.post, "/v1/members/{id}/warnings", "memberWarn") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let reason = try Fields.text(try request.decodeJSON(WarnRequest.self).reason, "reason", max: 2000)
                let moderator = try caller.requireMember()
                try context.database.write { conn in
                    guard let member = try MemberStore.member(conn, id: id), member.status == .active || member.status == .suspended else {
                        throw APIProblem.notFound("member")
                    }
                    let now = WallClock.seconds
                    try MemberStore.warn(conn, memberID: id, moderatorID: moderator, reason: reason, at: now)
                    try context.audit(conn, actor: moderator, .memberWarned, subject: id)
                    // The third warning within 90 days proposes a suspension to the moderators.
                    try ModerationDecisions.proposeSuspensionIfDue(context, conn, memberID: id, now: now)
                }
                return try JSONBody.encode(ResultJSON(member_id: id, status: "warned", seq: nil), status: 201)
            },
            APIRoute(.post, "/v1/members/{id}/erase", "memberErase") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let admin = try caller.requireMember()
                try context.database.write { conn in
                    guard try MemberStore.member(conn, id: id) != nil else { throw APIProblem.notFound("member") }
                    try MemberStore.erase(conn, id: id, at: WallClock.seconds)
                    try context.audit(conn, actor: admin, .memberErased, subject: id)
                }
                // secure_delete overwrote the rows in the database; the WAL
                // may still hold the old pages until it is checkpointed.
                if try !context.database.checkpoint().isComplete {
                    context.logger.warning("store.checkpoint_incomplete", ["after": "member.erase"])
                }
                return try JSONBody.encode(ResultJSON(member_id: id, status: "erased", seq: nil))
            },
        ]
    }

    static func json(_ m: MemberStore.Member, _ conn: Connection, _ state: CommunityState, withWarnings: Bool) throws -> MemberJSON {
        let record = state.member(m.id)
        let org = try m.orgID.flatMap { try MemberStore.organisation(conn, id: $0) }
        let fingerprint = Fields.fingerprint(sign: m.signPublicKey, box: m.boxPublicKey)
        let warnings = withWarnings ? try MemberStore.warnings(conn, memberID: m.id).map { WarningJSON(reason: $0.reason, created_at: $0.at) } : nil
        return MemberJSON(member_id: m.id, status: m.status.rawValue, role: m.role, org_id: m.orgID, organisation: org?.name,
                          contact: m.contactName.map { ApplicationRoutes.ContactJSON(name: $0, email: m.email ?? "") },
                          fingerprint: fingerprint, certificate_seq: record?.certificates.last?.seq,
                          expires_at: record?.current.certificate.expiresAt, unverified_key_change: record?.unverifiedKeyChange ?? false,
                          warnings: warnings, erased: m.erasedAt != nil,
                          suspended_until: m.status == .suspended ? try MemberStore.suspensionPeriod(conn, memberID: m.id) : nil)
    }

    static func me(_ context: AppContext, _ id: String) throws -> MeJSON {
        try context.database.read { conn in
            guard let m = try MemberStore.member(conn, id: id) else { throw APIProblem.invalidSession() }
            let application = try MemberStore.application(conn, id: id)
            let org = try m.orgID.flatMap { try MemberStore.organisation(conn, id: $0) }
            let fingerprint = Fields.fingerprint(sign: m.signPublicKey, box: m.boxPublicKey)
            return MeJSON(member_id: id, status: m.status.rawValue, role: m.role, org_id: m.orgID, organisation: org?.name,
                          fingerprint: fingerprint, application: application.map { ApplicationSummary(status: $0.status, reason: $0.reason) },
                          warnings: try MemberStore.warnings(conn, memberID: id).map { WarningJSON(reason: $0.reason, created_at: $0.at) },
                          community_id: context.communityID)
        }
    }

    /// The member's bundle and the entries that prove it back to the root.
    static func keys(_ context: AppContext, _ id: String) throws -> KeysJSON {
        let state = context.registry.snapshot
        guard let member = state.member(id) else { throw APIProblem.notFound("member") }
        // Each certificate was signed by the certificate its issuer held at
        // that point of the log: the issuer's last one before the entry.
        var seqs = Set<UInt64>(member.certificates.map(\.seq))
        var pending = member.certificates.map { (seq: $0.seq, certificate: $0.certificate.certificate) }
        while let (seq, cert) = pending.popLast() {
            guard cert.issuerID != cert.memberID || seq != 0, let issuer = state.member(cert.issuerID),
                  let held = issuer.certificates.last(where: { $0.seq < seq }) else { continue }
            if seqs.insert(held.seq).inserted { pending.append((held.seq, held.certificate.certificate)) }
        }
        seqs.insert(0)
        let rows = try context.database.read { conn in try CommunityLogStore.entries(conn, seqs: Array(seqs)) }
        let cert = member.current.certificate
        return KeysJSON(member_id: id, org_id: cert.orgID, role: cert.role.rawValue, status: member.status.rawValue,
                        fingerprint: cert.fingerprint, sign_public_key: Base64.encode(cert.signPublicKey.bytes),
                        box_public_key: Base64.encode(cert.boxPublicKey.bytes), unverified_key_change: member.unverifiedKeyChange,
                        certificate_seqs: member.certificates.map(\.seq), chain: rows.map(CommunityRoutes.EntryJSON.init),
                        head: CommunityRoutes.head(state))
    }

    /// A new certificate for an existing member: renewal, another role, or a new key.
    static func certify(_ context: AppContext, _ id: String, _ body: CertifyRequest, by issuer: String) throws -> ResultJSON {
        let signed: SignedCertificate
        do {
            signed = try SignedCertificate(bytes: try Fields.base64(body.certificate, "certificate", maxLength: 4096),
                                           signature: try Fields.base64(body.signature, "signature", length: 64),
                                           keyChangeSignature: try body.key_change_signature.map { try Fields.base64($0, "key_change_signature", length: 64) })
        } catch let problem as Problem {
            throw problem
        } catch {
            throw APIProblem.unprocessable("invalid-certificate", "The certificate is not valid.", detail: String(describing: error))
        }
        let cert = signed.certificate
        guard cert.memberID == id else { throw APIProblem.unprocessable("certificate-mismatch", "The certificate names another member.") }
        guard context.registry.snapshot.member(id) != nil else { throw APIProblem.notFound("member") }
        let entry = try body.entry.entry(kind: .certify, actorID: issuer, payload: signed.payload)
        // A moderator or admin certified to another role leaves the
        // moderators' keyring: its key is rotated before the next report.
        let keyrings = context.keyrings
        let demotes: @Sendable (CommunityState) -> String? = { after in
            let ring = after.moderatorsKeyringID
            let held: Set<Role> = [.moderator, .admin]
            guard !held.contains(cert.role), let member = after.member(id), let previous = member.certificates.dropLast().last,
                  held.contains(previous.certificate.certificate.role),
                  let state = keyrings.snapshot.keyrings[ring], state.currentEpoch > 0 else { return nil }
            return ring
        }
        try context.registry.append(entry, database: context.database, effects: { conn, after in
            if try MemberStore.member(conn, signPublicKey: cert.signPublicKey.bytes).map({ $0.id != id }) ?? false {
                throw APIProblem.conflict("duplicate-key", "This key belongs to another member.")
            }
            try MemberStore.certify(conn, id: id, orgID: cert.orgID, role: cert.role.rawValue, signPublicKey: cert.signPublicKey.bytes,
                                    boxPublicKey: cert.boxPublicKey.bytes)
            try context.audit(conn, actor: issuer, .memberCertified, subject: id, detail: "seq=\(entry.seq),role=\(cert.role.rawValue)")
            if let ring = demotes(after), keyrings.snapshot.keyrings[ring]?.rotationRequired == false {
                try KeyringStore.setRotationRequired(conn, ids: [ring])
            }
        }, committed: { after in
            if let ring = demotes(after) { keyrings.followCommunity { $0.keyrings[ring]?.rotationRequired = true } }
        })
        return ResultJSON(member_id: id, status: "active", seq: entry.seq)
    }

    /// Suspend, reinstate or remove: a signed log entry; sessions end at once.
    static func sanction(_ context: AppContext, _ request: Request, _ caller: Caller, kind: LogKind) throws -> Response {
        let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
        let body = try request.decodeJSON(SanctionRequest.self)
        let reason = try body.reason.map { try Fields.text($0, "reason", max: 2000, allowEmpty: true) } ?? ""
        let actor = try caller.requireMember()
        if let until = body.until {
            guard kind == .suspend else { throw APIProblem.invalid("until is for suspensions only") }
            let now = WallClock.seconds
            guard until > now, until <= now + 5 * 366 * 86_400 else { throw APIProblem.invalid("until must be in the future, at most five years ahead") }
        }
        guard context.registry.snapshot.member(id) != nil else { throw APIProblem.notFound("member") }
        let payload = SanctionPayload(kind: kind, memberID: id, reason: reason)
        let entry = try body.entry.entry(kind: kind, actorID: actor, payload: payload.bytes)
        let status: MemberStore.Status
        let action: AuditAction
        switch kind {
        case .suspend: (status, action) = (.suspended, .memberSuspended)
        case .reinstate: (status, action) = (.active, .memberReinstated)
        default: (status, action) = (.revoked, .memberRemoved)
        }
        // A suspended or removed member leaves every keyring it held at once
        // (holders exclude it); those with a key are marked rotation_required
        // in the same transaction, so no post uses the old epoch afterwards.
        let rotates = status != .active
        let keyrings = context.keyrings
        try context.registry.append(entry, database: context.database, effects: { conn, state in
            try MemberStore.setStatus(conn, id: id, status)
            if status != .active { try SessionStore.deleteSessions(conn, memberID: id) }
            try CommunityLogStore.saveReason(conn, seq: entry.seq, memberID: id, reason: reason.isEmpty ? nil : reason)
            try MemberStore.setSuspensionPeriod(conn, memberID: id, until: kind == .suspend ? body.until : nil, seq: entry.seq, by: actor)
            try context.audit(conn, actor: actor, action, subject: id, detail: "seq=\(entry.seq)")
            if rotates { try KeyringStore.setRotationRequired(conn, ids: keyrings.snapshot.keyringsToRotate(after: id, state)) }
        }, committed: { state in
            guard rotates else { return }
            context.sessions.forget(member: id)
            keyrings.followCommunity { book in
                for ring in book.keyringsToRotate(after: id, state) { book.keyrings[ring]?.rotationRequired = true }
            }
        })
        return try JSONBody.encode(ResultJSON(member_id: id, status: status.rawValue, seq: entry.seq))
    }
}

/// Org admins: invitations for colleagues, and the colleague list.
enum OrganisationRoutes {
    struct InvitationJSON: Encodable {
        let invitation_id: String
        let code: String
        let org_id: String
        let expires_at: UInt64
    }

    static let invitationLifetime: UInt64 = 14 * 86_400

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/org/invitations", "orgInvite") { _, caller in
                let admin = try caller.requireMember()
                guard let orgID = caller.orgID else { throw APIProblem.forbidden() }
                let code = Base64URL.encode(Random.bytes(18))
                let id = Identifier.uuid(fromRandom: Random.bytes(16))
                let now = WallClock.seconds
                try context.database.write { conn in
                    try MemberStore.insertInvitation(conn, id: id, codeHash: GenericHash.hash(Array(code.utf8)), orgID: orgID, invitedBy: admin,
                                                     at: now, expiresAt: now + invitationLifetime)
                    try context.audit(conn, actor: admin, .organisationInvite, subject: orgID, detail: "invitation=\(id)")
                }
                return try JSONBody.encode(InvitationJSON(invitation_id: id, code: code, org_id: orgID, expires_at: now + invitationLifetime), status: 201)
            },
            APIRoute(.get, "/v1/org/members", "orgMembers") { _, caller in
                guard let orgID = caller.orgID else { throw APIProblem.forbidden() }
                let state = context.registry.snapshot
                let list = try context.database.read { conn in
                    try MemberStore.members(conn, orgID: orgID).map { try MemberRoutes.json($0, conn, state, withWarnings: false) }
                }
                return try JSONBody.encode(MemberRoutes.ListJSON(members: list))
            },
        ]
    }
}
