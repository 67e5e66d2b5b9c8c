import Core
import Crypto
import HTTP
import Moderation
import Platform
import Store
import Synchronization

/// The application: the store, the keys it uses and the route table, put
/// together once at start-up.
///
///     let service = try Service(database: db, auditKey: key, communityID: id, configuration: .init(…))
///     let server = HTTPServer(configuration: http, router: service.router, observer: service.metrics)
///     service.attach(server)
public final class Service: Sendable {
    /// The oldest client protocol this server speaks with (PROTOCOL.md §2).
    public static let minClientProtocol = 1

    public struct Configuration: Sendable {
        public var publicOrigin: String
        public var version: String
        public var testRoutes: Bool
        public var eventLoops: Int
        /// How long a session lasts, in seconds.
        public var sessionLifetime: UInt64
        /// How long a login challenge may be answered, in seconds.
        public var challengeLifetime: UInt64
        /// Per-member quotas of threads, posts, epochs and join requests.
        public var quotas: ThreadQuotas

        public init(publicOrigin: String, version: String, testRoutes: Bool = false, eventLoops: Int,
                    sessionLifetime: UInt64 = 8 * 3600, challengeLifetime: UInt64 = 120, quotas: ThreadQuotas = .standard) {
            self.publicOrigin = publicOrigin
            self.version = version
            self.testRoutes = testRoutes
            self.eventLoops = eventLoops
            self.sessionLifetime = sessionLifetime
            self.challengeLifetime = challengeLifetime
            self.quotas = quotas
        }
    }

    let context: AppContext
    public let router: Router
    public let metrics: Metrics

    /// `moderation` is the policy in force at start (default: the rules
    /// compiled in); `replaceModeration` swaps it later.
    public init(database: Database, auditKey: SecureBytes, communityID: String, configuration: Configuration,
                clock: any Clock = SystemClock(), logger: Logger = .silent, moderation: ModerationBundle = .embedded) throws {
        let policy = try RolePolicy.embedded()
        let registry = try CommunityRegistry(database: database, communityID: communityID, policy: policy)
        let keyrings = try KeyringRegistry(database: database, community: registry, policy: policy)
        context = AppContext(database: database, auditKey: auditKey, communityID: communityID, configuration: configuration,
                             policy: policy, register: try RegisterPolicy.embedded(), registry: registry,
                             limits: RateLimits.standard(clock: clock), logger: logger, keyrings: keyrings,
                             threadLimits: ThreadLimits(configuration.quotas, clock: clock), topics: try TopicPolicy.embedded(),
                             moderation: moderation)
        router = try Router(Service.routes(context))
        metrics = Metrics(routes: router.routes.map { ($0.operation, $0.method.name) }, loops: configuration.eventLoops)
        context.metrics.withLock { $0 = metrics }
    }

    /// Every route of this service, each through the one authorization step.
    static func routes(_ context: AppContext) throws -> [Route] {
        var routes = SystemRoutes.routes(context) + CommunityRoutes.routes(context) + AuthRoutes.routes(context)
            + ApplicationRoutes.routes(context) + MemberRoutes.routes(context) + OrganisationRoutes.routes(context)
            + PolicyRoutes.routes(context) + CircleRoutes.routes(context) + KeyringRoutes.routes(context) + ThreadRoutes.routes(context)
            + PostRoutes.routes(context) + ModerationRoutes.routes(context) + MaturityRoutes.routes(context)
            + AlertRoutes.routes(context) + NotificationRoutes.routes(context)
            + PublicationRoutes.routes(context) + SearchRoutes.routes(context) + QuestionRoutes.routes(context)
            + PublicationIndexRoutes.routes(context)
        if context.configuration.testRoutes { routes += TestRoutes.routes(context) }
        let authorization = Authorization(policy: context.policy, context: context)
        return try routes.map(authorization.wrap)
    }

    /// The role policy in force.
    public var policy: RolePolicy { context.policy }

    /// Forgets what the service keeps of the store in memory beyond its
    /// replayed state (encoded pages of posts): for tests that change the
    /// store behind the service's back, as a malicious operator could.
    public func storeChangedOutOfBand() {
        context.postPages.invalidateAll()
    }

    /// Lets `/metrics` read the server's gauges, and builds the in-memory
    /// search index before the first search asks for it.
    public func attach(_ server: HTTPServer) {
        context.server.withLock { $0 = server }
        context.publicationSearch.warm()
    }

    public var communityID: String { context.communityID }

    /// The moderation policy in force now.
    public var moderation: ModerationBundle { context.moderation }

    /// Puts `bundle` in force: appends `policy.loaded` with its version to
    /// the audit log, then swaps it in whole, so that every request sees
    /// either the old policy or the new one. When the audit row cannot be
    /// written, nothing changes and the error is thrown.
    public func replaceModeration(_ bundle: ModerationBundle) throws {
        let context = self.context
        try context.database.write { conn in
            try context.audit(conn, actor: AuditField.system, .policyLoaded, detail: bundle.version)
        }
        context.moderationState.withLock { $0 = bundle }
    }
}

/// What handlers share: the store, keys, configuration, and (once running)
/// the server and metrics.
final class AppContext: Sendable {
    let database: Database
    let auditKey: SecureBytes
    let communityID: String
    let configuration: Service.Configuration
    let policy: RolePolicy
    let register: RegisterPolicy
    let registry: CommunityRegistry
    let limits: RateLimits
    let logger: Logger
    let sessions = SessionCache()
    let server = Mutex<HTTPServer?>(nil)
    let metrics = Mutex<Metrics?>(nil)
    /// Keyrings and threads, in memory (part 3).
    let keyrings: KeyringRegistry
    let threadLimits: ThreadLimits
    /// The fixed topic list threads are tagged from.
    let topics: TopicPolicy
    /// The moderation policy in force, swapped whole on reload.
    let moderationState: Mutex<ModerationBundle>
    /// The moderation policy in force now: an immutable snapshot (its bytes,
    /// version, response body and rules belong together).
    var moderation: ModerationBundle { moderationState.withLock { $0 } }
    /// The key of the server's post receipts (see `ServerFranking`).
    let frankingKey: SecureBytes
    /// Encoded pages of posts until their thread changes.
    let postPages = PostPageCache()
    /// Publication search ranked in memory while the index is current.
    let publicationSearch: SearchAccelerator
    /// The self-assessment's questions (Policies/maturity.json).
    let maturity: MaturityAssessment = {
        do { return try MaturityAssessment.embedded() } catch { fatalError("Policies/maturity.json does not parse: \(error)") }
    }()

    init(database: Database, auditKey: SecureBytes, communityID: String, configuration: Service.Configuration,
         policy: RolePolicy, register: RegisterPolicy, registry: CommunityRegistry, limits: RateLimits, logger: Logger,
         keyrings: KeyringRegistry, threadLimits: ThreadLimits, topics: TopicPolicy, moderation: ModerationBundle = .embedded) {
        self.moderationState = Mutex(moderation)
        self.keyrings = keyrings
        self.threadLimits = threadLimits
        self.topics = topics
        self.frankingKey = ServerFranking.key(auditKey: auditKey)
        self.database = database
        self.publicationSearch = SearchAccelerator(database: database, table: PublicationSearch.table, weights: PublicationSearch.weights)
        self.auditKey = auditKey
        self.communityID = communityID
        self.configuration = configuration
        self.policy = policy
        self.register = register
        self.registry = registry
        self.limits = limits
        self.logger = logger
    }

    /// Appends an audit row inside a write job.
    func audit(_ conn: Connection, actor: String, _ action: AuditAction, subject: String = "", detail: String = "") throws {
        try AuditLog.append(conn, key: auditKey, actor: actor, action: action, subject: subject, detail: detail)
    }

    /// The Prometheus text of everything.
    func renderMetrics() -> String {
        guard let metrics = metrics.withLock({ $0 }) else { return "" }
        let server = self.server.withLock { $0 }
        let stats = database.statistics
        var gauges: [Metrics.Gauge] = [
            .init("trustforum_store_writer_queue_depth", "Write jobs waiting for the writer.", Double(stats.queueDepth)),
            .init("trustforum_search_index_building", "1 while the in-memory search index is being built.", publicationSearch.isBuilding ? 1 : 0),
        ]
        if let server {
            gauges.append(.init("trustforum_http_open_connections", "Open client connections.", Double(server.openConnections)))
            gauges.append(.init("trustforum_worker_queue_depth", "Requests waiting for a handler thread.", Double(server.workerQueueDepth)))
        }
        let counters: [Metrics.Gauge] = [
            .init("trustforum_store_commits_total", "Write transactions committed.", Double(stats.commits)),
            .init("trustforum_store_write_jobs_total", "Write jobs run.", Double(stats.jobs)),
            .init("trustforum_search_index_builds_total", "In-memory search index builds completed.", Double(publicationSearch.builds)),
            .init("trustforum_search_in_memory_total", "Searches ranked by the in-memory index (the rest by FTS5).", Double(publicationSearch.answered)),
        ]
        let batch = Metrics.ExternalHistogram("trustforum_store_commit_batch_size", "Write jobs per committed transaction (group commit).",
                                              bounds: WriterStatistics.batchSizeBounds.map(Double.init),
                                              counts: stats.batchSizeCounts, sum: Double(stats.batchSizeSum))
        return metrics.render(gauges: gauges, counters: counters, histograms: [batch])
    }
}
