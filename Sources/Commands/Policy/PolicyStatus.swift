import Foundation
import Platform
import Store

/// What a running server says about its moderation policy, in
/// `DIR/policy-status.json` (rewritten atomically at start and after every
/// SIGHUP): the reload `generation`, whether the last attempt was `loaded` or
/// `rejected` (with its problems), the version in force and where the rules
/// come from. `policy reload` compares generations to know that the server
/// answered, and what it did.
struct PolicyStatus: Codable, Equatable {
    var generation: Int
    var pid: Int32
    var result: String
    var version: String
    /// The directory the server reads, empty for the rules compiled in.
    var policy_dir: String
    var problems: [String]

    static func path(_ directory: DataDirectory) -> String { Files.join(directory.path, "policy-status.json") }

    static func read(_ directory: DataDirectory) -> PolicyStatus? {
        guard let bytes = try? Files.read(path(directory)) else { return nil }
        return try? JSONDecoder().decode(PolicyStatus.self, from: Data(bytes))
    }

    func write(_ directory: DataDirectory) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try Files.writeAtomically(PolicyStatus.path(directory), Array(try encoder.encode(self)), mode: 0o600)
    }

    static func remove(_ directory: DataDirectory) {
        Files.remove(path(directory))
    }
}
