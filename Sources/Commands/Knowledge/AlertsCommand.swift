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
            MemberCommand.json,
        ],
        run: MemberCommand.run { parsed, io, context in
            let path = parsed.argument("file")!
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
                throw UsageError("cannot read \(path)")
            }
            guard size <= maximumFile else { throw UsageError("\(path) is \(size) bytes; an advisory may have at most \(maximumFile)") }
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            let query = parsed.value("label").map { [("label", $0)] } ?? []
            let answer = try context.api().send("POST", "/v1/alerts/import", query: query, body: data)
            if parsed.flag("json") {
                Output.json(answer, &io)
                return ExitCode.success
            }
            let imported = try answer.decode(Imported.self)
            io.print("\(imported.outcome == "created" ? "Imported" : "Updated") alert \(imported.alert.alert_id): \(imported.alert.tracking_id) version \(imported.alert.version), \(imported.alert.label).")
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

    static let command = Command(
        name: "alerts",
        abstract: "Security alerts: import CSAF 2.0 advisories, list and read them.",
        subcommands: [importCommand, list, show])
}
