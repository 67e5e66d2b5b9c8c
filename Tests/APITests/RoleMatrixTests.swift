import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Testing
@testable import API

/// The role × endpoint matrix of parts 2 and 3, enumerated from the route table:
/// every route must have a row here and a fixture that makes an allowed call
/// succeed. The table is written out (not read from Policies/roles.json), and
/// the policy file is checked against it as well.
@Suite(.serialized) struct RoleMatrixTests {
    enum Who: String, CaseIterable {
        case anonymous, applicant, member, org_admin, expert, moderator, admin, suspended
    }

    static let everyone: Set<Who> = [.anonymous, .applicant, .member, .org_admin, .expert, .moderator, .admin]
    static let signedIn: Set<Who> = [.applicant, .member, .org_admin, .expert, .moderator, .admin]
    static let members: Set<Who> = [.member, .org_admin, .expert, .moderator, .admin]
    static let staff: Set<Who> = [.moderator, .admin]
    /// Routes answered on the event loop ignore tokens: a suspended member's
    /// dead token does not matter there.
    static let loopPublic: Set<Who> = everyone.union([.suspended])

    /// Who may call what. Suspended members are refused everywhere a token is read.
    static let expected: [String: Set<Who>] = [
        "health": loopPublic, "openapi": loopPublic, "version": loopPublic, "rolesPolicy": loopPublic, "registerPolicy": loopPublic,
        "ready": everyone, "metrics": everyone, "community": everyone,
        "authChallenge": everyone, "authSession": everyone, "applicationSubmit": everyone,
        "communityLog": members, "logout": signedIn, "me": signedIn,
        "applicationList": staff, "applicationShow": [.applicant, .moderator, .admin],
        "applicationApprove": staff, "applicationReject": staff,
        "memberList": staff, "memberShow": staff, "memberKeys": members,
        "memberCertify": staff, "memberSuspend": staff, "memberReinstate": staff, "memberRemove": staff, "memberWarn": staff,
        "memberErase": [.admin],
        "orgInvite": [.org_admin], "orgMembers": [.org_admin],
        // Part 3: circles, keyrings, threads, posts. Which circle, keyring or
        // thread a member may act on is decided behind this step (404 for
        // what it may not see, the TLP and circle rules for the rest), and
        // tested in the thread suites.
        "moderationPolicy": loopPublic,
        "circleList": members, "circleCreate": [.admin], "circleModerator": [.admin],
        "circleJoinRequest": members, "circleJoinRequests": members, "circleMemberAdd": members, "circleMemberRemove": members,
        "keyringShow": members, "keyringLog": members, "keyringAppend": members, "keyringEpoch": members, "keyringWraps": members,
        "threadCreate": members, "threadList": members, "threadShow": members,
        "threadParticipantAdd": members, "threadParticipantRemove": members,
        "postCreate": members, "postList": members,
        // Part 4: reports and the review queue.
        "reportCreate": members, "moderationMine": members, "moderationAppeal": members,
        "moderationQueue": staff, "moderationAppeals": staff, "moderationItem": staff, "moderationDecide": staff,
        // Part 5: the maturity self-assessment.
        "maturityRecord": members, "maturityHistory": members, "maturityStatistics": [.expert, .admin], "maturityPolicy": loopPublic,
        "alertImport": [.expert, .admin], "alertCreate": [.expert, .admin], "alertList": everyone, "alertShow": everyone, "alertFeed": everyone,
        "subscriptionsShow": members, "subscriptionsSet": members, "notificationList": members, "notificationRead": members,
        "feedTokenCreate": members, "feedTokenRevoke": members, "memberFeed": everyone,
        "publicationIndex": everyone, "questionQueue": [.expert], "questionClaim": [.expert], "answerAccept": members, "orgSharing": [.org_admin],
        // Part 5: publications and search. What a caller may read (CLEAR
        // public, GREEN members, held ones their author's) is decided behind
        // this step and tested in PublicationTests.
        "publicationCreate": members, "publicationEdit": members, "publicationList": everyone, "publicationShow": everyone,
        "publicationHistory": everyone, "publicationEndorse": [.expert], "search": everyone,
    ]

    /// A request that succeeds when `who` may make it: method, path, body, the token to use, and the success status.
    typealias Fixture = (TestCommunity, Who, Person?) throws -> (HTTPMethod, String, [UInt8]?, String?, Int)

    static func json<T: Encodable>(_ value: T) -> [UInt8] { Array(try! JSONEncoder().encode(value)) }

    nonisolated(unsafe) static let fixtures: [String: Fixture] = baseFixtures.merging(threadFixtures) { base, _ in base }
        .merging(publicationFixtures) { base, _ in base }

    nonisolated(unsafe) static let baseFixtures: [String: Fixture] = [
        "health": { _, _, p in (.get, "/healthz", nil, p?.token, 200) },
        "openapi": { _, _, p in (.get, "/v1/openapi.json", nil, p?.token, 200) },
        "version": { _, _, p in (.get, "/v1/version", nil, p?.token, 200) },
        "rolesPolicy": { _, _, p in (.get, "/v1/policies/roles", nil, p?.token, 200) },
        "registerPolicy": { _, _, p in (.get, "/v1/policies/register", nil, p?.token, 200) },
        "ready": { _, _, p in (.get, "/readyz", nil, p?.token, 200) },
        "metrics": { _, _, p in (.get, "/metrics", nil, p?.token, 200) },
        "community": { _, _, p in (.get, "/v1/community", nil, p?.token, 200) },
        "communityLog": { _, _, p in (.get, "/v1/community/log?after=-1", nil, p?.token, 200) },
        "me": { _, _, p in (.get, "/v1/me", nil, p?.token, 200) },
        "authChallenge": { c, _, p in (.post, "/v1/auth/challenge", json(Wire.ChallengeRequest(memberID: c.member.id)), p?.token, 200) },
        "authSession": { c, _, p in
            let challenge = try c.service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: c.member.id), clientAddress: TestCommunity.someAddress())
            guard let text = challenge.json?["challenge"] as? String else { throw TestCommunity.Failure("challenge: \(challenge.text)") }
            let body = Requests.session(serverOrigin: "https://forum.example.org", communityID: c.service.communityID, memberID: c.member.id,
                                        challenge: try Base64.decode(text), signing: c.member.signing)
            return (.post, "/v1/auth/session", json(body), p?.token, 201)
        },
        "logout": { c, who, p in
            // A fresh session of the same person, so the others keep theirs.
            let token = (p != nil && who != .suspended) ? try c.login(p!) : p?.token
            return (.delete, "/v1/auth/session", nil, token, 204)
        },
        "applicationSubmit": { c, _, p in
            let fresh = Person.new()
            let body = Requests.application(communityID: c.service.communityID, applicationID: fresh.id,
                                            organisation: Wire.Organisation(name: "Matrix BV", kvkNumber: TestCommunity.freshKvK(), sector: "water", region: "zeeland", size: "1-9"),
                                            contact: Wire.Contact(name: "M", email: "\(fresh.id.prefix(8))@example.org"),
                                            signing: fresh.signing, box: fresh.box.publicKey)
            return (.post, "/v1/applications", json(body), p?.token, 201)
        },
        "applicationList": { _, _, p in (.get, "/v1/applications?status=all", nil, p?.token, 200) },
        "applicationShow": { c, _, p in (.get, "/v1/applications/\(c.applicant.id)", nil, p?.token, 200) },
        "applicationApprove": { c, who, p in
            let fresh = Person.new()
            try c.submit(fresh)
            let issuer = p ?? c.moderator
            let role: Role = who == .admin ? .expert : .member
            return (.post, "/v1/applications/\(fresh.id)/approve", json(c.approval(fresh, role: role, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: issuer)), p?.token, 200)
        },
        "applicationReject": { c, _, p in
            let fresh = Person.new()
            try c.submit(fresh)
            return (.post, "/v1/applications/\(fresh.id)/reject", json(Wire.Reason("Not a business.")), p?.token, 200)
        },
        "memberList": { _, _, p in (.get, "/v1/members?status=active", nil, p?.token, 200) },
        "memberShow": { c, _, p in (.get, "/v1/members/\(c.member.id)", nil, p?.token, 200) },
        "memberKeys": { c, _, p in (.get, "/v1/members/\(c.member.id)/keys", nil, p?.token, 200) },
        "memberCertify": { c, who, p in
            let target = who == .admin ? c.expert : c.member
            let issuer = p ?? c.moderator
            let (signed, entry) = Requests.certify(memberID: target.id, orgID: target.orgID!, role: who == .admin ? .expert : .member,
                                                   signPublicKey: target.signing.publicKey, boxPublicKey: target.box.publicKey,
                                                   communityID: c.service.communityID, issuerID: issuer.id, issuer: issuer.signing,
                                                   position: .init(after: c.service.state), issuedAt: WallClock.seconds - 30, validity: 300 * 86_400)
            return (.post, "/v1/members/\(target.id)/certificates", json(Requests.certification(signed, entry)), p?.token, 200)
        },
        "memberSuspend": { c, _, p in try sanctionFixture(c, p, .suspend, prepare: { _ in }) },
        "memberReinstate": { c, _, p in try sanctionFixture(c, p, .reinstate, prepare: { try c.sanction(.suspend, $0, by: c.moderator) }) },
        "memberRemove": { c, _, p in try sanctionFixture(c, p, .revoke, prepare: { _ in }) },
        "memberWarn": { c, _, p in (.post, "/v1/members/\(c.member.id)/warnings", json(Wire.Reason("Please keep it non-commercial.")), p?.token, 201) },
        "memberErase": { c, _, p in
            let target = try c.admit(Person.new(), role: .member, by: c.moderator)
            return (.post, "/v1/members/\(target.id)/erase", nil, p?.token, 200)
        },
        "orgInvite": { _, _, p in (.post, "/v1/org/invitations", nil, p?.token, 201) },
        "orgMembers": { _, _, p in (.get, "/v1/org/members", nil, p?.token, 200) },
    ]

    static func sanctionFixture(_ c: TestCommunity, _ p: Person?, _ kind: LogKind, prepare: (Person) throws -> Void) throws
        -> (HTTPMethod, String, [UInt8]?, String?, Int) {
        let target = try c.admit(Person.new(), role: .member, by: c.moderator)
        try prepare(target)
        let actor = p ?? c.moderator
        let body = Requests.sanction(kind, memberID: target.id, reason: "matrix", communityID: c.service.communityID, actorID: actor.id,
                                     actor: actor.signing, position: .init(after: c.service.state))
        let path = ["suspend": "suspend", "reinstate": "reinstate", "revoke": "remove"][kind.rawValue]!
        return (.post, "/v1/members/\(target.id)/\(path)", json(body), p?.token, 200)
    }

    static func person(_ c: TestCommunity, _ who: Who) -> Person? {
        switch who {
        case .anonymous: nil
        case .applicant: c.applicant
        case .member: c.member
        case .org_admin: c.orgAdmin
        case .expert: c.expert
        case .moderator: c.moderator
        case .admin: c.root
        case .suspended: c.suspended
        }
    }

    @Test func everyRouteHasARowAndAFixture() throws {
        let community = try TestCommunity()
        let operations = Set(community.service.service.router.routes.map(\.operation))
        #expect(operations.subtracting(Self.expected.keys).sorted() == [], "routes without a row in the matrix")
        #expect(operations.subtracting(Self.fixtures.keys).sorted() == [], "routes without a fixture")
        #expect(Set(Self.expected.keys).subtracting(operations).sorted() == [], "matrix rows for routes that do not exist")
    }

    @Test func policyFileAgreesWithTheTable() throws {
        let policy = try RolePolicy.embedded()
        for (operation, allowed) in Self.expected {
            for who in Who.allCases where who != .suspended {
                let principal = Principal(name: who.rawValue)!
                #expect(policy.allows(principal, operation) == allowed.contains(who), "\(operation) × \(who.rawValue)")
            }
        }
    }

    @Test func everyCell() throws {
        let community = try TestCommunity()
        let routes = community.service.service.router.routes
        for route in routes {
            guard let fixture = Self.fixtures[route.operation], let allowed = Self.expected[route.operation] else { continue }
            for who in Who.allCases {
                // Rate limits are not what this test is about: let the buckets refill.
                community.service.clock.advance(seconds: 3600)
                let caller = Self.person(community, who)
                let (method, path, body, token, success) = try fixture(community, who, caller)
                let response = try community.service.call(method, path, body: body ?? [], contentType: body == nil ? nil : "application/json",
                                                          token: token, clientAddress: TestCommunity.someAddress())
                let expectedStatus: Int
                if allowed.contains(who) {
                    expectedStatus = success
                } else if who == .anonymous || who == .suspended {
                    expectedStatus = 401
                } else {
                    expectedStatus = 403
                }
                #expect(response.status == expectedStatus, "\(route.operation) × \(who.rawValue): \(response.status) \(response.text.prefix(300))")
                if response.status == 401 || response.status == 403 {
                    #expect(response.contentType == "application/problem+json")
                }
            }
        }
    }
}
