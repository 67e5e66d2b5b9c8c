import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store
import Synchronization

/// The server's view of every keyring and thread: replayed at start-up with
/// every check (the same `KeyringLog` every client runs), kept in memory so
/// that a post is checked without touching the store, and changed only by
/// `change`: under the community registry's serial lock, one durable
/// transaction, then a new `KeyringBook` is published.
///
///     let book = registry.snapshot                        // readers: a cheap copy
///     try registry.change(community: c, database: db) { state, book in … return (next, write, result) }
///
/// Lock order: the community registry's serial lock, then this one's
/// (`book`, only ever held for a copy or a swap).
final class KeyringRegistry: Sendable {
    private let book: Mutex<KeyringBook>
    let communityID: String

    struct ReplayFailure: Error, CustomStringConvertible {
        let what: String
        var description: String { "the stored keyrings do not replay: \(what)" }
    }

    /// Replays the keyrings from the store, each entry against the
    /// community state it was judged by (the community log up to the seq
    /// recorded with it). Reads only: the default keyring's row is written
    /// by the first change that needs it (`defaultRow`).
    init(database: Database, community: CommunityRegistry, policy: RolePolicy) throws {
        let communityID = community.communityID
        self.communityID = communityID
        let stored = try database.read { conn in
            (log: try CommunityLogStore.entries(conn), keyrings: try KeyringStore.keyrings(conn), entries: try KeyringStore.allEntries(conn),
             threads: try ThreadStore.all(conn), epochs: try KeyringStore.allEpochs(conn), circles: try CircleStore.all(conn),
             maxOrder: try KeyringStore.maxEventOrder(conn))
        }
        var replay = Replay(communityID: communityID, policy: policy, log: stored.log)
        // Thread records and log entries, in the order they were appended.
        var events: [(order: UInt64, communitySeq: UInt64, thread: ThreadStore.ThreadRow?, entry: KeyringStore.EntryRow?)] = []
        events += stored.threads.map { ($0.eventOrder, $0.communitySeq, $0, nil) }
        events += stored.entries.map { ($0.eventOrder, $0.communitySeq, nil, $0) }
        events.sort { $0.order < $1.order }
        for event in events {
            try replay.advance(through: event.communitySeq)
            if let thread = event.thread { try replay.thread(thread) }
            if let entry = event.entry { try replay.entry(entry) }
        }
        try replay.advance(through: nil)
        var book = replay.book
        for row in stored.epochs {
            guard book.keyrings[row.keyringID] != nil else { throw ReplayFailure(what: "an epoch of an unknown keyring") }
            guard row.epoch == book.keyrings[row.keyringID]!.currentEpoch + 1 else { throw ReplayFailure(what: "epochs out of order") }
            book.keyrings[row.keyringID]!.epochs.append(Epoch(keyringID: row.keyringID, number: row.epoch, keyCheck: row.keyCheck, logSeq: row.logSeq,
                                                              logHead: row.logHead, creatorID: row.creatorID, signature: row.signature))
        }
        for row in stored.keyrings {
            guard let ring = book.keyrings[row.id], ring.kind.name == row.kind, ring.currentEpoch == row.currentEpoch else {
                throw ReplayFailure(what: "a keyring row disagrees with its log or epochs")
            }
            book.keyrings[row.id]!.rotationRequired = row.rotationRequired
        }
        for circle in stored.circles { book.circleNames[circle.id] = circle.name }
        book.nextEventOrder = stored.maxOrder + 1
        self.book = Mutex(book)
    }

    /// The default keyring's row, which the first thread or epoch of the
    /// default circle writes (`KeyringStore.insertKeyringIfMissing`).
    static func defaultRow(_ communityID: String, at now: UInt64) -> KeyringStore.KeyringRow {
        KeyringStore.KeyringRow(id: communityID, kind: "default", circleID: communityID, threadID: nil, createdAt: now)
    }

    /// The moderators' keyring's row, written by its first epoch.
    static func moderatorsRow(_ keyringID: String, communityID: String, at now: UInt64) -> KeyringStore.KeyringRow {
        KeyringStore.KeyringRow(id: keyringID, kind: "moderators", circleID: communityID, threadID: nil, createdAt: now)
    }

    /// A copy of everything now.
    var snapshot: KeyringBook { book.withLock { $0 } }

    /// One keyring and, for a thread keyring, its thread.
    func keyring(_ id: String) -> KeyringState? { book.withLock { $0.keyrings[id] } }

    func thread(_ id: String) -> ThreadInfo? { book.withLock { $0.threads[id] } }

    /// What a change writes and becomes.
    struct Plan<T: Sendable> {
        var next: KeyringBook
        var write: @Sendable (Connection) throws -> Void
        var result: T
    }

    /// Runs a change: `plan` checks against the community state (held still)
    /// and the book, and says what to write and what the book becomes; the
    /// write is one durable transaction, and only then is the new book
    /// published.
    func change<T: Sendable>(community: CommunityRegistry, database: Database,
                             _ plan: (CommunityState, KeyringBook) throws -> Plan<T>) throws -> T {
        try community.serialized { state in
            let made = try plan(state, snapshot)
            try database.write(made.write)
            book.withLock { $0 = made.next }
            return made.result
        }
    }

    /// Applies a change that the community log's own append already wrote
    /// (sanctions, new circles): call it only from `CommunityRegistry.append`'s
    /// `committed`, which runs under the serial lock.
    func followCommunity(_ update: (inout KeyringBook) -> Void) {
        book.withLock { update(&$0) }
    }
}

/// The start-up replay: a community state moved forward entry by entry, so
/// that each keyring event is judged against the state it was appended in.
private struct Replay {
    var community: CommunityState
    var book: KeyringBook
    let log: [CommunityLogStore.Row]
    var next = 0

    init(communityID: String, policy: RolePolicy, log: [CommunityLogStore.Row]) {
        community = CommunityState(communityID: communityID, policy: policy)
        book = KeyringBook(communityID: communityID)
        book.keyrings[communityID] = KeyringState(id: communityID, kind: .default, circleID: communityID, log: nil, epochs: [],
                                                  rotationRequired: false)
        book.keyrings[community.moderatorsKeyringID] = KeyringState(id: community.moderatorsKeyringID, kind: .moderators, circleID: communityID,
                                                                    log: nil, epochs: [], rotationRequired: false)
        self.log = log
    }

    /// Applies community entries up to and including `seq` (all when nil),
    /// opening the keyring of every circle created on the way.
    mutating func advance(through seq: UInt64?) throws {
        while next < log.count, seq.map({ log[next].seq <= $0 }) ?? true {
            let row = log[next]
            do {
                try community.apply(try CommunityRegistry.entry(row))
            } catch {
                throw KeyringRegistry.ReplayFailure(what: "community entry \(row.seq): \(error)")
            }
            for circle in community.circles.values where book.keyrings[circle.keyringID] == nil {
                book.keyrings[circle.keyringID] = KeyringState(id: circle.keyringID, kind: .circle, circleID: circle.id,
                                                               log: try KeyringLog.circle(circle.id, community: community), epochs: [],
                                                               rotationRequired: false)
            }
            next += 1
        }
    }

    mutating func thread(_ row: ThreadStore.ThreadRow) throws {
        guard let label = TLPLabel(rawValue: row.label) else { throw KeyringRegistry.ReplayFailure(what: "a thread's label") }
        let record = ThreadRecord(communityID: community.communityID, threadID: row.id, keyringID: row.keyringID, circleID: row.circleID,
                                  label: label, authorID: row.authorID, authorCertHash: row.authorCertHash, signature: row.signature)
        book.threads[row.id] = ThreadInfo(record: record, topics: row.topics, askExperts: row.askExperts, createdAt: row.createdAt)
        guard !label.usesCircleKeyring else { return }
        do {
            let log = try KeyringLog.thread(record, community: community)
            book.keyrings[row.keyringID] = KeyringState(id: row.keyringID, kind: .thread(threadID: row.id), circleID: row.circleID, log: log,
                                                        epochs: [], rotationRequired: false)
        } catch {
            throw KeyringRegistry.ReplayFailure(what: "a thread record: \(error)")
        }
    }

    mutating func entry(_ row: KeyringStore.EntryRow) throws {
        guard var ring = book.keyrings[row.keyringID], var log = ring.log, let action = MembershipEntry.Action(rawValue: row.action) else {
            throw KeyringRegistry.ReplayFailure(what: "an entry of an unknown keyring")
        }
        let entry = MembershipEntry(keyringID: row.keyringID, seq: row.seq, action: action, memberID: row.memberID,
                                    memberCertHash: row.memberCertHash, prevHash: row.prevHash, actorID: row.actorID, signature: row.signature)
        let circleMembers = ring.threadID == nil ? nil : book.circleMembers(ring.circleID, community)
        do {
            try log.apply(entry, community: community, circleMembers: circleMembers)
        } catch {
            throw KeyringRegistry.ReplayFailure(what: "keyring entry \(row.seq): \(error)")
        }
        guard log.head == row.entryHash else { throw KeyringRegistry.ReplayFailure(what: "keyring entry \(row.seq): its stored hash") }
        ring.log = log
        book.keyrings[row.keyringID] = ring
    }
}
