import Testing
@testable import Store

/// Migration 0010 puts the alerts stored before it into the full-text
/// index: title; summary, products, CVE ids and advice; topics.
@Suite struct AlertSearchMigrationTests {
    @Test func alertsStoredBeforeTheMigrationAreIndexed() throws {
        try withTemporaryDirectory { dir in
            let conn = try Database.openForMaintenance(path: dir + "/trustforum.sqlite3")
            defer { conn.close() }
            let before = EmbeddedMigrations.all.filter { $0.version < 10 }
            #expect(try MigrationRunner.apply(before, to: conn) == before.map(\.version))
            let row = AlertStore.AlertRow(
                id: "a1", source: "manual", publisherNamespace: "https://forum.example", publisherName: "experts", trackingID: "TF-a1",
                version: "1", status: "final", label: "TLP:GREEN", title: "Gateway flaw exploited", summary: "Attackers read the portal.",
                severity: "high", baseScore: nil, cvssVersion: nil, vector: nil, cveIDs: #"["CVE-2024-21762"]"#,
                products: #"["Zyxomatic Gateway 7.2"]"#,
                remediations: #"[{"category":"mitigation","details":"Disable quuxportal now.","products":[]}]"#,
                initialRelease: 1, currentRelease: 1, publishedBy: "m1", createdAt: 1, updatedAt: 1)
            try AlertStore.save(conn, row)
            try SubscriptionStore.setTopics(conn, alertID: "a1", topics: ["network-security"])
            #expect(try MigrationRunner.apply(EmbeddedMigrations.all, to: conn) == EmbeddedMigrations.all.map(\.version).filter { $0 >= 10 })
            for q in ["Gateway", "portal", "Zyxomatic", "CVE-2024-21762", "quuxportal", "network-security"] {
                let query = try PublicationSearch.Query.parse(q)
                #expect(try AlertSearch.search(conn, query, labels: ["TLP:CLEAR", "TLP:GREEN"]).map(\.alert.id) == ["a1"], "\(q)")
                #expect(try AlertSearch.search(conn, query, labels: ["TLP:CLEAR"]).isEmpty, "\(q): TLP:GREEN only for members")
            }
            // Indexing again (a newer version) replaces the text, keeping one entry.
            try AlertSearch.index(conn, alertID: "a1", title: "Renamed", body: "new text", topics: [])
            #expect(try AlertSearch.search(conn, try .parse("Zyxomatic"), labels: ["TLP:GREEN"]).isEmpty)
            #expect(try AlertSearch.search(conn, try .parse("renamed"), labels: ["TLP:GREEN"]).map(\.alert.id) == ["a1"])
        }
    }
}
