import Args
import Client
import Core
import Foundation
import Protocol

/// `trustforum questions …` (experts) and `threads accept` (askers): ask the experts.
enum QuestionsCommand {
    struct Question: Decodable {
        let thread_id: String
        let label: String
        let topics: [String]
        let created_at: UInt64
        let age_seconds: UInt64
        let claimed_by: String?
        let answered: Bool
        let accepted_post_id: String?
        let sector: String?
        let maturity_level: Int?
    }

    struct Queue: Decodable {
        let questions: [Question]
    }

    static let queue = Command(
        name: "queue",
        abstract: "The questions asked of the experts that you can read, oldest first (experts).",
        discussion: "Shows label, topics, age, who took it up and whether an expert answered; the asking organisation's sector and maturity level only when it agreed to show them. Answered and accepted questions only with --all. Read one with 'trustforum threads read ID', take it up with 'trustforum questions claim ID', answer with 'trustforum threads reply ID'.",
        options: MemberCommand.options + [.flag("all", help: "Also the answered and accepted questions."), MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            let answer = try context.api().send("GET", "/v1/questions", query: parsed.flag("all") ? [("all", "true")] : [])
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(Queue.self).questions.map { q in
                [q.thread_id, q.label, q.topics.joined(separator: ","), age(q.age_seconds), q.claimed_by ?? "-",
                 q.accepted_post_id != nil ? "accepted" : q.answered ? "answered" : "open",
                 [q.sector, q.maturity_level.map { "level \($0)" }].compactMap { $0 }.joined(separator: ", ")]
            }
            io.print(Output.table(["THREAD", "LABEL", "TOPICS", "AGE", "CLAIMED BY", "STATE", "ORGANISATION"], rows, empty: "No open questions."),
                     terminator: "")
            return ExitCode.success
        })

    static let claim = Command(
        name: "claim",
        abstract: "Take up a question, so other experts see it is yours (experts).",
        arguments: [.required("id", help: "The thread id.")],
        options: MemberCommand.options,
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            _ = try context.api().send("POST", "/v1/questions/\(id)/claim")
            io.print("You took up question \(id); answer with 'trustforum threads reply \(id)'.")
            return ExitCode.success
        })

    static let command = Command(
        name: "questions",
        abstract: "Ask the experts: the queue of questions, and taking one up (experts).",
        subcommands: [queue, claim])

    /// `threads accept POST_ID [--thread ID]`.
    static let accept = Command(
        name: "accept",
        abstract: "Mark the answer you accept in a thread you asked.",
        discussion: "The server learns which post you accepted (metadata, PROTOCOL.md §8), never its text. Without --thread the post is looked up in the threads you started.",
        arguments: [.required("post-id", help: "The accepted answer's post id.")],
        options: MemberCommand.options + [.value("thread", valueName: "id", help: "The thread the post is in.")],
        run: MemberCommand.run { parsed, io, context in
            guard let postID = parsed.argument("post-id")?.lowercased(), Identifier.isValid(postID) else {
                throw UsageError("the post id must be a UUID")
            }
            let api = try context.api()
            let threadID: String
            if let given = parsed.value("thread") {
                guard Identifier.isValid(given.lowercased()) else { throw UsageError("--thread must be a thread id (a UUID)") }
                threadID = given.lowercased()
            } else {
                threadID = try find(postID, api: api, me: try api.send("GET", "/v1/me").decode(Wire.Me.self).member_id)
            }
            struct Body: Encodable { let post_id: String }
            _ = try api.send("POST", "/v1/threads/\(threadID)/accepted", body: try JSONEncoder().encode(Body(post_id: postID)))
            io.print("Accepted \(postID) as the answer in thread \(threadID).")
            return ExitCode.success
        })

    /// The thread, among those `me` started, that holds `postID`.
    static func find(_ postID: String, api: APIClient, me: String) throws -> String {
        let threads = try api.send("GET", "/v1/threads").decode(ThreadWire.ThreadList.self).threads.filter { $0.author_id == me }
        struct Page: Decodable {
            struct Entry: Decodable { struct Post: Decodable { let post_id: String }; let post: Post }
            let posts: [Entry]
            let next_after: UInt64?
        }
        for thread in threads {
            var after: UInt64 = 0
            while true {
                let page = try api.send("GET", "/v1/threads/\(thread.thread_id)/posts", query: [("after", String(after)), ("limit", "200")])
                    .decode(Page.self)
                if page.posts.contains(where: { $0.post.post_id == postID }) { return thread.thread_id }
                guard page.posts.count == 200, let next = page.next_after else { break }
                after = next
            }
        }
        throw MemberError.refused("post \(postID) is in none of the threads you started; give --thread")
    }

    static func age(_ seconds: UInt64) -> String {
        seconds >= 86_400 ? "\(seconds / 86_400)d" : seconds >= 3600 ? "\(seconds / 3600)h" : "\(seconds / 60)m"
    }
}
