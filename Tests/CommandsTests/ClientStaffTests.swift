import Foundation
import Protocol
import Testing
@testable import Client
@testable import Commands

/// What moderators, admins and org admins do beyond vetting: appointments,
/// invitations, and appending after a log that moved on.
@Suite struct ClientStaffTests {
    @Test func adminsAppointExpertsAndModerators() throws {
        let live = try LiveServer()
        let (moderator, moderatorID) = try live.moderator()
        let admin = live.admin

        // A pending application becomes an expert directly.
        let expert = live.person("expert")
        let expertID = try live.apply(expert)
        let appointed = admin.run(["experts", "add", expertID])
        #expect(appointed.code == 0, "\(appointed.err)")
        #expect(appointed.out == "Approved \(expertID) as expert: certificate at entry 2 of the community log.\n")

        // A member becomes a moderator, then an expert, with new certificates for the same keys.
        let member = live.person("member")
        let memberID = try live.apply(member)
        #expect(moderator.run(["applications", "approve", memberID]).code == 0)
        let promoted = admin.run(["moderators", "add", memberID])
        #expect(promoted.code == 0, "\(promoted.err)")
        #expect(promoted.out == "\(memberID) is now moderator: certificate at entry 4 of the community log.\n")
        // A moderator may not sanction another moderator: refused here, before anything is sent.
        let sanction = moderator.run(["members", "suspend", memberID])
        #expect(sanction.code == 1)
        #expect(sanction.err.contains("the community log would refuse this entry: not allowed"), "\(sanction.err)")
        #expect(try moderator.saved.logHead?.seq == 4)
        #expect(admin.run(["experts", "add", memberID]).code == 0)
        try live.login(member)
        let keys = member.run(["members", "keys", memberID])
        #expect(keys.code == 0, "\(keys.err)")
        #expect(keys.field("role") == "expert")
        #expect(keys.field("certificates") == "3")

        // An admin gives a moderator the member role back.
        let demoted = admin.run(["moderators", "remove", moderatorID])
        #expect(demoted.code == 0, "\(demoted.err)")
        #expect(try live.role(of: moderatorID) == "member")
    }

    @Test func orgAdminsInviteColleagues() throws {
        let live = try LiveServer()
        let (moderator, _) = try live.moderator()
        let kvk = LiveServer.freshKvK()
        let orgAdmin = live.person("org-admin")
        let orgAdminID = try live.apply(orgAdmin, kvk: kvk)
        #expect(moderator.run(["applications", "approve", orgAdminID, "--role", "org_admin"]).code == 0)
        try live.login(orgAdmin)
        let invited = orgAdmin.run(["org", "invite"])
        #expect(invited.code == 0, "\(invited.err)")
        let code = try #require(invited.out.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let colleague = live.person("colleague")
        let colleagueID = try live.apply(colleague, kvk: kvk, extra: ["--invitation", code])
        let shown = moderator.run(["applications", "show", colleagueID])
        #expect(shown.field("joins")?.hasSuffix("(invited)") == true, "\(shown.out)")
        let approved = moderator.run(["applications", "approve", colleagueID])
        #expect(approved.code == 0, "\(approved.err)")
        let members = orgAdmin.run(["org", "members"])
        #expect(members.code == 0, "\(members.err)")
        #expect(members.out.contains(orgAdminID) && members.out.contains(colleagueID))
        #expect(members.out.contains("org_admin"))
        // Moderators do not manage organisations' invitations.
        #expect(moderator.run(["org", "invite"]).err.contains("Your role does not allow this. (HTTP 403)"))
    }

    @Test func aRejectionReachesTheApplicant() throws {
        let live = try LiveServer()
        try live.login(live.admin)
        let applicant = live.person("applicant")
        let id = try live.apply(applicant)
        let rejected = live.admin.run(["applications", "reject", id, "--reason", "Not a Dutch business"])
        #expect(rejected.out == "Rejected application \(id).\n", "\(rejected.err)")
        #expect(live.admin.run(["applications", "list", "--status", "rejected"]).out.contains(id))
        #expect(live.admin.run(["applications", "approve", id]).err == "Error: application \(id) is rejected already\n")
        try live.login(applicant)
        let whoami = applicant.run(["whoami"])
        #expect(whoami.field("status") == "rejected")
        #expect(whoami.field("application") == "rejected (reason: Not a Dutch business)")
    }

    @Test func aLogThatMovedOnIsFollowedAgainOnce() throws {
        let live = try LiveServer()
        let (moderator, _) = try live.moderator()
        let first = try live.apply(live.person("first"))
        let second = try live.apply(live.person("second"))
        #expect(moderator.run(["applications", "approve", first]).code == 0)
        #expect(moderator.run(["applications", "approve", second]).code == 0)
        let context = try MemberContext(profile: moderator.profile, passphraseFile: nil,
                                        environment: ["TRUSTFORUM_PASSPHRASE": testPassphrase])
        let keystore = try context.keystore()
        var attempts: [UInt64] = []
        let seq = try context.appendAfterHead { log in
            attempts.append(log.state.nextSeq)
            if attempts.count == 1 {
                // Someone else appends first: this attempt's position is stale when it arrives.
                #expect(live.admin.run(["members", "suspend", first]).code == 0)
            }
            let (_, body) = Requests.sanctionEntry(.suspend, memberID: second, reason: "", communityID: log.state.communityID,
                                                   actorID: keystore.memberID, actor: keystore.signingKey, position: .init(after: log.state))
            let result: Wire.MemberResult = try context.api().post("/v1/members/\(second)/suspend", body: body)
            return result.seq ?? 0
        }
        #expect(attempts == [4, 5])
        #expect(seq == 5)
    }
}
