import Platform
import Synchronization

/// Token buckets by key (`"challenge:ip:203.0.113.9"`), in memory. Each key
/// may spend `burst` at once and regains one token every `interval`
/// seconds. Old buckets are dropped when the table grows, so a flood of
/// keys cannot grow memory without bound.
///
///     guard case .allowed = limiter.take("apply:ip:\(address)") else { throw APIProblem.rateLimited(...) }
final class RateLimiter: Sendable {
    enum Outcome: Equatable {
        case allowed
        case limited(retryAfter: Int)
    }

    struct Rule: Sendable {
        let burst: Double
        /// Seconds to regain one token.
        let interval: Double
    }

    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private let rule: Rule
    private let clock: any Clock
    private let buckets = Mutex<[String: Bucket]>([:])
    private let maxKeys: Int

    init(_ rule: Rule, clock: any Clock = SystemClock(), maxKeys: Int = 100_000) {
        self.rule = rule
        self.clock = clock
        self.maxKeys = maxKeys
    }

    /// Spends one token of `key`, or says how long to wait.
    func take(_ key: String) -> Outcome {
        let now = clock.now
        return buckets.withLock { table in
            if table.count >= maxKeys { prune(&table, now: now) }
            var bucket = table[key] ?? Bucket(tokens: rule.burst, updated: now)
            let elapsed = Double(now &- bucket.updated) / 1e9
            bucket.tokens = min(rule.burst, bucket.tokens + elapsed / rule.interval)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                table[key] = bucket
                return .allowed
            }
            table[key] = bucket
            return .limited(retryAfter: max(1, Int(((1 - bucket.tokens) * rule.interval).rounded(.up))))
        }
    }

    /// Drops buckets that are full again (they behave like new ones), then
    /// the oldest half if that was not enough.
    private func prune(_ table: inout [String: Bucket], now: UInt64) {
        let full = rule.burst * rule.interval * 1e9
        table = table.filter { Double(now &- $0.value.updated) < full }
        if table.count >= maxKeys {
            let sorted = table.sorted { $0.value.updated < $1.value.updated }
            table = Dictionary(uniqueKeysWithValues: sorted.suffix(maxKeys / 2).map { ($0.key, $0.value) })
        }
    }
}

/// The limits of the service (per client address and per member).
struct RateLimits: Sendable {
    let challengeByAddress: RateLimiter
    let challengeByMember: RateLimiter
    let sessionByAddress: RateLimiter
    let sessionByMember: RateLimiter
    let applicationByAddress: RateLimiter

    /// The defaults: a person logs in a few times a day; a script cannot
    /// guess or flood.
    static func standard(clock: any Clock = SystemClock()) -> RateLimits {
        RateLimits(challengeByAddress: RateLimiter(.init(burst: 20, interval: 6), clock: clock),
                   challengeByMember: RateLimiter(.init(burst: 10, interval: 30), clock: clock),
                   sessionByAddress: RateLimiter(.init(burst: 20, interval: 6), clock: clock),
                   sessionByMember: RateLimiter(.init(burst: 10, interval: 30), clock: clock),
                   applicationByAddress: RateLimiter(.init(burst: 5, interval: 600), clock: clock))
    }

    static func check(_ limiter: RateLimiter, _ key: String) throws {
        if case .limited(let retryAfter) = limiter.take(key) {
            throw APIProblem.rateLimited(retryAfter: retryAfter)
        }
    }
}
