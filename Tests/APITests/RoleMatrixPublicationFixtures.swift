import Foundation
import HTTP
@testable import API

/// The role-matrix fixtures of part 5's publications and search.
extension RoleMatrixTests {
    struct NewPublication: Encodable {
        var label = "TLP:CLEAR"
        var kind = "best-practice"
        var maturity_level = 2
        var topics = ["phishing"]
        var title = "Train staff to report phishing"
        var body = "Run a short exercise every quarter and make reporting one click."
        var language: String? = "en"
    }

    /// A CLEAR publication of `author`: its id.
    static func publication(_ c: TestCommunity, by author: Person) throws -> String {
        let made = try c.service.call(.post, "/v1/publications", json: NewPublication(), token: author.token)
        guard made.status == 201, let id = made.json?["id"] as? String else { throw TestCommunity.Failure("publication: \(made.text)") }
        return id
    }

    nonisolated(unsafe) static let publicationFixtures: [String: Fixture] = [
        "publicationCreate": { _, _, p in (.post, "/v1/publications", json(NewPublication(label: "TLP:GREEN")), p?.token, 201) },
        "publicationEdit": { c, who, p in
            let author = members.contains(who) ? p! : c.member
            struct Edit: Encodable { let body: String }
            return (.put, "/v1/publications/\(try publication(c, by: author))", json(Edit(body: "Every quarter, and after each incident.")), p?.token, 200)
        },
        "publicationList": { _, _, p in (.get, "/v1/publications?level=2", nil, p?.token, 200) },
        "publicationShow": { c, _, p in (.get, "/v1/publications/\(try publication(c, by: c.member))", nil, p?.token, 200) },
        "publicationHistory": { c, _, p in (.get, "/v1/publications/\(try publication(c, by: c.member))/history", nil, p?.token, 200) },
        "publicationEndorse": { c, _, p in (.post, "/v1/publications/\(try publication(c, by: c.member))/endorsements", nil, p?.token, 201) },
        "search": { _, _, p in (.get, "/v1/search?q=phishing+exercise", nil, p?.token, 200) },
    ]
}
