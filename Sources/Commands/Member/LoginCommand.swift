import Args
import Client
import Core

/// `trustforum login`, `logout` and `whoami`.
enum LoginCommand {
    static let login = Command(
        name: "login",
        abstract: "Log in to the server with your keys and follow the community log.",
        discussion: """
            Checks the community's root against the one pinned in the profile (or --root-fingerprint / --trust-root for a profile that pins none yet, e.g. after 'keys import'), asks the server for a challenge, signs it with your key for the server's URL, and stores the session (a bearer token, valid for hours) in the profile. Then fetches the whole community log and verifies it from the root: a log that went backwards or forked since this client last saw it is reported and exits 3.

            Applicants log in too; they see their own application only. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.keyOptions + [
            .value("server", valueName: "url", help: "The server's base URL (default: the profile's)."),
            .value("root-fingerprint", valueName: "fpr", help: "The community root's fingerprint, for a profile that pins none yet."),
            .flag("trust-root", help: "For a profile that pins no root yet: accept the server's on first use."),
        ],
        exitCodes: MemberCommand.followExitCodes,
        run: MemberCommand.run(keys: true) { parsed, io, context in
            let server = try parsed.value("server").map { try ServerAddress($0) }
            let pinned = context.profile.rootFingerprint != nil
            let trust: RootTrust = pinned && parsed.value("root-fingerprint") == nil ? .pinned : try ApplyCommand.rootTrust(parsed, pinned: pinned)
            let granted = try context.login(server: server, trust: trust)
            var line = "Logged in to \(context.profile.serverURL ?? "") as \(granted.member_id) (\(granted.status)"
            if let role = granted.role { line += ", \(role)" }
            io.print(line + ") until \(Output.time(granted.expires_at)).")
            guard granted.status == "active" else {
                // Applicants see only their application (PROTOCOL.md §2); the
                // log opens to them once they are certified.
                io.print("Your application is \(granted.status == "rejected" ? "rejected; 'trustforum whoami' shows why" : "waiting for a moderator").")
                return ExitCode.success
            }
            let log = try context.follow()
            io.print("Community log verified up to entry \(log.head?.seq ?? 0).")
            return ExitCode.success
        })

    static let logout = Command(
        name: "logout",
        abstract: "End your session on the server and forget it here.",
        options: MemberCommand.options,
        run: MemberCommand.run { _, io, context in
            guard context.profile.session != nil else {
                io.print("Not logged in.")
                return ExitCode.success
            }
            let ended = try context.logout()
            io.print(ended ? "Logged out." : "The session had ended already; forgot it.")
            return ExitCode.success
        })

    static let whoami = Command(
        name: "whoami",
        abstract: "Show who the server knows you as: status, role, organisation, application decision, warnings.",
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            let answer = try context.api().send("GET", "/v1/me")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let me = try answer.decode(Wire.Me.self)
            var rows: [(String, String?)] = [
                ("member id", me.member_id),
                ("status", me.status),
                ("role", me.role),
                ("organisation", me.organisation.map { name in "\(Output.line(name) ?? "") (\(me.org_id ?? ""))" } ?? me.org_id),
                ("fingerprint", me.fingerprint),
                ("community", me.community_id),
            ]
            if let application = me.application {
                rows.append(("application", application.status + (application.reason.map { " (reason: \(Output.line($0) ?? ""))" } ?? "")))
            }
            rows.append(("warnings", me.warnings.isEmpty ? "none" : String(me.warnings.count)))
            io.print(Output.fields(rows), terminator: "")
            for warning in me.warnings {
                io.print("  \(Output.time(warning.created_at))  \(Output.line(warning.reason) ?? "(reason erased)")")
            }
            return ExitCode.success
        })
}
