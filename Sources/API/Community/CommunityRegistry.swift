import Core
import HTTP
import Platform
import Protocol
import Store
import Synchronization

/// The server's view of the community log: the `CommunityState` replayed
/// from the stored entries at start-up, and the only way to append. An
/// entry is checked by the same code every client runs, written in the same
/// transaction as what it causes, and only then becomes the new state.
final class CommunityRegistry: Sendable {
    private let state: Mutex<CommunityState>
    let communityID: String

    struct ReplayFailure: Error, CustomStringConvertible {
        let seq: UInt64
        let error: ProtocolError
        var description: String { "the stored community log fails at entry \(seq): \(error)" }
    }

    /// Replays the stored log; a log that does not verify stops the service.
    init(database: Database, communityID: String, policy: RolePolicy) throws {
        self.communityID = communityID
        var state = CommunityState(communityID: communityID, policy: policy)
        let rows = try database.read { conn in try CommunityLogStore.entries(conn) }
        for row in rows {
            let entry = try CommunityRegistry.entry(row)
            do {
                try state.apply(entry)
            } catch {
                throw ReplayFailure(seq: row.seq, error: error)
            }
        }
        self.state = Mutex(state)
    }

    static func entry(_ row: CommunityLogStore.Row) throws -> LogEntry {
        guard let kind = LogKind(rawValue: row.kind) else { throw ReplayFailure(seq: row.seq, error: .malformed("unknown kind")) }
        return LogEntry(seq: row.seq, kind: kind, actorID: row.actorID, payload: row.payload, prevHash: row.prevHash, signature: row.signature)
    }

    /// A copy of the state now.
    var snapshot: CommunityState { state.withLock { $0 } }

    /// Checks `entry` against the state, then writes it and runs `effects`
    /// (the rows it changes, the audit row) in one durable transaction; the
    /// state moves on only when that committed.
    @discardableResult
    func append(_ entry: LogEntry, database: Database, now: UInt64 = WallClock.seconds,
                effects: @escaping @Sendable (Connection, CommunityState) throws -> Void) throws -> CommunityState {
        try state.withLock { current in
            var next = current
            do throws(ProtocolError) {
                try next.apply(entry, now: now)
            } catch {
                throw CommunityRegistry.problem(for: error, head: current)
            }
            let row = CommunityLogStore.Row(seq: entry.seq, kind: entry.kind.rawValue, actorID: entry.actorID, payload: entry.payload,
                                            prevHash: entry.prevHash, signature: entry.signature, entryHash: next.head, createdAt: now)
            let result = next
            try database.write { conn in
                try CommunityLogStore.append(conn, row)
                try effects(conn, result)
            }
            current = next
            return next
        }
    }

    /// The problem a refused entry becomes.
    static func problem(for error: ProtocolError, head: CommunityState) -> Problem {
        switch error {
        case .brokenChain(let detail):
            return APIProblem.conflict("log-moved", "The community log moved on; fetch its head and sign again.",
                                       detail: detail + "; the head is at seq \(Int(head.nextSeq) - 1)")
        case .badSignature(let detail):
            return APIProblem.unprocessable("bad-signature", "A signature does not verify.", detail: detail)
        case .notAllowed(let detail):
            return Problem(status: 403, slug: "not-allowed", title: "The community log does not allow this.", detail: detail)
        case .invalid(let detail), .malformed(let detail):
            return APIProblem.unprocessable("invalid-entry", "The entry is not valid.", detail: detail)
        }
    }
}
