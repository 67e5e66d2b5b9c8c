import Core
import HTTP
import Platform
import Protocol
import Store

/// Ask the experts (Part 5): experts see the questions they can read (label,
/// topics, age; the asking organisation's sector and maturity level only
/// when it opted in), claim one and answer in the thread; the asker marks
/// the accepted answer. Unanswered and unaccepted questions stay in the
/// queue with their age.
enum QuestionRoutes {
    struct QuestionJSON: Encodable {
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

    struct QueueJSON: Encodable {
        let questions: [QuestionJSON]
    }

    struct AcceptRequest: Decodable {
        let post_id: String
    }

    struct SharingRequest: Codable {
        let share_with_experts: Bool
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/questions", "questionQueue") { request, caller in
                let me = try caller.requireMember()
                let includeDone = request.query("all") == "true"
                let community = context.registry.snapshot
                let book = context.keyrings.snapshot
                let now = WallClock.seconds
                let asked = book.threads.values.filter { $0.askExperts && book.maySee($0, me, community) }.sorted { $0.createdAt < $1.createdAt }
                let questions: [QuestionJSON] = try context.database.read { conn in
                    try asked.compactMap { info in
                        let authors = try QuestionStore.authors(conn, threadID: info.id)
                        let answered = authors.contains { community.member($0)?.role == .expert }
                        let accepted = try QuestionStore.accepted(conn, threadID: info.id)
                        if !includeDone && answered && accepted != nil { return nil }
                        let org = community.member(info.record.authorID)?.orgID
                        var sector: String?
                        var level: Int?
                        if let org, try QuestionStore.shares(conn, orgID: org) {
                            sector = try MemberStore.organisation(conn, id: org)?.sector
                            level = try MaturityStore.history(conn, orgID: org, limit: 1).first?.level
                        }
                        let created = info.createdAt
                        return QuestionJSON(thread_id: info.id, label: info.label.rawValue, topics: info.topics, created_at: created,
                                            age_seconds: now > created ? now - created : 0,
                                            claimed_by: try QuestionStore.claimant(conn, threadID: info.id), answered: answered,
                                            accepted_post_id: accepted, sector: sector, maturity_level: level)
                    }
                }
                let label = questions.compactMap { TLPLabel(rawValue: $0.label) }.max() ?? .clear
                return TLPHeader.adding(label, to: try JSONBody.encode(QueueJSON(questions: questions)))
            },
            APIRoute(.post, "/v1/questions/{id}/claim", "questionClaim") { request, caller in
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                guard info.askExperts else { throw APIProblem.unprocessable("not-a-question", "This thread does not ask the experts.") }
                let claimed = try context.database.write { conn in try QuestionStore.claim(conn, threadID: info.id, expertID: me, at: WallClock.seconds) }
                guard claimed else { throw APIProblem.conflict("claimed", "Another expert has taken up this question.") }
                return TLPHeader.adding(info.label, to: try JSONBody.encode(["thread_id": info.id, "claimed_by": me], status: 201))
            },
            APIRoute(.post, "/v1/threads/{id}/accepted", "answerAccept") { request, caller in
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                guard info.record.authorID == me else {
                    throw Problem(status: 403, slug: "not-the-asker", title: "Only the thread's author accepts an answer.")
                }
                let postID = try Fields.uuid(try request.decodeJSON(AcceptRequest.self).post_id, "post_id")
                try context.database.write { conn in
                    guard let post = try PostStore.post(conn, id: postID), post.threadID == info.id, post.status == PostStore.Status.visible.rawValue else {
                        throw APIProblem.notFound("post")
                    }
                    guard post.authorID != me else { throw APIProblem.unprocessable("own-post", "Accept an answer by someone else.") }
                    try QuestionStore.accept(conn, threadID: info.id, postID: postID, at: WallClock.seconds)
                }
                return TLPHeader.adding(info.label, to: try JSONBody.encode(["thread_id": info.id, "accepted_post_id": postID]))
            },
            APIRoute(.put, "/v1/org/sharing", "orgSharing") { request, caller in
                _ = try caller.requireMember()
                guard let orgID = caller.orgID else { throw APIProblem.forbidden() }
                let body = try request.decodeJSON(SharingRequest.self)
                try context.database.write { conn in try QuestionStore.setSharing(conn, orgID: orgID, share: body.share_with_experts, at: WallClock.seconds) }
                return try JSONBody.encode(body)
            },
        ]
    }
}
