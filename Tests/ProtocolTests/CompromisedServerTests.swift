import Core
import Crypto
import Protocol
import Testing

// A compromised server at the protocol level: it stores and serves the
// thread's keyring log, its epochs, wraps and posts, and holds no member's
// secret key. Starting from a valid AMBER thread (author, colleague, expert;
// epoch 1; then the colleague removed and epoch 2 created after it, as
// PROTOCOL.md §4.1's "removal rotates" asks; a post in each epoch), each test
// lets the server tamper with what it serves and shows the client's checks
// (KeyringLog replay, Epoch, Wrap, Post) catch it.

/// A position an epoch or post binds is one the replayed log reaches.
func reaches(_ log: KeyringLog, seq: UInt64, head: [UInt8]) -> Bool { log.hash(at: seq) == head }

@Suite struct CompromisedServerTests {
    struct World {
        var forum: Forum
        let author: Person, colleague: Person, expert: Person, mallory: Person
        var book: KeyringBook
        let key1 = SecureBytes(Random.bytes(32)), key2 = SecureBytes(Random.bytes(32))
        let epoch1: Epoch, epoch2: Epoch
        let wraps1: [String: Wrap], wraps2: [String: Wrap]
        let post1: Post, post2: Post
        let policy = Hex.encode(Random.bytes(32))

        init() throws {
            var f = try Forum()
            author = try f.member()
            colleague = try f.member()
            expert = try f.expert()
            mallory = try f.member(f.orgP)           // a member in league with the server, no participant
            var book = try f.thread(.amber, by: author)
            try f.append(&book, .add, colleague, by: author)
            try f.append(&book, .add, expert, by: author)
            // Epoch 1 for the three holders, bound at seq 2.
            epoch1 = Epoch.make(communityID: f.log.communityID, keyringID: book.keyringID, number: 1, key: key1, logSeq: 2, logHead: book.head,
                                creatorID: author.id, creator: author.sign)
            wraps1 = try World.wraps(key1, epoch: 1, for: [author, colleague, expert], book: book, forum: f, by: author)
            post1 = try World.post("before", epoch: epoch1, key: key1, book: book, forum: f, author: author, policy: policy)
            // The colleague removed; the author rotates: epoch 2 bound at seq 3, wrapped for the two remaining holders.
            try f.append(&book, .remove, colleague, by: author)
            epoch2 = Epoch.make(communityID: f.log.communityID, keyringID: book.keyringID, number: 2, key: key2, logSeq: 3, logHead: book.head,
                                creatorID: author.id, creator: author.sign)
            wraps2 = try World.wraps(key2, epoch: 2, for: [author, expert], book: book, forum: f, by: author)
            post2 = try World.post("after", epoch: epoch2, key: key2, book: book, forum: f, author: expert, policy: policy)
            self.book = book
            forum = f
        }

        static func wraps(_ key: SecureBytes, epoch: UInt64, for people: [Person], book: KeyringBook, forum: Forum,
                          by wrapper: Person) throws -> [String: Wrap] {
            var wraps: [String: Wrap] = [:]
            for p in people {
                let cert = forum.state.member(p.id)!.current
                wraps[p.id] = try Wrap.make(keyringID: book.keyringID, epoch: epoch, key: key, recipientID: p.id, recipient: cert.certificate,
                                            recipientCertHash: cert.hash, wrapperID: wrapper.id, wrapper: wrapper.sign)
            }
            return wraps
        }

        static func post(_ body: String, epoch: Epoch, key: SecureBytes, book: KeyringBook, forum: Forum, author: Person, policy: String) throws -> Post {
            try Post.seal(PostPayload(body: body), communityID: forum.log.communityID, postID: newID(), threadID: book.record!.threadID,
                          label: book.record!.label, keyringID: book.keyringID, epoch: epoch.number, key: key, logSeq: epoch.logSeq,
                          logHead: epoch.logHead, authorID: author.id, authorCertHash: forum.log.certHash(author), policyVersion: policy,
                          author: author.sign)
        }

        var state: CommunityState { forum.state }
        func signKey(_ id: String) -> SigningPublicKey { state.member(id)!.current.certificate.signPublicKey }

        /// What a client does with what the server served: replay the log from
        /// the record, check each epoch's signature and bound position, each
        /// post's signature, position, thread, keyring and label, then open it.
        func clientAccepts(record: ThreadRecord? = nil, entries: [MembershipEntry]? = nil, epochs: [Epoch]? = nil, posts: [Post]? = nil,
                           keys: [UInt64: SecureBytes]? = nil) throws -> KeyringLog {
            let record = record ?? book.record!
            var log = try KeyringLog.thread(record, community: state)
            for entry in entries ?? book.entries { try log.apply(entry, community: state, circleMembers: forum.circle.log.admitted) }
            let keys = keys ?? [1: key1, 2: key2]
            for epoch in epochs ?? [epoch1, epoch2] {
                // The creator: someone the log admitted (the log keeps no past holder sets), under its own key.
                guard epoch.keyringID == log.keyringID, log.admitted.contains(epoch.creatorID),
                      epoch.isSigned(by: signKey(epoch.creatorID), communityID: state.communityID) else {
                    throw ProtocolError.badSignature("epoch \(epoch.number)")
                }
                guard reaches(log, seq: epoch.logSeq, head: epoch.logHead) else {
                    throw ProtocolError.brokenChain("epoch \(epoch.number) binds a log position the log does not reach")
                }
                if let key = keys[epoch.number], !epoch.matches(key) { throw ProtocolError.badSignature("epoch \(epoch.number) key check") }
            }
            for post in posts ?? [post1, post2] {
                guard post.threadID == record.threadID, post.keyringID == log.keyringID, post.label == record.label,
                      post.isSigned(by: signKey(post.authorID)) else { throw ProtocolError.badSignature("post \(post.postID)") }
                guard reaches(log, seq: post.logSeq, head: post.logHead) else {
                    throw ProtocolError.brokenChain("post \(post.postID) binds a log position the log does not reach")
                }
                _ = try post.open(with: keys[post.epoch] ?? SecureBytes(Random.bytes(32)))
            }
            return log
        }
    }

    @Test func theHonestServerIsAccepted() throws {
        let w = try World()
        let log = try w.clientAccepts()
        #expect(log.holders(community: w.state) == [w.author.id, w.expert.id])
        for (id, wrap) in w.wraps2 {
            #expect(wrap.isSigned(by: w.signKey(wrap.wrapperID)) && wrap.recipientCertHash == w.state.member(id)!.current.hash)
        }
        #expect(w.epoch2.matches(try w.wraps2[w.expert.id]!.open(with: w.expert.box)))
        #expect(w.wraps2[w.colleague.id] == nil)
    }

    /// (a) The server injects a participant: an add it forged in the author's
    /// name, or one signed by a member who is no holder.
    @Test func anInjectedParticipantIsDetected() throws {
        let w = try World()
        let forged = w.book.entry(.add, w.mallory, by: w.author, in: w.forum.log, signer: SigningSecretKey())
        #expect(throws: ProtocolError.badSignature("keyring entry 4 is not signed by its actor")) {
            try w.clientAccepts(entries: w.book.entries + [forged])
        }
        let byMallory = w.book.entry(.add, w.mallory, by: w.mallory, in: w.forum.log)
        expectRefused(.notAllowed) { try w.clientAccepts(entries: w.book.entries + [byMallory]) }
        // The removed colleague, no holder any more, cannot bring anyone in either (nor itself back).
        let byColleague = w.book.entry(.add, w.colleague, by: w.colleague, in: w.forum.log)
        expectRefused(.notAllowed) { try w.clientAccepts(entries: w.book.entries + [byColleague]) }
        // Slipped in the middle: it cannot be signed, and the entries after it no longer link.
        let middle = w.book.entry(.add, w.mallory, by: w.author, in: w.forum.log, seq: 2, prevHash: w.book.entries[0].hash,
                                  signer: SigningSecretKey())
        expectRefused(.badSignature) { try w.clientAccepts(entries: [w.book.entries[0], middle] + w.book.entries[1...]) }
        var afterMiddle = try KeyringLog.thread(w.book.record!, community: w.state)
        try afterMiddle.apply(w.book.entries[0], community: w.state)
        expectRefused(.brokenChain) { try afterMiddle.apply(w.book.entries[2], community: w.state) }
        // A client wraps only for the replayed holders: mallory gets nothing.
        #expect(!(try w.clientAccepts()).holders(community: w.state).contains(w.mallory.id))
    }

    /// (b) The server drops or reorders an entry.
    @Test func aDroppedOrReorderedEntryIsDetected() throws {
        let w = try World()
        let e = w.book.entries
        expectRefused(.brokenChain) { try w.clientAccepts(entries: [e[1], e[2]]) }
        expectRefused(.brokenChain) { try w.clientAccepts(entries: [e[0], e[2]]) }
        expectRefused(.brokenChain) { try w.clientAccepts(entries: [e[1], e[0], e[2]]) }
        expectRefused(.brokenChain) { try w.clientAccepts(entries: [e[0], e[2], e[1]]) }
        expectRefused(.brokenChain) { try w.clientAccepts(entries: [e[0], e[1], e[1], e[2]]) }
    }

    /// (c) The server changes the label in the record (say RED to AMBER, to
    /// let more people be added): the author's signature fails; and a post
    /// carries its label under the author's signature and in its AD.
    @Test func aChangedLabelIsDetected() throws {
        let w = try World()
        let r = w.book.record!
        for label in TLPLabel.allCases where label != r.label {
            let changed = ThreadRecord(communityID: r.communityID, threadID: r.threadID, keyringID: r.keyringID, circleID: r.circleID, label: label,
                                       authorID: r.authorID, authorCertHash: r.authorCertHash, signature: r.signature)
            expectRefused(label.usesCircleKeyring ? .invalid : .badSignature, "\(label.rawValue)") { try w.clientAccepts(record: changed) }
        }
        // Posts served with another label: the signature fails (and the AD).
        var f = PostFields(w.post2)
        f.label = .green
        expectRefused(.badSignature) { try w.clientAccepts(posts: [f.post]) }
        expectRefused(.badSignature) { try f.post.open(with: w.key2) }
    }

    /// (d) The server swaps an epoch's key check (for a key it chose).
    @Test func aSwappedKeyCheckIsDetected() throws {
        let w = try World()
        let own = SecureBytes(Random.bytes(32))
        let e = w.epoch2
        let swapped = Epoch(keyringID: e.keyringID, number: e.number, keyCheck: Epoch.keyCheck(keyringID: e.keyringID, epoch: 2, key: own),
                            logSeq: e.logSeq, logHead: e.logHead, creatorID: e.creatorID, signature: e.signature)
        expectRefused(.badSignature) { try w.clientAccepts(epochs: [w.epoch1, swapped]) }
        // Even re-signed by a member in league with it (named as creator), the key from the real wrap does not match.
        let resigned = Epoch.make(communityID: w.state.communityID, keyringID: e.keyringID, number: 2, key: own, logSeq: e.logSeq,
                                  logHead: e.logHead, creatorID: w.mallory.id, creator: w.mallory.sign)
        expectRefused(.badSignature) { try w.clientAccepts(epochs: [w.epoch1, resigned]) }
        #expect(!resigned.matches(try w.wraps2[w.expert.id]!.open(with: w.expert.box)))
    }

    /// (e) The server serves a wrap with a different key: it can seal any key
    /// to a member's public box key, but not sign as a holder; a holder in
    /// league with it signs, and the key check refuses the key.
    @Test func aWrapWithAnotherKeyIsDetected() throws {
        let w = try World()
        let own = SecureBytes(Random.bytes(32))
        let real = w.wraps2[w.expert.id]!
        let sealed = try SealedBox.seal(own, to: w.expert.box.publicKey)
        let served = Wrap(keyringID: real.keyringID, epoch: 2, recipientID: real.recipientID, recipientCertHash: real.recipientCertHash,
                          sealed: sealed, wrapperID: real.wrapperID, signature: real.signature)
        #expect(!served.isSigned(by: w.signKey(real.wrapperID)))
        #expect(!w.epoch2.matches(try served.open(with: w.expert.box)))
        // Signed by the author gone rogue: the signature holds, the key check does not.
        let rogue = try Wrap.make(keyringID: real.keyringID, epoch: 2, key: own, recipientID: w.expert.id,
                                  recipient: w.state.member(w.expert.id)!.current.certificate, recipientCertHash: real.recipientCertHash,
                                  wrapperID: w.author.id, wrapper: w.author.sign)
        #expect(rogue.isSigned(by: w.signKey(w.author.id)))
        #expect(!w.epoch2.matches(try rogue.open(with: w.expert.box)))
        // The expert's wrap of epoch 1 served as epoch 2's: the signature binds the epoch number.
        let old = w.wraps1[w.expert.id]!
        let renumbered = Wrap(keyringID: old.keyringID, epoch: 2, recipientID: old.recipientID, recipientCertHash: old.recipientCertHash,
                              sealed: old.sealed, wrapperID: old.wrapperID, signature: old.signature)
        #expect(!renumbered.isSigned(by: w.signKey(old.wrapperID)))
        #expect(!w.epoch2.matches(try renumbered.open(with: w.expert.box)))
        // Another member's wrap served to the expert: it names its recipient.
        let authors = w.wraps2[w.author.id]!
        #expect(authors.recipientID != w.expert.id)
        #expect(throws: CryptoError.self) { try authors.open(with: w.expert.box) }
    }

    /// (f) The server hides a removal: it serves the log without entry 3 (the
    /// colleague's removal), hoping a holder's client wraps the next key for
    /// the colleague too.
    ///
    /// How a client detects it: epoch 2 (signed by the author) and every post
    /// under it bind `(log_seq 3, log_head = hash of entry 3)`. The client's
    /// replay of the served log ends at seq 2, so `hash(at: 3)` is nil: the
    /// bound position is one its own view of the log cannot reach. It reports
    /// a fork and neither posts nor wraps. The server cannot offer another
    /// entry 3 (it cannot sign for the author) nor re-bind epoch 2 or the
    /// posts to seq 2 (it cannot sign for their authors; the posts' AD binds
    /// the position too). If it also withholds epoch 2 and its posts, a client
    /// creating the next epoch binds seq 2 < 3: an honest server refuses it
    /// (not its head), and a client that knows epoch 2 sees a later epoch bound
    /// behind an earlier one and refuses it (checked at the end).
    @Test func aHiddenRemovalIsDetected() throws {
        let w = try World()
        let hidden = Array(w.book.entries.prefix(2))
        // The served log replays by itself…
        let view = try w.book.replay(hidden, community: w.state, circleMembers: w.forum.circle.log.admitted)
        #expect(view.holders(community: w.state).contains(w.colleague.id))
        #expect(view.nextSeq == 3 && view.hash(at: 3) == nil)
        // …but epoch 2 and the post under it bind a position beyond it.
        #expect(!reaches(view, seq: w.epoch2.logSeq, head: w.epoch2.logHead))
        #expect(!reaches(view, seq: w.post2.logSeq, head: w.post2.logHead))
        #expect(reaches(view, seq: w.epoch1.logSeq, head: w.epoch1.logHead))
        expectRefused(.brokenChain) { try w.clientAccepts(entries: hidden) }
        expectRefused(.brokenChain) { try w.clientAccepts(entries: hidden, epochs: [w.epoch1], posts: [w.post2]) }
        // Re-bound to seq 2 by the server: the author's signature and the AD fail.
        var f = PostFields(w.post2)
        f.logSeq = 2
        f.logHead = view.head
        expectRefused(.badSignature) { try w.clientAccepts(entries: hidden, epochs: [w.epoch1], posts: [f.post]) }
        expectRefused(.badSignature) { try f.post.open(with: w.key2) }
        let rebound = Epoch(keyringID: w.epoch2.keyringID, number: 2, keyCheck: w.epoch2.keyCheck, logSeq: 2, logHead: view.head,
                            creatorID: w.author.id, signature: w.epoch2.signature)
        expectRefused(.badSignature) { try w.clientAccepts(entries: hidden, epochs: [w.epoch1, rebound], posts: []) }
        // With everything after the removal withheld, the view is merely old
        // (what the server can always do: withhold)…
        _ = try w.clientAccepts(entries: hidden, epochs: [w.epoch1], posts: [w.post1])
        // …and the epoch that client creates next binds seq 2, behind epoch 2's seq 3.
        let stale = Epoch.make(communityID: w.state.communityID, keyringID: w.book.keyringID, number: 3, key: SecureBytes(Random.bytes(32)),
                               logSeq: view.nextSeq - 1, logHead: view.head, creatorID: w.expert.id, creator: w.expert.sign)
        #expect(stale.logSeq < w.epoch2.logSeq && stale.number > w.epoch2.number)
        // The full log reaches that position too, so the only sign is the
        // order: a later epoch bound behind an earlier one.
        let full = try w.clientAccepts()
        #expect(reaches(full, seq: stale.logSeq, head: stale.logHead))
        #expect(full.head != stale.logHead)
    }

    /// A post of another thread served in this one: its fields name the other
    /// thread (changing them breaks the signature and the AD).
    @Test func aPostMovedToAnotherThreadIsDetected() throws {
        let w = try World()
        let other = try w.forum.thread(.amber, by: w.author)
        let elsewhere = try World.post("elsewhere", epoch: w.epoch1, key: w.key1, book: other, forum: w.forum, author: w.author, policy: w.policy)
        expectRefused(.badSignature) { try w.clientAccepts(posts: [elsewhere]) }
        var f = PostFields(elsewhere)
        f.threadID = w.book.record!.threadID
        f.keyringID = w.book.keyringID
        f.logHead = w.epoch1.logHead
        expectRefused(.badSignature) { try w.clientAccepts(posts: [f.post]) }
        expectRefused(.badSignature) { try f.post.open(with: w.key1) }
    }
}
