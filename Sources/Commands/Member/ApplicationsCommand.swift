import Args
import Client
import Core

/// `trustforum applications …`: vetting, for moderators and admins.
enum ApplicationsCommand {
    static let list = Command(
        name: "list",
        abstract: "List applications (pending ones by default).",
        options: MemberCommand.options + [
            .value("status", help: "pending, approved, rejected or all.", default: "pending"),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let status = parsed.value("status")!
            guard ["pending", "approved", "rejected", "all"].contains(status) else {
                throw UsageError("--status must be pending, approved, rejected or all")
            }
            let answer = try context.api().send("GET", "/v1/applications", query: [("status", status)])
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(Wire.ApplicationList.self).applications.map { a in
                [a.application_id, a.status, Output.line(a.organisation.name) ?? "", a.organisation.kvk_number,
                 Output.time(a.submitted_at), a.fingerprint]
            }
            io.print(Output.table(["ID", "STATUS", "ORGANISATION", "KVK", "SUBMITTED", "FINGERPRINT"], rows,
                                  empty: "No \(status == "all" ? "" : status + " ")applications."), terminator: "")
            return ExitCode.success
        })

    static let show = Command(
        name: "show",
        abstract: "Show an application, and whether its proof of possession verifies.",
        arguments: [.required("id", help: "The application id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let answer = try context.api().send("GET", "/v1/applications/\(id)")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let a = try answer.decode(Wire.ApplicationRecord.self)
            let proof: String
            if a.contact == nil {
                proof = "cannot be checked (the contact details were erased)"
            } else if let fingerprint = try? ApplicationProof.verify(a, communityID: context.profile.communityID ?? "") {
                proof = "verifies (fingerprint \(fingerprint))"
            } else {
                proof = "DOES NOT VERIFY"
            }
            io.print(Output.fields([
                ("application id", a.application_id),
                ("status", a.status + (a.reason.map { " (reason: \(Output.line($0) ?? ""))" } ?? "")),
                ("organisation", Output.line(a.organisation.name)),
                ("kvk number", a.organisation.kvk_number),
                ("sector", a.organisation.sector),
                ("region", a.organisation.region),
                ("size", a.organisation.size),
                ("joins", a.org_id.map { "existing organisation \($0)" + (a.invited ? " (invited)" : "") } ?? "a new organisation"),
                ("contact", a.contact.map { "\(Output.line($0.name) ?? "") <\(Output.line($0.email) ?? "")>" } ?? "(erased)"),
                ("fingerprint", a.fingerprint),
                ("proof", proof),
                ("submitted", Output.time(a.submitted_at)),
                ("decided", a.decided_at.map { Output.time($0) }),
            ]), terminator: "")
            return ExitCode.success
        })

    static let approve = Command(
        name: "approve",
        abstract: "Approve an application: sign its certificate into the community log.",
        discussion: """
            Fetches the application and checks its proof of possession here (refusing one that does not verify), follows and verifies the community log, signs a certificate for the applicant's keys with --role and the certify entry after the verified head, checks that entry as every client will, and sends it. The organisation is the existing one for the application's KvK number (or the inviting one); otherwise --org-id, or a new id. If the log moved on meanwhile, it follows again and retries once. Prints the entry's seq.

            Check the applicant's fingerprint with them out of band first. Moderators certify members and org admins; admins certify moderators, experts and admins. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The application id.")],
        options: MemberCommand.keyOptions + [
            .value("role", help: "member, org_admin, moderator, expert or admin.", default: "member"),
            MemberCommand.validityOption,
            .value("org-id", valueName: "uuid", help: "The organisation id for an applicant of a new organisation (default: a new id)."),
        ],
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let role = try MemberCommand.role(parsed.value("role")!)
            let validity = try MemberCommand.validity(parsed)
            let orgID = try parsed.value("org-id").map { text -> String in
                guard Identifier.isValid(text) else { throw UsageError("--org-id must be a lower-case UUID") }
                return text
            }
            return try approve(id, role: role, validity: validity, orgID: orgID, context: context, io: &io)
        })

    static let reject = Command(
        name: "reject",
        abstract: "Reject an application, with the reason the applicant will see.",
        arguments: [.required("id", help: "The application id.")],
        options: MemberCommand.options + [.value("reason", valueName: "text", help: "Why (shown to the applicant).", required: true)],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let decision: Wire.Decision = try context.api().post("/v1/applications/\(id)/reject", body: Wire.Reason(parsed.value("reason")!))
            io.print("Rejected application \(decision.application_id).")
            return ExitCode.success
        })

    static let command = Command(
        name: "applications",
        abstract: "Vet applications: list, show, approve, reject (moderators and admins).",
        subcommands: [list, show, approve, reject])

    /// Approves application `id` and prints the result.
    static func approve(_ id: String, role: Role, validity: UInt64, orgID: String?, context: MemberContext, io: inout CommandIO) throws -> Int32 {
        let application: Wire.ApplicationRecord = try context.api().get("/v1/applications/\(id)")
        let seq = try context.approve(application, role: role, validity: validity, orgID: orgID)
        io.print("Approved \(id) as \(role.rawValue): certificate at entry \(seq) of the community log.")
        return ExitCode.success
    }
}
