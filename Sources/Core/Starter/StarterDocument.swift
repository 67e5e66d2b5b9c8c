import Foundation

/// The starter publications in Policies/starter/ (Part 5: the cybersecurity
/// essentials and the incident step plan, in Dutch and English), compiled
/// in by Ops/embed and loaded by `trustforum init --starter-content`. A
/// document is a header of `key: value` lines, a `---` line, then markdown:
///
///     kind: step-plan
///     title: Incident step plan: what to do after a breach
///     label: TLP:CLEAR
///     level: 3
///     topics: incident-response gdpr
///     language: en
///     ---
///     1. **Contain.** …
public struct StarterDocument: Sendable, Equatable {
    public static let kinds = ["essential", "step-plan", "best-practice"]

    public let kind: String
    public let title: String
    public let label: TLPLabel
    public let level: Int
    public let topics: [String]
    public let language: String
    public let body: String

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let name: String
        public let reason: String
        public var description: String { "Policies/starter/\(name): \(reason)" }
    }

    /// Parses one document; `name` is its file name, for errors.
    public static func parse(_ text: String, name: String) throws(Failure) -> StarterDocument {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.firstIndex(of: "---") else { throw Failure(name: name, reason: "no '---' line after the header") }
        var fields: [String: String] = [:]
        for line in lines[..<end] {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(name: name, reason: "header line without ':': \(line)") }
            let key = String(line[..<colon])
            guard fields[key] == nil else { throw Failure(name: name, reason: "\(key) is given twice") }
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        func field(_ key: String) throws(Failure) -> String {
            guard let value = fields[key], !value.isEmpty else { throw Failure(name: name, reason: "\(key) is missing") }
            return value
        }
        let known: Set<String> = ["kind", "title", "label", "level", "topics", "language"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) { throw Failure(name: name, reason: "unknown field \(unknown)") }
        let kind = try field("kind")
        guard kinds.contains(kind) else { throw Failure(name: name, reason: "kind must be one of \(kinds.joined(separator: ", "))") }
        guard let label = TLPLabel(rawValue: try field("label")), label.usesCircleKeyring else {
            throw Failure(name: name, reason: "label must be TLP:CLEAR or TLP:GREEN")
        }
        guard let level = Int(try field("level")), (1...5).contains(level) else { throw Failure(name: name, reason: "level must be 1 to 5") }
        let topics = try field("topics").split(separator: " ").map(String.init)
        guard (1...5).contains(topics.count) else { throw Failure(name: name, reason: "1 to 5 topics") }
        let language = try field("language")
        guard language == "en" || language == "nl" else { throw Failure(name: name, reason: "language must be en or nl") }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw Failure(name: name, reason: "the body is empty") }
        return StarterDocument(kind: kind, title: try field("title"), label: label, level: level, topics: topics, language: language, body: body)
    }

    /// Every starter document compiled into this binary.
    public static func embedded() throws(Failure) -> [StarterDocument] {
        var documents: [StarterDocument] = []
        for (name, text) in EmbeddedStarter.files { documents.append(try parse(text, name: name)) }
        return documents
    }
}

/// The files of Policies/starter/ (see `Generated/EmbeddedStarter+All.swift`).
public enum EmbeddedStarter {}
