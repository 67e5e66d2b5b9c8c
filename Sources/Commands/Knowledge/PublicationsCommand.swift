import Args
import Client
import Core
import Foundation

/// `trustforum publications …` and `trustforum search`: plaintext best
/// practices (TLP:CLEAR or TLP:GREEN), their versions and endorsements,
/// and full-text search over what you may read.
enum PublicationsCommand {
    struct Publication: Codable {
        let id: String
        let label: String
        let maturity_level: Int
        let topics: [String]
        let language: String
        let title: String
        let body: String?
        let version: Int
        let status: String
        let endorsements: Int
        let updated_at: UInt64
    }

    struct List: Decodable {
        let publications: [Publication]
    }

    struct Version: Decodable {
        let version: Int
        let maturity_level: Int
        let title: String
        let body: String
        let editor_id: String?
        let created_at: UInt64
        /// `held` or `removed` (author and moderators only); absent when published.
        let state: String?
    }

    struct History: Decodable {
        let id: String
        let label: String
        let versions: [Version]
    }

    struct Create: Encodable {
        let label: String
        let kind: String
        let maturity_level: Int
        let topics: [String]
        let title: String
        let body: String
        let language: String
    }

    struct Edit: Encodable {
        let title: String?
        let body: String
    }

    struct Endorsement: Decodable {
        let publication_id: String
        let endorsements: Int
    }

    struct Hit: Decodable {
        let id: String
        let kind: String
        let label: String
        let maturity_level: Int?
        let severity: String?
        let title: String
        let snippet: String
    }

    struct Results: Decodable {
        let results: [Hit]
    }

    static let bodyFile = Option.value("body-file", valueName: "file", help: "Read the markdown body from this file ('-' or absent: standard input).")

    static let new = Command(
        name: "new",
        abstract: "Publish a best practice (TLP:CLEAR: public; TLP:GREEN: members); prints its id.",
        discussion: """
            Publications are plaintext on the server: only TLP:CLEAR and TLP:GREEN are allowed (AMBER and RED belong in an encrypted thread). The community's moderation rules apply to the title and body on the server: a 'block' rule refuses it naming the rule, a 'hold' rule keeps it visible to you and the moderators only until a moderator approves it, a 'flag' rule queues it for a look. The body comes from --body-file or standard input.

            With --from-thread, the best practice is distilled from a thread you can read: a new document with its own label, in your own words. This machine reads and verifies the thread and refuses a text that repeats \(Distillation.minimumRun) or more words of another member's post verbatim when the thread's label is stricter than the publication's (TLP lets a source, not a recipient, share more widely). Nothing of the thread is sent, and the server is not told which thread it came from. \(MemberCommand.passphraseHelp)
            """,
        options: MemberCommand.keyOptions + [
            .value("from-thread", valueName: "id", help: "Distil it from this thread (checked here; the server is not told)."),
            .value("label", valueName: "tlp", help: "TLP:CLEAR or TLP:GREEN.", required: true),
            .value("level", valueName: "n", help: "The maturity level it helps reach: 1 Passive … 5 Intelligent.", required: true),
            .value("topic", valueName: "topic", help: "A topic from the fixed list (Policies/topics.json); 1 to 5.", repeatable: true),
            .value("title", valueName: "text", help: "The title.", required: true),
            bodyFile,
            .value("language", valueName: "lang", help: "en or nl.", default: "en"),
        ],
        run: ThreadCommand.run(keys: true) { parsed, io, context in
            let level = try level(parsed.value("level")!)
            let topics = parsed.values("topic")
            guard !topics.isEmpty else { throw UsageError("Missing expected argument '--topic <topic>' (at least one)") }
            let language = parsed.value("language") ?? "en"
            guard ["en", "nl"].contains(language) else { throw UsageError("--language must be en or nl") }
            let body = try ThreadCommand.body(parsed)
            let title = parsed.value("title")!
            if let threadID = parsed.value("from-thread") {
                guard Identifier.isValid(threadID.lowercased()) else { throw UsageError("--from-thread must be a thread id") }
                guard let label = TLPLabel(rawValue: parsed.value("label")!), label <= .green else {
                    throw UsageError("--label must be TLP:CLEAR or TLP:GREEN")
                }
                let session = try context.threads()
                let thread = try session.openThread(threadID.lowercased())
                var sources: [Distillation.Source] = []
                var after: UInt64 = 0
                while true {
                    let page = try session.readPosts(thread, after: after, limit: 200)
                    for post in page.readings.compactMap(\.post) {
                        sources.append(.init(authorID: post.authorID, seq: post.seq, text: (post.title ?? "") + "\n" + post.body))
                    }
                    if page.readings.count < 200 || page.nextAfter <= after { break }
                    after = page.nextAfter
                }
                if let copy = Distillation.copied(title: title, body: body, label: label, thread: thread.record.label,
                                                  me: session.me.memberID, posts: sources) {
                    io.printError("Error: \(copy). The thread is \(thread.record.label.rawValue), the publication \(label.rawValue): write the lesson in your own words, or ask its author to publish it. Nothing was sent.")
                    return ExitCode.failure
                }
                io.printError("Distilled from a \(thread.record.label.rawValue) thread into a new \(label.rawValue) document; the server is not told which thread.")
            }
            let made: Publication = try context.api().post("/v1/publications", body: Create(
                label: parsed.value("label")!, kind: "best-practice", maturity_level: level, topics: topics, title: title,
                body: body, language: language))
            if made.status == "held" { io.printError("Held for a moderator's review: only you and the moderators see it until it is approved.") }
            io.print(made.id)
            return ExitCode.success
        })

    static let list = Command(
        name: "list",
        abstract: "List the publications you may read, newest first.",
        options: MemberCommand.options + [
            .value("level", valueName: "n", help: "Only this maturity level (1–5)."),
            .value("topic", valueName: "topic", help: "Only this topic."),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            var query: [(String, String)] = []
            if let text = parsed.value("level") { query.append(("level", String(try level(text)))) }
            if let topic = parsed.value("topic") { query.append(("topic", topic)) }
            let answer = try context.api().send("GET", "/v1/publications", query: query)
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(List.self).publications.map {
                [$0.id, $0.label, String($0.maturity_level), Output.plain($0.title), String($0.endorsements), $0.status]
            }
            io.print(Output.table(["ID", "LABEL", "LEVEL", "TITLE", "ENDORSED", "STATUS"], rows, empty: "No publications."), terminator: "")
            return ExitCode.success
        })

    static let show = Command(
        name: "show",
        abstract: "Show a publication: its fields and current body.",
        arguments: [.required("id", help: "The publication id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let answer = try context.api().send("GET", "/v1/publications/\(try MemberCommand.id(parsed))")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let p = try answer.decode(Publication.self)
            io.print(Output.fields([("Title", Output.plain(p.title)), ("Label", p.label), ("Level", String(p.maturity_level)),
                                    ("Topics", p.topics.joined(separator: ", ")), ("Language", p.language), ("Version", String(p.version)),
                                    ("Status", p.status), ("Endorsed", String(p.endorsements)), ("Updated", Output.time(p.updated_at))]),
                     terminator: "")
            io.print("")
            io.print(sanitised(p.body ?? ""))
            return ExitCode.success
        })

    static let history = Command(
        name: "history",
        abstract: "Show every version of a publication, oldest first.",
        arguments: [.required("id", help: "The publication id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let answer = try context.api().send("GET", "/v1/publications/\(try MemberCommand.id(parsed))/history")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(History.self).versions.map {
                [String($0.version), Output.time($0.created_at), String($0.maturity_level), Output.plain($0.title), $0.editor_id ?? "-",
                 $0.state ?? "published"]
            }
            io.print(Output.table(["VERSION", "CREATED", "LEVEL", "TITLE", "BY", "STATE"], rows, empty: "No versions."), terminator: "")
            return ExitCode.success
        })

    static let edit = Command(
        name: "edit",
        abstract: "Publish a new version of your publication (the author or a moderator); the history is kept.",
        arguments: [.required("id", help: "The publication id.")],
        options: MemberCommand.options + [.value("title", valueName: "text", help: "A new title."), bodyFile],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let made: Publication = try context.api().send("PUT", "/v1/publications/\(try MemberCommand.id(parsed))",
                                                           body: try JSONEncoder().encode(Edit(title: parsed.value("title"), body: try ThreadCommand.body(parsed))))
                .decode(Publication.self)
            if made.status == "held" {
                io.printError("Held for a moderator's review: only you and the moderators see this version until it is approved; readers keep the version before it.")
            }
            io.print("Version \(made.version) of \(made.id).")
            return ExitCode.success
        })

    static let endorse = Command(
        name: "endorse",
        abstract: "Endorse a publication (experts; once).",
        arguments: [.required("id", help: "The publication id.")],
        options: MemberCommand.options,
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let done: Endorsement = try context.api().send("POST", "/v1/publications/\(id)/endorsements").decode(Endorsement.self)
            io.print("Endorsed \(done.publication_id) (\(done.endorsements) endorsement\(done.endorsements == 1 ? "" : "s")).")
            return ExitCode.success
        })

    static let command = Command(
        name: "publications",
        abstract: "Best practices (plaintext, TLP:CLEAR or TLP:GREEN): new, list, show, history, edit, endorse.",
        subcommands: [new, list, show, history, edit, endorse])

    static let search = Command(
        name: "search",
        abstract: "Search the publications and security alerts you may read (best match first); the server does not log searches.",
        discussion: "Each word is searched for as it is (all of them must occur); punctuation and operators are not query syntax.",
        arguments: [.required("query", help: "What to search for.")],
        options: MemberCommand.options + [MemberCommand.json,
                                          Option.value("kind", valueName: "kind", help: "Only 'publication's or only 'alert's (default both).")],
        run: MemberCommand.run { parsed, io, context in
            var query = [("q", parsed.argument("query") ?? "")]
            if let kind = parsed.value("kind") {
                guard kind == "publication" || kind == "alert" else { throw UsageError("--kind must be publication or alert") }
                query.append(("kind", kind))
            }
            let answer = try context.api().send("GET", "/v1/search", query: query)
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let hits = try answer.decode(Results.self).results
            guard !hits.isEmpty else {
                io.print("Nothing matches.")
                return ExitCode.success
            }
            for hit in hits {
                let what = hit.kind == "alert" ? "alert" + (hit.severity.map { ", \($0)" } ?? "") : "level \(hit.maturity_level ?? 0)"
                io.print("\(Output.plain(hit.title))  [\(hit.label), \(what)]  \(hit.id)")
                io.print("    \(Output.plain(hit.snippet))")
            }
            return ExitCode.success
        })

    static func level(_ text: String) throws -> Int {
        guard let level = Int(text), (1...5).contains(level) else { throw UsageError("--level must be 1 to 5") }
        return level
    }

    /// A body for the terminal: line breaks kept, other control characters (escapes) as spaces.
    static func sanitised(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 != "\n" && $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
