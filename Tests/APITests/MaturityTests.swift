import Core
import Foundation
import HTTP
import Testing
@testable import API

/// The self-assessment's routes: a level (never answers) recorded for the
/// caller's organisation, its history visible to that organisation only,
/// stale questions refused, and counts per level only for groups of at
/// least five organisations.
@Suite struct MaturityTests {
    struct Record: Encodable {
        let level: Int
        let questions_version: String
    }

    static let version = try! MaturityAssessment.embedded().version

    func record(_ c: TestCommunity, _ person: Person, level: Int, version: String = MaturityTests.version) throws -> Response {
        try c.service.call(.post, "/v1/org/maturity", json: Record(level: level, questions_version: version), token: person.token)
    }

    @Test func aLevelIsTheOrganisationsAndOnlyItsMembersSeeIt() throws {
        let c = try TestCommunity()
        #expect(try record(c, c.member, level: 2).status == 201)
        #expect(try record(c, c.member, level: 3).status == 201)
        // Stale questions and impossible levels are refused.
        let stale = try record(c, c.member, level: 4, version: "2020-01-01")
        #expect(stale.status == 422 && stale.problemType == "urn:trustforum:problem:stale-questions")
        #expect(stale.json?["current_version"] as? String == Self.version)
        #expect(try record(c, c.member, level: 6).status == 400)
        #expect(try record(c, c.member, level: 0).status == 400)

        let own = try c.service.call(.get, "/v1/org/maturity", token: c.member.token)
        #expect(own.status == 200)
        #expect((own.json?["current"] as? [String: Any])?["level"] as? Int == 3)
        #expect((own.json?["history"] as? [[String: Any]])?.map { $0["level"] as? Int } == [3, 2])
        // A colleague sees it; another organisation's member sees its own (none).
        let colleague = try c.service.call(.get, "/v1/org/maturity", token: c.orgAdmin.token)
        let sameOrg = c.orgAdmin.orgID == c.member.orgID
        #expect((colleague.json?["history"] as? [[String: Any]])?.count == (sameOrg ? 2 : 0))
        let other = try c.service.call(.get, "/v1/org/maturity", token: c.expert.token)
        #expect((other.json?["history"] as? [[String: Any]])?.isEmpty == true)
        // Members may not see the statistics; experts may.
        #expect(try c.service.call(.get, "/v1/maturity/statistics", token: c.member.token).status == 403)
    }

    @Test func countsAppearOnlyForGroupsOfFive() throws {
        let c = try TestCommunity()
        var people: [Person] = []
        for index in 0..<5 {
            var person = try c.admit(Person.new(), role: .member, by: c.moderator)
            person.token = try c.login(person)
            people.append(person)
            #expect(try record(c, person, level: index < 3 ? 2 : 4).status == 201)
            let stats = try c.service.call(.get, "/v1/maturity/statistics", token: c.expert.token)
            let all = try #require((stats.json?["groups"] as? [[String: Any]])?.first { $0["group"] as? String == "all" })
            #expect(all["organisations"] as? Int == index + 1)
            if index < 4 {
                #expect(all["levels"] == nil, "a group of \(index + 1) shows its size only")
            } else {
                #expect(all["levels"] as? [Int] == [0, 3, 0, 2, 0])
            }
        }
        // The latest level counts: one organisation moves from 4 to 5.
        #expect(try record(c, people[4], level: 5).status == 201)
        let stats = try c.service.call(.get, "/v1/maturity/statistics", token: c.expert.token)
        let groups = try #require(stats.json?["groups"] as? [[String: Any]])
        #expect(groups.first { $0["group"] as? String == "all" }?["levels"] as? [Int] == [0, 3, 0, 1, 1])
        // Every test organisation is in one sector (energy): that group is the same five.
        #expect(groups.first { $0["group"] as? String == "energy" }?["organisations"] as? Int == 5)
        // No organisation names or ids in the statistics.
        for person in people { #expect(!stats.text.contains(person.orgID ?? "-")) }
    }
}
