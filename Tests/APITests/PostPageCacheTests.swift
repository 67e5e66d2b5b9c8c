import Testing
@testable import API

/// The page cache's one promise: a page read before a change is never
/// served after the change's `invalidate`.
@Suite struct PostPageCacheTests {
    @Test func aPageIsServedUntilItsThreadChanges() {
        let cache = PostPageCache()
        let g0 = cache.generation("t")
        #expect(cache.page("t", after: 0, limit: 50, generation: g0) == nil)
        cache.store([1, 2, 3], "t", after: 0, limit: 50, generation: g0)
        #expect(cache.page("t", after: 0, limit: 50, generation: g0) == [1, 2, 3])
        #expect(cache.page("t", after: 0, limit: 20, generation: g0) == nil)
        #expect(cache.page("u", after: 0, limit: 50, generation: cache.generation("u")) == nil)
        cache.invalidate("t")
        let g1 = cache.generation("t")
        #expect(g1 != g0)
        #expect(cache.page("t", after: 0, limit: 50, generation: g1) == nil)
        #expect(cache.page("t", after: 0, limit: 50, generation: g0) == nil)
    }

    @Test func aPageReadBeforeAChangeIsNotStoredAfterIt() {
        let cache = PostPageCache()
        let before = cache.generation("t")
        // The read ran, then a post committed and invalidated, then the read tries to store.
        cache.invalidate("t")
        cache.store([9], "t", after: 0, limit: 50, generation: before)
        #expect(cache.count == 0)
        #expect(cache.page("t", after: 0, limit: 50, generation: cache.generation("t")) == nil)
    }

    @Test func aFullCacheStartsOver() {
        let cache = PostPageCache(capacity: 160)
        for index in 0..<30 { cache.store([UInt8](repeating: 1, count: 10), "t", after: UInt64(index), limit: 50, generation: 0) }
        #expect(cache.count <= 16)
        #expect(cache.page("t", after: 29, limit: 50, generation: 0) != nil)
        // A page larger than a sixteenth of the capacity is not kept.
        cache.store([UInt8](repeating: 1, count: 11), "t", after: 100, limit: 50, generation: 0)
        #expect(cache.page("t", after: 100, limit: 50, generation: 0) == nil)
    }
}
