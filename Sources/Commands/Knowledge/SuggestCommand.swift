import Args
import Client
import Core
import Foundation

/// Suggestions before asking (Part 5): the client downloads the compact
/// publication index (`GET /v1/publications/index`) and matches the
/// question against it on this machine; the question itself is not sent.
enum SuggestCommand {
    struct Entry: Decodable {
        let id: String
        let title: String
        let label: String
        let maturity_level: Int
        let topics: [String]
        let terms: [String]
    }

    struct Index: Decodable {
        let publications: [Entry]
    }

    /// The publications that may answer `question`, best first.
    static func suggestions(for question: String, topics: [String], api: APIClient) throws -> [Entry] {
        let index = try api.send("GET", "/v1/publications/index").decode(Index.self).publications
        let byID = Dictionary(index.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let entries = index.map { SuggestionTerms.Entry(id: $0.id, title: $0.title, terms: $0.terms, topics: $0.topics) }
        return SuggestionTerms.rank(question, entries, topics: topics).compactMap { byID[$0.id] }
    }

    /// Prints the suggestions to standard error (nothing when there are none).
    static func show(_ entries: [Entry], _ io: inout CommandIO) {
        guard !entries.isEmpty else { return }
        io.printError("Publications that may already answer this (matched on this machine; your question was not sent for this):")
        for entry in entries {
            io.printError("  \(entry.id)  \(Output.line(entry.title) ?? "")  [\(entry.label), level \(entry.maturity_level)]")
        }
        io.printError("Read one with 'trustforum publications show ID'.")
    }

    static let command = Command(
        name: "suggest",
        abstract: "Find publications that may answer a question, matched on this machine (the question is not sent).",
        discussion: "Downloads the index of the publications you may read (titles, topics and their most frequent words) and matches your question against it locally. 'threads new --ask-experts' does the same before asking.",
        options: MemberCommand.options + [
            .value("title", valueName: "text", help: "The question's title."),
            ThreadCommand.bodyFile,
            .value("topic", valueName: "topic", help: "A topic of the question.", repeatable: true),
        ],
        run: MemberCommand.run { parsed, io, context in
            let question = (parsed.value("title") ?? "") + "\n" + (try ThreadCommand.body(parsed))
            let found = try suggestions(for: question, topics: parsed.values("topic"), api: try context.api())
            if found.isEmpty {
                io.print("No publication matches; ask the experts with 'trustforum threads new --ask-experts'.")
            } else {
                for entry in found { io.print("\(entry.id)  \(Output.line(entry.title) ?? "")  [\(entry.label), level \(entry.maturity_level)]") }
            }
            return ExitCode.success
        })
}
