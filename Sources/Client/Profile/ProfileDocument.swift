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
        var hashBase64: String

        enum CodingKeys: String, CodingKey {
            case seq
            case hashBase64 = "hash_b64"
        }
    }

    struct Session: Codable {
        var token: String
        var expiresAt: UInt64

        enum CodingKeys: String, CodingKey {
            case token
            case expiresAt = "expires_at"
        }
    }

    var version: Int
    var serverURL: String?
    var communityID: String?
    var rootFingerprint: String?
    var logHead: LogHead?
    var session: Session?

    enum CodingKeys: String, CodingKey {
        case version
        case serverURL = "server_url"
        case communityID = "community_id"
        case rootFingerprint = "root_fingerprint"
        case logHead = "log_head"
        case session
    }

    init(_ profile: Profile) {
        version = Profile.currentVersion
        serverURL = profile.serverURL
        communityID = profile.communityID
        rootFingerprint = profile.rootFingerprint
        logHead = profile.logHead.map { LogHead(seq: $0.seq, hashBase64: Base64.encode($0.hash)) }
        session = profile.session.map { Session(token: $0.token, expiresAt: $0.expiresAt) }
    }

    /// The log head with its hash decoded (checked by `decode`).
    var decodedLogHead: Profile.LogHead? {
        logHead.map { Profile.LogHead(seq: $0.seq, hash: (try? Base64.decode($0.hashBase64)) ?? []) }
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
        if let head = document.logHead {
            guard let hash = try? Base64.decode(head.hashBase64), hash.count == 32 else {
                throw .malformed(path: path, reason: "log_head.hash_b64 is not 32 bytes of base64")
            }
        }
        if let community = document.communityID, !Keystore.isLowercaseUUID(community) {
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
