import Platform

/// Everything the HTTP server needs to know, with the defaults a service
/// behind a TLS proxy wants. Durations are in nanoseconds.
public struct ServerConfiguration: Sendable {
    public var listen: SocketAddress
    /// Event loop threads, each with its own SO_REUSEPORT listener.
    public var eventLoops: Int
    /// Handler threads.
    public var workers: Int
    /// Requests waiting for a worker before new ones get 503.
    public var workerQueueCapacity: Int
    /// Open connections across all loops; beyond it new ones get 503.
    public var maxConnections: Int
    /// From the first byte of a request (or the accept) to its complete head.
    public var headerTimeout: UInt64
    /// From the complete head to the complete body.
    public var bodyTimeout: UInt64
    /// Between requests on a kept-alive connection.
    public var idleTimeout: UInt64
    /// Without progress while writing a response.
    public var writeTimeout: UInt64
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGrace: UInt64
    public var parserLimits: HTTPParserLimits
    public var trustedProxies: TrustedProxies

    public static let second: UInt64 = 1_000_000_000

    public init(listen: SocketAddress,
                eventLoops: Int = max(1, min(availableProcessors, 8)),
                workers: Int = 16,
                workerQueueCapacity: Int = 1024,
                maxConnections: Int = 4096,
                headerTimeout: UInt64 = 10 * second,
                bodyTimeout: UInt64 = 30 * second,
                idleTimeout: UInt64 = 60 * second,
                writeTimeout: UInt64 = 30 * second,
                shutdownGrace: UInt64 = 10 * second,
                parserLimits: HTTPParserLimits = HTTPParserLimits(),
                trustedProxies: TrustedProxies = TrustedProxies()) {
        self.listen = listen
        self.eventLoops = eventLoops
        self.workers = workers
        self.workerQueueCapacity = workerQueueCapacity
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGrace = shutdownGrace
        self.parserLimits = parserLimits
        self.trustedProxies = trustedProxies
    }
}
