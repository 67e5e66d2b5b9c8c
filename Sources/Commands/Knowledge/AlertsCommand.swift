import Args
import Client
import Core
import Foundation

/// `trustforum alerts …`: security alerts, imported from CSAF 2.0 advisories.
enum AlertsCommand {
    struct Remediation: Decodable {
        let category: String
        let details: String
        let products: [String]
    }

    struct Alert: Decodable {
        let alert_id: String
        let label: String
        let title: String
        let summary: String?
        let severity: String?
        let base_score: Double?
        let vector: String?
        let cve_ids: [String]
        let products: [String]
        let remediations: [Remediation]
        let publisher: String
        let tracking_id: String
        let version: String
        let updated_at: UInt64
    }

    struct Imported: Decodable {
        let outcome: String
        let alert: Alert
    }

    struct List: Decodable {
        let alerts: [Alert]
    }

    /// The largest advisory accepted, checked before the file is read.
    static let maximumFile = 10 * 1024 * 1024

    static let importCommand = Command(
        name: "import",
        abstract: "Import a CSAF 2.0 advisory as an alert (experts and admins).",
        discussion: """
            The server checks the advisory (the schema fields it reads and the CSAF mandatory tests 6.1.1-6.1.6; an error names the JSON path of the bad field) and maps it: title, tracking id and version, CVEs, affected products, remediations, the highest CVSS score, and its TLP. CSAF's TLP:WHITE becomes TLP:CLEAR; an advisory without a label becomes TLP:GREEN unless --label says otherwise; AMBER and RED advisories are refused, since alerts go to all members. Importing a newer version of the same advisory updates its alert.
            """,
        arguments: [.required("file", help: "The advisory (CSAF 2.0 JSON, at most 10 MiB).")],
        options: MemberCommand.options + [
            .value("label", valueName: "tlp", help: "TLP:CLEAR or TLP:GREEN, for an advisory without a label (or narrower than its own)."),
            .value("topic", valueName: "topic", help: "A topic of the alert (Policies/topics.json), for subscribers.", repeatable: true),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let path = parsed.argument("file")!
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
                throw UsageError("cannot read \(path)")
            }
            guard size <= maximumFile else { throw UsageError("\(path) is \(size) bytes; an advisory may have at most \(maximumFile)") }
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            let query = (parsed.value("label").map { [("label", $0)] } ?? []) + parsed.values("topic").map { ("topic", $0) }
            let answer = try context.api().send("POST", "/v1/alerts/import", query: query, body: data)
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let imported = try answer.decode(Imported.self)
            io.print("\(imported.outcome == "created" ? "Imported" : "Updated") alert \(imported.alert.alert_id): \(imported.alert.tracking_id) version \(imported.alert.version), \(imported.alert.label).")
            return ExitCode.success
        })

    struct NewAlert: Encodable {
        let title: String
        let summary: String
        let severity: String
        let label: String
        let products: [String]
        let cve_ids: [String]
        let advice: String?
        let topics: [String]
    }

    static let new = Command(
        name: "new",
        abstract: "Publish an alert you write (experts and admins).",
        discussion: "For an advisory without a CSAF document: the summary comes from --body-file or standard input. Alerts go to all members, so only TLP:CLEAR (also public) and TLP:GREEN are possible; subscribers to its topics or products are notified.",
        options: MemberCommand.options + [
            .value("title", valueName: "text", help: "The alert's title.", required: true),
            .value("severity", valueName: "level", help: "low, medium, high or critical.", required: true),
            .value("label", valueName: "tlp", help: "TLP:CLEAR or TLP:GREEN.", default: "TLP:GREEN"),
            .value("product", valueName: "name", help: "An affected product.", repeatable: true),
            .value("cve", valueName: "id", help: "A CVE id.", repeatable: true),
            .value("advice", valueName: "text", help: "What to do."),
            .value("topic", valueName: "topic", help: "A topic (Policies/topics.json).", repeatable: true),
            ThreadCommand.bodyFile,
        ],
        run: MemberCommand.run { parsed, io, context in
            let alert = NewAlert(title: parsed.value("title")!, summary: try ThreadCommand.body(parsed), severity: parsed.value("severity")!,
                                 label: parsed.value("label")!, products: parsed.values("product"), cve_ids: parsed.values("cve"),
                                 advice: parsed.value("advice"), topics: parsed.values("topic"))
            let made = try context.api().send("POST", "/v1/alerts", body: try JSONEncoder().encode(alert)).decode(Alert.self)
            io.print("Published alert \(made.alert_id) (\(made.label)).")
            return ExitCode.success
        })

    static let list = Command(
        name: "list",
        abstract: "List the alerts you may read, most recently updated first.",
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run { parsed, io, context in
            let answer = try context.api().send("GET", "/v1/alerts")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let rows = try answer.decode(List.self).alerts.map { a in
                [a.alert_id, a.label, a.severity.map { s in a.base_score.map { "\(s) \($0)" } ?? s } ?? "-", a.tracking_id,
                 Output.line(a.title) ?? "", Output.time(a.updated_at)]
            }
            io.print(Output.table(["ID", "LABEL", "SEVERITY", "ADVISORY", "TITLE", "UPDATED"], rows, empty: "No alerts."), terminator: "")
            return ExitCode.success
        })

    static let show = Command(
        name: "show",
        abstract: "Show one alert: summary, CVEs, affected products and what to do.",
        arguments: [.required("id", help: "The alert id.")],
        options: MemberCommand.options + [MemberCommand.json],
        run: MemberCommand.run(id: true) { parsed, io, context in
            let id = try MemberCommand.id(parsed)
            let answer = try context.api().send("GET", "/v1/alerts/\(id)")
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let a = try answer.decode(Alert.self)
            io.print(Output.fields([
                ("title", Output.line(a.title)), ("label", a.label), ("advisory", "\(a.tracking_id) version \(a.version) (\(Output.line(a.publisher) ?? ""))"),
                ("severity", a.severity.map { s in a.base_score.map { "\(s) \($0)" } ?? s }), ("vector", a.vector),
                ("cves", a.cve_ids.isEmpty ? "none" : a.cve_ids.joined(separator: ", ")),
                ("products", a.products.isEmpty ? "none" : Output.line(a.products.joined(separator: "; "))),
            ]), terminator: "")
            if let summary = a.summary { io.print("\n" + summary) }
            for remediation in a.remediations {
                io.print("\n[\(remediation.category)] \(remediation.details)")
            }
            return ExitCode.success
        })

    struct Subscriptions: Codable {
        let topics: [String]
        let products: [String]
    }

    static let subscribe = Command(
        name: "subscribe",
        abstract: "Choose the topics and products whose new alerts become your notifications.",
        discussion: "Replaces your subscriptions with the --topic and --product options given (none: show them). A product matches an alert when an affected product's name contains it, ignoring case.",
        options: MemberCommand.options + [
            .value("topic", valueName: "topic", help: "A topic (Policies/topics.json).", repeatable: true),
            .value("product", valueName: "name", help: "A product name, or part of one.", repeatable: true),
            .flag("clear", help: "Remove every subscription."),
        ],
        run: MemberCommand.run { parsed, io, context in
            let api = try context.api()
            let topics = parsed.values("topic"), products = parsed.values("product")
            let current: Subscriptions
            if topics.isEmpty && products.isEmpty && !parsed.flag("clear") {
                current = try api.get("/v1/subscriptions")
            } else {
                current = try api.send("PUT", "/v1/subscriptions", body: try JSONEncoder().encode(Subscriptions(topics: topics, products: products)))
                    .decode(Subscriptions.self)
            }
            io.print(Output.fields([("topics", current.topics.isEmpty ? "none" : current.topics.joined(separator: ", ")),
                                    ("products", current.products.isEmpty ? "none" : Output.line(current.products.joined(separator: ", ")))]),
                     terminator: "")
            return ExitCode.success
        })

    static let feed = Command(
        name: "feed",
        abstract: "Get the address of your own Atom feed of alerts, or revoke it.",
        discussion: "The address carries a feed token of its own (never your session), so a feed reader can poll it; a new address replaces the old one, which stops working, and --revoke ends it.",
        options: MemberCommand.options + [.flag("revoke", help: "Revoke your feed address.")],
        run: MemberCommand.run { parsed, io, context in
            let api = try context.api()
            if parsed.flag("revoke") {
                _ = try api.send("DELETE", "/v1/feed-token")
                io.print("Your feed address is revoked.")
                return ExitCode.success
            }
            struct Feed: Decodable { let url: String }
            let feed = try api.send("POST", "/v1/feed-token").decode(Feed.self)
            io.print(feed.url)
            return ExitCode.success
        })

    static let command = Command(
        name: "alerts",
        abstract: "Security alerts: import CSAF 2.0 advisories, list and read them, subscribe, your feed.",
        subcommands: [importCommand, new, list, show, subscribe, feed])

    static let notifications = Command(
        name: "notifications",
        abstract: "The new and updated alerts that matched your subscriptions, newest first.",
        options: MemberCommand.options + [
            .flag("unread", help: "Only the unread ones."),
            .flag("mark-read", help: "Mark them all read after showing them."),
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let api = try context.api()
            let answer = try api.send("GET", "/v1/notifications", query: parsed.flag("unread") ? [("unread", "true")] : [])
            if parsed.flag("json") {
                Output.json(answer, &io)
            } else {
                struct Item: Decodable { let alert_id: String; let version: String; let title: String; let label: String; let severity: String?; let created_at: UInt64; let read: Bool }
                struct List: Decodable { let notifications: [Item] }
                let rows = try answer.decode(List.self).notifications.map { n in
                    [n.read ? " " : "*", n.alert_id, n.label, n.severity ?? "-", n.version, Output.line(n.title) ?? "", Output.time(n.created_at)]
                }
                io.print(Output.table(["NEW", "ALERT", "LABEL", "SEVERITY", "VERSION", "TITLE", "WHEN"], rows, empty: "No notifications."), terminator: "")
            }
            if parsed.flag("mark-read") { _ = try api.send("POST", "/v1/notifications/read") }
            return ExitCode.success
        })
}
