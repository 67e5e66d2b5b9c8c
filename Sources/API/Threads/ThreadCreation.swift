import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// `POST /v1/threads`: a signed creation record, and for AMBER,
/// AMBER+STRICT and RED the new keyring's first entries and epoch 1, all in
/// one transaction.
///
/// CLEAR and GREEN threads use their circle's keyring: no participants, no
/// epoch; the author must hold the circle's keyring. The others get a new
/// keyring whose entry 0 is the record; the participants' add entries are
/// replayed with `KeyringLog.apply` (so `TLPRules` decide), and epoch 1 must
/// come with wraps for exactly the resulting holders.
enum ThreadCreation {
    static func create(_ context: AppContext, _ body: ThreadsJSON.ThreadCreate, caller: String) throws -> (ThreadInfo, ThreadsJSON.Thread) {
        let record: ThreadRecord
        do throws(ProtocolError) { record = try body.record.record(communityID: context.communityID) } catch { throw KeyringChecks.malformed(error) }
        let topics = try context.topics.check(body.topics)
        let participants = body.participants ?? []
        let info = try context.keyrings.change(community: context.registry, database: context.database) { state, book -> KeyringRegistry.Plan<ThreadInfo> in
            guard record.authorID == caller else { throw APIProblem.unprocessable("actor-mismatch", "The record must name you as its author.") }
            let author = try KeyringChecks.member(caller, state)
            guard record.authorCertHash == author.current.hash else {
                throw APIProblem.unprocessable("stale-certificate", "The record must name your current certificate.")
            }
            guard record.isSigned(by: author.current.certificate.signPublicKey) else {
                throw APIProblem.unprocessable("bad-signature", "The record is not signed with your current key.")
            }
            guard !book.isTaken(record.threadID, state) else { throw APIProblem.conflict("id-taken", "This thread id is taken.") }
            guard let circleKeyringID = book.circleKeyringID(record.circleID, state), let circleRing = book.keyrings[circleKeyringID] else {
                throw APIProblem.unprocessable("unknown-circle", "There is no such circle.")
            }
            guard circleRing.isHolder(caller, state) else {
                throw Problem(status: 403, slug: "not-in-circle", title: "You can start threads only in circles you belong to.")
            }
            let info = ThreadInfo(record: record, topics: topics, askExperts: body.ask_experts, createdAt: WallClock.seconds)
            var next = book
            next.threads[record.threadID] = info
            let threadOrder = next.nextEventOrder
            next.nextEventOrder += 1
            let threadRow = ThreadStore.ThreadRow(id: record.threadID, circleID: record.circleID, keyringID: record.keyringID,
                                                  label: record.label.rawValue, authorID: record.authorID, authorCertHash: record.authorCertHash,
                                                  signature: record.signature, askExperts: body.ask_experts, communitySeq: state.nextSeq - 1,
                                                  eventOrder: threadOrder, createdAt: info.createdAt, topics: topics)
            if record.label.usesCircleKeyring {
                guard record.keyringID == circleKeyringID else {
                    throw APIProblem.unprocessable("wrong-keyring", "A \(record.label.rawValue) thread uses its circle's keyring.")
                }
                guard participants.isEmpty, body.epoch == nil else {
                    throw APIProblem.unprocessable("invalid-thread", "A \(record.label.rawValue) thread has no participants and no epoch of its own: its circle reads it.")
                }
                let defaultRow = circleRing.kind == .default ? KeyringRegistry.defaultRow(circleKeyringID, at: info.createdAt) : nil
                return .init(next: next, write: { conn in
                    if let defaultRow { try KeyringStore.insertKeyringIfMissing(conn, defaultRow) }
                    try ThreadStore.insert(conn, threadRow)
                }, result: info)
            }
            guard !book.isTaken(record.keyringID, state), record.keyringID != record.threadID else {
                throw APIProblem.conflict("id-taken", "This keyring id is taken.")
            }
            var log: KeyringLog
            do throws(ProtocolError) { log = try KeyringLog.thread(record, community: state) } catch { throw KeyringChecks.problem(error) }
            let circleMembers = next.circleMembers(record.circleID, state)
            var entries: [KeyringStore.EntryRow] = []
            for wire in participants {
                let entry: MembershipEntry
                do throws(ProtocolError) { entry = try wire.entry(keyringID: record.keyringID) } catch { throw KeyringChecks.malformed(error) }
                guard entry.action == .add else { throw APIProblem.unprocessable("invalid-entry", "participants are add entries") }
                try KeyringChecks.entry(entry, caller: caller, state)
                do throws(ProtocolError) { try log.apply(entry, community: state, circleMembers: circleMembers) } catch { throw KeyringChecks.problem(error) }
                entries.append(KeyringStore.EntryRow(keyringID: record.keyringID, seq: entry.seq, action: entry.action.rawValue,
                                                     memberID: entry.memberID, memberCertHash: entry.memberCertHash, prevHash: entry.prevHash,
                                                     actorID: entry.actorID, signature: entry.signature, entryHash: log.head,
                                                     communitySeq: state.nextSeq - 1, eventOrder: next.nextEventOrder, createdAt: info.createdAt))
                next.nextEventOrder += 1
            }
            guard let wireEpoch = body.epoch else {
                throw APIProblem.unprocessable("epoch-required", "A \(record.label.rawValue) thread starts with epoch 1 and wraps for its holders.")
            }
            let (epoch, wraps) = try KeyringChecks.epoch(wireEpoch, keyringID: record.keyringID, next: 1,
                                                         head: .init(seq: log.nextSeq - 1, hash: log.head), holders: log.holders(community: state),
                                                         creator: author, state)
            next.keyrings[record.keyringID] = KeyringState(id: record.keyringID, kind: .thread(threadID: record.threadID), circleID: record.circleID,
                                                           log: log, epochs: [epoch], rotationRequired: false)
            let keyringRow = KeyringStore.KeyringRow(id: record.keyringID, kind: "thread", circleID: record.circleID, threadID: record.threadID,
                                                     createdAt: info.createdAt)
            let now = info.createdAt
            let entryRows = entries
            let write: @Sendable (Connection) throws -> Void = { conn in
                try KeyringStore.insertKeyring(conn, keyringRow)
                try ThreadStore.insert(conn, threadRow)
                for row in entryRows { try KeyringStore.appendEntry(conn, row) }
                try KeyringStore.insertEpoch(conn, KeyringChanges.row(epoch, at: now))
                for wrap in wraps { try KeyringStore.putWrap(conn, KeyringChanges.row(wrap), at: now) }
                try KeyringStore.setState(conn, id: record.keyringID, currentEpoch: 1, rotationRequired: false)
            }
            return .init(next: next, write: write, result: info)
        }
        return (info, ThreadViews.json(info, postCount: 0, lastPostAt: nil, withRecord: true))
    }
}
