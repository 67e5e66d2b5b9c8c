import Crypto
import Foundation
import Platform

/// The last head of each keyring log this client verified, kept in
/// `<profile>/keyrings.json` (mode 0600), so that a server which later
/// serves a log without an entry this client saw (dropped, rewritten, or a
/// log that went backwards) is caught as a fork by `KeyringView.verify`'s
/// `knownHead`, even across commands. The default keyring has no log of its
/// own (its positions are the community log's, whose head `profile.json`
/// keeps), so it has no entry here.
///
///     var heads = try KeyringHeads.load(profileDirectory)
///     let keyring = try KeyringView.verify(answer, log: log, …, knownHead: heads[keyringID])
///     try heads.record(keyring)
///
/// Holds ids and hashes only; nothing secret.
public struct KeyringHeads: Sendable {
    /// `<profile>/keyrings.json`.
    public let path: String
    private var heads: [String: LogFollower.Head]

    /// The file's JSON: `{"version": 1, "heads": {"<keyring id>": {"seq": n, "hash_b64": "…"}}}`.
    private struct Document: Codable {
        struct Head: Codable {
            let seq: UInt64
            let hash_b64: String
        }

        let version: Int
        let heads: [String: Head]
    }

    /// Reads the heads of the profile in `directory`; none when the file does not exist yet.
    public static func load(_ directory: String) throws -> KeyringHeads {
        let path = Files.join(directory, "keyrings.json")
        let bytes: [UInt8]
        do {
            bytes = try PrivateFile.read(path, limit: 16 << 20)
        } catch .notFound {
            return KeyringHeads(path: path, heads: [:])
        } catch let .insecureMode(mode) {
            throw MemberError.refused("\(path) is readable by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)'")
        } catch {
            throw MemberError.refused("\(path) cannot be read: \(error)")
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(bytes)), document.version == 1 else {
            throw MemberError.refused("\(path) is not a keyring-heads file of this client; move it away to start afresh")
        }
        var heads: [String: LogFollower.Head] = [:]
        for (id, head) in document.heads {
            guard let hash = try? Base64.decode(head.hash_b64), hash.count == 32 else {
                throw MemberError.refused("\(path) holds a malformed head for keyring \(id)")
            }
            heads[id] = LogFollower.Head(seq: head.seq, hash: hash)
        }
        return KeyringHeads(path: path, heads: heads)
    }

    private init(path: String, heads: [String: LogFollower.Head]) {
        self.path = path
        self.heads = heads
    }

    /// The head of `keyringID` this client verified last, if any.
    public subscript(keyringID: String) -> LogFollower.Head? { heads[keyringID] }

    /// Keeps the head of a keyring this client has just verified (one with
    /// a log of its own), writing the file when it moved on.
    public mutating func record(_ keyring: VerifiedKeyring) throws {
        guard keyring.log != nil, let head = keyring.head, heads[keyring.keyringID] != head else { return }
        // A verified keyring's log contains the known head, so it only moves forward.
        heads[keyring.keyringID] = head
        let document = Document(version: 1, heads: heads.mapValues { Document.Head(seq: $0.seq, hash_b64: Base64.encode($0.hash)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try Files.writeAtomically(path, Array(try encoder.encode(document)), mode: 0o600)
        } catch {
            throw MemberError.refused("\(path) cannot be written: \(error)")
        }
    }
}
