import Args
import Client
import Core
import Platform
import Protocol

/// `trustforum members …`: what moderators and admins do with members.
enum MembersCommand {
    static let list = Command(
        name: "list",
        abstract: "List members (and applicants), optionally by status and role.",
        options: MemberCommand.options + [
            .value("status", help: "applicant, rejected, active, suspended or revoked."),
            .value("role", help: "member, org_admin, expert, moderator or admin."),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            var query: [(String, String)] = []
            if let status = parsed.value("status") {
                guard ["applicant", "rejected", "active", "suspended", "revoked"].contains(status) else {
                    throw UsageError("--status must be applicant, rejected, active, suspended or revoked")
                }
                query.append(("status", status))
            }
            if let role = parsed.value("role") { query.append(("role", try MemberCommand.role(role).rawValue)) }
            return try printList(try context.api().send("GET", "/v1/members", query: query), json: parsed.flag("json"), io: &io)
        })

    static let show = Command(
        name: "show",
        abstract: "Show a member: status, role, organisation, contact, certificate, warnings.",
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let answer = try context.api().send("GET", "/v1/members/\(id)")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let m = try answer.decode(Wire.MemberRecord.self)
            io.print(Output.fields([
                ("member id", m.member_id),
                ("status", m.status),
                ("role", m.role),
                ("organisation", m.organisation.map { "\(Output.line($0) ?? "") (\(m.org_id ?? ""))" } ?? m.org_id),
                ("contact", m.contact.map { "\(Output.line($0.name) ?? "") <\(Output.line($0.email) ?? "")>" } ?? (m.erased ? "(erased)" : "none")),
                ("fingerprint", m.fingerprint),
                ("certificate", m.certificate_seq.map { "entry \($0), expires \(Output.time(m.expires_at))" }),
                ("key change", m.unverified_key_change ? "UNVERIFIED KEY CHANGE" : nil),
                ("warnings", String(m.warnings?.count ?? 0)),
            ]), terminator: "")
            for warning in m.warnings ?? [] {
                io.print("  \(Output.time(warning.created_at))  \(Output.line(warning.reason) ?? "(reason erased)")")
            }
            return ExitCode.success
        })

    static let warn = Command(
        name: "warn",
        abstract: "Give a member a warning, with the reason they will see.",
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.options + [.value("reason", valueName: "text", help: "Why (shown to the member).", required: true)],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let _: Wire.MemberResult = try context.api().post("/v1/members/\(id)/warnings", body: Wire.Reason(parsed.value("reason")!))
            io.print("Warned \(id).")
            return ExitCode.success
        })

    static let suspend = Command(
        name: "suspend",
        abstract: "Suspend a member, for a period or until reinstated: a signed entry in the community log; their sessions end.",
        discussion: """
            Follows and verifies the community log, signs the suspend entry after its head (the reason itself stays off the log; only its hash is signed), checks it as every client will, and sends it. If the log moved on meanwhile, it follows again and retries once. With --for or --until the server records when the period ends; the log cannot end a suspension by itself, so a moderator runs 'trustforum members reinstate-due' (for example daily) to sign the reinstatements that are due. Moderators act on members, org admins and experts; admins on everyone but the root. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.keyOptions + [
            .value("reason", valueName: "text", help: "Why (kept by the server, shown to staff)."),
            .value("for", valueName: "days", help: "Suspend for this many days (1 to 1830)."),
            .value("until", valueName: "date", help: "Suspend until this day (YYYY-MM-DD, UTC)."),
        ],
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let until = try SuspensionPeriod.end(days: parsed.value("for"), date: parsed.value("until"), now: WallClock.seconds)
            let seq = try context.sanction(.suspend, memberID: id, reason: parsed.value("reason") ?? "", until: until)
            if let until {
                io.print("Suspended \(id) until \(Output.time(until)): entry \(seq) of the community log.")
            } else {
                io.print("Suspended \(id): entry \(seq) of the community log.")
            }
            return ExitCode.success
        })

    static let reinstateDue = Command(
        name: "reinstate-due",
        abstract: "Reinstate every member whose suspension period is over: a signed entry each.",
        discussion: "Lists the suspended members (moderators and admins), and for each whose period (suspend --for/--until) has ended signs and sends a reinstate entry. Suspensions without a period stay. \(MemberCommand.passphraseHelp)",
        options: MemberCommand.keyOptions,
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let members = try context.api().send("GET", "/v1/members", query: [("status", "suspended")]).decode(Wire.MemberList.self).members
            let now = WallClock.seconds
            let due = members.filter { ($0.suspended_until ?? UInt64.max) <= now }
            for member in due {
                let seq = try context.sanction(.reinstate, memberID: member.member_id, reason: "suspension period over")
                io.print("Reinstated \(member.member_id): entry \(seq) of the community log.")
            }
            if due.isEmpty { io.print("No suspension period is over.") }
            return ExitCode.success
        })
    static let reinstate = sanction(
        "reinstate", .reinstate, abstract: "Reinstate a suspended member: a signed entry in the community log.", done: "Reinstated")
    static let remove = sanction(
        "remove", .revoke, abstract: "Remove a member for good (revoke): a signed entry in the community log.", done: "Removed")

    static let erase = Command(
        name: "erase",
        abstract: "Erase a member's personal data: contact details and the reasons of warnings and sanctions (admins).",
        discussion: "The community log keeps only ids and hashes, so it stays intact. This cannot be undone.",
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.options,
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let _: Wire.MemberResult = try context.api().post("/v1/members/\(id)/erase", body: EmptyBody())
            io.print("Erased the personal data of \(id).")
            return ExitCode.success
        })

    static let command = Command(
        name: "members",
        abstract: "Members: list, show, warn, suspend, reinstate, remove, erase, and verify their keys.",
        subcommands: [list, show, MemberKeysCommand.command, warn, renew, suspend, reinstate, reinstateDue, remove, erase])

    /// `members renew ID`: a new certificate with the same keys and role before the old one expires.
    static let renew = Command(
        name: "renew",
        abstract: "Renew a member's certificate: the same keys, organisation and role, a new validity.",
        discussion: """
            Renewal before expiry is a new certificate (PROTOCOL.md §3). Follows and verifies the community log, signs the certificate and the certify entry after its head, checks them as every client will, and sends them. Moderators renew members and org admins; admins anyone. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The member id.")],
        options: MemberCommand.keyOptions + [MemberCommand.validityOption],
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let validity = try MemberCommand.validity(parsed)
            guard let member = try context.follow().state.member(id) else {
                throw MemberError.refused("\(id) is not a certified member in the verified community log")
            }
            let seq = try context.recertify(memberID: id, role: member.role, validity: validity)
            io.print("Renewed \(id) as \(member.role.rawValue): certificate at entry \(seq) of the community log.")
            return ExitCode.success
        })

    /// A sanction command: follow, sign the entry after the head, check it, send it.
    static func sanction(_ name: String, _ kind: LogKind, abstract: String, done: String) -> Command {
        Command(
            name: name,
            abstract: abstract,
            discussion: """
                Follows and verifies the community log, signs the \(kind.rawValue) entry after its head (the reason itself stays off the log; only its hash is signed), checks it as every client will, and sends it. If the log moved on meanwhile, it follows again and retries once. Moderators act on members, org admins and experts; admins on everyone but the root. \(MemberCommand.passphraseHelp)
                """,
            arguments: [.required("id", help: "The member id.")],
            options: MemberCommand.keyOptions + [.value("reason", valueName: "text", help: "Why (kept by the server, shown to staff).")],
            exitCodes: MemberCommand.followExitCodes,
            run: MemberCommand.run(keys: true, id: true) { parsed, io, context in
                let id = try MemberCommand.id(parsed)
                let seq = try context.sanction(kind, memberID: id, reason: parsed.value("reason") ?? "")
                io.print("\(done) \(id): entry \(seq) of the community log.")
                return ExitCode.success
            })
    }

    /// Prints a member list as a table, or its JSON.
    static func printList(_ answer: APIResponse, json: Bool, io: inout CommandIO) throws -> Int32 {
        if json {
            Output.json(answer, &io)
            return ExitCode.success
        }
        let rows = try answer.decode(Wire.MemberList.self).members.map { m in
            [m.member_id, m.status, m.role ?? "-", Output.line(m.organisation) ?? "-", m.fingerprint]
        }
        io.print(Output.table(["ID", "STATUS", "ROLE", "ORGANISATION", "FINGERPRINT"], rows, empty: "No members."), terminator: "")
        return ExitCode.success
    }
}

/// `{}`.
struct EmptyBody: Encodable {}

/// `--for DAYS` / `--until YYYY-MM-DD`: when a suspension ends.
enum SuspensionPeriod {
    static func end(days: String?, date: String?, now: UInt64) throws -> UInt64? {
        switch (days, date) {
        case (nil, nil): return nil
        case (.some, .some): throw UsageError("give --for or --until, not both")
        case (let days?, nil):
            guard let count = UInt64(days), (1...1830).contains(count) else { throw UsageError("--for takes a number of days from 1 to 1830") }
            return now + count * 86_400
        case (nil, let date?):
            let parts = date.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d),
                  let end = SuspensionPeriod.epochSeconds(year: y, month: m, day: d), end > now else {
                throw UsageError("--until takes a future day as YYYY-MM-DD (UTC)")
            }
            return end
        }
    }

    /// Seconds at 00:00 UTC of the day (proleptic Gregorian), nil for a day that does not exist.
    static func epochSeconds(year: Int, month: Int, day: Int) -> UInt64? {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard year >= 1970, day <= lengths[month - 1] else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return UInt64(era * 146_097 + doe - 719_468) * 86_400
    }
}
