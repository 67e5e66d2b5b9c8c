import Crypto
import Foundation

/// `profile.json` as it is on disk (keys in snake_case, binary in base64):
///
///     {
///       "community_id" : "…uuid…",
///       "log_head" : { "hash_b64" : "…32 bytes…", "seq" : 41 },
///       "root_fingerprint" : "ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb",
///       "server_url" : "https://forum.example.org",
///       "session" : { "expires_at" : 1767225600, "token" : "…" },
///       "version" : 1
///     }
///
/// Every field but `version` may be absent; unknown fields are ignored.
struct ProfileDocument: Codable {
    struct LogHead: Codable {
        var seq: UInt64
        var hash_b64: String
    }

    struct Session: Codable {
        var token: String
        var expires_at: UInt64
    }

    var version: Int
    var server_url: String?
    var community_id: String?
    var root_fingerprint: String?
    var log_head: LogHead?
    var session: Session?

    init(_ profile: Profile) {
        version = Profile.currentVersion
        server_url = profile.serverURL
        community_id = profile.communityID
        root_fingerprint = profile.rootFingerprint
        log_head = profile.logHead.map { LogHead(seq: $0.seq, hash_b64: Base64.encode($0.hash)) }
        session = profile.session.map { Session(token: $0.token, expires_at: $0.expiresAt) }
    }

    /// The log head with its hash decoded (checked by `decode`).
    var logHead: Profile.LogHead? {
        log_head.map { Profile.LogHead(seq: $0.seq, hash: (try? Base64.decode($0.hash_b64)) ?? []) }
    }

    /// Pretty, sorted JSON with a final newline.
    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        return Array(try! encoder.encode(self)) + [0x0A]
    }

    /// Decodes and checks `bytes` read from `path`.
    static func decode(_ bytes: [UInt8], path: String) throws(ProfileError) -> ProfileDocument {
        let document: ProfileDocument
        do {
            document = try JSONDecoder().decode(ProfileDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .malformed(path: path, reason: reason(error))
        } catch {
            throw .malformed(path: path, reason: "not JSON")
        }
        guard document.version >= 1 else { throw .malformed(path: path, reason: "version \(document.version)") }
        guard document.version <= Profile.currentVersion else {
            throw .unsupportedVersion(path: path, version: document.version)
        }
        if let head = document.log_head {
            guard let hash = try? Base64.decode(head.hash_b64), hash.count == 32 else {
                throw .malformed(path: path, reason: "log_head.hash_b64 is not 32 bytes of base64")
            }
        }
        if let community = document.community_id, !Keystore.isLowercaseUUID(community) {
            throw .malformed(path: path, reason: "community_id is not a lower-case UUID")
        }
        return document
    }

    /// A short reason naming the field, without any value from the file.
    private static func reason(_ error: DecodingError) -> String {
        func field(_ path: [CodingKey], _ last: CodingKey? = nil) -> String {
            let keys = (path + (last.map { [$0] } ?? [])).map(\.stringValue)
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "missing \(field(context.codingPath, key))"
        case let .typeMismatch(_, context): return "wrong type for \(field(context.codingPath))"
        case let .valueNotFound(_, context): return "null \(field(context.codingPath))"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid \(field(context.codingPath))"
        @unknown default: return "not valid JSON"
        }
    }
}
