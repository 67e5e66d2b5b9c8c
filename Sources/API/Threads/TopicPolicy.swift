import Core
import Foundation

/// Policies/topics.json: the fixed list threads are tagged from, so that
/// topics (metadata the server sees) carry no free text. (A loader of this
/// shape belongs in Core beside `RegisterPolicy`; it lives here while Core is
/// being changed by others.)
struct TopicPolicy: Sendable, Equatable {
    let topics: [String]

    /// A thread names 1 to 5 topics.
    static let perThread = 1...5

    private struct File: Decodable {
        let topics: [String]
    }

    static func embedded() throws -> TopicPolicy {
        let file = try JSONDecoder().decode(File.self, from: Data(EmbeddedPolicies.text("topics").utf8))
        return TopicPolicy(topics: file.topics)
    }

    /// Checks a thread's topics: 1–5 of the list, none twice.
    func check(_ names: [String]) throws -> [String] {
        guard TopicPolicy.perThread.contains(names.count) else { throw APIProblem.invalid("topics must name 1 to 5 topics") }
        guard Set(names).count == names.count else { throw APIProblem.invalid("topics must not repeat a topic") }
        guard names.allSatisfy(topics.contains) else { throw APIProblem.invalid("topics must be from the fixed list (Policies/topics.json)") }
        return names
    }
}
