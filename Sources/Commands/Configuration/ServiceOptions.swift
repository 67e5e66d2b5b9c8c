import API
import Args
import HTTP
import Platform

/// The typed, validated settings of `serve` (and what `config` prints).
struct ServiceOptions {
    var data: String
    var server: ServerConfiguration
    /// The protocol's `server_origin`: scheme and host in lower case, the
    /// port only when not the scheme's default, no trailing slash.
    var publicOrigin: String
    var readers: Int
    var autoMigrate: Bool
    var logLevel: Logger.Level
    var auditKeyPath: String
    var signingKeyPath: String
    var testRoutes: Bool
    var quotas: ThreadQuotas
    /// The moderation rule directory; nil for the rules compiled in.
    var policyDir: String?

    init(_ settings: Settings) throws {
        data = settings.data
        let listenText = settings.text("listen", default: "127.0.0.1:8080")
        guard let listen = SocketAddress(parsing: listenText) else {
            throw UsageError("\(Settings.label("listen", settings.raw("listen")?.source ?? .defaultValue)) must be HOST:PORT with an IP address, e.g. 127.0.0.1:8080")
        }
        var server = ServerConfiguration(listen: listen)
        server.eventLoops = try settings.integer("event_loops", default: server.eventLoops, range: 1...64)
        server.workers = try settings.integer("workers", default: server.workers, range: 1...1024)
        server.workerQueueCapacity = try settings.integer("worker_queue", default: server.workerQueueCapacity, range: 1...1_000_000)
        server.maxConnections = try settings.integer("max_connections", default: server.maxConnections, range: 1...1_000_000)
        server.headerTimeout = try settings.seconds("header_timeout", default: 10)
        server.bodyTimeout = try settings.seconds("body_timeout", default: 30)
        server.idleTimeout = try settings.seconds("idle_timeout", default: 60)
        server.shutdownGrace = try settings.seconds("shutdown_grace", default: 10)
        switch TrustedProxies.parse(settings.list("trusted_proxies")) {
        case .success(let proxies): server.trustedProxies = proxies
        case .failure(let failure):
            throw UsageError("trusted_proxies: '\(failure.entry)' is not an IP address or CIDR block")
        }
        self.server = server
        let url = settings.text("public_url", default: "http://127.0.0.1:8080")
        guard let origin = ServiceOptions.origin(of: url) else {
            throw UsageError("public_url must be an http:// or https:// URL without path, query or user, e.g. https://forum.example.org")
        }
        publicOrigin = origin
        readers = try settings.integer("readers", default: 4, range: 1...64)
        autoMigrate = try settings.boolean("auto_migrate", default: true)
        let levelText = settings.text("log_level", default: "info")
        guard let level = Logger.Level(name: levelText) else {
            throw UsageError("log_level must be debug, info, warning or error")
        }
        logLevel = level
        auditKeyPath = settings.text("audit_key", default: Files.join(Files.join(settings.data, "keys"), "audit.key"))
        signingKeyPath = settings.text("signing_key", default: Files.join(Files.join(settings.data, "keys"), "server-signing.key"))
        testRoutes = try settings.boolean("enable_test_routes", default: false)
        var quotas = ThreadQuotas.standard
        quotas.posts = .init(try settings.integer("post_quota", default: 600, range: 1...10_000_000), per: 60)
        quotas.threads = .init(try settings.integer("thread_quota", default: 30, range: 1...10_000_000), per: 3600)
        quotas.epochs = .init(try settings.integer("epoch_quota", default: 60, range: 1...10_000_000), per: 3600)
        self.quotas = quotas
        if let dir = settings.raw("policy_dir") {
            guard !dir.value.isEmpty else { throw UsageError("\(Settings.label("policy_dir", dir.source)) must name a directory") }
            policyDir = dir.value
        }
    }

    /// Normalises a base URL to an origin, or nil when it is not one.
    static func origin(of url: String) -> String? {
        let lower = url.lowercased()
        let scheme: String
        let defaultPort: String
        if lower.hasPrefix("https://") { scheme = "https"; defaultPort = "443" }
        else if lower.hasPrefix("http://") { scheme = "http"; defaultPort = "80" }
        else { return nil }
        var rest = Substring(lower.dropFirst(scheme.count + 3))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains(where: { "/?#@ \\".contains($0) }) else { return nil }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = after.dropFirst()
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            port = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || "-.[]:".contains($0) }) else { return nil }
        if let port {
            guard let n = Int(port), n > 0, n < 65536, port.allSatisfy(\.isNumber) else { return nil }
            if String(n) == defaultPort { return scheme + "://" + host }
            return scheme + "://" + host + ":" + String(n)
        }
        return scheme + "://" + host
    }
}
