import Args
import Client
import Core
import Protocol

/// `trustforum report` and `trustforum appeal`: what any member does about
/// moderation (mod-spec §4).
enum ReportCommand {
    static let report = Command(
        name: "report",
        abstract: "Report a post to the moderators, verifiably.",
        discussion: """
            Reads the thread as 'threads read' does, finds the post and reports it: its text and franking key, as the author signed them, and your reason go encrypted to the community's moderators and admins (each at the certificate in the verified community log), signed by you. The server stores only ciphertext; a moderator's client proves that the author wrote exactly that text, or shows the report as forged. You cannot report your own post, and you report a post once.

            For a TLP:RED thread the post's text leaves its named participants: this command warns and asks on the terminal first, unless --yes. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("post", help: "The post id.")],
        options: MemberCommand.keyOptions + [
            .value("thread", valueName: "id", help: "The thread the post is in.", required: true),
            .value("reason", valueName: "text", help: "Why you report it (encrypted for the moderators).", required: true),
            Consent.yes,
            ThreadCommand.confirm,
        ],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run { parsed, io, context in
            let postID = try MemberCommand.id(parsed, "post")
            guard let thread = parsed.value("thread"), Identifier.isValid(thread.lowercased()) else {
                throw UsageError("--thread must be a thread id: a UUID like 0b5e…-…")
            }
            let reason = try text(parsed, "reason")
            let session = try ThreadCommand.session(parsed, context)
            let draft = try session.prepareReport(postID, in: thread.lowercased(), reason: reason)
            if draft.label == .red {
                let warning = """
                    WARNING: thread \(draft.threadID) is TLP:RED. Reporting sends this post's text, encrypted, to the \
                    \(draft.moderatorIDs.count) moderators and admins of the community (\(draft.moderatorIDs.joined(separator: ", "))), \
                    who are not its named participants.
                    """
                guard try Consent.ask("Send the post's text to the moderators?", warning: warning, parsed, &io) else {
                    io.printError("Not reported.")
                    return ExitCode.failure
                }
            }
            let created = try session.sendReport(draft)
            io.print("Reported post \(postID) (report \(created.report_id), moderation item \(created.item_id)).")
            return ExitCode.success
        })

    static let appeal = Command(
        name: "appeal",
        abstract: "Appeal a moderation decision about your content (once).",
        discussion: """
            Asks for the decision on ITEM (see 'trustforum mod mine') to be reviewed; a moderator other than the one who decided it decides the appeal. Each item can be appealed once.
            """,
        arguments: [.required("id", help: "The moderation item id.")],
        options: MemberCommand.options + [
            .value("reason", valueName: "text", help: "Why the decision should change.", required: true),
        ],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let reason = try text(parsed, "reason")
            // The subject member is answered with the item without its reports (they are the moderators').
            let item: ModerationWire.ItemSummary = try context.api().post("/v1/moderation/items/\(id)/appeal",
                                                                          body: ModerationWire.AppealRequest(reason: reason))
            io.print("Appealed item \(item.item_id) (now \(item.state)).")
            return ExitCode.success
        })

    /// A required free-text option, not blank.
    static func text(_ parsed: ParsedArguments, _ option: String) throws -> String {
        let value = parsed.value(option) ?? ""
        guard !value.allSatisfy(\.isWhitespace) else { throw UsageError("--\(option) must not be empty") }
        return value
    }
}
