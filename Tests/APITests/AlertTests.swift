import Core
import Foundation
import HTTP
import Testing
@testable import API

/// Alerts from CSAF 2.0 advisories through the routes: experts import, the
/// label decides who reads, a newer version updates, errors name the JSON
/// path, and the public Atom feed holds TLP:CLEAR alerts only.
@Suite struct AlertTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KnowledgeTests/Fixtures")

    /// An OASIS example advisory, optionally with another tracking id, version or TLP label.
    static func advisory(_ name: String, trackingID: String? = nil, version: String? = nil, label: String?? = .none,
                         change: ((inout [String: Any]) -> Void)? = nil) throws -> [UInt8] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var document = object["document"] as! [String: Any]
        var tracking = document["tracking"] as! [String: Any]
        if let trackingID { tracking["id"] = trackingID }
        if let version {
            tracking["version"] = version
            var history = tracking["revision_history"] as! [[String: Any]]
            var last = history[history.count - 1]
            last["number"] = version
            history.append(last)
            tracking["revision_history"] = history
        }
        document["tracking"] = tracking
        if case .some(let value) = label {
            if let value {
                document["distribution"] = ["tlp": ["label": value]]
            } else {
                document.removeValue(forKey: "distribution")
            }
        }
        object["document"] = document
        change?(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    func importing(_ c: TestCommunity, _ body: [UInt8], as person: Person? = nil, query: String = "") throws -> Response {
        try c.service.call(.post, "/v1/alerts/import" + query, body: body, contentType: "application/json", token: (person ?? c.expert).token)
    }

    @Test func anExpertImportsAndAMemberReads() throws {
        let c = try TestCommunity()
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json"), as: c.member).status == 403)
        let made = try importing(c, try Self.advisory("bsi-2022-0001.json"))
        #expect(made.status == 201, "\(made.text)")
        let alert = try #require(made.json?["alert"] as? [String: Any])
        // Values read from the file itself.
        #expect(alert["title"] as? String == "CVRF-CSAF-Converter: XML External Entities Vulnerability")
        #expect(alert["tracking_id"] as? String == "BSI-2022-0001")
        #expect(alert["label"] as? String == "TLP:CLEAR")
        #expect(alert["cve_ids"] as? [String] == ["CVE-2022-27193"])
        #expect(made.headers.contains { $0.name == "TLP" && $0.value == "TLP:CLEAR" })
        let id = try #require(alert["alert_id"] as? String)

        // The same version again: 409; a newer one updates the same alert.
        let again = try importing(c, try Self.advisory("bsi-2022-0001.json"))
        #expect(again.status == 409 && again.problemType == "urn:trustforum:problem:not-newer", "\(again.text)")
        let newer = try importing(c, try Self.advisory("bsi-2022-0001.json", version: "2"))
        #expect(newer.status == 200, "\(newer.text)")
        #expect((newer.json?["alert"] as? [String: Any])?["alert_id"] as? String == id)
        #expect((newer.json?["alert"] as? [String: Any])?["version"] as? String == "2")
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json", version: "2")).status == 409)

        let shown = try c.service.call(.get, "/v1/alerts/\(id)", token: c.member.token)
        #expect(shown.status == 200 && shown.json?["version"] as? String == "2")
    }

    @Test func labelsDecideWhoReads() throws {
        let c = try TestCommunity()
        // No label: TLP:GREEN (members only); with ?label=TLP:CLEAR: public.
        let green = try importing(c, try Self.advisory("cisco-sa-20180328-smi2.json"))
        #expect(green.status == 201, "\(green.text)")
        let greenID = try #require((green.json?["alert"] as? [String: Any])?["alert_id"] as? String)
        #expect((green.json?["alert"] as? [String: Any])?["label"] as? String == "TLP:GREEN")
        let clear = try importing(c, try Self.advisory("2022-evd-uc-01-a-001.json"), query: "?label=TLP:CLEAR")
        #expect((clear.json?["alert"] as? [String: Any])?["label"] as? String == "TLP:CLEAR", "\(clear.text)")
        // AMBER and RED advisories and overrides are refused.
        for label in ["AMBER", "RED"] {
            let refused = try importing(c, try Self.advisory("bsi-2022-0001.json", trackingID: "T-\(label)", label: .some(label)))
            #expect(refused.status == 422 && refused.problemType == "urn:trustforum:problem:label-not-allowed", "\(refused.text)")
        }
        #expect(try importing(c, try Self.advisory("rhsa-2019_1862.json"), query: "?label=TLP:AMBER").status == 422)

        let anonymous = try c.service.call(.get, "/v1/alerts")
        let publicIDs = (anonymous.json?["alerts"] as? [[String: Any]])?.compactMap { $0["alert_id"] as? String } ?? []
        #expect(!publicIDs.contains(greenID) && publicIDs.count == 1)
        #expect(try c.service.call(.get, "/v1/alerts/\(greenID)").status == 404)
        // An applicant is signed in but not vetted: TLP:GREEN is not for it either.
        let applicant = try c.service.call(.get, "/v1/alerts", token: c.applicant.token)
        #expect((applicant.json?["alerts"] as? [[String: Any]])?.compactMap { $0["alert_id"] as? String } == publicIDs)
        #expect(try c.service.call(.get, "/v1/alerts/\(greenID)", token: c.applicant.token).status == 404)
        let members = try c.service.call(.get, "/v1/alerts", token: c.member.token)
        #expect((members.json?["alerts"] as? [[String: Any]])?.count == 2)
        #expect(members.headers.contains { $0.name == "TLP" && $0.value == "TLP:GREEN" })

        let feed = try c.service.call(.get, "/v1/alerts.atom")
        #expect(feed.status == 200 && feed.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("application/atom+xml") })
        #expect(feed.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">") && !feed.text.contains(greenID))
        #expect(feed.text.components(separatedBy: "<entry>").count == 2)
    }

    @Test func brokenAdvisoriesNameThePath() throws {
        let c = try TestCommunity()
        let missing = try importing(c, try Self.advisory("bsi-2022-0001.json") { object in
            var document = object["document"] as! [String: Any]
            document.removeValue(forKey: "title")
            object["document"] = document
        })
        #expect(missing.status == 422 && missing.problemType == "urn:trustforum:problem:invalid-advisory")
        #expect(missing.json?["path"] as? String == "/document/title", "\(missing.text)")
        let notJSON = try importing(c, Array("{\"document\": ".utf8))
        #expect(notJSON.status == 422 && notJSON.problemType == "urn:trustforum:problem:invalid-advisory")
        // 6.1.1: a product status naming an undefined product id.
        let undefined = try importing(c, try Self.advisory("cisco-sa-20180328-smi2.json") { object in
            var vulnerabilities = object["vulnerabilities"] as! [[String: Any]]
            var status = vulnerabilities[0]["product_status"] as! [String: Any]
            let key = status.keys.sorted().first!
            status[key] = ["NOT-DEFINED-ANYWHERE"]
            vulnerabilities[0]["product_status"] = status
            object["vulnerabilities"] = vulnerabilities
        })
        #expect(undefined.status == 422, "\(undefined.text)")
        #expect((undefined.json?["detail"] as? String)?.contains("6.1.1") == true, "\(undefined.text)")
        #expect((undefined.json?["path"] as? String)?.hasPrefix("/vulnerabilities/0/product_status/") == true, "\(undefined.text)")
    }

    @Test func subscribersAreNotifiedAndTheirFeedCarriesItsOwnToken() throws {
        let c = try TestCommunity()
        struct Subscriptions: Encodable { let topics: [String]; let products: [String] }
        // The member follows a product of the BSI advisory; the org admin a topic; the expert nothing.
        #expect(try c.service.call(.put, "/v1/subscriptions", json: Subscriptions(topics: [], products: ["cvrf-csaf-converter"]),
                                   token: c.member.token).status == 200)
        #expect(try c.service.call(.put, "/v1/subscriptions", json: Subscriptions(topics: ["vulnerability-management"], products: []),
                                   token: c.orgAdmin.token).status == 200)
        #expect(try c.service.call(.put, "/v1/subscriptions", json: Subscriptions(topics: ["no-such-topic"], products: []),
                                   token: c.member.token).status == 400)
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json")).status == 201)
        #expect(try importing(c, try Self.advisory("rhsa-2019_1862.json"), query: "?topic=vulnerability-management").status == 201)

        func notifications(_ person: Person) throws -> [String] {
            let answer = try c.service.call(.get, "/v1/notifications", token: person.token)
            return (answer.json?["notifications"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        }
        #expect(try notifications(c.member) == ["CVRF-CSAF-Converter: XML External Entities Vulnerability"])
        #expect(try notifications(c.orgAdmin).count == 1 && (try notifications(c.orgAdmin)).first?.contains("Red Hat") == true)
        #expect(try notifications(c.expert).isEmpty)
        // A newer version notifies again.
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json", version: "2")).status == 200)
        #expect(try notifications(c.member).count == 2)
        #expect(try c.service.call(.post, "/v1/notifications/read", token: c.member.token).status == 204)
        let unread = try c.service.call(.get, "/v1/notifications?unread=true", token: c.member.token)
        #expect((unread.json?["notifications"] as? [[String: Any]])?.isEmpty == true && unread.json?["unread"] as? Int == 0)

        // The feed: its own token in the URL, never the session's; revocable.
        let made = try c.service.call(.post, "/v1/feed-token", token: c.member.token)
        let url = try #require(made.json?["url"] as? String)
        #expect(!url.contains(c.member.token ?? "-"))
        let path = String(url[url.range(of: "/v1/feeds/")!.lowerBound...])
        let feed = try c.service.call(.get, path)
        #expect(feed.status == 200 && feed.text.contains("CVRF-CSAF-Converter") && !feed.text.contains("Red Hat"), "\(feed.text)")
        #expect(try c.service.call(.get, "/v1/feeds/\(c.member.token ?? "x").atom").status == 404)
        let replaced = try c.service.call(.post, "/v1/feed-token", token: c.member.token)
        #expect(replaced.status == 201)
        #expect(try c.service.call(.get, path).status == 404, "the old token stops working")
        #expect(try c.service.call(.delete, "/v1/feed-token", token: c.member.token).status == 204)
        let newPath = String((replaced.json?["url"] as! String).split(separator: "/", omittingEmptySubsequences: false).suffix(3).joined(separator: "/"))
        #expect(try c.service.call(.get, "/" + newPath).status == 404, "revoked")
    }

    @Test func anExpertWritesAnAlertByHand() throws {
        let c = try TestCommunity()
        struct New: Encodable {
            let title: String; let summary: String; let severity: String; let label: String
            var products: [String]? = nil; var cve_ids: [String]? = nil; var advice: String? = nil; var topics: [String]? = nil
        }
        struct Subscriptions: Encodable { let topics: [String]; let products: [String] }
        #expect(try c.service.call(.put, "/v1/subscriptions", json: Subscriptions(topics: [], products: ["FortiGate"]), token: c.member.token).status == 200)
        let good = New(title: "VPN appliances exploited", summary: "Attackers use a known flaw.", severity: "critical", label: "TLP:GREEN",
                       products: ["FortiGate 7.2"], cve_ids: ["CVE-2024-21762"], advice: "Update to 7.2.7 or disable SSL VPN.", topics: ["network-security"])
        #expect(try c.service.call(.post, "/v1/alerts", json: good, token: c.member.token).status == 403)
        let made = try c.service.call(.post, "/v1/alerts", json: good, token: c.expert.token)
        #expect(made.status == 201, "\(made.text)")
        #expect(made.json?["severity"] as? String == "critical" && made.json?["cve_ids"] as? [String] == ["CVE-2024-21762"])
        #expect((made.json?["remediations"] as? [[String: Any]])?.first?["details"] as? String == "Update to 7.2.7 or disable SSL VPN.")
        let notified = try c.service.call(.get, "/v1/notifications", token: c.member.token)
        #expect((notified.json?["notifications"] as? [[String: Any]])?.first?["title"] as? String == "VPN appliances exploited")
        // Refusals: AMBER, a bad severity, a malformed CVE, an unknown topic.
        let amber = New(title: good.title, summary: good.summary, severity: good.severity, label: "TLP:AMBER")
        #expect(try c.service.call(.post, "/v1/alerts", json: amber, token: c.expert.token).status == 422)
        #expect(try c.service.call(.post, "/v1/alerts", json: New(title: "t", summary: "s", severity: "urgent", label: "TLP:CLEAR"),
                                   token: c.expert.token).status == 400)
        #expect(try c.service.call(.post, "/v1/alerts", json: New(title: "t", summary: "s", severity: "low", label: "TLP:CLEAR", cve_ids: ["CVE-24-1"]),
                                   token: c.expert.token).status == 400)
        #expect(try c.service.call(.post, "/v1/alerts", json: New(title: "t", summary: "s", severity: "low", label: "TLP:CLEAR", topics: ["nope"]),
                                   token: c.expert.token).status == 400)
    }

    /// Alerts are in the same full-text search as publications: by title,
    /// summary, product, CVE id and advice; TLP:GREEN ones for members only,
    /// never for the public or applicants; `kind` narrows; a newer version
    /// replaces the indexed text.
    @Test func alertsAreSearchableByWhoMayReadThem() throws {
        let c = try TestCommunity()
        struct New: Encodable {
            let title: String; let summary: String; let severity: String; let label: String
            var products: [String]? = nil; var cve_ids: [String]? = nil; var advice: String? = nil; var topics: [String]? = nil
        }
        func search(_ q: String, _ person: Person?, kind: String? = nil) throws -> [[String: Any]] {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try c.service.call(.get, "/v1/search?q=\(encoded)" + (kind.map { "&kind=\($0)" } ?? ""), token: person?.token)
            #expect(response.status == 200, "\(response.text)")
            return response.json?["results"] as? [[String: Any]] ?? []
        }
        let green = try #require(try c.service.call(.post, "/v1/alerts", json: New(
            title: "Gateway appliances exploited", summary: "Attackers use a known flaw in the SSL VPN portal.", severity: "critical",
            label: "TLP:GREEN", products: ["Zyxomatic Gateway 7.2"], cve_ids: ["CVE-2024-21762"], advice: "Disable the portal until patched.",
            topics: ["network-security"]), token: c.expert.token).json?["alert_id"] as? String)
        let clear = try #require(try c.service.call(.post, "/v1/alerts", json: New(
            title: "Phishing wave with invoice lures", summary: "Mails pretend to come from a Zyxomatic reseller.", severity: "medium",
            label: "TLP:CLEAR"), token: c.expert.token).json?["alert_id"] as? String)
        let publication = try #require(try c.service.call(.post, "/v1/publications", json: RoleMatrixTests.NewPublication(
            label: "TLP:CLEAR", title: "Patch Zyxomatic gateways first", body: "Internet-facing appliances go first."),
            token: c.member.token).json?["id"] as? String)

        // By product, CVE id, advice and summary words; the label decides who finds it.
        for q in ["Zyxomatic Gateway", "CVE-2024-21762", "portal until patched", "SSL VPN"] {
            #expect(try search(q, c.member).compactMap { $0["id"] as? String } == [green], "\(q)")
            #expect(try search(q, nil).isEmpty, "\(q): TLP:GREEN is not public")
            #expect(try search(q, c.applicant).isEmpty, "\(q): nor for applicants")
        }
        let hit = try #require(try search("CVE-2024-21762", c.member).first)
        #expect(hit["kind"] as? String == "alert" && hit["label"] as? String == "TLP:GREEN" && hit["severity"] as? String == "critical")
        #expect(hit["topics"] as? [String] == ["network-security"] && hit["maturity_level"] == nil)
        #expect((hit["snippet"] as? String)?.contains("**") == true)
        // Both kinds in one result, best first; `kind` narrows to one.
        #expect(Set(try search("Zyxomatic", nil).compactMap { $0["id"] as? String }) == [clear, publication])
        #expect(Set(try search("Zyxomatic", c.member).compactMap { $0["id"] as? String }) == [green, clear, publication])
        #expect(try search("Zyxomatic", c.member).first?["id"] as? String == publication, "a title match ranks above body matches")
        #expect(Set(try search("Zyxomatic", c.member, kind: "alert").compactMap { $0["id"] as? String }) == [green, clear])
        #expect(try search("Zyxomatic", c.member, kind: "publication").compactMap { $0["id"] as? String } == [publication])
        #expect(try c.service.call(.get, "/v1/search?q=Zyxomatic&kind=post").status == 400)
    }

    /// A newer version of an imported advisory replaces its indexed text
    /// (one hit, not two), found by its CVE id and product names.
    @Test func aReimportedAdvisoryIsIndexedOnce() throws {
        let c = try TestCommunity()
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json")).status == 201)
        func found(_ q: String) throws -> [String] {
            (try c.service.call(.get, "/v1/search?q=\(q)&kind=alert").json?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        let first = try found("CVE-2022-27193")
        #expect(first.count == 1)
        #expect(try found("CVRF-CSAF-Converter") == first, "the product tree's names are indexed")
        #expect(try importing(c, try Self.advisory("bsi-2022-0001.json", version: "2", change: { object in
            var document = object["document"] as! [String: Any]
            document["title"] = "Renamed advisory about Quuxtastic"
            object["document"] = document
        })).status == 200)
        #expect(try found("Quuxtastic") == first)
        #expect(try found("CVE-2022-27193") == first, "one alert, indexed once")
        let hit = try c.service.call(.get, "/v1/search?q=CVE-2022-27193&kind=alert").json?["results"] as? [[String: Any]]
        #expect(hit?.first?["title"] as? String == "Renamed advisory about Quuxtastic", "the index holds the new version's text")
    }
}

/// The search results written by hand are the bytes JSONEncoder writes.
@Suite struct SearchJSONTests {
    @Test func handWrittenResultsAreJSONEncodersBytes() throws {
        let hits = [
            SearchRoutes.HitJSON(id: "a", kind: "best-practice", label: "TLP:CLEAR", maturity_level: 3, severity: nil, topics: ["phishing", "awareness"],
                                 title: "Plain title", snippet: "**backup** and more…"),
            SearchRoutes.HitJSON(id: "b", kind: "alert", label: "TLP:GREEN", maturity_level: nil, severity: "high", topics: [],
                                 title: "Quote \" back\\slash / slash\ttab\u{1}ctl é ü 😀", snippet: "line\nbreak\r\u{7F}"),
        ]
        for list in [[], [hits[0]], hits] {
            #expect(SearchRoutes.encode(list) == (try JSONBody.bytes(SearchRoutes.ResultsJSON(results: list))),
                    "\(String(decoding: SearchRoutes.encode(list), as: UTF8.self))")
        }
    }
}
