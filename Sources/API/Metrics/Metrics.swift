import HTTP
import Synchronization

/// The service's metrics: HTTP requests by route and status with a latency
/// histogram (one shard per event loop, so loops never contend), plus gauges
/// and histograms read from other parts when scraped.
///
///     let metrics = Metrics(routes: router.routes.map(\.operation), loops: 2)
///     HTTPServer(…, observer: metrics)
///     metrics.render(gauges: […])
public final class Metrics: ServerObserver {
    static let latencyBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Key: Hashable {
        let route: Int
        let status: Int
    }

    private struct Shard {
        var requests: [Key: UInt64] = [:]
        var latency: [Int: Histogram] = [:]
    }

    private final class ShardBox: Sendable {
        let shard = Mutex(Shard())
    }

    private let routes: [String]
    private let methods: [String]
    private let shards: [ShardBox]

    /// `routes` are the router's operations in table order (with their methods).
    public init(routes: [(operation: String, method: String)], loops: Int) {
        self.routes = routes.map(\.operation)
        self.methods = routes.map(\.method)
        shards = (0..<max(1, loops)).map { _ in ShardBox() }
    }

    public func requestCompleted(loop: Int, route: Int, status: Int, nanoseconds: UInt64) {
        let seconds = Double(nanoseconds) / 1e9
        shards[loop % shards.count].shard.withLock { shard in
            shard.requests[Key(route: route, status: status), default: 0] &+= 1
            if shard.latency[route] == nil { shard.latency[route] = Histogram(bounds: Metrics.latencyBounds) }
            shard.latency[route]!.observe(seconds)
        }
    }

    /// A value read at scrape time.
    public struct Gauge: Sendable {
        public let name: String
        public let help: String
        public let value: Double
        public init(_ name: String, _ help: String, _ value: Double) {
            self.name = name
            self.help = help
            self.value = value
        }
    }

    /// A histogram from elsewhere (e.g. the store's commit batch sizes), as
    /// bucket bounds and per-bucket counts (the last one is +Inf).
    public struct ExternalHistogram: Sendable {
        public let name: String
        public let help: String
        public let bounds: [Double]
        public let counts: [UInt64]
        public let sum: Double
        public init(_ name: String, _ help: String, bounds: [Double], counts: [UInt64], sum: Double) {
            self.name = name
            self.help = help
            self.bounds = bounds
            self.counts = counts
            self.sum = sum
        }
    }

    /// The Prometheus text of everything.
    public func render(gauges: [Gauge] = [], counters: [Gauge] = [], histograms: [ExternalHistogram] = []) -> String {
        var requests: [Key: UInt64] = [:]
        var latency: [Int: Histogram] = [:]
        for box in shards {
            box.shard.withLock { shard in
                requests.merge(shard.requests, uniquingKeysWith: +)
                for (route, histogram) in shard.latency {
                    if latency[route] == nil { latency[route] = Histogram(bounds: Metrics.latencyBounds) }
                    latency[route]!.merge(histogram)
                }
            }
        }
        var out = ""
        PrometheusText.header("trustforum_http_requests_total", "counter", "HTTP requests answered, by route and status.", into: &out)
        for key in requests.keys.sorted(by: { ($0.route, $0.status) < ($1.route, $1.status) }) {
            out += "trustforum_http_requests_total{\(routeLabels(key.route)),status=\"\(key.status)\"} \(requests[key]!)\n"
        }
        PrometheusText.header("trustforum_http_request_duration_seconds", "histogram",
                              "Time from a complete request head to its response being queued, by route.", into: &out)
        for route in latency.keys.sorted() {
            latency[route]!.render("trustforum_http_request_duration_seconds", labels: routeLabels(route), into: &out)
        }
        for gauge in gauges {
            PrometheusText.header(gauge.name, "gauge", gauge.help, into: &out)
            out += "\(gauge.name) \(PrometheusText.number(gauge.value))\n"
        }
        for counter in counters {
            PrometheusText.header(counter.name, "counter", counter.help, into: &out)
            out += "\(counter.name) \(PrometheusText.number(counter.value))\n"
        }
        for external in histograms {
            PrometheusText.header(external.name, "histogram", external.help, into: &out)
            Histogram(bounds: external.bounds, counts: external.counts, sum: external.sum).render(external.name, labels: "", into: &out)
        }
        return out
    }

    private func routeLabels(_ route: Int) -> String {
        guard route >= 0 && route < routes.count else { return "route=\"unmatched\",method=\"\"" }
        return "route=\"\(PrometheusText.label(routes[route]))\",method=\"\(methods[route])\""
    }
}

