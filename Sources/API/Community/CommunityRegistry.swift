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
    /// What readers see: the state and every entry's hash (the positions
    /// posts and epochs of the default keyring bind), swapped after a commit.
    private struct Published: Sendable {
        var state: CommunityState
        var hashes: [[UInt8]]
    }

    private let published: Mutex<Published>
    /// Held by whoever appends, across the durable write, and by keyring
    /// changes that need the community to stand still (`serialized`). Always
    /// taken before the keyring registry's lock, never after it.
    private let serial = Mutex<Void>(())
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
        var hashes: [[UInt8]] = []
        let rows = try database.read { conn in try CommunityLogStore.entries(conn) }
        for row in rows {
            let entry = try CommunityRegistry.entry(row)
            do {
                try state.apply(entry)
            } catch {
                throw ReplayFailure(seq: row.seq, error: error)
            }
            hashes.append(state.head)
        }
        self.published = Mutex(Published(state: state, hashes: hashes))
    }

    static func entry(_ row: CommunityLogStore.Row) throws -> LogEntry {
        guard let kind = LogKind(rawValue: row.kind) else { throw ReplayFailure(seq: row.seq, error: .malformed("unknown kind")) }
        return LogEntry(seq: row.seq, kind: kind, actorID: row.actorID, payload: row.payload, prevHash: row.prevHash, signature: row.signature)
    }

    /// A copy of the state now (never waits for an append in flight).
    var snapshot: CommunityState { published.withLock { $0.state } }

    /// The hash of entry `seq`, if the log has it: a position a post or an
    /// epoch of the default keyring may bind.
    func entryHash(at seq: UInt64) -> [UInt8]? {
        published.withLock { seq < $0.hashes.count ? $0.hashes[Int(seq)] : nil }
    }

    /// Runs `body` with the state held still: no entry is appended until it
    /// returns. Keyring changes use it, so that the holder sets they check
    /// (active members, certificates) are the ones in force when they commit.
    /// `body` must not append to the community log (it would wait for itself).
    func serialized<T: Sendable>(_ body: (CommunityState) throws -> T) throws -> T {
        try serial.withLock { _ in try body(snapshot) }
    }

    /// Checks `entry` against the state, then writes it and runs `effects`
    /// (the rows it changes, the audit row) in one durable transaction; the
    /// state moves on only when that committed. `committed` then runs with
    /// the new state before the next append may start (the keyring registry
    /// follows sanctions and new circles there).
    @discardableResult
    func append(_ entry: LogEntry, database: Database, now: UInt64 = WallClock.seconds,
                effects: @escaping @Sendable (Connection, CommunityState) throws -> Void,
                committed: (CommunityState) -> Void = { _ in }) throws -> CommunityState {
        try serial.withLock { _ in
            let current = snapshot
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
            published.withLock {
                $0.state = result
                $0.hashes.append(result.head)
            }
            committed(result)
            return result
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
