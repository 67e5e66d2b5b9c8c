import Core
import Crypto
import Protocol

/// Checks what the server says about a keyring before any key in it is
/// used (PROTOCOL.md §4): replays the membership log (the creation record
/// and every entry, or the community log for the default keyring), checks
/// every epoch against the replayed log, opens this member's wraps, and
/// merges the keys this client cached earlier.
///
///     let log: ThreadWire.KeyringLog = try api.get("/v1/keyrings/\(id)/log")
///     let answer: ThreadWire.Keyring = try api.get("/v1/keyrings/\(id)")
///     let keyring = try KeyringView.verify(answer, log: log, community: community, member: me,
///                                          cachedKeys: keystore.cachedEpochKeys(keyringID: id))
///     try keystore.rememberEpochKeys(of: keyring)
///
/// `knownHead` is a keyring position this client verified before; a log
/// that no longer contains it is a fork. `circleMembers` is needed for a
/// thread of a collaboration circle: everyone the circle's verified keyring
/// ever admitted (`HolderHistory.everHeld`), because thread entries do not
/// say which circle position their author saw.
public enum KeyringView {
    public static func verify(_ answer: ThreadWire.Keyring, log: ThreadWire.KeyringLog?, community: VerifiedCommunity,
                              member: ThreadMember, cachedKeys: [UInt64: SecureBytes] = [:], knownHead: LogFollower.Head? = nil,
                              circleMembers: Set<String>? = nil) throws(ThreadFailure) -> VerifiedKeyring {
        let replayed = try replay(answer, log: log, community: community, circleMembers: circleMembers)
        let position = Positions(log: replayed.log, community: community)
        let head = try servedHead(answer, replayed: replayed.log, community: community)
        if let knownHead, position.hash(at: knownHead.seq) != knownHead.hash {
            throw .fork("the keyring log no longer has the entry \(knownHead.seq) this client verified before (it went back or was rewritten)")
        }
        let epochs = try verifyEpochs(answer, keyringID: answer.keyring_id, community: community, position: position,
                                      history: replayed.history)
        var keys = try openWraps(answer.wraps, keyringID: answer.keyring_id, epochs: epochs, community: community, member: member,
                                 history: replayed.history)
        let opened = keys.keys.sorted()
        for (number, key) in cachedKeys {
            guard let epoch = epochs[number] else {
                throw .fork("this client holds a key for epoch \(number), but the server's keyring ends at epoch \(answer.current_epoch)")
            }
            guard epoch.matches(key) else {
                throw .fork("the key this client cached for epoch \(number) is not the key of the epoch the server now shows (the epoch was replaced)")
            }
            keys[number] = key
        }
        let current = epochs[answer.current_epoch]
        let removed = current.map { replayed.history.removed(after: $0.logSeq) } ?? []
        let holders: Set<String>
        if let log = replayed.log {
            holders = log.holders(community: community.state)
        } else if replayed.kind == .moderators {
            holders = Set(community.state.members.keys.filter { community.state.holdsModeratorsKeyring($0) })
        } else {
            holders = Set(community.state.members.values.filter { $0.status == .active }.map(\.memberID))
        }
        return VerifiedKeyring(communityID: community.communityID, keyringID: answer.keyring_id, kind: replayed.kind,
                               circleID: answer.circle_id, log: replayed.log, history: replayed.history, head: head, epochs: epochs,
                               currentEpoch: answer.current_epoch, keys: keys, openedEpochs: opened,
                               rotationRequired: answer.rotation_required || !removed.isEmpty || current == nil,
                               removedSinceCurrentEpoch: removed, holders: holders,
                               communityHashes: replayed.log == nil ? community.hashes : [])
    }

    /// The positions of a keyring: its own log's, or the community log's.
    struct Positions {
        let log: KeyringLog?
        let community: VerifiedCommunity

        func hash(at seq: UInt64) -> [UInt8]? { log.map { $0.hash(at: seq) } ?? community.hash(at: seq) }

        /// Throws unless the verified log has `hash` at `seq`; `what` names who binds it.
        func check(seq: UInt64, hash: [UInt8], _ what: String) throws(ThreadFailure) {
            guard let known = self.hash(at: seq) else {
                if log == nil { throw .communityLogBehind(seq: seq) }
                throw .fork("\(what) binds keyring entry \(seq), which the served log does not contain (a hidden entry)")
            }
            guard known == hash else {
                throw .fork("\(what) binds a head at entry \(seq) that is not the entry this client verified")
            }
        }
    }

    /// The replayed log and holder history for the answer's kind.
    struct Replayed {
        let kind: VerifiedKeyring.Kind
        let log: KeyringLog?
        let history: HolderHistory
    }

    static func replay(_ answer: ThreadWire.Keyring, log page: ThreadWire.KeyringLog?, community: VerifiedCommunity,
                       circleMembers: Set<String>?) throws(ThreadFailure) -> Replayed {
        let state = community.state
        guard Identifier.isValid(answer.keyring_id), Identifier.isValid(answer.circle_id) else { throw .malformed("keyring ids") }
        switch answer.kind {
        case "default":
            guard answer.keyring_id == state.communityID, answer.circle_id == state.defaultCircleID else {
                throw .mismatch("a default keyring whose id is not the community's")
            }
            guard answer.thread_id == nil, answer.label == nil else { throw .mismatch("the default keyring names a thread or label") }
            return Replayed(kind: .defaultCircle, log: nil, history: community.defaultHolders)
        case "moderators":
            guard answer.keyring_id == state.moderatorsKeyringID, answer.circle_id == state.defaultCircleID else {
                throw .mismatch("a moderators' keyring whose id is not the one derived from the community id")
            }
            guard answer.thread_id == nil, answer.label == nil else { throw .mismatch("the moderators' keyring names a thread or label") }
            return Replayed(kind: .moderators, log: nil, history: community.moderatorHolders)
        case "circle":
            guard let circle = state.circles[answer.circle_id], circle.keyringID == answer.keyring_id else {
                throw .mismatch("the community log has no circle \(answer.circle_id) with keyring \(answer.keyring_id)")
            }
            guard answer.thread_id == nil, answer.label == nil, page?.record == nil else {
                throw .mismatch("a circle keyring names a thread, label or creation record")
            }
            guard let page else { throw .mismatch("a circle keyring needs its membership log") }
            let log: KeyringLog
            do { log = try KeyringLog.circle(answer.circle_id, community: state) } catch { throw .mismatch("\(error)") }
            return try apply(page.entries, to: log, kind: .circle(answer.circle_id), history: HolderHistory(), community: state,
                             circleMembers: nil)
        case "thread":
            guard let page, let json = page.record else { throw .mismatch("a thread keyring needs its creation record") }
            let record: ThreadRecord
            do { record = try json.record(communityID: state.communityID) } catch { throw .malformed("\(error)") }
            guard record.keyringID == answer.keyring_id, record.threadID == answer.thread_id, record.circleID == answer.circle_id,
                  record.label.rawValue == answer.label else {
                throw .mismatch("the keyring's thread, circle or label is not its creation record's")
            }
            let log: KeyringLog
            do { log = try KeyringLog.thread(record, community: state) } catch { throw .record(error) }
            let members: Set<String>?
            if record.circleID == state.defaultCircleID {
                members = nil
            } else {
                guard let circleMembers else { throw .mismatch("a thread of circle \(record.circleID) is checked with that circle's members") }
                members = circleMembers
            }
            var history = HolderHistory()
            history.start(record.authorID, at: 0)
            return try apply(page.entries, to: log, kind: .thread(record), history: history, community: state, circleMembers: members)
        default:
            throw .malformed("keyring kind \"\(answer.kind)\"")
        }
    }

    /// Applies `entries` in order, with every check of `KeyringLog.apply`,
    /// and records who held when.
    static func apply(_ entries: [KeyringWire.Entry], to initialLog: KeyringLog, kind: VerifiedKeyring.Kind,
                      history initialHistory: HolderHistory, community: CommunityState,
                      circleMembers: Set<String>?) throws(ThreadFailure) -> Replayed {
        var log = initialLog
        var history = initialHistory
        for json in entries {
            let entry: MembershipEntry
            do { entry = try json.entry(keyringID: log.keyringID) } catch { throw .malformed("keyring entry \(json.seq): \(error)") }
            let seq = log.nextSeq
            do { try log.apply(entry, community: community, circleMembers: circleMembers) } catch { throw .membershipLog(seq: seq, error) }
            switch entry.action {
            case .add: history.start(entry.memberID, at: entry.seq)
            case .remove, .leave: history.end(entry.memberID, at: entry.seq)
            }
        }
        return Replayed(kind: kind, log: log, history: history)
    }

    /// The head posts and epochs bind now: the replayed log's end, which must
    /// be the head the server states; for the default keyring the community
    /// head this client verified, of which the server's must be a part.
    static func servedHead(_ answer: ThreadWire.Keyring, replayed log: KeyringLog?,
                           community: VerifiedCommunity) throws(ThreadFailure) -> LogFollower.Head? {
        let served = try answer.log_head.map { json throws(ThreadFailure) in try json.head() }
        guard let log else {
            guard let served else { throw .mismatch("a keyring that follows the community log states no community-log head") }
            try Positions(log: nil, community: community).check(seq: served.seq, hash: served.hash, "the server's head")
            return community.head
        }
        let own = log.nextSeq == 0 ? nil : LogFollower.Head(seq: log.nextSeq - 1, hash: log.head)
        guard served == own else {
            throw .fork("the server states keyring head \(served.map { "entry \($0.seq)" } ?? "none"), "
                + "but the log it serves ends at \(own.map { "entry \($0.seq)" } ?? "no entry")")
        }
        return own
    }
}
