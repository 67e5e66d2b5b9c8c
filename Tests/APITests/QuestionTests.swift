import Core
import Foundation
import HTTP
import Protocol
import Testing
@testable import API

/// Ask the experts through the routes: the queue shows what an expert can
/// read, a claim is one expert's, an expert's answer marks it answered, the
/// asker accepts, and the asking organisation's sector and level appear
/// only after it opted in.
@Suite struct QuestionTests {
    @Test func anExpertClaimsAnswersAndTheAskerAccepts() throws {
        let w = try ThreadWorld()
        try w.defaultEpoch(by: w.c.member)
        let (question, made) = try w.circleThread(.green, by: w.c.member, topics: ["ransomware"], askExperts: true)
        #expect(made.status == 201, "\(made.text)")
        let (plain, _) = try w.circleThread(.green, by: w.c.member)
        // An AMBER question the expert is not in: not in its queue.
        let (hidden, _) = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin])

        func queue(_ query: String = "") throws -> [[String: Any]] {
            let answer = try w.get("/v1/questions" + query, as: w.c.expert)
            #expect(answer.status == 200, "\(answer.text)")
            return answer.json?["questions"] as? [[String: Any]] ?? []
        }
        var items = try queue()
        #expect(items.map { $0["thread_id"] as? String } == [question.threadID])
        #expect(!items.contains { $0["thread_id"] as? String == plain.threadID || $0["thread_id"] as? String == hidden.threadID })
        #expect(items.first?["topics"] as? [String] == ["ransomware"])
        #expect(items.first?["sector"] == nil && items.first?["maturity_level"] == nil)
        #expect(try w.get("/v1/questions", as: w.c.member).status == 403)

        // The organisation opts in (org admin) and records a level: the expert sees both.
        struct Sharing: Encodable { let share_with_experts: Bool }
        #expect(try w.call(.put, "/v1/org/sharing", Sharing(share_with_experts: true), as: w.c.orgAdmin).status == 200)
        struct Level: Encodable { let level: Int; let questions_version: String }
        #expect(try w.call(.post, "/v1/org/maturity", Level(level: 3, questions_version: try MaturityAssessment.embedded().version),
                           as: w.c.member).status == 201)
        items = try queue()
        #expect(w.c.orgAdmin.orgID == w.c.member.orgID)
        #expect(items.first?["sector"] as? String == "energy" && items.first?["maturity_level"] as? Int == 3, "\(items)")

        // A claim is one expert's.
        struct Empty: Encodable {}
        #expect(try w.call(.post, "/v1/questions/\(question.threadID)/claim", Empty(), as: w.c.expert).status == 201)
        #expect(try w.call(.post, "/v1/questions/\(plain.threadID)/claim", Empty(), as: w.c.expert).status == 422)
        #expect(try queue().first?["claimed_by"] as? String == w.c.expert.id)

        // A member's reply does not answer it; the expert's does.
        #expect(try w.send(try w.post(question, by: w.c.orgAdmin), as: w.c.orgAdmin).status == 201)
        #expect(try queue().first?["answered"] as? Bool == false)
        let answer = try w.post(question, by: w.c.expert, body: "Restore from the offline copy; report to the police.")
        #expect(try w.send(answer, as: w.c.expert).status == 201)
        #expect(try queue().first?["answered"] as? Bool == true)

        // Only the asker accepts, and only someone else's visible post.
        struct Accept: Encodable { let post_id: String }
        #expect(try w.call(.post, "/v1/threads/\(question.threadID)/accepted", Accept(post_id: answer.postID), as: w.c.expert).status == 403)
        #expect(try w.call(.post, "/v1/threads/\(question.threadID)/accepted", Accept(post_id: ThreadWorld.newID()), as: w.c.member).status == 404)
        #expect(try w.call(.post, "/v1/threads/\(question.threadID)/accepted", Accept(post_id: answer.postID), as: w.c.member).status == 200)
        // Answered and accepted: out of the default queue, in ?all=true.
        #expect(try queue().isEmpty)
        #expect(try queue("?all=true").first?["accepted_post_id"] as? String == answer.postID)
    }
}
