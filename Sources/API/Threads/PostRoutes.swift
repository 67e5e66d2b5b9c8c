import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// Posts (PROTOCOL.md §5): ingest a signed, encrypted post, and list a
/// thread's posts. Ingesting is: decode, checks against memory, one Ed25519
/// verification, one group-committed insert. The server never sees
/// plaintext and logs neither ids of content nor bodies.
enum PostRoutes {
    /// A padded payload of 64 KiB is 87 KiB of base64; the other fields add little.
    static let postBody = 160 * 1024

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/threads/{id}/posts", "postCreate", bodyLimit: postBody, fast: { request, caller in
                // On the event loop: a post that passes every check in memory
                // (one signature verification) goes straight to the writer;
                // anything else (a refusal, a retry, a held post) to a worker.
                let me = try caller.requireMember()
                guard let (info, ring, community) = try? ThreadViews.visible(context, request, caller: me),
                      let body = try? request.decodePostSubmit(),
                      let post = try? body.post(communityID: context.communityID), post.moderation == .none else { return nil }
                guard (try? RateLimits.check(context.threadLimits.posts, me)) != nil else { return nil }
                return try PostIngest.ingest(context, post, thread: info, keyring: ring, community: community, caller: me,
                                             requestID: request.context.requestID, onLoop: true)
            }) { request, caller in
                let me = try caller.requireMember()
                try RateLimits.check(context.threadLimits.posts, me)
                let (info, ring, community) = try ThreadViews.visible(context, request, caller: me)
                let body = try request.decodePostSubmit()
                let post: Post
                do throws(ProtocolError) { post = try body.post(communityID: context.communityID) } catch { throw KeyringChecks.malformed(error) }
                // A held post comes with its author's report of it (PROTOCOL.md §7).
                var report: Report?
                if post.moderation == .hold {
                    guard let submit = try request.decodeJSON(HeldPost.self).report else {
                        throw APIProblem.unprocessable("hold-needs-report", "A post with moderation = hold carries its encrypted report (\"report\").")
                    }
                    do throws(ProtocolError) { report = try submit.report(communityID: context.communityID, reporterID: me) } catch {
                        throw KeyringChecks.malformed(error)
                    }
                }
                guard let response = try PostIngest.ingest(context, post, report: report, thread: info, keyring: ring, community: community,
                                                           caller: me, requestID: request.context.requestID) else { throw Problem.internalError() }
                return response
            },
            APIRoute(.get, "/v1/threads/{id}/posts", "postList", fast: { request, caller in
                // A cached page, answered on the event loop.
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                let (after, limit) = try PostListJSON.cursor(request)
                guard let json = context.postPages.page(info.id, after: after, limit: limit, generation: context.postPages.generation(info.id)) else {
                    return nil
                }
                return TLPHeader.adding(info.label, to: .json(json))
            }) { request, caller in
                let me = try caller.requireMember()
                let (info, _, _) = try ThreadViews.visible(context, request, caller: me)
                let (after, limit) = try PostListJSON.cursor(request)
                let json = try PostListJSON.page(context, info, after: after, limit: limit, viewer: me)
                return TLPHeader.adding(info.label, to: .json(json))
            },
        ]
    }
}

/// The server's checks of a post (PROTOCOL.md §5), cheapest first, and
/// its one insert.
enum PostIngest {
    private enum Outcome: Sendable {
        case stored(UInt64)
        case existing(PostStore.Receipt)
        case moved(currentEpoch: UInt64, rotationRequired: Bool)
    }

    /// Checks `post` and queues its insert; the response (the receipt and
    /// 201, or for a retry of the same bytes the first receipt and 200)
    /// comes once the group commit made it durable, without holding a
    /// worker thread while the batch's fsync runs.
    static func ingest(_ context: AppContext, _ post: Post, report: Report? = nil, thread: ThreadInfo, keyring ring: KeyringState,
                       community: CommunityState, caller: String, requestID: String, onLoop: Bool = false) throws -> Response? {
        // Built once: the signature check and the digest both need them.
        let signedBytes = post.signedBytes
        if onLoop {
            // Only the path that needs no store: every check passes.
            guard post.threadID == thread.id, post.authorID == caller, report == nil,
                  (try? check(context, post, signedBytes: signedBytes, thread: thread, keyring: ring, community: community,
                                   caller: caller)) != nil else { return nil }
        } else {
            guard post.threadID == thread.id else {
                throw APIProblem.unprocessable("wrong-thread", "The post is signed for another thread.")
            }
            guard post.authorID == caller else {
                throw Problem(status: 403, slug: "wrong-author", title: "You can post only as yourself.")
            }
            do {
                try check(context, post, signedBytes: signedBytes, thread: thread, keyring: ring, community: community, caller: caller)
                if let report {
                    guard report.postID == post.postID else {
                        throw APIProblem.unprocessable("wrong-post", "The held post's report is signed for another post.")
                    }
                    try ReportChecks.verify(report, community: community)
                }
            } catch {
                // A retry of a stored post is answered with its first receipt
                // even when the keyring or the policy moved on since.
                if let existing = try context.database.read({ try PostStore.receipt($0, postID: post.postID) }) {
                    return receiptResponse(try retry(existing, post), status: 200, label: thread.label)
                }
                throw error
            }
        }
        let receivedAt = WallClock.milliseconds
        let tag = ServerFranking.tag(key: context.frankingKey, post, receivedAt: receivedAt)
        let row = PostStore.PostRow(id: post.postID, threadID: post.threadID, digest: post.digest(signedBytes: signedBytes), label: post.label.rawValue,
                                    keyringID: post.keyringID, epoch: post.epoch, logSeq: post.logSeq, logHead: post.logHead,
                                    authorID: post.authorID, authorCertHash: post.authorCertHash, frankingTag: post.frankingTag,
                                    moderation: post.moderation.rawValue, nonce: post.nonce, ciphertext: post.ciphertext,
                                    policyVersion: post.policyVersion, signature: post.signature, receivedAt: receivedAt, serverTag: tag)
        let stored = { var held = row; if report != nil { held.status = PostStore.Status.held.rawValue }; return held }()
        let reportRow = try report.map { try ReportChecks.row($0, itemID: Identifier.uuid(fromRandom: Random.bytes(16)), receivedAt: receivedAt) }
        let auditKey = context.auditKey
        let pages = context.postPages
        let threadID = thread.id
        let pending = PendingResponse()
        let label = thread.label
        let logger = context.logger
        // Inside the writer, in its order: a retry that raced this one, or a
        // rotation (new epoch, suspension, removal) that committed since the
        // checks above, wins.
        try context.database.submit({ conn -> Outcome in
            if let existing = try PostStore.receipt(conn, postID: row.id) { return .existing(existing) }
            guard let state = try KeyringStore.state(conn, id: row.keyringID) else { return .moved(currentEpoch: 0, rotationRequired: false) }
            guard state.currentEpoch == row.epoch, !state.rotationRequired else {
                return .moved(currentEpoch: state.currentEpoch, rotationRequired: state.rotationRequired)
            }
            guard let seq = try PostStore.insert(conn, stored) else { return .moved(currentEpoch: 0, rotationRequired: false) }
            if let reportRow {
                // Held: the post and its author's report are one queue item, in the same transaction.
                try ModerationStore.insertItem(conn, .init(id: reportRow.itemID, kind: .heldPost, subjectMemberID: stored.authorID,
                                                           postID: stored.id, threadID: stored.threadID, label: stored.label,
                                                           createdAt: receivedAt / 1000))
                try ModerationStore.insertReport(conn, reportRow)
                try AuditLog.append(conn, key: auditKey, actor: stored.authorID, action: .moderationHold, subject: reportRow.itemID, detail: "")
            }
            return .stored(seq)
        }) { result in
            // On the writer thread: only cheap work (no JSONEncoder).
            do {
                switch try result.get() {
                case .stored(let seq):
                    pages.invalidate(threadID)
                    pending.complete(receiptResponse(PostWire.Receipt(postID: post.postID, seq: seq, receivedAt: receivedAt, serverTag: tag),
                                                     status: 201, label: label))
                case .existing(let existing):
                    pending.complete(receiptResponse(try retry(existing, post), status: 200, label: label))
                case .moved(let current, let rotation):
                    try checkEpoch(post, currentEpoch: current, rotationRequired: rotation)
                    throw Problem.internalError()
                }
            } catch let problem as Problem {
                pending.complete(.problem(problem, requestID: requestID))
            } catch {
                logger.error("request.failed", ["request_id": requestID, "route": "/v1/threads/{id}/posts",
                                                "error": String(reflecting: type(of: error))])
                pending.complete(.problem(.internalError(), requestID: requestID))
            }
        }
        return .later(pending)
    }

    /// The checks of PROTOCOL.md §5 that need no write, cheapest first.
    private static func check(_ context: AppContext, _ post: Post, signedBytes: [UInt8], thread: ThreadInfo, keyring ring: KeyringState, community: CommunityState,
                              caller: String) throws {
        guard post.label == thread.label, post.keyringID == thread.keyringID else {
            throw APIProblem.unprocessable("wrong-thread", "The post's label and keyring must be the thread's.")
        }
        guard post.hasValidSizes else {
            throw APIProblem.unprocessable("bad-sizes", "The post's sizes are not the protocol's (nonce, padded ciphertext, hashes, signature).")
        }
        guard post.policyVersion == context.moderation.version else { throw stalePolicy(context) }
        guard TLPRules.mayPost(label: thread.label, isHolder: ring.isHolder(caller, community)) else { throw APIProblem.notFound("thread") }
        try checkEpoch(post, currentEpoch: ring.currentEpoch, rotationRequired: ring.rotationRequired)
        let known = ring.log.map { $0.hash(at: post.logSeq) } ?? context.registry.entryHash(at: post.logSeq)
        guard let known, known == post.logHead else {
            throw APIProblem.unprocessable("unknown-position", "The post binds a log position the keyring's log does not have.")
        }
        let author = try KeyringChecks.member(caller, community)
        guard author.current.hash == post.authorCertHash, author.current.certificate.isCurrent(at: WallClock.seconds) else {
            throw APIProblem.unprocessable("stale-certificate", "The post must name your current certificate.")
        }
        // The position is one the author could have seen: not before the
        // current epoch's, and not before the author held the keyring (its
        // add entry, or for the default keyring the entry of its certificate).
        let admitted = ring.log.map { $0.addedAt[caller] } ?? author.certificates.last.map { $0.seq }
        guard let admitted, post.logSeq >= admitted, post.logSeq >= (ring.epochs.last?.logSeq ?? 0) else {
            throw APIProblem.unprocessable("unknown-position", "The post binds a log position from before its author held the keyring or before the current epoch.")
        }
        guard post.isSigned(by: author.current.certificate.signPublicKey, signedBytes: signedBytes) else {
            throw APIProblem.unprocessable("bad-signature", "The post's signature does not verify with your current key.")
        }
    }

    /// A receipt as JSON (sorted keys, as `JSONBody` writes them), written
    /// by hand: it is built on the writer thread.
    static func receiptResponse(_ receipt: PostWire.Receipt, status: Int, label: TLPLabel) -> Response {
        let text = "{\"post_id\":" + JSONText.quote(receipt.post_id) + ",\"received_at\":\(receipt.received_at),\"seq\":\(receipt.seq)"
            + ",\"server_tag\":" + JSONText.quote(receipt.server_tag) + "}"
        return TLPHeader.adding(label, to: .json(Array(text.utf8), status: status))
    }

    /// The same id with the same bytes is the same post: its first receipt.
    private static func retry(_ existing: PostStore.Receipt, _ post: Post) throws -> PostWire.Receipt {
        guard existing.digest == post.digest, existing.threadID == post.threadID else {
            throw APIProblem.conflict("post-id-taken", "This post id is taken by other bytes.")
        }
        return PostWire.Receipt(postID: existing.postID, seq: existing.seq, receivedAt: existing.receivedAt, serverTag: existing.serverTag)
    }

    private static func checkEpoch(_ post: Post, currentEpoch: UInt64, rotationRequired: Bool) throws {
        guard currentEpoch > 0 else {
            throw APIProblem.unprocessable("no-epoch", "The keyring has no epoch yet; a holder creates epoch 1 first.")
        }
        guard post.epoch == currentEpoch else {
            throw Problem(status: 409, slug: "epoch-moved", title: "Posts use the keyring's current epoch; fetch the keyring and encrypt again.",
                          extensions: ["current_epoch": String(currentEpoch)])
        }
        guard !rotationRequired else {
            throw Problem(status: 422, slug: "rotation-required",
                          title: "A holder left or lost membership: rotate the keyring (POST /v1/keyrings/{id}/epochs) before posting.",
                          extensions: ["current_epoch": String(currentEpoch)])
        }
    }

    private static func stalePolicy(_ context: AppContext) -> Problem {
        Problem(status: 422, slug: "stale-policy", title: "The post was checked against another moderation policy; fetch GET /v1/policies/moderation.",
                extensions: ["current_version": JSONText.quote(context.moderation.version)])
    }
}

/// A page of posts (`ThreadsJSON.PostList`) as JSON, written by hand from
/// the stored rows: the same bytes `JSONBody.encode` would write (sorted
/// keys, no spaces; a test compares them), several times faster for a page
/// of 50 posts. Binary fields are public (ciphertext, signatures, hashes),
/// so they are encoded with the table-driven `Base64.appendPublic`; short
/// strings without characters to escape are copied, others go through
/// `JSONText.quote`.
enum PostListJSON {
    static func encode(threadID: String, label: TLPLabel, rows: [PostStore.PostRow], removals: [String: ModerationStore.DecisionRow] = [:],
                       nextAfter: UInt64) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + rows.count * 2_400)
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func key(_ name: String) { out.append(0x22); out.append(contentsOf: name.utf8); out.append(0x22); out.append(0x3A) }
        func quoted(_ text: String) {
            if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
                out.append(0x22); out.append(contentsOf: text.utf8); out.append(0x22)
            } else {
                out.append(contentsOf: JSONText.quote(text).utf8)
            }
        }
        func base64(_ bytes: [UInt8]) { out.append(0x22); Base64.appendPublic(bytes, to: &out); out.append(0x22) }
        raw("{"); key("label"); quoted(label.rawValue)
        raw(","); key("next_after"); raw(String(nextAfter))
        raw(","); key("posts"); raw("[")
        for (index, row) in rows.enumerated() {
            guard TLPLabel(rawValue: row.label) != nil, Post.Moderation(rawValue: row.moderation) != nil else { throw Problem.internalError() }
            if index > 0 { raw(",") }
            raw("{")
            if row.status == PostStore.Status.held.rawValue { key("held"); raw("true,") }
            key("post"); raw("{")
            key("author_cert_hash"); base64(row.authorCertHash)
            raw(","); key("author_id"); quoted(row.authorID)
            raw(","); key("ciphertext"); base64(row.ciphertext)
            raw(","); key("epoch"); raw(String(row.epoch))
            raw(","); key("franking_tag"); base64(row.frankingTag)
            raw(","); key("keyring_id"); quoted(row.keyringID)
            raw(","); key("label"); quoted(row.label)
            raw(","); key("log_head"); base64(row.logHead)
            raw(","); key("log_seq"); raw(String(row.logSeq))
            raw(","); key("moderation"); quoted(row.moderation)
            raw(","); key("nonce"); base64(row.nonce)
            raw(","); key("policy_version"); quoted(row.policyVersion)
            raw(","); key("post_id"); quoted(row.id)
            raw(","); key("signature"); base64(row.signature)
            raw(","); key("thread_id"); quoted(row.threadID)
            raw("}")
            raw(","); key("received_at"); raw(String(row.receivedAt))
            if let removal = removals[row.id] {
                raw(","); key("removed"); raw("{")
                key("decided_at"); raw(String(removal.decidedAt))
                raw(","); key("decision"); quoted(removal.decision)
                raw(","); key("moderator_cert_hash"); base64(removal.moderatorCertHash)
                raw(","); key("moderator_id"); quoted(removal.moderatorID)
                raw(","); key("reason"); quoted(removal.reason)
                raw(","); key("signature"); base64(removal.signature)
                raw("}")
            }
            raw(","); key("seq"); raw(String(row.seq))
            raw(","); key("server_tag"); base64(row.serverTag)
            raw("}")
        }
        raw("]"); raw(","); key("thread_id"); quoted(threadID); raw("}")
        return out
    }

    /// One stored post as `PostWire.Stored` (a queue item shows it).
    static func stored(_ row: PostStore.PostRow, communityID: String, removal: ModerationStore.DecisionRow?) throws -> PostWire.Stored {
        guard let label = TLPLabel(rawValue: row.label), let moderation = Post.Moderation(rawValue: row.moderation) else {
            throw Problem.internalError()
        }
        let post = Post(communityID: communityID, postID: row.id, threadID: row.threadID, label: label, keyringID: row.keyringID, epoch: row.epoch,
                        logSeq: row.logSeq, logHead: row.logHead, authorID: row.authorID, authorCertHash: row.authorCertHash,
                        frankingTag: row.frankingTag, moderation: moderation, nonce: row.nonce, ciphertext: row.ciphertext,
                        policyVersion: row.policyVersion, signature: row.signature)
        let removed = removal.flatMap { r in
            Decision.Kind(rawValue: r.decision).map {
                ReportWire.DecisionJSON(Decision(communityID: communityID, subjectID: r.subjectID, kind: $0, reason: r.reason, moderatorID: r.moderatorID,
                                                 moderatorCertHash: r.moderatorCertHash, signature: r.signature),
                                        decidedAt: r.decidedAt, includeSubject: false)
            }
        }
        return PostWire.Stored(seq: row.seq, receivedAt: row.receivedAt, serverTag: row.serverTag, post: post,
                               held: row.status == PostStore.Status.held.rawValue ? true : nil, removed: removed)
    }
}

extension PostListJSON {
    /// `after` (default 0) and `limit` (1–200, default 50) of a list request.
    static func cursor(_ request: Request) throws -> (after: UInt64, limit: Int) {
        let after = try request.query("after").map { text -> UInt64 in
            guard let value = UInt64(text) else { throw APIProblem.invalid("after must be a seq (0 or more)") }
            return value
        } ?? 0
        let limit = try request.query("limit").map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw APIProblem.invalid("limit must be 1 to 200") }
            return value
        } ?? 50
        return (after, limit)
    }

    /// The page `viewer` sees: from the cache when the page is the same for
    /// every reader (no held or rejected post in it), else read for them.
    static func page(_ context: AppContext, _ info: ThreadInfo, after: UInt64, limit: Int, viewer: String) throws -> [UInt8] {
        let cache = context.postPages
        let generation = cache.generation(info.id)
        if let bytes = cache.page(info.id, after: after, limit: limit, generation: generation) { return bytes }
        let (rows, removals, shared) = try context.database.read { conn in
            var rows = try PostStore.posts(conn, threadID: info.id, after: after, limit: limit)
            let shared = !rows.contains { $0.status == PostStore.Status.held.rawValue || $0.status == PostStore.Status.rejected.rawValue }
            if !shared { rows = try PostStore.posts(conn, threadID: info.id, after: after, limit: limit, viewer: viewer) }
            var removals: [String: ModerationStore.DecisionRow] = [:]
            for row in rows where row.status == PostStore.Status.removed.rawValue || row.status == PostStore.Status.rejected.rawValue {
                removals[row.id] = try ModerationStore.removal(conn, postID: row.id)
            }
            return (rows, removals, shared)
        }
        let bytes = try encode(threadID: info.id, label: info.label, rows: rows, removals: removals, nextAfter: rows.last?.seq ?? after)
        if shared { cache.store(bytes, info.id, after: after, limit: limit, generation: generation) }
        return bytes
    }
}

/// The part of a held post's request beyond the post: its author's report.
struct HeldPost: Decodable {
    let report: ReportWire.Submit?
}
