import Args
import Client
import Core
import Protocol

/// `trustforum threads …`: end-to-end encrypted threads (PROTOCOL.md §4–§5).
enum ThreadsCommand {
    static let new = Command(
        name: "new",
        abstract: "Start an end-to-end encrypted thread and post its first post; prints the thread id.",
        discussion: """
            TLP:CLEAR and TLP:GREEN threads are read by every member of their circle (--circle, default: the whole community) with the circle's keyring. TLP:AMBER, TLP:AMBER+STRICT and TLP:RED threads get a keyring of their own, held by the participants named with --to (a member id, or an organisation id for all its active members); who may be named follows the TLP rules (DESIGN.md), checked here before anything is sent.

            Follows and verifies the community log and the keyring, signs the thread's creation record (its label never changes), encrypts the first post on this machine and sends only ciphertext. If a keyring's next epoch is due (a member left or was suspended, or the keyring has none yet), this client creates it first. No key is wrapped for a member whose key changed without the old key's signature ("unverified key change") unless --confirm names that member's new fingerprint, confirmed with them out of band.

            Before anything is created or encrypted, the title and text are checked against the community's moderation policy (GET /v1/policies/moderation, its version checked against its bytes): a 'block' rule refuses the post (exit 4); a 'hold' rule asks whether to send it held (or --hold): it then goes with an encrypted report of it to the moderators and admins, and only you see it until a moderator approves it; a 'flag' rule's id goes into the encrypted post, and readers see "flagged: ID". The post signs the policy's version.

            The text comes from --body-file or standard input. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.keyOptions + [
            .value("label", valueName: "tlp", help: "TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED.", required: true),
            .value("circle", valueName: "id", help: "The circle: 'default' (the whole community) or a circle id.", default: "default"),
            .value("to", valueName: "member", help: "A participant (AMBER and up): a member id or an organisation id.", repeatable: true),
            .value("topic", valueName: "topic", help: "A topic from the fixed list (Policies/topics.json); at least one.", repeatable: true),
            .flag("ask-experts", help: "Ask the experts (the server sees this flag): under AMBER and AMBER+STRICT every expert of the circle is added unless --to names experts; under RED name them with --to. Publications that may answer it are suggested first, matched on this machine."),
            .flag("no-suggestions", help: "With --ask-experts: do not look for publications that may answer the question."),
            ThreadCommand.title,
            ThreadCommand.bodyFile,
            ThreadCommand.hold,
            ThreadCommand.confirm,
        ],
        exitCodes: ThreadCommand.postExitCodes,
        run: ThreadCommand.run { parsed, io, context in
            let label = try ThreadCommand.label(parsed.value("label")!)
            let circle = try ThreadCommand.circle(parsed.value("circle")!, context)
            let recipients = try parsed.values("to").map { text -> String in
                guard Identifier.isValid(text.lowercased()) else { throw UsageError("--to must be a member or organisation id (a UUID)") }
                return text.lowercased()
            }
            let topics = parsed.values("topic")
            guard !topics.isEmpty else { throw UsageError("Missing expected argument '--topic <topic>' (at least one)") }
            if label.usesCircleKeyring && !recipients.isEmpty {
                throw UsageError("a \(label.rawValue) thread names no participants (--to): every member of its circle reads it")
            }
            let payload = PostPayload(body: try ThreadCommand.body(parsed), title: parsed.value("title"))
            if parsed.flag("ask-experts") && !parsed.flag("no-suggestions") {
                // Matched on this machine against the downloaded index; the question is not sent for it.
                if let found = try? SuggestCommand.suggestions(for: (payload.title ?? "") + "\n" + payload.body, topics: topics, api: try context.api()) {
                    SuggestCommand.show(found, &io)
                }
            }
            let session = try ThreadCommand.session(parsed, context)
            // Refused by the moderation policy: refused before the thread exists.
            let evaluation = try session.evaluateBeforePosting(payload)
            let held = evaluation.verdict.action == .hold
            if held {
                guard try ThreadCommand.agreesToHold(evaluation.verdict, parsed, &io) else {
                    io.printError("Nothing was sent.")
                    return ExitCode.failure
                }
            } else {
                _ = try evaluation.apply(to: payload)
            }
            let draft = try session.createThread(label: label, circleID: circle, recipients: recipients, topics: topics,
                                                 askExperts: parsed.flag("ask-experts"))
            let sent: SentPost
            do {
                sent = held ? try session.postHeld(payload, in: draft.threadID, reason: ThreadCommand.holdReason(evaluation.verdict))
                    : try session.post(payload, in: draft.threadID)
            } catch {
                io.printError("Thread \(draft.threadID) was created, but its first post was not sent; post it with 'trustforum threads reply \(draft.threadID)'.")
                throw error
            }
            if let epoch = sent.rotatedTo { io.printError("Created epoch \(epoch) of the keyring first (a new epoch was due).") }
            if held { io.printError("Its first post is held for a moderator's review; only you see it until it is approved.") }
            io.print(draft.threadID)
            return ExitCode.success
        })

    static let list = Command(
        name: "list",
        abstract: "List the threads you may see, newest first.",
        discussion: "Shows the server's metadata (PROTOCOL.md §8): ids, labels, topics, authors, counts and times; 'threads read' verifies and decrypts.",
        options: MemberCommand.options + [
            .value("circle", valueName: "id", help: "Only this circle: 'default' or a circle id."),
            .value("label", valueName: "tlp", help: "Only threads with this label."),
            .value("topic", valueName: "topic", help: "Only threads with this topic."),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            var query: [(String, String)] = []
            if let circle = parsed.value("circle") { query.append(("circle", try ThreadCommand.circle(circle, context))) }
            if let label = parsed.value("label") { query.append(("label", try ThreadCommand.label(label).rawValue)) }
            if let topic = parsed.value("topic") { query.append(("topic", topic)) }
            let answer = try context.api().send("GET", "/v1/threads", query: query)
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let threads = try answer.decode(ThreadWire.ThreadList.self).threads
            let rows = threads.map { t in
                [t.thread_id, t.label, t.topics.joined(separator: ",") + (t.ask_experts ? " (ask the experts)" : ""), t.author_id,
                 String(t.post_count), Output.time(t.last_post_at)]
            }
            io.print(Output.table(["ID", "LABEL", "TOPICS", "AUTHOR", "POSTS", "LAST POST"], rows, empty: "No threads."), terminator: "")
            return ExitCode.success
        })

    static let reply = Command(
        name: "reply",
        abstract: "Post in a thread.",
        discussion: """
            Checks the title and text against the community's moderation policy first, as 'threads new' does (a blocked post exits 4, nothing sent; a held one is sent held for review after you agree, or with --hold). Verifies the thread and its keyring, creates the keyring's next epoch first when one is due (a participant left or was removed or suspended and nobody rotated yet), encrypts the post under the current epoch and sends it. If the keyring moved on meanwhile, builds the post again once. The text comes from --body-file or standard input. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The thread id.")],
        options: MemberCommand.keyOptions + [
            ThreadCommand.title,
            .value("reply-to", valueName: "post-id", help: "The post this one answers."),
            ThreadCommand.bodyFile,
            ThreadCommand.hold,
            ThreadCommand.confirm,
        ],
        exitCodes: ThreadCommand.postExitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let payload = PostPayload(body: try ThreadCommand.body(parsed), title: parsed.value("title"),
                                      replyTo: try ThreadCommand.optionalID(parsed, "reply-to"))
            let session = try ThreadCommand.session(parsed, context)
            let evaluation = try session.evaluateBeforePosting(payload)
            let held = evaluation.verdict.action == .hold
            if held {
                guard try ThreadCommand.agreesToHold(evaluation.verdict, parsed, &io) else {
                    io.printError("Nothing was sent.")
                    return ExitCode.failure
                }
            }
            let sent = held ? try session.postHeld(payload, in: id, reason: ThreadCommand.holdReason(evaluation.verdict))
                : try session.post(payload, in: id)
            if let epoch = sent.rotatedTo { io.printError("Created epoch \(epoch) of the keyring first (a new epoch was due).") }
            if held {
                io.print("Posted \(sent.postID), held for a moderator's review (only you see it until it is approved), in thread \(id).")
            } else {
                io.print("Posted \(sent.postID) as post \(sent.seq) of thread \(id).")
            }
            return ExitCode.success
        })

    static let add = Command(
        name: "add",
        abstract: "Add a member, or an organisation's members, to an AMBER, AMBER+STRICT or RED thread.",
        discussion: """
            Who may add whom follows the TLP rules (DESIGN.md), checked here against the verified keyring log before anything is sent: under TLP:AMBER a participant adds colleagues and experts and the author any member of the circle; under TLP:AMBER+STRICT the author's organisation and experts the author invites; under TLP:RED the author alone. The new participant gets the keys of the earlier epochs too, unless --no-history. \(MemberCommand.passphraseHelp)
            """,
        arguments: [
            .required("id", help: "The thread id."),
            .required("member", help: "A member id, or an organisation id (all its active members not yet in the thread)."),
        ],
        options: MemberCommand.keyOptions + [ThreadCommand.history, ThreadCommand.confirm],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let member = try MemberCommand.id(parsed, "member")
            let history = parsed.flag("history")
            let added = try ThreadCommand.session(parsed, context).addParticipants(member, to: id, history: history)
            guard !added.isEmpty else {
                io.print("Every active member of \(member) is a participant of thread \(id) already.")
                return ExitCode.success
            }
            for memberID in added {
                io.print("Added \(memberID) to thread \(id)\(history ? ", with the earlier epochs" : ", with the current epoch only").")
            }
            return ExitCode.success
        })

    static let remove = Command(
        name: "remove",
        abstract: "Remove a participant from a thread (the author), with a new key for those who remain.",
        discussion: """
            Signs the removal and, in the same request, creates the keyring's next epoch wrapped for the remaining participants only, so the removed member never receives a key of a later post. Earlier posts were readable to them already. \(MemberCommand.passphraseHelp)
            """,
        arguments: [.required("id", help: "The thread id."), .required("member", help: "The participant's member id.")],
        options: MemberCommand.keyOptions + [ThreadCommand.confirm],
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let member = try MemberCommand.id(parsed, "member")
            let epoch = try ThreadCommand.session(parsed, context).removeParticipant(member, from: id)
            io.print("Removed \(member) from thread \(id)" + (epoch.map { "; epoch \($0) is for the remaining participants only." }
                                                               ?? "; the next participant to post creates a new epoch."))
            return ExitCode.success
        })

    static let leave = Command(
        name: "leave",
        abstract: "Leave a thread.",
        discussion: "Signs your departure; you cannot read the thread's later posts. The next participant to post creates a new epoch. \(MemberCommand.passphraseHelp)",
        arguments: [.required("id", help: "The thread id.")],
        options: MemberCommand.keyOptions,
        exitCodes: ThreadCommand.exitCodes,
        run: ThreadCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            try context.threads().leaveThread(id)
            io.print("You left thread \(id).")
            return ExitCode.success
        })

    static let command = Command(
        name: "threads",
        abstract: "End-to-end encrypted threads: new, list, read, reply, add, remove, leave.",
        discussion: """
            The server stores only ciphertext and the metadata PROTOCOL.md §8 lists; every key, signature, log and post is checked on this machine. Keys received are cached in the profile's keystore, so earlier posts stay readable after a rotation.
            """,
        subcommands: [new, list, ThreadsReadCommand.command, reply, add, remove, leave, QuestionsCommand.accept])
}
