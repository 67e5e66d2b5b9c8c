import Crypto
import Protocol

/// The log as `GET /v1/community/log` and `GET /v1/community` serve it.
public enum LogJSON {
    public struct Entry: Codable, Sendable {
        public let seq: UInt64
        public let kind: String
        public let actor_id: String
        public let payload: String
        public let prev_hash: String
        public let signature: String
        public let created_at: UInt64?

        /// The entry; a malformed one is refused (it could never verify).
        public func entry() throws(ProtocolError) -> LogEntry {
            guard let kind = LogKind(rawValue: kind) else { throw .malformed("entry \(seq): unknown kind") }
            guard let payload = try? Base64.decode(payload), let prev = try? Base64.decode(prev_hash), prev.count == 32,
                  let signature = try? Base64.decode(signature), signature.count == 64 else {
                throw .malformed("entry \(seq): bad base64")
            }
            return LogEntry(seq: seq, kind: kind, actorID: actor_id, payload: payload, prevHash: prev, signature: signature)
        }
    }

    public struct Head: Codable, Sendable {
        public let seq: Int64
        public let hash: String

        public var head: LogFollower.Head? {
            guard seq >= 0, let bytes = try? Base64.decode(hash) else { return nil }
            return LogFollower.Head(seq: UInt64(seq), hash: bytes)
        }
    }

    public struct Page: Codable, Sendable {
        public let entries: [Entry]
        public let head: Head
    }

    public struct Community: Codable, Sendable {
        public let community_id: String
        public let server_origin: String
        public let min_client_protocol: Int
        public let root: Entry
        public let root_fingerprint: String
        public let head: Head
    }
}
