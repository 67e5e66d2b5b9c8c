import Synchronization

/// Encoded pages of posts, kept until their thread changes. A page is the
/// same bytes for every reader when it holds no held or rejected post
/// (those are shown to their author only), and it changes only when a
/// post is stored, released or removed: those call `invalidate` after
/// their commit. Whether a reader may see the thread at all is checked on
/// every request, before the cache.
///
/// A page read at generation g is stored only while the thread is still
/// at g, so a page read before a commit can never outlive that commit's
/// `invalidate`.
///
///     let generation = cache.generation(threadID)
///     if let bytes = cache.page(threadID, after: 0, limit: 50, generation: generation) { … }
///     cache.store(bytes, threadID, after: 0, limit: 50, generation: generation)
final class PostPageCache: Sendable {
    struct Key: Hashable {
        let threadID: String
        let after: UInt64
        let limit: Int
    }

    private struct State {
        var generations: [String: UInt64] = [:]
        /// The generation of threads not in `generations`.
        var floor: UInt64 = 0
        var pages: [Key: (generation: UInt64, bytes: [UInt8])] = [:]
        var bytes = 0
    }

    /// At most this many bytes of pages; when full, the cache starts over.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 64 << 20) {
        self.capacity = capacity
    }

    func generation(_ threadID: String) -> UInt64 {
        state.withLock { $0.generations[threadID] ?? $0.floor }
    }

    func page(_ threadID: String, after: UInt64, limit: Int, generation: UInt64) -> [UInt8]? {
        state.withLock { state in
            guard let entry = state.pages[Key(threadID: threadID, after: after, limit: limit)], entry.generation == generation,
                  (state.generations[threadID] ?? state.floor) == generation else { return nil }
            return entry.bytes
        }
    }

    func store(_ bytes: [UInt8], _ threadID: String, after: UInt64, limit: Int, generation: UInt64) {
        guard bytes.count <= capacity / 16 else { return }
        state.withLock { state in
            guard (state.generations[threadID] ?? state.floor) == generation else { return }
            if state.bytes + bytes.count > capacity {
                state.pages.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            let key = Key(threadID: threadID, after: after, limit: limit)
            state.bytes += bytes.count - (state.pages[key]?.bytes.count ?? 0)
            state.pages[key] = (generation, bytes)
        }
    }

    /// The thread's posts changed (after the commit): its pages are stale.
    func invalidate(_ threadID: String) {
        state.withLock { state in
            state.generations[threadID, default: state.floor] &+= 1
        }
    }

    /// The store changed behind the service (tests that play a malicious
    /// server): every page is stale.
    func invalidateAll() {
        state.withLock { state in
            state.floor &+= 1
            for key in state.generations.keys { state.generations[key]! &+= 1 }
            state.pages.removeAll()
            state.bytes = 0
        }
    }

    var count: Int { state.withLock { $0.pages.count } }
}
