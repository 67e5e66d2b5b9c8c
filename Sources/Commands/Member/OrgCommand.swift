import Foundation
import Args
import Client

/// `trustforum org …`: what an org admin does for its own organisation.
enum OrgCommand {
    static let invite = Command(
        name: "invite",
        abstract: "Invite a colleague: prints a one-time code for 'trustforum apply --invitation'.",
        discussion: """
            The code lets one colleague apply for your organisation (with its KvK number) for 14 days. Give it to them yourself; a moderator still approves the application.
            """,
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            let answer = try context.api().send("POST", "/v1/org/invitations", body: Data("{}".utf8))
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let invitation = try answer.decode(Wire.Invitation.self)
            io.print("Invitation code: \(invitation.code)")
            io.print("Valid until \(Output.time(invitation.expires_at)) for one colleague of organisation \(invitation.org_id).")
            io.print("Your colleague runs: trustforum apply --invitation \(invitation.code) --kvk <your KvK number> …")
            return ExitCode.success
        })

    static let members = Command(
        name: "members",
        abstract: "List the members of your organisation.",
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            try MembersCommand.printList(try context.api().send("GET", "/v1/org/members"), json: parsed.flag("json"), io: &io)
        })

    static let command = Command(
        name: "org",
        abstract: "Your organisation: invite colleagues, list its members (org admins).",
        subcommands: [invite, members])
}
