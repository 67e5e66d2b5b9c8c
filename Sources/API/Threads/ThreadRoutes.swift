import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// Threads (PROTOCOL.md §4.1): create, list what the caller may see, show
/// one, and add or remove participants of AMBER, AMBER+STRICT and RED
/// threads. Whoever may not see a thread gets 404 for it, never 403, so its
/// existence does not leak; every answer carries the label (`label` in the
/// JSON, `TLP` as a header).
enum ThreadRoutes {
    static let bigBody = 16 << 20

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/threads", "threadCreate", bodyLimit: bigBody) { request, caller in
                let me = try caller.requireMember()
                try RateLimits.check(context.threadLimits.threads, me)
                let body = try request.decodeJSON(ThreadsJSON.ThreadCreate.self)
                let (info, json) = try ThreadCreation.create(context, body, caller: me)
                return TLPHeader.adding(info.label, to: try JSONBody.encode(json, status: 201))
            },
            APIRoute(.get, "/v1/threads", "threadList") { request, caller in
                try list(context, request, caller: try caller.requireMember())
            },
            APIRoute(.get, "/v1/threads/{id}", "threadShow") { request, caller in
                let (info, _, _) = try ThreadViews.visible(context, request, caller: try caller.requireMember())
                guard let row = try context.database.read({ try ThreadStore.thread($0, id: info.id) }) else { throw APIProblem.notFound("thread") }
                let json = ThreadViews.json(info, postCount: row.postCount, lastPostAt: row.lastPostAt, withRecord: true)
                return TLPHeader.adding(info.label, to: try JSONBody.encode(json))
            },
            APIRoute(.post, "/v1/threads/{id}/participants", "threadParticipantAdd", bodyLimit: bigBody) { request, caller in
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                try requireParticipants(info)
                let body = try request.decodeJSON(ThreadsJSON.Add.self)
                let result = try KeyringChanges.append(context, keyringID: info.keyringID, entry: body.entry, wraps: body.wraps ?? [], epoch: nil,
                                                       caller: me, gate: .threadAdd)
                return TLPHeader.adding(info.label, to: try JSONBody.encode(result, status: 201))
            },
            APIRoute(.delete, "/v1/threads/{id}/participants/{member}", "threadParticipantRemove", bodyLimit: bigBody) { request, caller in
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                try requireParticipants(info)
                let member = try Fields.uuid(request.parameters["member"] ?? "", "member")
                let body = try request.decodeJSON(ThreadsJSON.Remove.self)
                let result = try KeyringChanges.append(context, keyringID: info.keyringID, entry: body.entry, wraps: [], epoch: body.epoch,
                                                       caller: me, gate: .threadRemove(member: member))
                return TLPHeader.adding(info.label, to: try JSONBody.encode(result))
            },
        ]
    }

    static func requireParticipants(_ info: ThreadInfo) throws {
        guard !info.label.usesCircleKeyring else {
            throw APIProblem.invalid("a \(info.label.rawValue) thread has no participants: its circle reads it")
        }
    }

    /// The threads the caller may see (`TLPRules.maySee`), filtered by
    /// circle, label and topic. The `TLP` header names the most restrictive
    /// label in the list.
    static func list(_ context: AppContext, _ request: Request, caller: String) throws -> Response {
        let circle = try request.query("circle").map { try Fields.uuid($0, "circle") }
        let label = try request.query("label").map { text -> TLPLabel in
            guard let label = TLPLabel(rawValue: text) else { throw APIProblem.invalid("label must be a TLP label") }
            return label
        }
        let topic = try request.query("topic").map { text -> String in
            guard context.topics.topics.contains(text) else { throw APIProblem.invalid("topic must be from the fixed list (Policies/topics.json)") }
            return text
        }
        let community = context.registry.snapshot
        let book = context.keyrings.snapshot
        let rows = try context.database.read { conn in try ThreadStore.list(conn, circleID: circle, label: label?.rawValue, topic: topic) }
        let visible = rows.compactMap { row -> (ThreadInfo, ThreadStore.ThreadRow)? in
            guard let info = book.threads[row.id], book.maySee(info, caller, community) else { return nil }
            return (info, row)
        }
        let json = ThreadsJSON.ThreadList(threads: visible.map { ThreadViews.json($0.0, postCount: $0.1.postCount, lastPostAt: $0.1.lastPostAt, withRecord: false) })
        let response = try JSONBody.encode(json)
        guard let strictest = visible.map(\.0.label).max() else { return response }
        return TLPHeader.adding(strictest, to: response)
    }
}

/// Shared by the thread and post routes.
enum ThreadViews {
    /// The thread of the path's `{id}` when the caller may see it, else 404.
    static func visible(_ context: AppContext, _ request: Request, caller: String) throws -> (ThreadInfo, KeyringState, CommunityState) {
        let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
        let community = context.registry.snapshot
        let book = context.keyrings.snapshot
        guard let info = book.threads[id], let ring = book.keyrings[info.keyringID], book.maySee(info, caller, community) else {
            throw APIProblem.notFound("thread")
        }
        return (info, ring, community)
    }

    static func json(_ info: ThreadInfo, postCount: UInt64, lastPostAt: UInt64?, withRecord: Bool) -> ThreadsJSON.Thread {
        ThreadsJSON.Thread(thread_id: info.id, circle_id: info.circleID, keyring_id: info.keyringID, label: info.label.rawValue,
                           topics: info.topics, ask_experts: info.askExperts, author_id: info.record.authorID, created_at: info.createdAt,
                           last_post_at: lastPostAt.map { $0 / 1000 }, post_count: postCount,
                           record: withRecord ? KeyringWire.Record(info.record) : nil)
    }
}
