import Args
import Client
import Core
import Foundation
import Glibc
import struct Moderation.Verdict
import Platform

/// What the `threads` and `circles` commands share: their options, how a
/// `ThreadFailure` becomes exit code 3 (a fork loudly), `--confirm`, the
/// post body, and how TLP labels are explained.
enum ThreadCommand {
    /// `--confirm MEMBER=FINGERPRINT`.
    static let confirm = Option.value(
        "confirm", valueName: "member=fingerprint",
        help: "Wrap keys for MEMBER despite an unverified key change, after confirming its new FINGERPRINT with them out of band.",
        repeatable: true)
    /// `--body-file FILE`.
    static let bodyFile = Option.value(
        "body-file", valueName: "file", help: "Read the post's text from FILE ('-' or no option: standard input).")
    /// `--hold`.
    static let hold = Option.flag(
        "hold", help: "If a 'hold' rule of the moderation policy matches, send the post held for a moderator's review without asking.")
    /// `--title TEXT`.
    static let title = Option.value("title", valueName: "text", help: "The post's title (encrypted with the body).")
    /// `--history` / `--no-history`.
    static let history = Option.flag(
        "history", help: "Give the new member the earlier epochs' keys too, so it reads the earlier posts.", inversion: true, default: true)

    /// The `EXIT CODES:` rows of the thread and circle commands.
    static let exitCodes: [(Int32, String)] = [
        (MemberCommand.verificationFailed, """
            Verification failed: the community log, a keyring (its log, epochs or wraps), the thread's record or a post does not \
            verify; a fork is reported loudly.
            """),
    ]

    /// Exit code of `threads new` and `threads reply` when the moderation
    /// policy blocks the post (as `policy check`).
    static let blocked: Int32 = 4

    /// The `EXIT CODES:` rows of the commands that post.
    static let postExitCodes: [(Int32, String)] = exitCodes + [
        (blocked, "The community's moderation policy blocks the post (the rule ids and reasons are printed); nothing was sent."),
    ]

    /// A `run` closure for a command that works with keys: as
    /// `MemberCommand.run`, and a `ThreadFailure` from the server's answers
    /// is printed and exits 3 (a FORK with a warning of what it means);
    /// other thread failures (TLP rules, key changes) exit 1. A post the
    /// moderation policy blocks exits 4; one it holds and the author did
    /// not agree to send held exits 1.
    static func run(keys: Bool = true, id: Bool = false, _ body: @escaping MemberCommand.Body) -> Command.Run {
        MemberCommand.run(keys: keys, id: id) { parsed, io, context in
            do {
                return try body(parsed, &io, context)
            } catch let refusal as ModerationRefusal {
                io.printError("Error: \(refusal)")
                if case .blocked = refusal { return blocked }
                return ExitCode.failure
            } catch let failure as ThreadFailure {
                io.printError("Error: \(failure)")
                guard failure.isVerificationFailure else { return ExitCode.failure }
                if failure.isFork { io.printError(forkWarning) }
                return MemberCommand.verificationFailed
            }
        }
    }

    /// What a fork means and what to do.
    static let forkWarning = """
        WARNING: THE SERVER SHOWS THIS CLIENT A FORKED HISTORY. Someone changed or hid what was signed (a dropped or rewritten \
        entry, a hidden removal). Do not post or add anyone to this thread from this client, and tell the community's \
        administrators and the thread's participants, out of band.
        """

    /// `--confirm` values as member id → fingerprint in the protocol's
    /// spelling (five groups of 8 hex digits), or a usage error.
    static func confirmed(_ parsed: ParsedArguments) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in parsed.values("confirm") {
            let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Identifier.isValid(parts[0].lowercased()), let hex = RootTrust.normalise(parts[1]) else {
                throw UsageError("--confirm must be MEMBER=FINGERPRINT: a member id and the 40 hex digits of its new fingerprint")
            }
            let characters = Array(hex)
            result[parts[0].lowercased()] = stride(from: 0, to: 40, by: 8).map { String(characters[$0..<$0 + 8]) }.joined(separator: " ")
        }
        return result
    }

    /// A session for the command, with its `--confirm`s.
    static func session(_ parsed: ParsedArguments, _ context: MemberContext) throws -> ThreadSession {
        try context.threads(confirmed: confirmed(parsed))
    }

    /// The post's text from `--body-file` or standard input: UTF-8, not empty.
    static func body(_ parsed: ParsedArguments) throws -> String {
        let path = parsed.value("body-file") ?? "-"
        let bytes: [UInt8]
        if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            do { bytes = try Files.read(path) } catch { throw MemberError.refused("cannot read \(path): \(error)") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageError("the post's text is not UTF-8") }
        guard !text.allSatisfy(\.isWhitespace) else { throw UsageError("the post's text is empty") }
        return text
    }

    /// A post id given to `--reply-to`, or a usage error.
    static func optionalID(_ parsed: ParsedArguments, _ option: String) throws -> String? {
        guard let text = parsed.value(option) else { return nil }
        guard Identifier.isValid(text.lowercased()) else { throw UsageError("--\(option) must be an id: a UUID like 0b5e…-…") }
        return text.lowercased()
    }

    /// A circle given as `default` (the whole community) or a circle id.
    static func circle(_ text: String, _ context: MemberContext) throws -> String {
        if text == "default" {
            guard let community = context.profile.communityID else { throw MemberError.notPinned }
            return community
        }
        guard Identifier.isValid(text.lowercased()) else { throw UsageError("a circle is 'default' or a circle id (a UUID)") }
        return text.lowercased()
    }

    /// A TLP label as typed (`TLP:AMBER`, `amber`, `amber+strict`), or a usage error.
    static func label(_ text: String) throws -> TLPLabel {
        let upper = text.uppercased()
        guard let label = TLPLabel(rawValue: upper.hasPrefix("TLP:") ? upper : "TLP:" + upper) else {
            throw UsageError("the label must be one of \(TLPLabel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return label
    }

    /// The label with what it allows, for the header of a thread.
    static func meaning(_ label: TLPLabel) -> String {
        switch label {
        case .clear: "TLP:CLEAR — disclosure is not limited; may be shared publicly"
        case .green: "TLP:GREEN — share within the community, not publicly"
        case .amber: "TLP:AMBER — share only within the participants' organisations"
        case .amberStrict: "TLP:AMBER+STRICT — share only within the author's organisation"
        case .red: "TLP:RED — for the named participants only; do not share"
        }
    }

    /// `[expert]`, `[moderator]`, … for roles other than a plain member.
    static func badge(_ role: Role) -> String? {
        switch role {
        case .member: nil
        case .orgAdmin: "[org admin]"
        case .expert: "[expert]"
        case .moderator: "[moderator]"
        case .admin: "[admin]"
        }
    }

    /// For a post a `hold` rule matched: the rules and reasons, and whether
    /// the author sends it held (with its report to the moderators, who
    /// approve or remove it; only the author sees it until then): `--hold`,
    /// or yes on the terminal.
    static func agreesToHold(_ verdict: Verdict, _ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Bool {
        let rules = verdict.matches.filter { $0.action == .hold }.map { "  \($0.id): \($0.reason)" }.joined(separator: "\n")
        io.printError("The community's moderation policy holds this post for a moderator:\n" + rules + """

            Sent held, it goes with an encrypted report of it to the moderators and admins, and nobody else sees it until a moderator approves it.
            """)
        if parsed.flag("hold") { return true }
        guard let text = Consent.answer("Send it held for review? [y/N] ") else {
            throw MemberError.refused("no answer on a terminal; nothing was sent. Run again with --hold to send the post held for review")
        }
        return Consent.isYes(text)
    }

    /// The reason a held post's own report gives: the rules that held it.
    static func holdReason(_ verdict: Verdict) -> String {
        "held by the moderation policy: " + verdict.matches.filter { $0.action == .hold }.map(\.id).joined(separator: ", ")
    }
}
