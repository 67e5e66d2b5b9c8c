import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// Keyrings (PROTOCOL.md §4): a holder reads its keyring (epochs and its own
/// wraps), its membership log, appends to the log, creates the next epoch
/// and wraps earlier epochs for holders who lack them. Whoever does not hold
/// a keyring gets 404 for it.
enum KeyringRoutes {
    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/keyrings/{id}", "keyringShow") { request, caller in
                let me = try caller.requireMember()
                let (ring, community) = try held(context, request, caller: me)
                let wraps = try context.database.read { conn in try KeyringStore.wraps(conn, keyringID: ring.id, recipientID: me) }
                let head: CommunityRoutes.Head = ring.log.map { .init(nextSeq: $0.nextSeq, hash: $0.head) } ?? CommunityRoutes.head(community)
                let json = ThreadsJSON.Keyring(
                    keyring_id: ring.id, kind: ring.kind.name, circle_id: ring.circleID, thread_id: ring.threadID, label: ring.label?.rawValue,
                    current_epoch: ring.currentEpoch, rotation_required: ring.rotationRequired, epochs: ring.epochs.map(KeyringWire.EpochJSON.init),
                    wraps: wraps.map { KeyringWire.WrapJSON(wrap($0)) }, log_head: head)
                return labelled(ring, try JSONBody.encode(json))
            },
            APIRoute(.get, "/v1/keyrings/{id}/log", "keyringLog") { request, caller in
                // A circle's moderators read its log too: they sign the entries that admit.
                let (ring, _) = try held(context, request, caller: try caller.requireMember(), orCircleModerator: true)
                guard let log = ring.log else { throw APIProblem.invalid("this keyring follows the community log: use /v1/community/log") }
                var after: UInt64?
                if let text = request.query("after") {
                    guard let value = Int64(text), value >= -1 else { throw APIProblem.invalid("after must be a seq (or -1)") }
                    after = value < 0 ? nil : UInt64(value)
                }
                let rows = try context.database.read { conn in
                    try KeyringStore.entries(conn, keyringID: ring.id, after: after, limit: 1000)
                }.filter { $0.seq < log.nextSeq }
                let record = context.keyrings.snapshot.threads[ring.threadID ?? ""].map { KeyringWire.Record($0.record) }
                let json = ThreadsJSON.KeyringLog(keyring_id: ring.id, kind: ring.kind.name, record: record, entries: rows.map(entry),
                                                  head: .init(nextSeq: log.nextSeq, hash: log.head))
                return labelled(ring, try JSONBody.encode(json))
            },
            APIRoute(.post, "/v1/keyrings/{id}/log", "keyringAppend", bodyLimit: ThreadRoutes.bigBody) { request, caller in
                let me = try caller.requireMember()
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(ThreadsJSON.Append.self)
                let result = try KeyringChanges.append(context, keyringID: id, entry: body.entry, wraps: body.wraps ?? [], epoch: body.epoch,
                                                       caller: me, gate: .holder)
                return try JSONBody.encode(result, status: 201)
            },
            APIRoute(.post, "/v1/keyrings/{id}/epochs", "keyringEpoch", bodyLimit: ThreadRoutes.bigBody) { request, caller in
                let me = try caller.requireMember()
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                try RateLimits.check(context.threadLimits.epochs, me)
                let body = try request.decodeJSON(KeyringWire.NewEpoch.self)
                return try JSONBody.encode(try KeyringChanges.epoch(context, keyringID: id, body, caller: me), status: 201)
            },
            APIRoute(.post, "/v1/keyrings/{id}/wraps", "keyringWraps", bodyLimit: 1 << 20) { request, caller in
                let me = try caller.requireMember()
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(ThreadsJSON.Wraps.self)
                return try JSONBody.encode(try KeyringChanges.wraps(context, keyringID: id, body.wraps, caller: me), status: 201)
            },
        ]
    }

    /// The keyring of the path's `{id}` when the caller holds it (or, when
    /// asked, moderates its circle), else 404.
    static func held(_ context: AppContext, _ request: Request, caller: String,
                     orCircleModerator: Bool = false) throws -> (KeyringState, CommunityState) {
        let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
        let community = context.registry.snapshot
        guard let ring = context.keyrings.keyring(id) else { throw APIProblem.notFound("keyring") }
        let moderates = orCircleModerator && ring.kind == .circle && community.member(caller)?.status == .active
            && community.isCircleModerator(caller, of: ring.circleID)
        guard ring.isHolder(caller, community) || moderates else { throw APIProblem.notFound("keyring") }
        return (ring, community)
    }

    /// A thread keyring's answers carry the thread's label.
    static func labelled(_ ring: KeyringState, _ response: Response) -> Response {
        ring.label.map { TLPHeader.adding($0, to: response) } ?? response
    }

    static func wrap(_ row: KeyringStore.WrapRow) -> Wrap {
        Wrap(keyringID: row.keyringID, epoch: row.epoch, recipientID: row.recipientID, recipientCertHash: row.recipientCertHash,
             sealed: row.sealed, wrapperID: row.wrapperID, signature: row.signature)
    }

    static func entry(_ row: KeyringStore.EntryRow) -> KeyringWire.Entry {
        KeyringWire.Entry(MembershipEntry(keyringID: row.keyringID, seq: row.seq, action: MembershipEntry.Action(rawValue: row.action) ?? .add,
                                          memberID: row.memberID, memberCertHash: row.memberCertHash, prevHash: row.prevHash,
                                          actorID: row.actorID, signature: row.signature))
    }
}
