import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
@testable import API

/// A person with keys, as the tests drive them through the API.
struct Person {
    let id: String
    let signing: SigningSecretKey
    let box: BoxSecretKey
    var orgID: String?
    var token: String?

    static func new() -> Person {
        Person(id: Identifier.uuid(fromRandom: Random.bytes(16)), signing: SigningSecretKey(), box: BoxSecretKey())
    }
}

/// A community with one person of every kind, built through the routes the
/// way clients build it: applications, signed certificates and entries,
/// logins.
final class TestCommunity {
    let service: TestService
    var root: Person
    var moderator: Person
    var member: Person
    var orgAdmin: Person
    var expert: Person
    var applicant: Person
    var suspended: Person
    static let kvkCounter = NSLock()
    nonisolated(unsafe) static var nextKvK = 10_000_000

    init(testRoutes: Bool = false, logger: Logger = .silent) throws {
        service = try TestService(testRoutes: testRoutes, logger: logger)
        root = Person(id: service.rootID, signing: service.rootKey, box: service.rootBox, orgID: service.root.certificate.certificate.orgID)
        moderator = Person.new()
        member = Person.new()
        orgAdmin = Person.new()
        expert = Person.new()
        applicant = Person.new()
        suspended = Person.new()
        root.token = try login(root)
        moderator = try admit(moderator, role: .moderator, by: root)
        moderator.token = try login(moderator)
        member = try admit(member, role: .member, by: moderator)
        orgAdmin = try admit(orgAdmin, role: .orgAdmin, by: moderator, orgOf: member)
        expert = try admit(expert, role: .expert, by: root)
        suspended = try admit(suspended, role: .member, by: moderator)
        for keyPath in [\TestCommunity.member, \.orgAdmin, \.expert, \.suspended] {
            self[keyPath: keyPath].token = try login(self[keyPath: keyPath])
        }
        try submit(applicant)
        applicant.token = try login(applicant)
        try sanction(.suspend, suspended, by: moderator)
    }

    /// A client address of its own, so that rate limits per address do not
    /// add up across a test's many calls.
    static func someAddress() -> String {
        "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
    }

    static func freshKvK() -> String {
        kvkCounter.withLock {
            nextKvK += 1
            return String(nextKvK)
        }
    }

    // MARK: steps, as a client takes them

    /// Submits an application for `person` (a new organisation unless `kvk` names one).
    @discardableResult
    func submit(_ person: Person, kvk: String? = nil, invitation: String? = nil, clientAddress: String = TestCommunity.someAddress(),
                organisationName: String = "Test BV") throws -> Response {
        let org = Wire.Organisation(name: organisationName, kvkNumber: kvk ?? TestCommunity.freshKvK(), sector: "energy", region: "utrecht", size: "10-49")
        let body = Requests.application(communityID: service.communityID, applicationID: person.id, organisation: org,
                                        contact: Wire.Contact(name: "Test Person", email: "\(person.id.prefix(8))@example.org"),
                                        signing: person.signing, box: person.box.publicKey, invitation: invitation)
        let response = try service.call(.post, "/v1/applications", json: body, clientAddress: clientAddress)
        return response
    }

    /// The approval body for `applicant` signed by `issuer`.
    func approval(_ applicant: Person, role: Role, orgID: String, by issuer: Person) -> Wire.Approval {
        let (signed, entry) = Requests.certify(memberID: applicant.id, orgID: orgID, role: role, signPublicKey: applicant.signing.publicKey,
                                               boxPublicKey: applicant.box.publicKey, communityID: service.communityID, issuerID: issuer.id,
                                               issuer: issuer.signing, position: .init(after: service.state),
                                               issuedAt: WallClock.seconds - 60, validity: 365 * 86_400)
        return Requests.approval(signed, entry)
    }

    /// Applies and gets approved with `role`; in `orgOf`'s organisation when given.
    func admit(_ person: Person, role: Role, by issuer: Person, orgOf colleague: Person? = nil) throws -> Person {
        var person = person
        let kvk = try colleague.map { try kvkNumber(of: $0) }
        let submitted = try submit(person, kvk: kvk)
        guard submitted.status == 201 else { throw Failure("submit: \(submitted.status) \(submitted.text)") }
        let orgID = colleague?.orgID ?? Identifier.uuid(fromRandom: Random.bytes(16))
        let response = try service.call(.post, "/v1/applications/\(person.id)/approve", json: approval(person, role: role, orgID: orgID, by: issuer),
                                        token: issuer.token)
        guard response.status == 200 else { throw Failure("approve: \(response.status) \(response.text)") }
        person.orgID = orgID
        return person
    }

    func kvkNumber(of person: Person) throws -> String {
        try service.database.read { conn in
            try conn.queryOne("SELECT kvk_number FROM organisations WHERE id = ?", [.text(person.orgID!)])!.string(at: 0)
        }
    }

    /// Logs in through challenge and session; returns the token.
    func login(_ person: Person, clientAddress: String = TestCommunity.someAddress()) throws -> String {
        service.clock.advance(seconds: 60)
        let challenge = try service.call(.post, "/v1/auth/challenge", json: Wire.ChallengeRequest(memberID: person.id), clientAddress: clientAddress)
        guard challenge.status == 200, let text = challenge.json?["challenge"] as? String else { throw Failure("challenge: \(challenge.text)") }
        let body = Requests.session(serverOrigin: "https://forum.example.org", communityID: service.communityID, memberID: person.id,
                                    challenge: try Base64.decode(text), signing: person.signing)
        let session = try service.call(.post, "/v1/auth/session", json: body, clientAddress: clientAddress)
        guard session.status == 201, let token = session.json?["token"] as? String else { throw Failure("session: \(session.status) \(session.text)") }
        return token
    }

    /// Suspends, reinstates or removes `person` as `actor`.
    @discardableResult
    func sanction(_ kind: LogKind, _ person: Person, by actor: Person, reason: String = "test") throws -> Response {
        let body = Requests.sanction(kind, memberID: person.id, reason: reason, communityID: service.communityID, actorID: actor.id,
                                     actor: actor.signing, position: .init(after: service.state))
        let path = ["suspend": "suspend", "reinstate": "reinstate", "revoke": "remove"][kind.rawValue]!
        return try service.call(.post, "/v1/members/\(person.id)/\(path)", json: body, token: actor.token)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
