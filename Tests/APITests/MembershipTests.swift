import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store
import Testing
@testable import API

@Suite struct LoginTests {
    func challenge(_ c: TestCommunity, _ person: Person) throws -> [UInt8] {
        let response = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: person.id), clientAddress: TestCommunity.someAddress())
        #expect(response.status == 200)
        #expect(response.json?["server_origin"] as? String == "https://forum.example.org")
        return try Base64.decode(response.json?["challenge"] as? String ?? "")
    }

    func answer(_ c: TestCommunity, _ person: Person, _ challenge: [UInt8], origin: String = "https://forum.example.org",
                community: String? = nil, signer: SigningSecretKey? = nil) throws -> Response {
        let body = Requests.session(serverOrigin: origin, communityID: community ?? c.service.communityID, memberID: person.id,
                                    challenge: challenge, signing: signer ?? person.signing)
        return try c.service.call(.post, "/v1/auth/session", json: body, clientAddress: TestCommunity.someAddress())
    }

    @Test func aChallengeIsSingleUse() throws {
        let c = try TestCommunity()
        let bytes = try challenge(c, c.member)
        #expect(try answer(c, c.member, bytes).status == 201)
        let replay = try answer(c, c.member, bytes)
        #expect(replay.status == 401)
        #expect(replay.problemType == "urn:trustforum:problem:login-failed")
    }

    @Test func anExpiredChallengeIsRefused() throws {
        let c = try TestCommunity()
        let bytes = try challenge(c, c.member)
        try c.service.database.write { conn in try conn.run("UPDATE challenges SET expires_at = 1") }
        #expect(try answer(c, c.member, bytes).status == 401)
    }

    @Test func anotherOriginOrCommunityOrKeyIsRefused() throws {
        let c = try TestCommunity()
        #expect(try answer(c, c.member, try challenge(c, c.member), origin: "https://evil.example.org").status == 401)
        #expect(try answer(c, c.member, try challenge(c, c.member), community: Identifier.uuid(fromRandom: Random.bytes(16))).status == 401)
        #expect(try answer(c, c.member, try challenge(c, c.member), signer: SigningSecretKey()).status == 401)
        // Someone else's challenge.
        #expect(try answer(c, c.member, try challenge(c, c.expert)).status == 401)
    }

    @Test func unknownMembersGetTheSameChallengeAndTheSameError() throws {
        let c = try TestCommunity()
        let stranger = Person.new()
        let known = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: c.member.id))
        let unknown = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: stranger.id))
        #expect(known.status == unknown.status)
        #expect(Set(known.json!.keys) == Set(unknown.json!.keys))
        let failed = try answer(c, stranger, try Base64.decode(unknown.json!["challenge"] as! String))
        let wrong = try answer(c, c.member, try challenge(c, c.member), signer: SigningSecretKey())
        #expect(failed.status == wrong.status)
        #expect(failed.problemType == wrong.problemType)
        #expect(failed.json?["title"] as? String == wrong.json?["title"] as? String)
    }

    @Test func suspensionEndsSessionsAndRefusesLogin() throws {
        let c = try TestCommunity()
        var target = try c.admit(Person.new(), role: .member, by: c.moderator)
        target.token = try c.login(target)
        #expect(try c.service.call(.get, "/v1/me", token: target.token).status == 200)
        #expect(try c.sanction(.suspend, target, by: c.moderator).status == 200)
        let refused = try c.service.call(.get, "/v1/me", token: target.token)
        #expect(refused.status == 401)
        #expect(refused.problemType == "urn:trustforum:problem:invalid-session")
        #expect(throws: TestCommunity.Failure.self) { _ = try c.login(target) }
        #expect(try c.sanction(.reinstate, target, by: c.moderator).status == 200)
        target.token = try c.login(target)
        #expect(try c.service.call(.get, "/v1/me", token: target.token).status == 200)
    }

    @Test func logoutEndsTheSession() throws {
        let c = try TestCommunity()
        let token = try c.login(c.member)
        #expect(try c.service.call(.delete, "/v1/auth/session", token: token).status == 204)
        #expect(try c.service.call(.get, "/v1/me", token: token).status == 401)
        #expect(try c.service.call(.get, "/v1/me", token: "tf1.not-a-token").status == 401)
    }

    @Test func challengesAreRateLimitedPerAddressAndPerMember() throws {
        let c = try TestCommunity()
        var limited: Response?
        for _ in 0..<40 {
            let response = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: Person.new().id), clientAddress: "192.0.2.7")
            if response.status == 429 { limited = response; break }
        }
        let response = try #require(limited)
        #expect(response.problemType == "urn:trustforum:problem:rate-limited")
        #expect(Int(response.headers.first { $0.name == "Retry-After" }?.value ?? "") ?? 0 >= 1)
        var perMember: Response?
        for _ in 0..<40 {
            let r = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: c.member.id), clientAddress: TestCommunity.someAddress())
            if r.status == 429 { perMember = r; break }
        }
        #expect(perMember != nil)
        c.service.clock.advance(seconds: 3600)
        #expect(try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: c.member.id)).status == 200)
    }

    @Test func olderClientsAreRefused() throws {
        let c = try TestCommunity()
        let old = try c.service.call(.get, "/v1/me", token: c.member.token, headers: [("TrustForum-Protocol", "0")])
        #expect(old.status == 426)
        #expect(old.problemType == "urn:trustforum:problem:client-too-old")
        #expect(try c.service.call(.get, "/v1/me", token: c.member.token, headers: [("TrustForum-Protocol", "1")]).status == 200)
    }
}

@Suite struct ApplicationTests {
    func body(_ c: TestCommunity, _ person: Person, email: String = "ann@acme.example", mutate: (inout [String: Any]) -> Void) throws -> [UInt8] {
        let application = Requests.application(communityID: c.service.communityID, applicationID: person.id,
                                               organisation: Wire.Organisation(name: "Acme BV", kvkNumber: "12345678", sector: "energy", region: "utrecht", size: "10-49"),
                                               contact: Wire.Contact(name: "Ann", email: email), signing: person.signing, box: person.box.publicKey)
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(application)) as! [String: Any]
        mutate(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    func submit(_ c: TestCommunity, _ bytes: [UInt8]) throws -> Response {
        try c.service.call(.post, "/v1/applications", body: bytes, contentType: "application/json", clientAddress: TestCommunity.someAddress())
    }

    @Test func malformedApplicationsGetClearProblems() throws {
        let c = try TestCommunity()
        let cases: [(String, (inout [String: Any]) -> Void, Int, String)] = [
            ("kvk", { o in var org = o["organisation"] as! [String: Any]; org["kvk_number"] = "1234567"; o["organisation"] = org }, 400, "organisation.kvk_number must be exactly 8 digits"),
            ("sector", { o in var org = o["organisation"] as! [String: Any]; org["sector"] = "piracy"; o["organisation"] = org }, 400, "organisation.sector"),
            ("email", { o in var contact = o["contact"] as! [String: Any]; contact["email"] = "not an address"; o["contact"] = contact }, 400, "contact.email"),
            ("name", { o in var org = o["organisation"] as! [String: Any]; org["name"] = String(repeating: "x", count: 201); o["organisation"] = org }, 400, "organisation.name"),
            ("key", { o in o["sign_public_key"] = "AAAA" }, 400, "sign_public_key"),
            ("id", { o in o["application_id"] = "ABC" }, 400, "application_id"),
            ("missing", { o in o.removeValue(forKey: "contact") }, 400, "missing field: contact"),
            ("community", { o in o["community_id"] = Identifier.uuid(fromRandom: Random.bytes(16)) }, 422, ""),
            ("pop", { o in o["signature"] = Base64.encode(SigningSecretKey().sign([1])) }, 422, ""),
        ]
        for (name, mutate, status, detail) in cases {
            let response = try submit(c, try body(c, Person.new(), mutate: mutate))
            #expect(response.status == status, "\(name): \(response.text)")
            #expect(response.contentType == "application/problem+json", "\(name)")
            if !detail.isEmpty { #expect((response.json?["detail"] as? String ?? "").contains(detail), "\(name): \(response.text)") }
        }
        // The signature covers the e-mail address: changing it breaks the proof.
        let altered = try submit(c, try body(c, Person.new()) { o in var contact = o["contact"] as! [String: Any]; contact["email"] = "eve@acme.example"; o["contact"] = contact })
        #expect(altered.status == 422)
        #expect(altered.problemType == "urn:trustforum:problem:bad-signature")
    }

    @Test func oversizeApplicationsAre413() throws {
        let c = try TestCommunity()
        let huge = try body(c, Person.new()) { o in o["padding"] = String(repeating: "x", count: 20_000) }
        // The server decides 413 from Content-Length before reading; in-process, the route's limit says so.
        let route = c.service.service.router.routes.first { $0.operation == "applicationSubmit" }!
        #expect(huge.count > route.bodyLimit)
    }

    @Test func duplicatesAreRefused() throws {
        let c = try TestCommunity()
        let person = Person.new()
        let first = try body(c, person) { _ in }
        #expect(try submit(c, first).status == 201)
        let again = try submit(c, first)
        #expect(again.status == 409)
        #expect(again.problemType == "urn:trustforum:problem:duplicate-application")
        let sameEmail = try submit(c, try body(c, Person.new()) { _ in })
        #expect(sameEmail.status == 409)
        var sameKey = Person.new()
        sameKey = Person(id: sameKey.id, signing: person.signing, box: person.box)
        let reused = try submit(c, try body(c, sameKey, email: "other@acme.example") { _ in })
        #expect(reused.status == 409)
        #expect(reused.problemType == "urn:trustforum:problem:duplicate-key")
    }

    @Test func anonymousApplicationsAreRateLimited() throws {
        let c = try TestCommunity()
        var statuses: [Int] = []
        for _ in 0..<8 {
            let person = Person.new()
            let bytes = try body(c, person, email: "\(person.id.prefix(8))@x.example") { _ in }
            statuses.append(try c.service.call(.post, "/v1/applications", body: bytes, contentType: "application/json", clientAddress: "198.51.100.4").status)
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 201 })
        #expect(statuses.last == 429)
    }

    @Test func applicantSeesOnlyItsOwnApplicationAndTheRejectionReason() throws {
        let c = try TestCommunity()
        let other = Person.new()
        try c.submit(other)
        #expect(try c.service.call(.get, "/v1/applications/\(c.applicant.id)", token: c.applicant.token).status == 200)
        #expect(try c.service.call(.get, "/v1/applications/\(other.id)", token: c.applicant.token).status == 404)
        #expect(try c.service.call(.post, "/v1/applications/\(c.applicant.id)/reject", json: Wire.Reason("We could not verify your KvK number."), token: c.moderator.token).status == 200)
        let me = try c.service.call(.get, "/v1/me", token: c.applicant.token)
        #expect((me.json?["application"] as? [String: Any])?["reason"] as? String == "We could not verify your KvK number.")
        #expect((me.json?["application"] as? [String: Any])?["status"] as? String == "rejected")
    }

    @Test func approvalsAreCheckedLikeEveryClientChecksThem() throws {
        let c = try TestCommunity()
        let person = Person.new()
        try c.submit(person)
        let orgID = Identifier.uuid(fromRandom: Random.bytes(16))
        // Another key in the certificate.
        var impostor = person
        impostor = Person(id: person.id, signing: SigningSecretKey(), box: person.box)
        let mismatch = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: c.approval(impostor, role: .member, orgID: orgID, by: c.moderator), token: c.moderator.token)
        #expect(mismatch.status == 422)
        #expect(mismatch.problemType == "urn:trustforum:problem:certificate-mismatch")
        // A moderator may not make an admin.
        let tooHigh = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: c.approval(person, role: .admin, orgID: orgID, by: c.moderator), token: c.moderator.token)
        #expect(tooHigh.status == 403)
        #expect(tooHigh.problemType == "urn:trustforum:problem:not-allowed")
        // Signed by someone else than the caller.
        let foreign = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: c.approval(person, role: .member, orgID: orgID, by: c.root), token: c.moderator.token)
        #expect(foreign.status == 422)
        // A stale position: the log moved on in between.
        let stale = c.approval(person, role: .member, orgID: orgID, by: c.moderator)
        _ = try c.admit(Person.new(), role: .member, by: c.moderator)
        let moved = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: stale, token: c.moderator.token)
        #expect(moved.status == 409)
        #expect(moved.problemType == "urn:trustforum:problem:log-moved")
        // Nothing of the refused attempts reached the log.
        let before = c.service.state.nextSeq
        let ok = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: c.approval(person, role: .member, orgID: orgID, by: c.moderator), token: c.moderator.token)
        #expect(ok.status == 200)
        #expect(c.service.state.nextSeq == before + 1)
        #expect(c.service.state.member(person.id)?.role == .member)
        let twice = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: c.approval(person, role: .member, orgID: orgID, by: c.moderator), token: c.moderator.token)
        #expect(twice.status == 409)
    }

    @Test func colleaguesJoinTheExistingOrganisation() throws {
        let c = try TestCommunity()
        let kvk = try c.kvkNumber(of: c.member)
        let colleague = Person.new()
        try c.submit(colleague, kvk: kvk)
        let shown = try c.service.call(.get, "/v1/applications/\(colleague.id)", token: c.moderator.token)
        #expect(shown.json?["org_id"] as? String == c.member.orgID)
        let wrongOrg = try c.service.call(.post, "/v1/applications/\(colleague.id)/approve",
                                          json: c.approval(colleague, role: .member, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: c.moderator), token: c.moderator.token)
        #expect(wrongOrg.status == 422)
        let ok = try c.service.call(.post, "/v1/applications/\(colleague.id)/approve",
                                    json: c.approval(colleague, role: .member, orgID: c.member.orgID!, by: c.moderator), token: c.moderator.token)
        #expect(ok.status == 200)
    }

    @Test func orgAdminInvitationsBindTheOrganisation() throws {
        let c = try TestCommunity()
        let invite = try c.service.call(.post, "/v1/org/invitations", token: c.orgAdmin.token)
        #expect(invite.status == 201)
        let code = try #require(invite.json?["code"] as? String)
        let colleague = Person.new()
        let wrongKvK = try c.submit(colleague, kvk: "99999999", invitation: code)
        #expect(wrongKvK.status == 422)
        let kvk = try c.kvkNumber(of: c.orgAdmin)
        #expect(try c.submit(colleague, kvk: kvk, invitation: code).status == 201)
        let shown = try c.service.call(.get, "/v1/applications/\(colleague.id)", token: c.moderator.token)
        #expect(shown.json?["invited"] as? Bool == true)
        #expect(shown.json?["org_id"] as? String == c.orgAdmin.orgID)
        let reuse = Person.new()
        #expect(try c.submit(reuse, kvk: kvk, invitation: code).status == 422)
        let colleagues = try c.service.call(.get, "/v1/org/members", token: c.orgAdmin.token)
        let ids = (colleagues.json?["members"] as? [[String: Any]] ?? []).compactMap { $0["member_id"] as? String }
        #expect(Set(ids) == Set([c.orgAdmin.id, c.member.id]))
    }
}

@Suite struct MemberTests {
    @Test func erasureRemovesPersonalDataButChainsStayVerifiable() throws {
        let c = try TestCommunity()
        let target = try c.admit(Person.new(), role: .member, by: c.moderator)
        #expect(try c.service.call(.post, "/v1/members/\(target.id)/warnings", json: Wire.Reason("Sales pitch in a reply."), token: c.moderator.token).status == 201)
        #expect(try c.service.call(.post, "/v1/members/\(target.id)/erase", token: c.root.token).status == 200)
        let shown = try c.service.call(.get, "/v1/members/\(target.id)", token: c.moderator.token)
        #expect(shown.json?["contact"] == nil)
        #expect(shown.json?["erased"] as? Bool == true)
        let warnings = shown.json?["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.count == 1)
        #expect(warnings[0]["reason"] == nil)
        let email = "\(target.id.prefix(8))@example.org"
        let stored = try c.service.database.read { conn in
            try conn.query("SELECT count(*) FROM members WHERE email = ? OR contact_name = 'Test Person' AND id = ?", [.text(email), .text(target.id)])[0].int64(at: 0)
        }
        #expect(stored == 0)
        // The log still verifies from the root, with the member's certificate in it.
        let log = try c.service.call(.get, "/v1/community/log", token: c.member.token)
        let entries = try (log.json?["entries"] as? [[String: Any]] ?? []).map { object -> LogEntry in
            let data = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(LogJSON.Entry.self, from: data).entry()
        }
        let state = try LogFollower.verify(entries, communityID: c.service.communityID, pinnedRoot: c.service.root.certificate.certificate.fingerprint,
                                           policy: try RolePolicy.embedded(), knownHead: nil)
        #expect(state.member(target.id)?.status == .active)
        let keys = try c.service.call(.get, "/v1/members/\(target.id)/keys", token: c.member.token)
        #expect(keys.status == 200)
        #expect(keys.json?["sign_public_key"] as? String == Base64.encode(target.signing.publicKey.bytes))
    }

    @Test func keyLookupCarriesTheChainToTheRoot() throws {
        let c = try TestCommunity()
        let keys = try c.service.call(.get, "/v1/members/\(c.member.id)/keys", token: c.expert.token)
        let chain = (keys.json?["chain"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int }
        let state = c.service.state
        let memberSeq = Int(state.member(c.member.id)!.certificates[0].seq)
        let moderatorSeq = Int(state.member(c.moderator.id)!.certificates[0].seq)
        #expect(chain == [0, moderatorSeq, memberSeq].sorted())
    }

    @Test func sanctionsFollowThePolicy() throws {
        let c = try TestCommunity()
        // A moderator may not suspend another moderator, nor an admin.
        let other = try c.admit(Person.new(), role: .moderator, by: c.root)
        #expect(try c.sanction(.suspend, other, by: c.moderator).status == 403)
        #expect(try c.sanction(.suspend, c.root, by: c.moderator).status == 403)
        // Nobody suspends twice; reinstating an active member is refused.
        let target = try c.admit(Person.new(), role: .member, by: c.moderator)
        #expect(try c.sanction(.suspend, target, by: c.moderator).status == 200)
        #expect(try c.sanction(.suspend, target, by: c.moderator).status == 422)
        #expect(try c.sanction(.reinstate, c.member, by: c.moderator).status == 422)
        // Removal is final.
        #expect(try c.sanction(.revoke, target, by: c.moderator).status == 200)
        #expect(try c.sanction(.reinstate, target, by: c.moderator).status == 422)
        let reason = try c.service.database.read { conn in
            try conn.queryOne("SELECT reason FROM sanction_reasons ORDER BY seq DESC LIMIT 1")?.optionalString(at: 0)
        }
        #expect(reason == "test")
    }
}
