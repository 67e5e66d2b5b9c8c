import Platform

/// Per-member quotas of the thread routes (token buckets, like the login
/// limits): part of `Service.Configuration`, so tests and benchmarks can
/// change them. Over a quota the route answers 429 with `Retry-After`.
///
///     var configuration = Service.Configuration(…)
///     configuration.quotas.posts = .init(600, per: 60)
public struct ThreadQuotas: Sendable {
    /// `count` requests at once, refilled evenly over `per` seconds.
    public struct Quota: Sendable {
        public var count: Int
        public var per: Double

        public init(_ count: Int, per seconds: Double) {
            precondition(count > 0 && seconds > 0, "a quota allows something")
            self.count = count
            self.per = seconds
        }

        var rule: RateLimiter.Rule { RateLimiter.Rule(burst: Double(count), interval: per / Double(count)) }
    }

    public var threads: Quota
    public var posts: Quota
    public var epochs: Quota
    public var joinRequests: Quota
    /// Reports of posts (Part 4).
    public var reports: Quota

    public init(threads: Quota, posts: Quota, epochs: Quota, joinRequests: Quota, reports: Quota = .init(30, per: 3600)) {
        self.threads = threads
        self.posts = posts
        self.epochs = epochs
        self.joinRequests = joinRequests
        self.reports = reports
    }

    /// The defaults: 30 threads an hour, 600 posts a minute, 60 epochs an
    /// hour, 20 join requests and 30 reports an hour per member.
    public static let standard = ThreadQuotas(threads: .init(30, per: 3600), posts: .init(600, per: 60), epochs: .init(60, per: 3600),
                                              joinRequests: .init(20, per: 3600))
}

/// The limiters of `ThreadQuotas`, keyed by member id.
struct ThreadLimits: Sendable {
    let threads: RateLimiter
    let posts: RateLimiter
    let epochs: RateLimiter
    let joinRequests: RateLimiter
    let reports: RateLimiter

    init(_ quotas: ThreadQuotas, clock: any Clock) {
        threads = RateLimiter(quotas.threads.rule, clock: clock)
        posts = RateLimiter(quotas.posts.rule, clock: clock)
        epochs = RateLimiter(quotas.epochs.rule, clock: clock)
        joinRequests = RateLimiter(quotas.joinRequests.rule, clock: clock)
        reports = RateLimiter(quotas.reports.rule, clock: clock)
    }
}
