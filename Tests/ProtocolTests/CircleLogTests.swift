import Core
import Crypto
import Protocol
import Testing

// circle-create and circle-moderator in the community log (PROTOCOL.md §3,
// DESIGN.md "Circles"): admins only, ids not reused, and who moderates a
// circle (the default circle: the community's active moderators and admins).

@Suite struct CircleLogTests {
    @Test func onlyAdminsCreateCircles() throws {
        var cast = try Cast()
        for role in [Role.moderator, .expert, .member, .orgAdmin] {
            expectRefused(.notAllowed, "\(role)") { try cast.log.apply(cast.log.circleCreate(by: cast.person(role))) }
        }
        let id = newID(), keyring = newID()
        try cast.log.apply(cast.log.circleCreate(id, keyringID: keyring, name: "Rotterdam port", by: cast.admin))
        let circle = try #require(cast.log.state.circles[id])
        #expect(circle.id == id && circle.keyringID == keyring && circle.moderators.isEmpty && circle.appointed.isEmpty)
        #expect(circle.nameHash == GenericHash.hash(Array("Rotterdam port".utf8)))
        #expect(circle.createdSeq == cast.log.nextSeq - 1)
        try cast.log.apply(cast.log.circleCreate(by: cast.root))
        #expect(cast.log.state.circles.count == 2)
        // A suspended admin creates nothing; a forged entry is refused.
        try cast.log.apply(cast.log.sanction(.suspend, cast.admin, by: cast.root))
        expectRefused(.notAllowed) { try cast.log.apply(cast.log.circleCreate(by: cast.admin)) }
        let forged = cast.log.entry(.circleCreate, by: cast.root, payload: CircleCreatePayload(circleID: newID(), keyringID: newID(), name: "x").bytes,
                                    signer: SigningSecretKey())
        expectRefused(.badSignature) { try cast.log.apply(forged) }
        // A client's replay agrees.
        #expect(try cast.log.replay().circles == cast.log.state.circles)
    }

    @Test func takenIdsAreRefused() throws {
        var cast = try Cast()
        let id = newID(), keyring = newID()
        try cast.log.apply(cast.log.circleCreate(id, keyringID: keyring, by: cast.admin))
        let community = cast.log.communityID
        for (circleID, keyringID) in [(id, newID()), (newID(), keyring), (keyring, newID()), (newID(), id), (community, newID()),
                                      (newID(), community)] {
            expectRefused(.invalid) { try cast.log.apply(cast.log.circleCreate(circleID, keyringID: keyringID, by: cast.admin)) }
        }
        let same = newID()
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleCreate(same, keyringID: same, by: cast.admin)) }
        // Ids are lower-case UUIDs.
        expectRefused(.malformed) { try cast.log.apply(cast.log.circleCreate(newID().uppercased(), by: cast.admin)) }
        expectRefused(.malformed) { try cast.log.apply(cast.log.circleCreate(keyringID: "keyring", by: cast.admin)) }
        #expect(cast.log.state.circles.count == 1)
    }

    @Test func malformedPayloadsAreRefused() throws {
        var cast = try Cast()
        let good = CircleCreatePayload(circleID: newID(), keyringID: newID(), name: "n")
        #expect(try CircleCreatePayload.parse(good.bytes) == good)
        expectRefused(.malformed) { try CircleCreatePayload.parse(good.bytes + [0]) }
        expectRefused(.malformed) { try CircleCreatePayload.parse(Array(good.bytes.dropLast())) }
        let moderator = CircleModeratorPayload(circleID: newID(), memberID: newID(), add: false)
        #expect(try CircleModeratorPayload.parse(moderator.bytes) == moderator)
        let bad = Frame.frame(context: "trustforum/circle-moderator/v1", [.string(newID()), .string(newID()), .string("promote")])
        expectRefused(.malformed) { try CircleModeratorPayload.parse(bad) }
        expectRefused(.malformed) { try cast.log.apply(cast.log.entry(.circleModerator, by: cast.admin, payload: bad)) }
        expectRefused(.malformed) { try cast.log.apply(cast.log.entry(.circleCreate, by: cast.admin, payload: moderator.bytes)) }
    }

    @Test func adminsAppointAndRelieveCircleModerators() throws {
        var cast = try Cast()
        let id = try cast.log.createCircle(by: cast.admin)
        // Not a moderator, nor anyone else but an admin.
        for role in [Role.moderator, .expert, .member, .orgAdmin] {
            expectRefused(.notAllowed, "\(role)") { try cast.log.apply(cast.log.circleModerator(cast.member, of: id, by: cast.person(role))) }
        }
        try cast.log.apply(cast.log.circleModerator(cast.member, of: id, by: cast.admin))
        #expect(cast.log.state.isCircleModerator(cast.member.id, of: id))
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.member, of: id, by: cast.root)) }
        try cast.log.apply(cast.log.circleModerator(cast.expert, of: id, by: cast.root))
        #expect(cast.log.state.circles[id]?.moderators == [cast.member.id, cast.expert.id])
        try cast.log.apply(cast.log.circleModerator(cast.member, of: id, add: false, by: cast.admin))
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.member, of: id, add: false, by: cast.admin)) }
        #expect(!cast.log.state.isCircleModerator(cast.member.id, of: id))
        #expect(cast.log.state.circles[id]?.appointed == [cast.member.id, cast.expert.id])
        // Unknown circle (the default circle has no circle-moderator entries), unknown member.
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.member, of: newID(), by: cast.admin)) }
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.member, of: cast.log.communityID, by: cast.admin)) }
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(Person(), of: id, by: cast.admin)) }
        #expect(try cast.log.replay().circles == cast.log.state.circles)
    }

    @Test func removedAndSuspendedMembersAreNotAppointed() throws {
        var cast = try Cast()
        let id = try cast.log.createCircle(by: cast.admin)
        try cast.log.apply(cast.log.sanction(.revoke, cast.member, by: cast.moderator))
        try cast.log.apply(cast.log.sanction(.suspend, cast.orgAdmin, by: cast.moderator))
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.member, of: id, by: cast.admin)) }
        expectRefused(.invalid) { try cast.log.apply(cast.log.circleModerator(cast.orgAdmin, of: id, by: cast.admin)) }
        try cast.log.apply(cast.log.sanction(.reinstate, cast.orgAdmin, by: cast.moderator))
        try cast.log.apply(cast.log.circleModerator(cast.orgAdmin, of: id, by: cast.admin))
    }

    /// A circle moderator suspended or revoked moderates nothing meanwhile,
    /// and a revoked one can still be relieved.
    @Test func aSanctionedCircleModerator() throws {
        var cast = try Cast()
        let id = try cast.log.createCircle(by: cast.admin, moderators: [cast.member, cast.expert])
        try cast.log.apply(cast.log.sanction(.suspend, cast.member, by: cast.moderator))
        #expect(!cast.log.state.isCircleModerator(cast.member.id, of: id))
        try cast.log.apply(cast.log.sanction(.reinstate, cast.member, by: cast.moderator))
        #expect(cast.log.state.isCircleModerator(cast.member.id, of: id))
        try cast.log.apply(cast.log.sanction(.revoke, cast.expert, by: cast.admin))
        #expect(!cast.log.state.isCircleModerator(cast.expert.id, of: id))
        try cast.log.apply(cast.log.circleModerator(cast.expert, of: id, add: false, by: cast.admin))
        #expect(cast.log.state.circles[id]?.moderators == [cast.member.id])
    }

    @Test func theDefaultCircleIsTheCommunity() throws {
        var cast = try Cast()
        let state = cast.log.state
        let community = cast.log.communityID
        #expect(state.defaultCircleID == community)
        #expect(state.circles[community] == nil)
        // Its moderators: the active moderators and admins.
        #expect(state.isCircleModerator(cast.root.id, of: community))
        #expect(state.isCircleModerator(cast.admin.id, of: community))
        #expect(state.isCircleModerator(cast.moderator.id, of: community))
        for person in [cast.expert, cast.member, cast.orgAdmin, Person()] {
            #expect(!state.isCircleModerator(person.id, of: community))
        }
        try cast.log.apply(cast.log.sanction(.suspend, cast.moderator, by: cast.admin))
        try cast.log.apply(cast.log.sanction(.revoke, cast.admin, by: cast.root))
        #expect(!cast.log.state.isCircleModerator(cast.moderator.id, of: community))
        #expect(!cast.log.state.isCircleModerator(cast.admin.id, of: community))
        // A community moderator does not moderate a collaboration circle it was not appointed to.
        let id = try cast.log.createCircle(by: cast.root)
        #expect(!cast.log.state.isCircleModerator(cast.root.id, of: id))
        #expect(!cast.log.state.isCircleModerator(cast.root.id, of: newID()))
    }
}
