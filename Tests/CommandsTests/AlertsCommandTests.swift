import Foundation
import Testing
@testable import Commands
import Client

/// `trustforum alerts` against a live server: an expert imports an OASIS
/// example advisory, a member lists and reads it, a broken one is refused
/// naming the JSON path, and members cannot import.
@Suite struct AlertsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KnowledgeTests/Fixtures")

    @Test func anExpertImportsAndAMemberReads() throws {
        let c = try ThreadCommunity()
        let expert = try c.member("expert", role: "expert")
        let alice = try c.member("alice")
        let file = Self.fixtures.appendingPathComponent("bsi-2022-0001.json").path

        #expect(alice.run(["alerts", "import", file]).code == 1)
        let subscribed = alice.run(["alerts", "subscribe", "--product", "CVRF-CSAF-Converter", "--topic", "vulnerability-management"])
        #expect(subscribed.code == 0 && subscribed.field("products") == "CVRF-CSAF-Converter", "\(subscribed.out) \(subscribed.err)")
        #expect(alice.run(["alerts", "subscribe", "--topic", "made-up"]).code == 1)
        #expect(alice.run(["notifications"]).out == "No notifications.\n")
        let imported = expert.run(["alerts", "import", file])
        #expect(imported.code == 0, "\(imported.err)")
        #expect(imported.out.hasPrefix("Imported alert ") && imported.out.contains("BSI-2022-0001 version 1, TLP:CLEAR."), "\(imported.out)")
        let again = expert.run(["alerts", "import", file])
        #expect(again.code == 1 && again.err.contains("imported already"), "\(again.err)")

        let list = alice.run(["alerts", "list"])
        #expect(list.code == 0 && list.out.contains("BSI-2022-0001"), "\(list.out)")
        let id = String(imported.out.dropFirst("Imported alert ".count).prefix(36))
        let shown = alice.run(["alerts", "show", id])
        #expect(shown.code == 0, "\(shown.err)")
        #expect(shown.out.contains("CVE-2022-27193"), "\(shown.out)")

        let notified = alice.run(["notifications", "--mark-read"])
        #expect(notified.code == 0 && notified.out.contains("*") && notified.out.contains("CVRF-CSAF-Converter"), "\(notified.out)")
        #expect(alice.run(["notifications", "--unread"]).out == "No notifications.\n")
        let feed = alice.run(["alerts", "feed"])
        #expect(feed.code == 0 && feed.out.contains("/v1/feeds/") && feed.out.hasSuffix(".atom\n"), "\(feed.out)")
        // The feed at that address (no session: the address is the credential) carries the imported advisory.
        let address = try #require(feed.out.split(separator: "\n").first { $0.contains("/v1/feeds/") }?
            .split(separator: " ").first { $0.contains("/v1/feeds/") })
        let path = String(address[address.range(of: "/v1/feeds/")!.lowerBound...])
        let atom = try APIClient(server: try ServerAddress(c.live.url)).send("GET", path)
        let text = String(decoding: atom.body, as: UTF8.self)
        #expect(atom.status == 200 && text.contains("<feed") && text.contains("CVRF-CSAF-Converter: XML External Entities Vulnerability"), "\(text)")
        #expect(alice.run(["alerts", "feed", "--revoke"]).out == "Your feed address is revoked.\n")

        // An alert written by hand.
        let written = expert.run(["alerts", "new", "--title", "Mail server flaw exploited", "--severity", "high", "--label", "TLP:CLEAR",
                                  "--product", "Exchange", "--cve", "CVE-2021-26855", "--advice", "Patch now.",
                                  "--body-file", try c.body("Attackers use it to read mailboxes.")])
        #expect(written.code == 0 && written.out.hasPrefix("Published alert ") && written.out.contains("TLP:CLEAR"), "\(written.out) \(written.err)")
        #expect(alice.run(["alerts", "list"]).out.contains("Mail server flaw exploited"))
        // Found by search, alone with --kind alert, marked as an alert.
        let found = alice.run(["search", "--kind", "alert", "read mailboxes"])
        #expect(found.code == 0 && found.out.hasPrefix("Mail server flaw exploited  [TLP:CLEAR, alert, high]  "), "\(found.out)\(found.err)")
        #expect(found.out.contains("**read** **mailboxes**"), "\(found.out)")
        #expect(alice.run(["search", "--kind", "publication", "read mailboxes"]).out == "Nothing matches.\n")
        #expect(alice.run(["search", "--kind", "posts", "read mailboxes"]).code == 64)
        #expect(alice.run(["alerts", "new", "--title", "x", "--severity", "low", "--body-file", try c.body("y")]).code == 1)

        // A broken advisory: the error names the JSON path.
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
        var document = object["document"] as! [String: Any]
        var tracking = document["tracking"] as! [String: Any]
        tracking.removeValue(forKey: "current_release_date")
        document["tracking"] = tracking
        object["document"] = document
        let broken = try c.body(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let refused = expert.run(["alerts", "import", broken])
        #expect(refused.code == 1 && refused.err.contains("/document/tracking/current_release_date"), "\(refused.err)")
    }
}
