import Client
import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Testing
import struct Moderation.RuleSource
import enum Moderation.PolicyBundle
@testable import API

/// The moderation policy on the plaintext the server sees (applications:
/// organisation and contact names): block → 422 naming the rule, nothing
/// stored; hold → stored and queued, not approvable until a moderator
/// approves the text; flag → stored and queued.
@Suite struct PlaintextModerationTests {
    static let rules = """
        format trustforum-rules/v1
        t-block  block  phrase "cheap licences"  -- Selling licences is not allowed here.
        t-hold   hold   phrase "wij bieden aan"  -- Offers wait for a moderator.
        t-flag   flag   word   "webshop"         -- Shops are looked at by a moderator.
        """

    static func community() throws -> TestCommunity {
        let c = try TestCommunity()
        let bytes = try PolicyBundle.build([RuleSource(name: "t.rules", bytes: Array(rules.utf8))])
        try c.service.service.replaceModeration(try ModerationBundle(bytes: bytes))
        return c
    }

    func queue(_ c: TestCommunity) throws -> [[String: Any]] {
        let response = try c.service.call(.get, "/v1/moderation/queue", token: c.moderator.token)
        return response.json?["items"] as? [[String: Any]] ?? []
    }

    @Test func aBlockedNameIsRefusedNamingTheRule() throws {
        let c = try Self.community()
        let person = Person.new()
        let refused = try c.submit(person, organisationName: "Ch3ap L1cences BV")
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.problemType == "urn:trustforum:problem:blocked-by-policy")
        #expect(refused.json?["rule_id"] as? String == "t-block")
        #expect(refused.json?["field"] as? String == "organisation.name")
        #expect(refused.json?["reason"] as? String == "Selling licences is not allowed here.")
        // Nothing was stored: the same person applies again with a clean name.
        #expect(try c.submit(person).status == 201)
    }

    @Test func aHeldApplicationWaitsForAModerator() throws {
        let c = try Self.community()
        let person = Person.new()
        #expect(try c.submit(person, organisationName: "Wij Bieden Aan Pentests BV").status == 201)
        let item = try #require(try queue(c).first { $0["subject_member_id"] as? String == person.id })
        #expect(item["kind"] as? String == "held-text")
        #expect(item["rule_ids"] as? [String] == ["t-hold"])
        let itemID = try #require(item["item_id"] as? String)
        let shown = try c.service.call(.get, "/v1/moderation/items/\(itemID)", token: c.moderator.token)
        #expect((shown.json?["text"] as? [String: Any])?["text"] as? String == "Wij Bieden Aan Pentests BV")

        let approval = c.approval(person, role: .member, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: c.moderator)
        let early = try c.service.call(.post, "/v1/applications/\(person.id)/approve", json: approval, token: c.moderator.token)
        #expect(early.status == 409 && early.problemType == "urn:trustforum:problem:held-for-review", "\(early.text)")

        let decision = Decision.sign(.approve, reason: "a company name, not an offer", communityID: c.service.communityID, subjectID: itemID,
                                     moderatorID: c.moderator.id, moderatorCertHash: c.service.state.member(c.moderator.id)!.current.hash,
                                     key: c.moderator.signing)
        let decided = try c.service.call(.post, "/v1/moderation/items/\(itemID)/decisions", json: ReportWire.DecisionRequest(decision),
                                         token: c.moderator.token)
        #expect(decided.status == 201, "\(decided.text)")
        let approved = try c.service.call(.post, "/v1/applications/\(person.id)/approve",
                                          json: c.approval(person, role: .member, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: c.moderator),
                                          token: c.moderator.token)
        #expect(approved.status == 200, "\(approved.text)")
    }

    @Test func aRemovedTextCannotBeApprovedAndAFlaggedOneIsQueued() throws {
        let c = try Self.community()
        let held = Person.new()
        #expect(try c.submit(held, organisationName: "Wij bieden aan BV").status == 201)
        let itemID = try #require(try queue(c).first { $0["subject_member_id"] as? String == held.id }?["item_id"] as? String)
        let decision = Decision.sign(.remove, reason: "an offer", communityID: c.service.communityID, subjectID: itemID,
                                     moderatorID: c.moderator.id, moderatorCertHash: c.service.state.member(c.moderator.id)!.current.hash,
                                     key: c.moderator.signing)
        #expect(try c.service.call(.post, "/v1/moderation/items/\(itemID)/decisions", json: ReportWire.DecisionRequest(decision),
                                   token: c.moderator.token).status == 201)
        let approval = c.approval(held, role: .member, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: c.moderator)
        let refused = try c.service.call(.post, "/v1/applications/\(held.id)/approve", json: approval, token: c.moderator.token)
        #expect(refused.status == 409 && refused.problemType == "urn:trustforum:problem:removed-by-moderation", "\(refused.text)")

        let flagged = Person.new()
        #expect(try c.submit(flagged, organisationName: "Security Webshop BV").status == 201)
        let item = try #require(try queue(c).first { $0["subject_member_id"] as? String == flagged.id })
        #expect(item["kind"] as? String == "flagged-text")
        // A flag does not stop the approval.
        let ok = try c.service.call(.post, "/v1/applications/\(flagged.id)/approve",
                                    json: c.approval(flagged, role: .member, orgID: Identifier.uuid(fromRandom: Random.bytes(16)), by: c.moderator),
                                    token: c.moderator.token)
        #expect(ok.status == 200, "\(ok.text)")
    }
}
