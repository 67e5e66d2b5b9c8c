import Core
import Crypto
import Foundation
import HTTP
import Knowledge
import Platform
import Store

/// Security alerts (Part 5): experts import CSAF 2.0 advisories (validated
/// by `Knowledge.CSAFImporter`: every error names its JSON path) as
/// TLP:CLEAR or TLP:GREEN alerts; members read them; TLP:CLEAR alerts are
/// public, also as an Atom feed.
enum AlertRoutes {
    /// A CSAF document of at most 10 MiB, and the request's other bytes.
    static let importBody = CSAFImporter.maximumInputSize + 4096

    struct RemediationJSON: Codable {
        let category: String
        let details: String
        let products: [String]
    }

    struct AlertJSON: Encodable {
        let alert_id: String
        let source: String
        let label: String
        let title: String
        let summary: String?
        let severity: String?
        let base_score: Double?
        let cvss_version: String?
        let vector: String?
        let cve_ids: [String]
        let products: [String]
        let remediations: [RemediationJSON]
        let publisher: String
        let tracking_id: String
        let version: String
        let status: String
        let initial_release: UInt64
        let current_release: UInt64
        let published_by: String
        let created_at: UInt64
        let updated_at: UInt64
    }

    struct ImportJSON: Encodable {
        let outcome: String
        let alert: AlertJSON
    }

    struct ListJSON: Encodable {
        let alerts: [AlertJSON]
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/alerts/import", "alertImport", bodyLimit: importBody) { request, caller in
                try importAdvisory(context, request, caller: try caller.requireMember())
            },
            APIRoute(.post, "/v1/alerts", "alertCreate", bodyLimit: 64 * 1024) { request, caller in
                try createManual(context, request, caller: try caller.requireMember())
            },
            APIRoute(.get, "/v1/alerts", "alertList") { request, caller in
                let labels = caller.isMember ? [TLPLabel.clear.rawValue, TLPLabel.green.rawValue] : [TLPLabel.clear.rawValue]
                let limit = try request.query("limit").map { text -> Int in
                    guard let value = Int(text), (1...500).contains(value) else { throw APIProblem.invalid("limit must be 1 to 500") }
                    return value
                } ?? 100
                let rows = try context.database.read { conn in try AlertStore.list(conn, labels: labels, limit: limit) }
                let label: TLPLabel = rows.contains { $0.label == TLPLabel.green.rawValue } ? .green : .clear
                return TLPHeader.adding(label, to: try JSONBody.encode(ListJSON(alerts: try rows.map(json))))
            },
            APIRoute(.get, "/v1/alerts/{id}", "alertShow") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                guard let row = try context.database.read({ conn in try AlertStore.alert(conn, id: id) }),
                      row.label == TLPLabel.clear.rawValue || caller.isMember else { throw APIProblem.notFound("alert") }
                return TLPHeader.adding(TLPLabel(rawValue: row.label) ?? .green, to: try JSONBody.encode(try json(row)))
            },
            APIRoute(.get, "/v1/alerts.atom", "alertFeed") { _, _ in
                let rows = try context.database.read { conn in try AlertStore.list(conn, labels: [TLPLabel.clear.rawValue], limit: 100) }
                var response = Response.json(Array(AtomFeed.alerts(rows, origin: context.configuration.publicOrigin).utf8))
                response.headers = response.headers.filter { $0.name.lowercased() != "content-type" }
                response.headers.append(HTTPField(name: "Content-Type", value: "application/atom+xml; charset=utf-8"))
                return TLPHeader.adding(.clear, to: response)
            },
        ]
    }

    /// `POST /v1/alerts/import[?label=TLP:CLEAR|TLP:GREEN]`: the advisory's
    /// JSON is the body. 201 a new alert, 200 an update (a newer version of
    /// the same advisory), 409 `not-newer` otherwise.
    static func importAdvisory(_ context: AppContext, _ request: Request, caller me: String) throws -> Response {
        let override = try request.query("label").map { text -> TLPLabel in
            let upper = text.uppercased()
            guard let label = TLPLabel(rawValue: upper.hasPrefix("TLP:") ? upper : "TLP:" + upper) else {
                throw APIProblem.invalid("label must be TLP:CLEAR or TLP:GREEN")
            }
            return label
        }
        let topics = request.queryValues("topic")
        for topic in topics where !context.topics.topics.contains(topic) {
            throw APIProblem.invalid("unknown topic \(JSONText.quote(topic)); topics come from Policies/topics.json")
        }
        let draft: AlertDraft
        do throws(CSAFError) { draft = try CSAFImporter.draft(from: Data(request.body), label: override) } catch {
            var extensions: [String: String] = [:]
            if let path = error.path { extensions["path"] = JSONText.quote(path) }
            switch error {
            case .labelNotAllowed, .overrideNotAllowed:
                throw Problem(status: 422, slug: "label-not-allowed", title: "Alerts go to all members: only TLP:CLEAR and TLP:GREEN advisories are imported.",
                              detail: error.description, extensions: extensions)
            default:
                throw Problem(status: 422, slug: "invalid-advisory", title: "The document is not a valid CSAF 2.0 advisory.", detail: error.description,
                              extensions: extensions)
            }
        }
        let now = WallClock.seconds
        let (row, outcome): (AlertStore.AlertRow, String) = try context.database.write { conn in
            let stored = try AlertStore.find(conn, namespace: draft.publisherNamespace, trackingID: draft.trackingID)
            if let stored, let storedVersion = CSAFVersion(stored.version) {
                switch draft.version.compare(to: storedVersion) {
                case .newer: break
                case .same, .older:
                    throw Problem(status: 409, slug: "not-newer", title: "This advisory is imported already in the same or a newer version.",
                                  detail: "stored \(stored.version), offered \(draft.version.text)",
                                  extensions: ["alert_id": JSONText.quote(stored.id)])
                case nil:
                    throw Problem(status: 409, slug: "not-newer", title: "The stored and the offered version cannot be ordered (integer and semantic versioning).",
                                  detail: "stored \(stored.version), offered \(draft.version.text)",
                                  extensions: ["alert_id": JSONText.quote(stored.id)])
                }
            }
            let row = try Self.row(draft, id: stored?.id ?? Identifier.uuid(fromRandom: Random.bytes(16)), by: me,
                                   createdAt: stored?.createdAt ?? now, now: now)
            try AlertStore.save(conn, row)
            try SubscriptionStore.setTopics(conn, alertID: row.id, topics: topics)
            try Self.index(conn, row, topics: topics)
            _ = try SubscriptionStore.notify(conn, alertID: row.id, version: row.version, topics: topics, products: draft.affectedProducts, at: now)
            try context.audit(conn, actor: me, .alertImported, subject: row.id, detail: "version=\(AuditSafe.token(draft.version.text))")
            return (row, stored == nil ? "created" : "updated")
        }
        return TLPHeader.adding(draft.label, to: try JSONBody.encode(ImportJSON(outcome: outcome, alert: try json(row)), status: outcome == "created" ? 201 : 200))
    }

    struct ManualRequest: Decodable {
        let title: String
        let summary: String
        let severity: String
        let label: String
        let products: [String]?
        let cve_ids: [String]?
        let advice: String?
        let topics: [String]?
    }

    static let severities = ["low", "medium", "high", "critical"]

    /// `POST /v1/alerts`: an alert an expert writes by hand (no CSAF
    /// document): TLP:CLEAR or TLP:GREEN, a severity, affected products,
    /// CVE ids and handling advice.
    static func createManual(_ context: AppContext, _ request: Request, caller me: String) throws -> Response {
        let body = try request.decodeJSON(ManualRequest.self)
        let title = try Fields.text(body.title, "title", max: 300)
        let summary = try Fields.text(body.summary, "summary", max: 20_000)
        guard severities.contains(body.severity) else { throw APIProblem.invalid("severity must be low, medium, high or critical") }
        guard let label = TLPLabel(rawValue: body.label) else { throw APIProblem.invalid("label must be a TLP label") }
        guard label.usesCircleKeyring else {
            throw Problem(status: 422, slug: "label-not-allowed", title: "Alerts go to all members: only TLP:CLEAR and TLP:GREEN.")
        }
        let products = try (body.products ?? []).map { try Fields.text($0, "products", max: 200) }
        let cves = body.cve_ids ?? []
        for cve in cves where !isCVE(cve) { throw APIProblem.invalid("\(JSONText.quote(cve)) is not a CVE id (CVE-YYYY-NNNN)") }
        let advice = try body.advice.map { try Fields.text($0, "advice", max: 20_000) }
        let topics = body.topics ?? []
        for topic in topics where !context.topics.topics.contains(topic) {
            throw APIProblem.invalid("unknown topic \(JSONText.quote(topic)); topics come from Policies/topics.json")
        }
        guard products.count <= 200, cves.count <= 200, topics.count <= 5 else { throw APIProblem.invalid("at most 200 products, 200 CVEs and 5 topics") }
        let now = WallClock.seconds
        let id = Identifier.uuid(fromRandom: Random.bytes(16))
        func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONBody.bytes(value), as: UTF8.self) }
        let row = AlertStore.AlertRow(
            id: id, source: "manual", publisherNamespace: context.configuration.publicOrigin, publisherName: "TrustForum experts",
            trackingID: "TF-" + id, version: "1", status: "final", label: label.rawValue, title: title, summary: summary,
            severity: body.severity, baseScore: nil, cvssVersion: nil, vector: nil, cveIDs: try text(cves), products: try text(products),
            remediations: try text(advice.map { [RemediationJSON(category: "mitigation", details: $0, products: products)] } ?? []),
            initialRelease: now, currentRelease: now, publishedBy: me, createdAt: now, updatedAt: now)
        try context.database.write { conn in
            try AlertStore.save(conn, row)
            try SubscriptionStore.setTopics(conn, alertID: id, topics: topics)
            try Self.index(conn, row, topics: topics)
            _ = try SubscriptionStore.notify(conn, alertID: id, version: "1", topics: topics, products: products, at: now)
            try context.audit(conn, actor: me, .alertImported, subject: id, detail: "version=1,source=manual")
        }
        return TLPHeader.adding(label, to: try JSONBody.encode(try json(row), status: 201))
    }

    /// `CVE-YYYY-NNNN…` (four digits, then four or more).
    static func isCVE(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "CVE" && parts[1].count == 4 && parts[1].allSatisfy(\.isASCII) && parts[1].allSatisfy(\.isNumber)
            && parts[2].count >= 4 && parts[2].count <= 19 && parts[2].allSatisfy(\.isASCII) && parts[2].allSatisfy(\.isNumber)
    }

    static func row(_ draft: AlertDraft, id: String, by member: String, createdAt: UInt64, now: UInt64) throws -> AlertStore.AlertRow {
        func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try JSONBody.bytes(value), as: UTF8.self) }
        return AlertStore.AlertRow(
            id: id, source: "csaf", publisherNamespace: draft.publisherNamespace, publisherName: draft.publisherName, trackingID: draft.trackingID,
            version: draft.version.text, status: draft.status, label: draft.label.rawValue, title: draft.title, summary: draft.summary,
            severity: draft.score?.severity.rawValue, baseScore: draft.score?.baseScore, cvssVersion: draft.score?.cvssVersion,
            vector: draft.score?.vectorString, cveIDs: try text(draft.cveIDs), products: try text(draft.affectedProducts),
            remediations: try text(draft.remediations.map { RemediationJSON(category: $0.category, details: $0.details, products: $0.productNames) }),
            initialRelease: UInt64(max(0, draft.initialReleaseDate.timeIntervalSince1970)),
            currentRelease: UInt64(max(0, draft.currentReleaseDate.timeIntervalSince1970)), publishedBy: member, createdAt: createdAt, updatedAt: now)
    }

    /// Puts the alert's searchable text in the full-text index: the title;
    /// the summary, affected products, CVE ids and handling advice; its topics.
    static func index(_ conn: Connection, _ row: AlertStore.AlertRow, topics: [String]) throws {
        let alert = try json(row)
        let body = ([alert.summary ?? ""] + alert.products + alert.cve_ids + alert.remediations.map(\.details)).joined(separator: "\n")
        try AlertSearch.index(conn, alertID: row.id, title: row.title, body: body, topics: topics)
    }

    static func json(_ row: AlertStore.AlertRow) throws -> AlertJSON {
        let decoder = JSONDecoder()
        return AlertJSON(alert_id: row.id, source: row.source, label: row.label, title: row.title, summary: row.summary, severity: row.severity,
                         base_score: row.baseScore, cvss_version: row.cvssVersion, vector: row.vector,
                         cve_ids: try decoder.decode([String].self, from: Data(row.cveIDs.utf8)),
                         products: try decoder.decode([String].self, from: Data(row.products.utf8)),
                         remediations: try decoder.decode([RemediationJSON].self, from: Data(row.remediations.utf8)),
                         publisher: row.publisherName, tracking_id: row.trackingID, version: row.version, status: row.status,
                         initial_release: row.initialRelease, current_release: row.currentRelease, published_by: row.publishedBy,
                         created_at: row.createdAt, updated_at: row.updatedAt)
    }
}

/// What may go into an audit detail from outside text: `[A-Za-z0-9._:+-]`, at most 64 characters.
enum AuditSafe {
    static func token(_ text: String) -> String {
        String(String(text.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._:+-".unicodeScalars.contains($0)) }).prefix(64))
    }
}

/// The Atom feed (RFC 4287) of public alerts.
enum AtomFeed {
    static func alerts(_ rows: [AlertStore.AlertRow], origin: String, title: String = "TrustForum security alerts (TLP:CLEAR)",
                       selfPath: String = "/v1/alerts.atom") -> String {
        let updated = rows.map(\.updatedAt).max() ?? 0
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(escape(origin + selfPath))</id>
            <title>\(escape(title))</title>
            <updated>\(time(updated))</updated>
            <link rel="self" href="\(escape(origin + selfPath))"/>

            """
        for row in rows {
            let severity = row.severity.map { " [\($0)\(row.baseScore.map { String(format: " %.1f", $0) } ?? "")]" } ?? ""
            xml += """
                <entry>
                <id>urn:uuid:\(row.id)</id>
                <title>\(escape(row.title + severity))</title>
                <updated>\(time(row.updatedAt))</updated>
                <published>\(time(row.createdAt))</published>
                <author><name>\(escape(row.publisherName))</name></author>
                <link href="\(escape(origin))/v1/alerts/\(row.id)"/>
                <summary>\(escape(row.summary ?? row.title))</summary>
                <category term="\(escape(row.label))"/>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    /// XML text: the five predefined entities, and no control characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func time(_ seconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
