import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store

/// Applications and vetting as key certification (PROTOCOL.md §2–§3): an
/// applicant proves possession of its keys; a moderator's client signs the
/// certificate and the `certify` entry, which the server checks like every
/// client will.
enum ApplicationRoutes {
    struct OrganisationJSON: Codable {
        let name: String
        let kvk_number: String
        let sector: String
        let region: String
        let size: String
    }

    struct ContactJSON: Codable {
        let name: String
        let email: String
    }

    struct SubmitRequest: Decodable {
        let application_id: String
        let community_id: String
        let organisation: OrganisationJSON
        let contact: ContactJSON
        let sign_public_key: String
        let box_public_key: String
        let signature: String
        let invitation: String?
    }

    struct SubmitJSON: Encodable {
        let application_id: String
        let status: String
        let fingerprint: String
    }

    struct ApplicationJSON: Encodable {
        let application_id: String
        let status: String
        let reason: String?
        let organisation: OrganisationJSON
        let contact: ContactJSON?
        let sign_public_key: String
        let box_public_key: String
        let signature: String
        let fingerprint: String
        /// The organisation the certificate must name: the existing one for
        /// this KvK number or the inviting one; nil for a new organisation.
        let org_id: String?
        let invited: Bool
        let submitted_at: UInt64
        let decided_at: UInt64?
    }

    struct ListJSON: Encodable {
        let applications: [ApplicationJSON]
    }

    struct ApproveRequest: Decodable {
        let certificate: String
        let signature: String
        let entry: SignedEntryJSON
        /// Organisation details for a new organisation, when the moderator
        /// corrects the applicant's (defaults: the application's).
        let organisation: OrganisationJSON?
        /// The default keyring's epochs wrapped for the new member (its new
        /// certificate's hash); required for the current epoch once there is one.
        let circle_wraps: [KeyringWire.WrapJSON]?
    }

    struct RejectRequest: Decodable {
        let reason: String
    }

    struct DecisionJSON: Encodable {
        let application_id: String
        let status: String
        let seq: UInt64?
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/applications", "applicationSubmit", bodyLimit: 16 * 1024) { request, caller in
                try RateLimits.check(context.limits.applicationByAddress, "ip:" + request.context.clientAddress)
                let body = try request.decodeJSON(SubmitRequest.self)
                return try JSONBody.encode(try submit(context, body), status: 201)
            },
            APIRoute(.get, "/v1/applications", "applicationList") { request, _ in
                let status = request.query("status") ?? "pending"
                guard ["pending", "approved", "rejected", "all"].contains(status) else {
                    throw APIProblem.invalid("status must be pending, approved, rejected or all")
                }
                let list = try context.database.read { conn in
                    try MemberStore.applications(conn, status: status == "all" ? nil : status).map { try json($0, conn, context) }
                }
                return try JSONBody.encode(ListJSON(applications: list))
            },
            APIRoute(.get, "/v1/applications/{id}", "applicationShow") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                // An applicant sees its own application only; others' do not exist for it.
                if caller.principal == .applicant && caller.memberID != id { throw APIProblem.notFound("application") }
                let found = try context.database.read { conn in
                    try MemberStore.application(conn, id: id).map { try json($0, conn, context) }
                }
                guard let found else { throw APIProblem.notFound("application") }
                return try JSONBody.encode(found)
            },
            APIRoute(.post, "/v1/applications/{id}/approve", "applicationApprove", bodyLimit: 1 << 20) { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(ApproveRequest.self)
                return try JSONBody.encode(try approve(context, id: id, body, by: caller.requireMember()))
            },
            APIRoute(.post, "/v1/applications/{id}/reject", "applicationReject") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(RejectRequest.self)
                let reason = try Fields.text(body.reason, "reason", max: 2000)
                let moderator = try caller.requireMember()
                let now = WallClock.seconds
                try context.database.write { conn in
                    guard let application = try MemberStore.application(conn, id: id) else { throw APIProblem.notFound("application") }
                    guard application.status == "pending" else { throw APIProblem.conflict("already-decided", "The application was decided already.") }
                    try MemberStore.decide(conn, id: id, status: "rejected", reason: reason, by: moderator, at: now)
                    try MemberStore.setStatus(conn, id: id, .rejected)
                    try context.audit(conn, actor: moderator, .applicationRejected, subject: id)
                }
                return try JSONBody.encode(DecisionJSON(application_id: id, status: "rejected", seq: nil))
            },
        ]
    }

    static func submit(_ context: AppContext, _ body: SubmitRequest) throws -> SubmitJSON {
        let id = try Fields.uuid(body.application_id, "application_id")
        guard body.community_id == context.communityID else {
            throw APIProblem.unprocessable("wrong-community", "The application is for another community.")
        }
        let org = OrganisationJSON(name: try Fields.text(body.organisation.name, "organisation.name", max: 200),
                                   kvk_number: try Fields.kvk(body.organisation.kvk_number),
                                   sector: try Fields.oneOf(body.organisation.sector, context.register.sectors, "organisation.sector"),
                                   region: try Fields.oneOf(body.organisation.region, context.register.regions, "organisation.region"),
                                   size: try Fields.oneOf(body.organisation.size, context.register.sizes, "organisation.size"))
        let name = try Fields.text(body.contact.name, "contact.name", max: 200)
        // The moderation policy on the plaintext: blocked → 422 here; held or flagged → a queue item below.
        let moderated = try PlaintextModeration.check(context, [("organisation.name", org.name), ("contact.name", name)])
        let email = try Fields.email(body.contact.email)
        let sign = try Fields.base64(body.sign_public_key, "sign_public_key", length: 32)
        let box = try Fields.base64(body.box_public_key, "box_public_key", length: 32)
        let signature = try Fields.base64(body.signature, "signature", length: 64)
        guard let signKey = try? SigningPublicKey(sign), let boxKey = try? BoxPublicKey(box) else {
            throw APIProblem.invalid("the key bundle is not valid")
        }
        // The proof of possession signs the e-mail address as sent.
        let message = SignedMessages.application(communityID: context.communityID, applicationID: id, signPublicKey: sign,
                                                 boxPublicKey: box, kvkNumber: org.kvk_number, email: body.contact.email)
        guard signKey.isValidSignature(signature, for: message) else {
            throw APIProblem.unprocessable("bad-signature", "The application's signature does not verify with its key.")
        }
        let invitationHash = try body.invitation.map { code -> [UInt8] in
            guard code.utf8.count <= 64 else { throw APIProblem.invalid("invitation is not an invitation code") }
            return GenericHash.hash(Array(code.utf8))
        }
        let now = WallClock.seconds
        try context.database.write { conn in
            if try MemberStore.member(conn, id: id) != nil {
                throw APIProblem.conflict("duplicate-application", "This application id is taken.")
            }
            if try MemberStore.member(conn, signPublicKey: sign) != nil {
                throw APIProblem.conflict("duplicate-key", "This key is already registered.")
            }
            if try MemberStore.pendingApplication(conn, email: email) != nil {
                throw APIProblem.conflict("duplicate-application", "An application with this e-mail address is waiting already.")
            }
            try MemberStore.insertApplicant(conn, id: id, signPublicKey: sign, boxPublicKey: box, contactName: name, email: email, at: now)
            var invitationID: String?
            if let invitationHash {
                guard let invitation = try MemberStore.useInvitation(conn, codeHash: invitationHash, by: id, now: now) else {
                    throw APIProblem.unprocessable("invalid-invitation", "The invitation is unknown, used or expired.")
                }
                guard let invitingOrg = try MemberStore.organisation(conn, id: invitation.orgID), invitingOrg.kvkNumber == org.kvk_number else {
                    throw APIProblem.unprocessable("invalid-invitation", "The invitation is for another organisation (KvK number).")
                }
                invitationID = invitation.id
            }
            try MemberStore.insertApplication(conn, id: id, orgName: org.name, kvkNumber: org.kvk_number, sector: org.sector, region: org.region,
                                              size: org.size, signature: signature, invitationID: invitationID, at: now)
            try context.audit(conn, actor: id, .applicationSubmitted, subject: id)
            try PlaintextModeration.enqueue(context, conn, moderated, subject: id, actor: id, now: now)
        }
        return SubmitJSON(application_id: id, status: "pending", fingerprint: KeyBundle.fingerprint(signPublicKey: signKey, boxPublicKey: boxKey))
    }

    static func approve(_ context: AppContext, id: String, _ body: ApproveRequest, by moderator: String) throws -> DecisionJSON {
        let certificateBytes = try Fields.base64(body.certificate, "certificate", maxLength: 4096)
        let signed: SignedCertificate
        do {
            signed = try SignedCertificate(bytes: certificateBytes, signature: try Fields.base64(body.signature, "signature", length: 64))
        } catch {
            throw APIProblem.unprocessable("invalid-certificate", "The certificate is not valid.", detail: String(describing: error))
        }
        let cert = signed.certificate
        let found: (MemberStore.Application, String?)? = try context.database.read { conn in
            guard let application = try MemberStore.application(conn, id: id) else { return nil }
            return (application, try expectedOrganisation(application, conn))
        }
        guard let (application, existingOrg) = found else { throw APIProblem.notFound("application") }
        guard application.status == "pending" else { throw APIProblem.conflict("already-decided", "The application was decided already.") }
        try context.database.read { conn in try PlaintextModeration.requireReleased(conn, subject: id) }
        guard cert.memberID == id, cert.signPublicKey.bytes == application.signPublicKey, cert.boxPublicKey.bytes == application.boxPublicKey else {
            throw APIProblem.unprocessable("certificate-mismatch", "The certificate does not name this application's id and keys.")
        }
        guard cert.issuerID == moderator else {
            throw APIProblem.unprocessable("certificate-mismatch", "The certificate names another issuer than you.")
        }
        if let existingOrg, cert.orgID != existingOrg {
            throw APIProblem.unprocessable("certificate-mismatch", "The organisation exists already; the certificate must name its id.",
                                           detail: "org_id must be \(existingOrg)")
        }
        let details = body.organisation ?? OrganisationJSON(name: application.orgName, kvk_number: application.kvkNumber,
                                                            sector: application.sector, region: application.region, size: application.size)
        let organisation = MemberStore.Organisation(id: cert.orgID, name: try Fields.text(details.name, "organisation.name", max: 200),
                                                    kvkNumber: application.kvkNumber,
                                                    sector: try Fields.oneOf(details.sector, context.register.sectors, "organisation.sector"),
                                                    region: try Fields.oneOf(details.region, context.register.regions, "organisation.region"),
                                                    size: try Fields.oneOf(details.size, context.register.sizes, "organisation.size"),
                                                    createdAt: WallClock.seconds)
        let entry = try body.entry.entry(kind: .certify, actorID: moderator, payload: signed.payload)
        let wraps = try DefaultCircleWraps.check(body.circle_wraps ?? [], for: signed, moderator: moderator, context.registry.snapshot)
        let keyrings = context.keyrings
        let now = WallClock.seconds
        try context.registry.append(entry, database: context.database, now: now) { conn, _ in
            try DefaultCircleWraps.store(wraps, for: id, keyrings: keyrings, conn, at: now)
            guard try MemberStore.application(conn, id: id)?.status == "pending" else {
                throw APIProblem.conflict("already-decided", "The application was decided already.")
            }
            if let byKvK = try MemberStore.organisation(conn, kvkNumber: application.kvkNumber) {
                guard byKvK.id == cert.orgID else {
                    throw APIProblem.unprocessable("certificate-mismatch", "The organisation exists already; the certificate must name its id.",
                                                   detail: "org_id must be \(byKvK.id)")
                }
            } else {
                if try MemberStore.organisation(conn, id: cert.orgID) != nil {
                    throw APIProblem.unprocessable("certificate-mismatch", "That organisation id belongs to another organisation.")
                }
                try MemberStore.insertOrganisation(conn, organisation)
            }
            try MemberStore.certify(conn, id: id, orgID: cert.orgID, role: cert.role.rawValue, signPublicKey: cert.signPublicKey.bytes,
                                    boxPublicKey: cert.boxPublicKey.bytes)
            try MemberStore.decide(conn, id: id, status: "approved", reason: nil, by: moderator, at: now)
            try context.audit(conn, actor: moderator, .applicationApproved, subject: id, detail: "seq=\(entry.seq),role=\(cert.role.rawValue)")
        }
        return DecisionJSON(application_id: id, status: "approved", seq: entry.seq)
    }

    /// The organisation an approval must name: the existing one with this
    /// KvK number, or the inviting one.
    static func expectedOrganisation(_ application: MemberStore.Application, _ conn: Connection) throws -> String? {
        if let org = try MemberStore.organisation(conn, kvkNumber: application.kvkNumber) { return org.id }
        if let invitation = application.invitationID { return try MemberStore.invitationOrganisation(conn, id: invitation) }
        return nil
    }

    static func json(_ a: MemberStore.Application, _ conn: Connection, _ context: AppContext) throws -> ApplicationJSON {
        let fingerprint = Fields.fingerprint(sign: a.signPublicKey, box: a.boxPublicKey)
        return ApplicationJSON(application_id: a.id, status: a.status, reason: a.reason,
                               organisation: OrganisationJSON(name: a.orgName, kvk_number: a.kvkNumber, sector: a.sector, region: a.region, size: a.size),
                               contact: a.contactName.map { ContactJSON(name: $0, email: a.email ?? "") },
                               sign_public_key: Base64.encode(a.signPublicKey), box_public_key: Base64.encode(a.boxPublicKey),
                               signature: Base64.encode(a.signature), fingerprint: fingerprint,
                               org_id: try expectedOrganisation(a, conn), invited: a.invitationID != nil,
                               submitted_at: a.submittedAt, decided_at: a.decidedAt)
    }
}
