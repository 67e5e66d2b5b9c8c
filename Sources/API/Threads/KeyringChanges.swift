import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// The changes of a keyring: a membership entry (with the new holder's
/// wraps, or with the next epoch when the remover rotates), a new epoch, and
/// wraps of earlier epochs for a holder who lacks them. Each is checked
/// against the community state held still and written in one transaction
/// (`KeyringRegistry.change`).
enum KeyringChanges {
    /// Who may append through which route; the TLP and circle rules in
    /// `KeyringLog` decide the rest.
    enum Gate {
        /// `POST /v1/keyrings/{id}/log`: holders (others get 404).
        case holder
        /// Circle routes: adding is for the circle's moderators; removing and
        /// leaving name the member of the path.
        case circleAdd
        case circleRemove(member: String)
        /// Thread routes: whoever may see the thread (others get 404).
        case threadAdd
        case threadRemove(member: String)
    }

    /// Appends `wire` to the log of `keyringID`.
    static func append(_ context: AppContext, keyringID: String, entry wire: KeyringWire.Entry, wraps wireWraps: [KeyringWire.WrapJSON],
                       epoch wireEpoch: KeyringWire.NewEpoch?, caller: String, gate: Gate) throws -> ThreadsJSON.Appended {
        try context.keyrings.change(community: context.registry, database: context.database) { state, book -> KeyringRegistry.Plan<ThreadsJSON.Appended> in
            guard var ring = book.keyrings[keyringID] else { throw APIProblem.notFound("keyring") }
            try check(gate, ring, caller: caller, state)
            guard var log = ring.log else {
                throw APIProblem.invalid("the default circle's members are the community's active members; admission is vetting")
            }
            let entry: MembershipEntry
            do throws(ProtocolError) { entry = try wire.entry(keyringID: keyringID) } catch { throw KeyringChecks.malformed(error) }
            switch gate {
            case .circleRemove(let member), .threadRemove(let member):
                guard entry.memberID == member, entry.action != .add else {
                    throw APIProblem.unprocessable("entry-mismatch", "The entry must remove, or be the leaving of, the member of the path.")
                }
            case .circleAdd, .threadAdd:
                guard entry.action == .add else { throw APIProblem.unprocessable("entry-mismatch", "The entry must be an add.") }
            case .holder:
                break
            }
            try KeyringChecks.entry(entry, caller: caller, state)
            let actor = try KeyringChecks.member(caller, state)
            let circleMembers = ring.threadID == nil ? nil : book.circleMembers(ring.circleID, state)
            do throws(ProtocolError) { try log.apply(entry, community: state, circleMembers: circleMembers) } catch { throw KeyringChecks.problem(error) }
            var added: [Wrap] = []
            var rotated: (Epoch, [Wrap])?
            if entry.action == .add {
                guard wireEpoch == nil else { throw APIProblem.unprocessable("invalid-epoch", "Adding does not rotate; send the new holder's wraps.") }
                added = try KeyringChecks.wraps(wireWraps, keyringID: keyringID, wrapper: actor, state)
                try KeyringChecks.history(added, recipient: entry.memberID, currentEpoch: ring.currentEpoch)
            } else {
                guard wireWraps.isEmpty else { throw APIProblem.unprocessable("invalid-wrap", "Only an add carries wraps.") }
                if let wireEpoch {
                    guard entry.action == .remove else {
                        throw APIProblem.unprocessable("invalid-epoch", "Who leaves does not create the next epoch; a remaining holder rotates.")
                    }
                    let holders = log.holders(community: state)
                    rotated = try KeyringChecks.epoch(wireEpoch, keyringID: keyringID, next: ring.currentEpoch + 1,
                                                      head: .init(seq: entry.seq, hash: log.head), holders: holders, creator: actor, state)
                }
                if let rotated {
                    ring.epochs.append(rotated.0)
                    ring.rotationRequired = false
                } else if ring.currentEpoch > 0 {
                    ring.rotationRequired = true
                }
            }
            ring.log = log
            var next = book
            next.keyrings[keyringID] = ring
            let order = next.nextEventOrder
            next.nextEventOrder += 1
            let now = WallClock.seconds
            let entryRow = KeyringStore.EntryRow(keyringID: keyringID, seq: entry.seq, action: entry.action.rawValue, memberID: entry.memberID,
                                            memberCertHash: entry.memberCertHash, prevHash: entry.prevHash, actorID: entry.actorID,
                                            signature: entry.signature, entryHash: log.head, communitySeq: state.nextSeq - 1,
                                            eventOrder: order, createdAt: now)
            let ringNow = ring
            let auditKey = context.auditKey
            let (addedWraps, rotation) = (added, rotated)
            let write: @Sendable (Connection) throws -> Void = { conn in
                try KeyringStore.appendEntry(conn, entryRow)
                for wrap in addedWraps { try KeyringStore.putWrap(conn, row(wrap), at: now) }
                if let (epoch, wraps) = rotation {
                    try KeyringStore.insertEpoch(conn, row(epoch, at: now))
                    for wrap in wraps { try KeyringStore.putWrap(conn, row(wrap), at: now) }
                }
                try KeyringStore.setState(conn, id: keyringID, currentEpoch: ringNow.currentEpoch, rotationRequired: ringNow.rotationRequired)
                if ringNow.kind == .circle {
                    if entry.action == .add { try CircleStore.deleteJoinRequest(conn, circleID: ringNow.circleID, memberID: entry.memberID) }
                    // Circle membership is moderation: audited (ids only).
                    try AuditLog.append(conn, key: auditKey, actor: caller, code: "circle.\(entry.action.rawValue)", subject: entry.memberID,
                                        detail: "circle=\(ringNow.circleID),seq=\(entry.seq)")
                }
            }
            let result = ThreadsJSON.Appended(keyring_id: keyringID, seq: entry.seq, head: .init(nextSeq: log.nextSeq, hash: log.head),
                                              current_epoch: ring.currentEpoch, rotation_required: ring.rotationRequired)
            return .init(next: next, write: write, result: result)
        }
    }

    /// Route-level access before the log's own rules.
    private static func check(_ gate: Gate, _ ring: KeyringState, caller: String, _ state: CommunityState) throws {
        switch gate {
        case .holder, .threadAdd, .threadRemove:
            // Non-holders do not learn that the keyring (or thread) exists.
            guard ring.isHolder(caller, state) else { throw APIProblem.notFound(ring.threadID == nil ? "keyring" : "thread") }
        case .circleAdd:
            guard state.isCircleModerator(caller, of: ring.circleID) else {
                throw Problem(status: 403, slug: "not-circle-moderator", title: "Only the circle's moderators admit members.")
            }
        case .circleRemove:
            break
        }
    }

    /// Creates the next epoch of `keyringID` with wraps for exactly its holders.
    static func epoch(_ context: AppContext, keyringID: String, _ wire: KeyringWire.NewEpoch, caller: String) throws -> ThreadsJSON.EpochCreated {
        try context.keyrings.change(community: context.registry, database: context.database) { state, book -> KeyringRegistry.Plan<ThreadsJSON.EpochCreated> in
            guard var ring = book.keyrings[keyringID], ring.isHolder(caller, state) else { throw APIProblem.notFound("keyring") }
            let actor = try KeyringChecks.member(caller, state)
            let head: KeyringChecks.Position
            if let log = ring.log {
                head = .init(seq: log.nextSeq == 0 ? 0 : log.nextSeq - 1, hash: log.head)
            } else {
                head = .init(seq: state.nextSeq - 1, hash: state.head)
            }
            let (epoch, wraps) = try KeyringChecks.epoch(wire, keyringID: keyringID, next: ring.currentEpoch + 1, head: head,
                                                         holders: ring.holders(state), creator: actor, state)
            ring.epochs.append(epoch)
            ring.rotationRequired = false
            var next = book
            next.keyrings[keyringID] = ring
            let now = WallClock.seconds
            let kind = ring.kind
            let communityID = state.communityID
            let write: @Sendable (Connection) throws -> Void = { conn in
                if kind == .default { try KeyringStore.insertKeyringIfMissing(conn, KeyringRegistry.defaultRow(keyringID, at: now)) }
                if kind == .moderators {
                    try KeyringStore.insertKeyringIfMissing(conn, KeyringRegistry.moderatorsRow(keyringID, communityID: communityID, at: now))
                }
                try KeyringStore.insertEpoch(conn, row(epoch, at: now))
                for wrap in wraps { try KeyringStore.putWrap(conn, row(wrap), at: now) }
                try KeyringStore.setState(conn, id: keyringID, currentEpoch: epoch.number, rotationRequired: false)
            }
            return .init(next: next, write: write, result: ThreadsJSON.EpochCreated(keyring_id: keyringID, epoch: epoch.number, rotation_required: false))
        }
    }

    /// Stores wraps of existing epochs for holders who lack them (or whose
    /// certificate changed since they were wrapped to).
    static func wraps(_ context: AppContext, keyringID: String, _ wire: [KeyringWire.WrapJSON], caller: String) throws -> ThreadsJSON.WrapsStored {
        try context.keyrings.change(community: context.registry, database: context.database) { state, book -> KeyringRegistry.Plan<ThreadsJSON.WrapsStored> in
            guard let ring = book.keyrings[keyringID], ring.isHolder(caller, state) else { throw APIProblem.notFound("keyring") }
            guard !wire.isEmpty else { throw APIProblem.invalid("wraps must not be empty") }
            let actor = try KeyringChecks.member(caller, state)
            let wraps = try KeyringChecks.wraps(wire, keyringID: keyringID, wrapper: actor, state)
            var seen = Set<String>()
            for wrap in wraps {
                guard ring.isHolder(wrap.recipientID, state) else {
                    throw APIProblem.unprocessable("invalid-wrap", "A wrap is for someone who does not hold the keyring.", detail: "recipient \(wrap.recipientID)")
                }
                guard (1...max(ring.currentEpoch, 1)).contains(wrap.epoch), ring.currentEpoch > 0 else {
                    throw APIProblem.unprocessable("invalid-wrap", "A wrap is for an epoch the keyring does not have.", detail: "epoch \(wrap.epoch)")
                }
                guard seen.insert("\(wrap.epoch)/\(wrap.recipientID)").inserted else {
                    throw APIProblem.unprocessable("invalid-wrap", "Two wraps for one epoch and recipient.", detail: "recipient \(wrap.recipientID)")
                }
            }
            // The store's wraps do not change while the serial lock is held.
            let existing = try context.database.read { conn in
                try Set(wraps.map(\.recipientID)).flatMap { try KeyringStore.wraps(conn, keyringID: keyringID, recipientID: $0) }
            }
            for wrap in wraps where existing.contains(where: { $0.epoch == wrap.epoch && $0.recipientID == wrap.recipientID
                                                               && $0.recipientCertHash == wrap.recipientCertHash }) {
                throw APIProblem.conflict("wrap-exists", "The holder has a wrap of that epoch for its current certificate already.",
                                          detail: "recipient \(wrap.recipientID), epoch \(wrap.epoch)")
            }
            let now = WallClock.seconds
            let write: @Sendable (Connection) throws -> Void = { conn in
                for wrap in wraps { try KeyringStore.putWrap(conn, row(wrap), at: now) }
            }
            return .init(next: book, write: write, result: ThreadsJSON.WrapsStored(keyring_id: keyringID, stored: wraps.count))
        }
    }

    // MARK: rows

    static func row(_ wrap: Wrap) -> KeyringStore.WrapRow {
        KeyringStore.WrapRow(keyringID: wrap.keyringID, epoch: wrap.epoch, recipientID: wrap.recipientID, recipientCertHash: wrap.recipientCertHash,
                             sealed: wrap.sealed, wrapperID: wrap.wrapperID, signature: wrap.signature)
    }

    static func row(_ epoch: Epoch, at: UInt64) -> KeyringStore.EpochRow {
        KeyringStore.EpochRow(keyringID: epoch.keyringID, epoch: epoch.number, keyCheck: epoch.keyCheck, logSeq: epoch.logSeq, logHead: epoch.logHead,
                              creatorID: epoch.creatorID, signature: epoch.signature, createdAt: at)
    }
}
