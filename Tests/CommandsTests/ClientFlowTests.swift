import Client
import Foundation
import Platform
import Testing
@testable import Commands

/// The whole vetted-membership flow through `trustforum`, against a real
/// server on 127.0.0.1, with a profile per person.
@Suite struct ClientFlowTests {
    @Test func fromRootToErasure() throws {
        let live = try LiveServer()
        let admin = live.admin

        // The administrator logs in with the root made by init-root.
        let adminLogin = admin.run(["login", "--server", live.url])
        #expect(adminLogin.code == 0, "\(adminLogin.err)")
        #expect(adminLogin.out.contains("(active, admin)"))
        #expect(adminLogin.out.contains("Community log verified up to entry 0."))

        // The moderator-to-be applies with the published fingerprint; the admin approves with role moderator.
        let moderator = live.person("moderator")
        let moderatorID = try live.apply(moderator)
        let pending = admin.run(["applications", "list"])
        #expect(pending.code == 0, "\(pending.err)")
        #expect(pending.out.hasPrefix("ID "))
        #expect(pending.out.contains("STATUS") && pending.out.contains("FINGERPRINT"))
        #expect(pending.out.contains(moderatorID))
        let shown = admin.run(["applications", "show", moderatorID])
        #expect(shown.field("proof")?.hasPrefix("verifies") == true, "\(shown.out)")
        #expect(shown.out.contains("@example.org"))
        let approved = admin.run(["applications", "approve", moderatorID, "--role", "moderator"])
        #expect(approved.code == 0, "\(approved.err)")
        #expect(approved.out == "Approved \(moderatorID) as moderator: certificate at entry 1 of the community log.\n")
        let moderatorLogin = moderator.run(["login"])
        #expect(moderatorLogin.code == 0, "\(moderatorLogin.err)")
        #expect(moderatorLogin.out.contains("(active, moderator)"))

        // An applicant trusts the root on first use, applies, and sees the pending application.
        let member = live.person("member")
        let memberID = try live.apply(member, trust: ["--trust-root"])
        #expect(try member.saved.rootFingerprint == live.rootFingerprint)
        let applicantLogin = member.run(["login"])
        #expect(applicantLogin.code == 0, "\(applicantLogin.err)")
        #expect(applicantLogin.out.contains("(applicant)"))
        let applicantView = member.run(["whoami"])
        #expect(applicantView.field("application") == "pending", "\(applicantView.out)")

        // The moderator approves; the member logs in, sees itself, and verifies the moderator's keys.
        let memberApproved = moderator.run(["applications", "approve", memberID])
        #expect(memberApproved.code == 0, "\(memberApproved.err)")
        #expect(memberApproved.out.contains("as member: certificate at entry 2"))
        #expect(member.run(["login"]).code == 0)
        let whoami = member.run(["whoami"])
        #expect(whoami.code == 0, "\(whoami.err)")
        #expect(whoami.field("status") == "active")
        #expect(whoami.field("role") == "member")
        #expect(whoami.field("application") == "approved")
        let whoamiJSON = member.run(["whoami", "--json"])
        #expect(whoamiJSON.json?["member_id"] as? String == memberID)
        #expect(whoamiJSON.json?["role"] as? String == "member")
        let keys = member.run(["members", "keys", moderatorID])
        #expect(keys.code == 0, "\(keys.err)")
        #expect(keys.field("role") == "moderator")
        #expect(keys.out.contains("verified: "))
        #expect(try member.saved.logHead?.seq == 2)

        // Staff tables and JSON.
        let list = moderator.run(["members", "list", "--status", "active"])
        #expect(list.out.hasPrefix("ID                                    STATUS  ROLE       ORGANISATION"), "\(list.out)")
        #expect(list.out.contains(memberID) && list.out.contains(moderatorID))
        let listJSON = moderator.run(["members", "list", "--json"])
        #expect((listJSON.json?["members"] as? [[String: Any]])?.count == 3)
        #expect(moderator.run(["members", "warn", memberID, "--reason", "Be kind"]).code == 0)

        // Suspended: the session ends, commands are refused, login is refused.
        let suspended = moderator.run(["members", "suspend", memberID, "--reason", "spam"])
        #expect(suspended.code == 0, "\(suspended.err)")
        #expect(suspended.out == "Suspended \(memberID): entry 3 of the community log.\n")
        let refused = member.run(["whoami"])
        #expect(refused.code == 1)
        #expect(refused.err.contains("Run 'trustforum login' first."), "\(refused.err)")
        #expect(try member.saved.session == nil)
        #expect(member.run(["whoami"]).err == "Error: not logged in. Run 'trustforum login' first.\n")
        let loginRefused = member.run(["login"])
        #expect(loginRefused.code == 1)
        #expect(loginRefused.err.contains("suspended or removed"))

        // Reinstated: login works again, and the warning shows.
        #expect(moderator.run(["members", "reinstate", memberID]).code == 0)
        #expect(member.run(["login"]).code == 0)
        let warned = member.run(["whoami"])
        #expect(warned.field("warnings") == "1")
        #expect(warned.out.contains("Be kind"))

        // The admin erases the member's personal data.
        let erased = admin.run(["members", "erase", memberID])
        #expect(erased.code == 0, "\(erased.err)")
        let after = moderator.run(["members", "show", memberID])
        #expect(after.code == 0, "\(after.err)")
        #expect(after.field("contact") == "(erased)", "\(after.out)")
        #expect(!after.out.contains("@example.org"))
        #expect(!after.out.contains("Be kind"))
        let afterJSON = moderator.run(["members", "show", memberID, "--json"])
        #expect(afterJSON.json?["erased"] as? Bool == true)
        #expect(afterJSON.json?["contact"] == nil)

        // Logout ends the session on the server too.
        let logout = member.run(["logout"])
        #expect(logout.out == "Logged out.\n")
        #expect(try member.saved.session == nil)
    }

    @Test func tokensAndPassphrasesAreNeverPrinted() throws {
        let live = try LiveServer()
        let login = live.admin.run(["login", "--server", live.url])
        #expect(login.code == 0)
        let token = try #require(try live.admin.saved.session?.token)
        var outputs = [login]
        for arguments in [["whoami"], ["whoami", "--json"], ["keys", "show"], ["members", "list", "--json"], ["logout"], ["whoami"]] {
            outputs.append(live.admin.run(arguments))
        }
        for result in outputs {
            #expect(!result.out.contains(token) && !result.err.contains(token))
            #expect(!result.out.contains(testPassphrase) && !result.err.contains(testPassphrase))
        }
        #expect(outputs[3].field("session")?.hasPrefix("logged in until") == true)
    }
}
