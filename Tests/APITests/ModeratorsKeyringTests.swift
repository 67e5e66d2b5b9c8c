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

/// The moderators' own keyring (reports, part 4): its id is derived from the
/// community id, its holders are the active moderators and admins, its
/// positions are community-log positions, and losing the role or being
/// sanctioned marks it rotation_required.
@Suite struct ModeratorsKeyringTests {
    /// Root and the test community's moderator are the holders.
    func holders(_ w: ThreadWorld) -> [Person] { [w.c.root, w.c.moderator] }

    @Test func theIdIsDerivedFromTheCommunityID() throws {
        let w = try ThreadWorld()
        let expected = Identifier.uuid(fromRandom: Array(GenericHash.hash(Frame.frame(context: "trustforum/moderators-keyring/v1",
                                                                                        [.string(w.communityID)])).prefix(16)))
        #expect(w.state.moderatorsKeyringID == expected)
        #expect(expected != w.communityID)
        let other = CommunityState(communityID: ThreadWorld.newID(), policy: w.state.policy)
        #expect(other.moderatorsKeyringID != expected)
    }

    @Test func onlyModeratorsAndAdminsHoldIt() throws {
        let w = try ThreadWorld()
        let id = w.state.moderatorsKeyringID
        let shown = try w.get("/v1/keyrings/\(id)", as: w.c.moderator)
        #expect(shown.status == 200)
        #expect(shown.json?["kind"] as? String == "moderators")
        #expect(shown.json?["current_epoch"] as? Int == 0)
        #expect(shown.json?["circle_id"] as? String == w.communityID)
        for outsider in [w.c.member, w.c.orgAdmin, w.c.expert] {
            #expect(try w.get("/v1/keyrings/\(id)", as: outsider).status == 404)
            #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: holders(w), by: outsider, keep: false), as: outsider).status == 404)
        }
        #expect(try w.get("/v1/keyrings/\(id)/log", as: w.c.moderator).status == 400)

        // Wraps for exactly the holders: a member included, or a moderator left out, is refused.
        let withMember = try w.epoch(id, for: holders(w) + [w.c.member], by: w.c.moderator, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", withMember, as: w.c.moderator).status == 422)
        let short = try w.epoch(id, for: [w.c.moderator], by: w.c.moderator, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", short, as: w.c.moderator).status != 201)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: holders(w), by: w.c.moderator), as: w.c.moderator).status == 201)
        #expect(try w.openKeys(id, as: w.c.root)[1] == w.keys[id]?[1])
        #expect(try w.openKeys(id, as: w.c.moderator)[1] == w.keys[id]?[1])
        #expect(try w.get("/v1/keyrings/\(id)", as: w.c.member).status == 404)
        let row = try w.service.database.read { conn in
            try conn.queryOne("SELECT kind FROM keyrings WHERE id = ?", [.text(id)])?.string(at: 0)
        }
        #expect(row == "moderators")
    }

    @Test func aNewModeratorGetsWrapsOfEarlierEpochs() throws {
        let w = try ThreadWorld()
        let id = w.state.moderatorsKeyringID
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: holders(w), by: w.c.root), as: w.c.root).status == 201)
        var newcomer = try w.c.admit(Person.new(), role: .moderator, by: w.c.root)
        newcomer.token = try w.c.login(newcomer)
        #expect(try w.openKeys(id, as: newcomer).isEmpty)
        let history = try w.history(id, for: newcomer, by: w.c.moderator)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/wraps", ThreadWorld.WrapsBody(wraps: history), as: w.c.moderator).status == 201)
        #expect(try w.openKeys(id, as: newcomer)[1] == w.keys[id]?[1])
        // Wraps for a member who is not a moderator are refused.
        let member = try w.wrap(id, epoch: 1, for: w.c.member, by: w.c.moderator)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/wraps", ThreadWorld.WrapsBody(wraps: [.init(member)]), as: w.c.moderator).status == 422)
    }

    @Test func aDemotedModeratorMakesItRotate() throws {
        let w = try ThreadWorld()
        let id = w.state.moderatorsKeyringID
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: holders(w), by: w.c.root), as: w.c.root).status == 201)
        // Renewing a moderator as a moderator changes nothing.
        #expect(try certify(w, w.c.moderator, as: .moderator).status == 200)
        #expect(!w.ring(id).rotationRequired)
        // Certifying it as a member takes it out, and the key must change.
        #expect(try certify(w, w.c.moderator, as: .member).status == 200)
        #expect(w.ring(id).rotationRequired)
        #expect(try w.get("/v1/keyrings/\(id)", as: w.c.moderator).status == 404)
        let stale = try w.epoch(id, for: holders(w), by: w.c.root, keep: false)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", stale, as: w.c.root).status == 422)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: [w.c.root], by: w.c.root), as: w.c.root).status == 201)
        #expect(!w.ring(id).rotationRequired)
        let wraps = try w.service.database.read { conn in try KeyringStore.wraps(conn, keyringID: id, recipientID: w.c.moderator.id) }
        #expect(wraps.map(\.epoch) == [1])
    }

    @Test func aSuspendedModeratorMakesItRotateAndItSurvivesARestart() throws {
        let w = try ThreadWorld()
        let id = w.state.moderatorsKeyringID
        var second = try w.c.admit(Person.new(), role: .moderator, by: w.c.root)
        second.token = try w.c.login(second)
        #expect(try w.call(.post, "/v1/keyrings/\(id)/epochs", try w.epoch(id, for: holders(w) + [second], by: second), as: second).status == 201)
        // A member's suspension leaves it alone; a moderator's does not.
        #expect(try w.c.sanction(.suspend, w.c.member, by: w.c.moderator).status == 200)
        #expect(!w.ring(id).rotationRequired)
        #expect(try w.c.sanction(.suspend, second, by: w.c.root).status == 200)
        #expect(w.ring(id).rotationRequired)

        let before = w.ring(id)
        let restarted = try Service(database: w.service.database, auditKey: SecureBytes.random(count: 32), communityID: w.communityID,
                                    configuration: .init(publicOrigin: "https://forum.example.org", version: "test", eventLoops: 1))
        let after = restarted.context.keyrings.keyring(id)
        #expect(after?.kind == .moderators)
        #expect(after?.epochs == before.epochs)
        #expect(after?.rotationRequired == true)
    }

    /// A new certificate for `person` with `role`, signed by the root.
    func certify(_ w: ThreadWorld, _ person: Person, as role: Role) throws -> Response {
        let orgID = w.certificate(person).orgID
        let (signed, entry) = Requests.certify(memberID: person.id, orgID: orgID, role: role, signPublicKey: person.signing.publicKey,
                                               boxPublicKey: person.box.publicKey, communityID: w.communityID, issuerID: w.c.root.id,
                                               issuer: w.c.root.signing, position: .init(after: w.state),
                                               issuedAt: WallClock.seconds - 60, validity: 365 * 86_400)
        return try w.service.call(.post, "/v1/members/\(person.id)/certificates", json: Requests.certification(signed, entry), token: w.c.root.token)
    }
}
