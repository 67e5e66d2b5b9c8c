import Core
import Crypto
import Foundation
import Protocol

/// A page of a thread as read: each post verified or refused, and where the next page starts.
public struct ThreadPage: Sendable {
    /// The thread, as verified for this page (opened again when the page
    /// referred to a keyring state newer than the first view).
    public let thread: OpenThread
    public let readings: [PostReading]
    /// The `after` of the next page (the last post's seq).
    public let nextAfter: UInt64
}

/// A post the server accepted.
public struct SentPost: Sendable {
    public let threadID: String
    public let postID: String
    public let seq: UInt64
    /// Milliseconds since the epoch.
    public let receivedAt: UInt64
    /// The epoch this client created first because a rotation was due.
    public let rotatedTo: UInt64?
}

extension ThreadSession {
    /// The thread `threadID`, checked: its keyring (and its circle's, for a
    /// thread of a collaboration circle) verified, its creation record signed
    /// by its author and matching that keyring and the label served.
    /// A thread the server does not show is "no such thread".
    public func openThread(_ threadID: String) throws -> OpenThread {
        try withRefollow {
            let answer = try response("/v1/threads/\(threadID)", notFound: ThreadSession.noSuchThread(threadID))
            let thread = try answer.decode(ThreadWire.Thread.self)
            let summary = try answer.decode(ThreadWire.ThreadSummary.self)
            guard thread.thread_id == threadID, summary.thread_id == threadID else {
                throw ThreadFailure.mismatch("asked for thread \(threadID), the server answered with \(thread.thread_id)")
            }
            let (keyring, circle) = try fetchKeyring(thread.record.keyring_id)
            let record = try ThreadView.verify(thread, keyring: keyring, community: community)
            let circleKeyring: VerifiedKeyring? = if case .circle = keyring.kind { keyring } else { circle }
            return OpenThread(record: record, keyring: keyring, circle: circleKeyring, summary: summary)
        }
    }

    /// What a member is told about a thread the server does not show it.
    static func noSuchThread(_ threadID: String) -> String {
        "no such thread \(threadID): it does not exist, or you may not see it (AMBER, AMBER+STRICT and RED threads show only to their participants)"
    }

    /// One page of posts after `after`, each checked by `PostReader`. When a
    /// post refers to an epoch or log position newer than the view the
    /// thread was opened with (a rotation or a new entry meanwhile), the
    /// community log is followed and the thread opened again, once.
    public func readPosts(_ thread: OpenThread, after: UInt64, limit: Int) throws -> ThreadPage {
        let page = try fetchPage(thread.threadID, after: after, limit: limit)
        let readings = try PostReader(thread: thread.record, keyring: thread.keyring, community: community).read(page)
        let keyring = thread.keyring
        guard readings.contains(where: { isStale($0.refusal, keyring) }) else {
            return ThreadPage(thread: thread, readings: readings, nextAfter: page.next_after ?? page.posts.last?.seq ?? after)
        }
        try refollow()
        let fresh = try openThread(thread.threadID)
        let again = try fetchPage(fresh.threadID, after: after, limit: limit)
        return ThreadPage(thread: fresh, readings: try PostReader(thread: fresh.record, keyring: fresh.keyring, community: community).read(again),
                          nextAfter: again.next_after ?? again.posts.last?.seq ?? after)
    }

    private func fetchPage(_ threadID: String, after: UInt64, limit: Int) throws -> ThreadWire.PostsPage {
        try get("/v1/threads/\(threadID)/posts", query: [("after", String(after)), ("limit", String(limit))],
                notFound: ThreadSession.noSuchThread(threadID))
    }

    /// Whether a refusal may come from this client's view being older than
    /// the post (so that a fresh view could read it).
    private func isStale(_ refusal: PostRefusal?, _ keyring: VerifiedKeyring) -> Bool {
        switch refusal {
        case .unknownEpoch(let n)?: n > keyring.currentEpoch
        case .noKey(let n)?: n > keyring.currentEpoch
        case .position?: true
        default: false
        }
    }

    /// Posts `payload` in `threadID`: opens and verifies the thread, creates
    /// the next epoch first when one is due (this client is then "the next
    /// holder" of PROTOCOL.md §4.1), seals the post under the checked
    /// moderation policy and sends it. When the keyring, its epoch, the log
    /// or the policy moved on meanwhile, builds it again once.
    public func post(_ payload: PostPayload, in threadID: String) throws -> SentPost {
        try retrying {
            try post(payload, in: try openThread(threadID))
        }
    }

    /// Posts in a thread opened by this session, after evaluating it with
    /// the moderation policy (`evaluateBeforePosting`): a `block` or `hold`
    /// verdict throws `ModerationRefusal` and nothing is sent; `flag` puts the
    /// rule ids in the payload's `flags`. The post signs the evaluated version.
    public func post(_ payload: PostPayload, in thread: OpenThread) throws -> SentPost {
        let evaluation = try evaluateBeforePosting(payload)
        let payload = try evaluation.apply(to: payload)
        var keyring = thread.keyring
        var rotated: UInt64?
        if keyring.rotationRequired {
            rotated = try rotate(keyring)
            keyring = try self.keyring(keyring.keyringID)
        }
        let post = try PostComposer.compose(payload, thread: thread.record, keyring: keyring, community: community, author: me, now: now,
                                            policyVersion: evaluation.version)
        let receipt: PostWire.Receipt = try send("POST", "/v1/threads/\(thread.threadID)/posts", PostWire.Submit(post),
                                                 notFound: ThreadSession.noSuchThread(thread.threadID))
        guard receipt.post_id == post.postID else {
            throw ThreadFailure.mismatch("the server's receipt names post \(receipt.post_id), not \(post.postID)")
        }
        return SentPost(threadID: thread.threadID, postID: post.postID, seq: receipt.seq, receivedAt: receipt.received_at, rotatedTo: rotated)
    }

    /// Starts a thread in the default circle (`circleID` nil) or a
    /// collaboration circle. AMBER and up: the participants are member ids
    /// or organisation ids, checked against the TLP rules before anything
    /// is sent, with epoch 1 wrapped for them (its key cached once the
    /// server took it). The first post is `post(_:in:)`'s.
    public func createThread(label: TLPLabel, circleID: String?, recipients: [String], topics: [String],
                             askExperts: Bool) throws -> ThreadDraft {
        try retrying { () throws -> ThreadDraft in
            var circle: VerifiedKeyring?
            if let circleID, circleID != community.state.defaultCircleID {
                guard let known = community.state.circles[circleID] else {
                    throw MemberError.refused("the verified community log has no circle \(circleID)")
                }
                circle = try keyring(known.keyringID)
            }
            let draft = try ThreadComposer(community: community, author: me, now: now)
                .compose(label: label, circle: circle, recipients: recipients, topics: topics, askExperts: askExperts, confirmed: confirmed)
            let _: ThreadWire.ThreadSummary = try api.post("/v1/threads", body: draft.body)
            if let epoch = draft.epoch { try remember(epoch, keyringID: draft.keyringID) }
            return draft
        }
    }

    // MARK: participants

    /// Adds a member, or every active member of an organisation who is not
    /// a participant yet, to an AMBER, AMBER+STRICT or RED thread, each with
    /// the earlier epochs unless `history` is false. Returns who was added.
    public func addParticipants(_ memberOrOrg: String, to threadID: String, history: Bool) throws -> [String] {
        let thread = try openThread(threadID)
        let state = community.state
        let targets: [String]
        if state.member(memberOrOrg) != nil {
            guard !thread.keyring.holders.contains(memberOrOrg) else {
                throw MemberError.refused("\(memberOrOrg) is a participant of thread \(threadID) already")
            }
            targets = [memberOrOrg]
        } else {
            let colleagues = state.members.values.filter { $0.orgID == memberOrOrg && $0.isValid(at: now) }.map(\.memberID).sorted()
            guard !colleagues.isEmpty else {
                throw MemberError.refused("\(memberOrOrg) is neither a member nor an organisation with active members")
            }
            targets = colleagues.filter { !thread.keyring.holders.contains($0) }
        }
        var added: [String] = []
        for next in targets {
            // Each addition is the next entry of the log: built on a fresh view.
            try retrying {
                let thread = try openThread(threadID)
                let draft = try ParticipantActions.add(next, to: thread.keyring, community: community, by: me, now: now, confirmed: confirmed,
                                                       history: history, circleMembers: thread.circle?.holders)
                let _: ThreadWire.Appended = try api.post("/v1/threads/\(threadID)/participants", body: draft.body)
            }
            added.append(next)
        }
        return added
    }

    /// The author removes a participant, with the next epoch for those who
    /// remain in the same request. Returns that epoch (nil when the
    /// server was left to ask the next holder to rotate).
    public func removeParticipant(_ memberID: String, from threadID: String) throws -> UInt64? {
        try retrying {
            let thread = try openThread(threadID)
            guard thread.keyring.holders.contains(memberID) else {
                throw MemberError.refused("\(memberID) is not a participant of thread \(threadID)")
            }
            let draft = try ParticipantActions.remove(memberID, from: thread.keyring, community: community, by: me, now: now, confirmed: confirmed)
            let _: ThreadWire.Appended = try send("DELETE", "/v1/threads/\(threadID)/participants/\(memberID)", draft.body)
            if let epoch = draft.epoch { try remember(epoch, keyringID: thread.keyring.keyringID) }
            return draft.epoch?.epoch.number
        }
    }

    /// This member leaves the thread; the next holder to post rotates.
    public func leaveThread(_ threadID: String) throws {
        try retrying {
            let thread = try openThread(threadID)
            let draft = try ParticipantActions.leave(thread.keyring, community: community, by: me, now: now)
            let _: ThreadWire.Appended = try send("DELETE", "/v1/threads/\(threadID)/participants/\(me.memberID)", draft.body)
        }
    }
}
