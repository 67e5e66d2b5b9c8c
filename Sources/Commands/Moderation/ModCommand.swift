import Args
import Client
import Core
import Foundation
import Platform
import Protocol

/// `trustforum mod …`: the moderation queue (mod-spec §3–§4).
enum ModCommand {
    static let queue = Command(
        name: "queue",
        abstract: "List moderation items (moderators and admins), oldest first.",
        discussion: "Shows what the server says about each item: its kind, state, subject, label, rules and number of reports; 'mod show' decrypts and checks the reports.",
        options: MemberCommand.options + [
            .value("state", valueName: "state", help: "open, decided, appealed or all.", default: "open"),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let state = parsed.value("state")!
            guard ["open", "decided", "appealed", "all"].contains(state) else {
                throw UsageError("--state must be open, decided, appealed or all")
            }
            return try list("/v1/moderation/queue", query: [("state", state)], empty: "No \(state == "all" ? "" : state + " ")items.",
                            parsed, &io, context)
        })

    static let appeals = Command(
        name: "appeals",
        abstract: "List appealed items (moderators and admins).",
        discussion: "An appealed item is decided again by a moderator other than the one who decided it first.",
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            try list("/v1/moderation/appeals", query: [], empty: "No appealed items.", parsed, &io, context)
        })

    static let mine = Command(
        name: "mine",
        abstract: "List the moderation items about your content, with their outcomes.",
        discussion: "Shows each decision and its reason; 'trustforum appeal ITEM --reason TEXT' asks for a review, once per item.",
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            try list("/v1/moderation/mine", query: [], empty: "No moderation items about your content.", parsed, &io, context)
        })

    static let show = Command(
        name: "show",
        abstract: "Decrypt and check an item's reports: PROVEN, FORGED or unreadable.",
        discussion: """
            For each report addressed to you: checks the reporter's signature, opens your key wrap and decrypts it, then checks the stored post's author signature and that the reported text and franking key give the franking tag the author signed. PROVEN: the author wrote exactly that text. FORGED: the reporter's text is not what the author signed (itself evidence against the reporter). unreadable: not addressed to you, or broken. For a removed post the text can no longer be checked. Every decision's signature is checked too.

            TLP:RED text is shown only after a warning and your consent on the terminal, unless --yes. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The moderation item id.")],
        options: MemberCommand.keyOptions + [
            .flag("json", help: "Print the checked item as JSON (sorted keys, indented) instead of text."),
            Consent.yes,
        ],
        exitCodes: ThreadCommand.exitCodes.map { code, text in (code, text + " Also when a decision's signature does not verify.") },
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let item = try context.threads().reviewItem(id)
            var reveal = true
            if item.isRed && item.reports.contains(where: { $0.status.claim != nil }) {
                reveal = try Consent.ask("Show the TLP:RED text?", warning: """
                    WARNING: item \(id) is about TLP:RED content, meant for its named participants only. Do not share what you read.
                    """, parsed, &io)
                if !reveal { io.printError("The text is not shown; the verdicts are.") }
            }
            io.print(parsed.flag("json") ? ModerationOutput.json(item, reveal: reveal) : ModerationOutput.text(item, reveal: reveal),
                     terminator: parsed.flag("json") ? "\n" : "")
            let unverified = item.decisions.filter { !$0.isVerified } + (item.removed.map { $0.isVerified ? [] : [$0] } ?? [])
            guard unverified.isEmpty else {
                io.printError("Error: \(unverified.count) decision\(unverified.count == 1 ? "" : "s") of item \(id) failed verification.")
                return MemberCommand.verificationFailed
            }
            return ExitCode.success
        })

    static let decide = Command(
        name: "decide",
        abstract: "Decide an item: approve, remove, dismiss or warn, signed.",
        discussion: """
            Signs the decision over the community, the item's subject (the post for held and reported posts, the item otherwise), the decision and the hash of the reason. approve: a held post becomes visible; a held text is released; a suspension proposal is carried out (this client signs the suspension, for --for days or --until a day, else until reinstated). remove: the post's ciphertext is deleted; its signed tombstone stays. warn: the post is removed as well and the member gets a warning (the third within 90 days proposes a suspension). dismiss: nothing but the record. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The moderation item id.")],
        options: MemberCommand.keyOptions + [
            .flag("approve", help: "Approve (a held post becomes visible)."),
            .flag("remove", help: "Remove the content."),
            .flag("dismiss", help: "Dismiss the reports."),
            .flag("warn", help: "Warn the member."),
            .value("reason", valueName: "text", help: "The reason, shown to the member and signed.", required: true),
            .value("for", valueName: "days", help: "Approving a suspension proposal: suspend for this many days."),
            .value("until", valueName: "date", help: "Approving a suspension proposal: suspend until this day (YYYY-MM-DD, UTC)."),
        ],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let chosen = Decision.Kind.allCases.filter { parsed.flag($0.rawValue) }
            guard chosen.count == 1, let kind = chosen.first else {
                throw UsageError("give exactly one of --approve, --remove, --dismiss, --warn")
            }
            let reason = try ReportCommand.text(parsed, "reason")
            let until = try SuspensionPeriod.end(days: parsed.value("for"), date: parsed.value("until"), now: WallClock.seconds)
            let session = try context.threads()
            let subject = try session.moderationItem(id)
            if subject.kind == "suspension-proposal" && kind == .approve {
                // Approving the proposal is the suspension itself: a signed entry of the community log, then the decision.
                let seq = try context.sanction(.suspend, memberID: subject.subject_member_id, reason: reason, until: until)
                io.print("Suspended \(subject.subject_member_id)\(until.map { " until " + Output.time($0) } ?? ""): entry \(seq) of the community log.")
            } else if until != nil {
                throw UsageError("--for and --until are for approving a suspension proposal")
            }
            let item = try session.decide(id, kind, reason: reason)
            io.print("Decided item \(item.item_id): \(kind.rawValue) (now \(item.state)).")
            return ExitCode.success
        })

    static let command = Command(
        name: "mod",
        abstract: "Moderation: the queue, reports proven or forged, signed decisions, appeals.",
        discussion: """
            Reports are encrypted to the moderators and admins; this client decrypts them and proves or refutes them against the author's signature. Decisions are signed and checked by every client.
            """,
        subcommands: [queue, show, decide, appeals, mine])

    /// `GET path` as a table of items, or the server's JSON with --json.
    static func list(_ path: String, query: [(String, String)], empty: String, _ parsed: ParsedArguments, _ io: inout CommandIO,
                     _ context: MemberContext) throws -> Int32 {
        let answer = try context.api().send("GET", path, query: query)
        if parsed.flag("json") {
            Output.json(answer, &io)
            return ExitCode.success
        }
        let items = try answer.decode(ModerationWire.Items.self).items
        io.print(ModerationOutput.table(items, empty: empty), terminator: "")
        return ExitCode.success
    }
}
