import Core
import Crypto
import Foundation
import HTTP
import Protocol
import Store

/// The community and its signed log (PROTOCOL.md §3).
enum CommunityRoutes {
    struct Head: Encodable {
        let seq: Int64
        let hash: String
    }

    struct EntryJSON: Encodable {
        let seq: UInt64
        let kind: String
        let actor_id: String
        let payload: String
        let prev_hash: String
        let signature: String
        let created_at: UInt64

        init(_ row: CommunityLogStore.Row) {
            seq = row.seq
            kind = row.kind
            actor_id = row.actorID
            payload = Base64.encode(row.payload)
            prev_hash = Base64.encode(row.prevHash)
            signature = Base64.encode(row.signature)
            created_at = row.createdAt
        }
    }

    struct CommunityJSON: Encodable {
        let community_id: String
        let server_origin: String
        let min_client_protocol: Int
        let root: EntryJSON
        let root_fingerprint: String
        let head: Head
    }

    struct LogJSON: Encodable {
        let entries: [EntryJSON]
        let head: Head
    }

    static func head(_ state: CommunityState) -> Head {
        Head(seq: Int64(state.nextSeq) - 1, hash: Base64.encode(state.head))
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/community", "community") { _, _ in
                let state = context.registry.snapshot
                guard let rootID = state.rootID, let root = state.member(rootID),
                      let row = try context.database.read({ try CommunityLogStore.entries($0, seqs: [0]) }).first else {
                    throw Problem(status: 503, slug: "no-root", title: "The community has no root certificate yet.")
                }
                return try JSONBody.encode(CommunityJSON(community_id: context.communityID, server_origin: context.configuration.publicOrigin,
                                                         min_client_protocol: Service.minClientProtocol, root: EntryJSON(row),
                                                         root_fingerprint: root.certificates[0].certificate.certificate.fingerprint,
                                                         head: head(state)))
            },
            APIRoute(.get, "/v1/community/log", "communityLog") { request, _ in
                var after: UInt64?
                if let text = request.query("after") {
                    guard let value = Int64(text), value >= -1 else { throw APIProblem.invalid("after must be a seq (or -1)") }
                    after = value < 0 ? nil : UInt64(value)
                }
                var limit = 500
                if let text = request.query("limit") {
                    guard let value = Int(text), (1...1000).contains(value) else { throw APIProblem.invalid("limit must be 1 to 1000") }
                    limit = value
                }
                let state = context.registry.snapshot
                let rows = try context.database.read { conn in try CommunityLogStore.entries(conn, after: after, limit: limit) }
                    .filter { $0.seq < state.nextSeq }
                return try JSONBody.encode(LogJSON(entries: rows.map(EntryJSON.init), head: head(state)))
            },
        ]
    }
}

/// A signed log entry as a client sends it for the server to append: the
/// server builds the payload itself from the request, so only the position
/// and the signature travel.
struct SignedEntryJSON: Decodable {
    let seq: UInt64
    let prev_hash: String
    let signature: String

    func entry(kind: LogKind, actorID: String, payload: [UInt8]) throws -> LogEntry {
        LogEntry(seq: seq, kind: kind, actorID: actorID, payload: payload,
                 prevHash: try Fields.base64(prev_hash, "entry.prev_hash", length: 32),
                 signature: try Fields.base64(signature, "entry.signature", length: 64))
    }
}
