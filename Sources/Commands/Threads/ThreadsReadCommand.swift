import Args
import Client
import Core
import Foundation
import Protocol

/// `trustforum threads read ID`: verify and decrypt a page of a thread.
enum ThreadsReadCommand {
    static let command = Command(
        name: "read",
        abstract: "Verify and decrypt a thread's posts.",
        discussion: """
            Follows and verifies the community log, the thread's keyring (its membership log, epochs and your wraps) and its signed creation record, then checks each post: the author's signature and certificate at the time the server received it, the keyring position it binds, that the author held the keyring there, the decryption and the franking tag. A post that fails any check shows as 'unverifiable: <reason>', never its text. A keyring log the server forked or rewrote is reported loudly.

            Shows the thread's label and what it allows first, then for each post its number, time, author, organisation, role, title, text and flags. Your own post held for review is marked 'held for review — only you see it'. A post a moderator removed shows as 'removed by moderation: REASON (by MODERATOR, TIME)' once the moderator's signed decision verifies (else as unverifiable); its text is gone. Prints one page; the last line says how to read the next. Keys received are cached in the keystore. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The thread id.")],
        options: MemberCommand.keyOptions + [
            .value("after", valueName: "n", help: "Show the posts after post N.", default: "0"),
            .value("limit", valueName: "n", help: "At most N posts (1 to 200).", default: "50"),
            .flag("json", help: "Print the verified posts as JSON (sorted keys, indented) instead of text."),
        ],
        exitCodes: ThreadCommand.exitCodes.map { code, text in
            (code, text + " Also when a post fails its checks for another reason than a key this member was never given.")
        },
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            guard let after = UInt64(parsed.value("after")!) else { throw UsageError("--after must be a post number (0 or more)") }
            guard let limit = Int(parsed.value("limit")!), (1...200).contains(limit) else { throw UsageError("--limit must be 1 to 200") }
            let session = try context.threads()
            let thread = try session.openThread(id)
            let page = try session.readPosts(thread, after: after, limit: limit)
            if parsed.flag("json") {
                io.print(json(page, me: session.me.memberID))
            } else {
                io.print(text(page, me: session.me.memberID, limit: limit), terminator: "")
            }
            let refusals = page.readings.compactMap(\.refusal)
            let forked = refusals.contains { if case .position(let why) = $0 { why.hasPrefix("FORK") } else { false } }
            if forked { io.printError(ThreadCommand.forkWarning) }
            let failed = refusals.filter { if case .noKey = $0 { false } else { true } }
            guard failed.isEmpty else {
                io.printError("Error: \(failed.count) post\(failed.count == 1 ? "" : "s") of thread \(id) failed verification; their text is not shown.")
                return MemberCommand.verificationFailed
            }
            return ExitCode.success
        })

    /// The page as text: a header with the label, then each post.
    static func text(_ page: ThreadPage, me: String, limit: Int) -> String {
        let thread = page.thread
        let record = thread.record
        var lines: [String] = []
        lines.append("Thread \(record.threadID)")
        lines.append(ThreadCommand.meaning(record.label))
        var header: [(String, String?)] = [
            ("circle", record.circleID == thread.keyring.communityID ? "the whole community (default)" : record.circleID),
            ("author", record.authorID + (record.authorID == me ? " (you)" : "")),
            ("topics", thread.summary.topics.joined(separator: ", ") + (thread.summary.ask_experts ? " (ask the experts)" : "")),
        ]
        if !record.label.usesCircleKeyring {
            header.append(("participants", thread.keyring.holders.sorted().map { $0 == me ? "\($0) (you)" : $0 }.joined(separator: ", ")))
        }
        header.append(("epoch", "\(thread.keyring.currentEpoch)" + (thread.keyring.rotationRequired ? " (a new epoch is due)" : "")))
        var out = lines.joined(separator: "\n") + "\n" + Output.fields(header)
        if page.readings.isEmpty { out += "\nNo posts\(page.nextAfter > 0 ? " after post \(page.nextAfter)" : "").\n" }
        for reading in page.readings {
            out += "\n"
            switch reading {
            case .read(let post):
                out += render(post, me: me)
            case .removed(let removed):
                out += render(removed, me: me)
            case .unverifiable(let postID, let seq, let reason):
                out += "#\(seq)  \(postID)\n    unverifiable: \(Output.plain(reason.description))\n"
            }
        }
        if page.readings.count == limit {
            out += "\nMore posts may follow: trustforum threads read \(record.threadID) --after \(page.nextAfter)\n"
        }
        return out
    }

    /// One verified post: number, time, author, organisation, badge, title, text, flags.
    static func render(_ post: ReadPost, me: String) -> String {
        let author = post.authorID + (post.authorID == me ? " (you)" : "")
        let badge = ThreadCommand.badge(post.role).map { " " + $0 } ?? ""
        var out = "#\(post.seq)  \(Output.time(post.receivedAt / 1000))  \(author)\(badge)  organisation \(post.orgID)\n"
        out += "    post \(post.postID)" + (post.replyTo.map { ", in reply to \(Output.plain($0))" } ?? "") + "\n"
        if post.held {
            out += post.authorID == me ? "    [held for review — only you see it until a moderator approves it]\n"
                                       : "    [held for review — listed to you although only its author should see it]\n"
        } else if post.moderation == .hold {
            out += "    [was held by the moderation policy; now visible]\n"
        }
        if let title = post.title { out += "    Title: \(Output.plain(title))\n" }
        for line in post.body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += ("    " + Output.plain(String(line))).trimmingTrailingSpaces() + "\n"
        }
        if !post.flags.isEmpty { out += "    flagged: \(post.flags.map(Output.plain).joined(separator: ", "))\n" }
        return out
    }

    /// A removed post: its decision (verified), never its text.
    static func render(_ removed: RemovedPost, me: String) -> String {
        let author = removed.authorID + (removed.authorID == me ? " (you)" : "")
        var out = "#\(removed.seq)  \(Output.time(removed.receivedAt / 1000))  \(author)\n"
        out += "    post \(removed.postID)\n"
        let warned = removed.decision == .warn ? "; its author was warned" : ""
        out += "    removed by moderation: \(Output.plain(removed.reason)) (by \(removed.moderatorID), \(Output.time(removed.decidedAt))\(warned))\n"
        return out
    }

    /// The page as JSON: the verified header and posts, refusals with their reasons.
    static func json(_ page: ThreadPage, me: String) -> String {
        let record = page.thread.record
        let posts: [[String: Any]] = page.readings.map { reading in
            switch reading {
            case .read(let post):
                var item: [String: Any] = [
                    "post_id": post.postID, "seq": post.seq, "verified": true, "author_id": post.authorID, "org_id": post.orgID,
                    "role": post.role.rawValue, "received_at": post.receivedAt, "label": post.label.rawValue, "body": post.body,
                    "flags": post.flags, "moderation": post.moderation.rawValue,
                ]
                if let title = post.title { item["title"] = title }
                if let replyTo = post.replyTo { item["reply_to"] = replyTo }
                if post.held { item["held"] = true }
                return item
            case .removed(let removed):
                return [
                    "post_id": removed.postID, "seq": removed.seq, "verified": true, "author_id": removed.authorID,
                    "received_at": removed.receivedAt,
                    "removed": ["decision": removed.decision.rawValue, "reason": removed.reason, "moderator_id": removed.moderatorID,
                                "decided_at": removed.decidedAt] as [String: Any],
                ]
            case .unverifiable(let postID, let seq, let reason):
                return ["post_id": postID, "seq": seq, "verified": false, "unverifiable": reason.description]
            }
        }
        let object: [String: Any] = [
            "thread_id": record.threadID, "label": record.label.rawValue, "label_meaning": ThreadCommand.meaning(record.label),
            "circle_id": record.circleID, "author_id": record.authorID, "keyring_id": record.keyringID,
            "current_epoch": page.thread.keyring.currentEpoch, "topics": page.thread.summary.topics,
            "participants": record.label.usesCircleKeyring ? [] : page.thread.keyring.holders.sorted(),
            "posts": posts, "next_after": page.nextAfter,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
