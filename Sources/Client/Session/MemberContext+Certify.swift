import Core
import Crypto
import Foundation
import Protocol

extension MemberContext {
    /// The longest certificate the community log accepts, in seconds.
    public static var maximumValidity: UInt64 { CommunityState.maxValidity }

    /// Approves `application` (fetched from the server) with `role`: checks
    /// its proof of possession, follows the log, signs the certificate and
    /// the `certify` entry after the verified head, checks that entry
    /// against the verified state as every client will, and posts it with
    /// the default keyring's epochs wrapped for the new certificate
    /// (`circle_wraps`, once the keyring has an epoch). The
    /// organisation is the application's `org_id` (the existing or inviting
    /// one), else `orgID`, else a new id. Returns the entry's seq.
    public func approve(_ application: Wire.ApplicationRecord, role: Role, validity: UInt64, orgID: String? = nil) throws -> UInt64 {
        guard let communityID = profile.communityID else { throw MemberError.notPinned }
        let id = application.application_id
        guard application.status == "pending" else {
            throw MemberError.refused("application \(id) is \(application.status) already")
        }
        _ = try ApplicationProof.verify(application, communityID: communityID)
        if let required = application.org_id, let orgID, orgID != required {
            throw MemberError.refused("application \(id) must join organisation \(required) (its KvK number or invitation says so), not \(orgID)")
        }
        let org = application.org_id ?? orgID ?? UUID().uuidString.lowercased()
        let sign = try SigningPublicKey(try Base64.decode(application.sign_public_key))
        let box = try BoxPublicKey(try Base64.decode(application.box_public_key))
        let keystore = try keystore()
        return try appendAfterHead { log in
            let issuedAt = try self.issueTime(in: log, keystore)
            let (signed, entry) = Requests.certify(memberID: id, orgID: org, role: role, signPublicKey: sign, boxPublicKey: box,
                                                   communityID: communityID, issuerID: keystore.memberID, issuer: keystore.signingKey,
                                                   position: .init(after: log.state), issuedAt: issuedAt, validity: validity)
            try self.check(entry, against: log)
            let wraps = try self.defaultCircleWraps(for: signed, log: log)
            let decision: Wire.Decision = try self.api().post("/v1/applications/\(id)/approve",
                                                              body: Requests.approval(signed, entry, circleWraps: wraps))
            return decision.seq ?? entry.seq
        }
    }

    /// A new certificate for an existing member's current keys and
    /// organisation with `role` (appointing or relieving moderators and
    /// experts). Returns the entry's seq.
    public func recertify(memberID: String, role: Role, validity: UInt64) throws -> UInt64 {
        guard let communityID = profile.communityID else { throw MemberError.notPinned }
        let keystore = try keystore()
        return try appendAfterHead { log in
            guard let subject = log.state.member(memberID) else {
                throw MemberError.refused("\(memberID) is not a certified member in the verified community log")
            }
            let current = subject.current.certificate
            let issuedAt = try self.issueTime(in: log, keystore)
            let (signed, entry) = Requests.certify(memberID: memberID, orgID: current.orgID, role: role, signPublicKey: current.signPublicKey,
                                                   boxPublicKey: current.boxPublicKey, communityID: communityID, issuerID: keystore.memberID,
                                                   issuer: keystore.signingKey, position: .init(after: log.state), issuedAt: issuedAt,
                                                   validity: validity)
            try self.check(entry, against: log)
            let result: Wire.MemberResult = try self.api().post("/v1/members/\(memberID)/certificates",
                                                                body: Requests.certification(signed, entry))
            return result.seq ?? entry.seq
        }
    }

    /// Suspends, reinstates or removes (`.revoke`) a member with a signed
    /// entry after the verified head. Returns the entry's seq.
    public func sanction(_ kind: LogKind, memberID: String, reason: String, until: UInt64? = nil) throws -> UInt64 {
        guard let communityID = profile.communityID else { throw MemberError.notPinned }
        let keystore = try keystore()
        let path = kind == .revoke ? "remove" : kind.rawValue
        return try appendAfterHead { log in
            _ = try self.me(in: log, keystore)
            var (entry, body) = Requests.sanctionEntry(kind, memberID: memberID, reason: reason, communityID: communityID,
                                                       actorID: keystore.memberID, actor: keystore.signingKey, position: .init(after: log.state))
            body.until = until
            try self.check(entry, against: log)
            let result: Wire.MemberResult = try self.api().post("/v1/members/\(memberID)/\(path)", body: body)
            return result.seq ?? entry.seq
        }
    }

    /// Follows the log and runs `attempt` after its head; when the server
    /// answers that the log moved on meanwhile (409 `log-moved`), follows
    /// again and retries once.
    func appendAfterHead(_ attempt: (VerifiedLog) throws -> UInt64) throws -> UInt64 {
        do {
            return try attempt(try follow())
        } catch let error as APIError where error.slug == "log-moved" {
            return try attempt(try follow())
        }
    }

    /// This client's member in the verified log, holding the keystore's key.
    func me(in log: VerifiedLog, _ keystore: UnlockedKeystore) throws -> CommunityState.Member {
        guard let me = log.state.member(keystore.memberID) else {
            throw MemberError.refused("you (\(keystore.memberID)) are not a certified member in the community log")
        }
        guard me.current.certificate.signPublicKey == keystore.signingKey.publicKey else {
            throw MemberError.refused("the keys in this profile are not those of your current certificate")
        }
        return me
    }

    /// When a new certificate is issued: now, but never before the issuer's
    /// own certificate (a clock behind the admin's would otherwise make the
    /// issuer's certificate not yet current).
    func issueTime(in log: VerifiedLog, _ keystore: UnlockedKeystore) throws -> UInt64 {
        max(now, try me(in: log, keystore).current.certificate.issuedAt)
    }

    /// Applies `entry` to a copy of the verified state, with the checks the
    /// server and every other client run; refuses what they would refuse.
    func check(_ entry: LogEntry, against log: VerifiedLog) throws {
        var next = log.state
        do {
            try next.apply(entry, now: now)
        } catch {
            throw MemberError.refused("the community log would refuse this entry: \(error)")
        }
    }
}
