import Platform
import Synchronization

/// What every loop and worker of one server shares; immutable but for the
/// atomic counters.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let workers: WorkerPool
    let observer: any ServerObserver
    let logger: Logger
    let openConnections = Atomic<Int>(0)
    let timeouts: ConnectionStateMachine.Timeouts
    /// A random prefix that makes request ids unique across restarts.
    let requestIDPrefix: String

    init(configuration: ServerConfiguration, router: Router, observer: any ServerObserver, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.observer = observer
        self.logger = logger
        self.workers = WorkerPool(threads: configuration.workers, queueCapacity: configuration.workerQueueCapacity)
        self.timeouts = .init(header: configuration.headerTimeout, body: configuration.bodyTimeout,
                              idle: configuration.idleTimeout, write: configuration.writeTimeout,
                              linger: 2 * ServerConfiguration.second)
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)
        requestIDPrefix = String(decoding: (0..<8).map { _ in alphabet[Int(rng.next() % 32)] }, as: UTF8.self)
    }

    /// Runs a route's handler and turns what it throws into a response.
    /// The route's answer from memory, nil when it needs a worker. Errors
    /// are answered like `run`'s.
    func runFast(_ route: Route, _ request: Request) -> Response? {
        guard let fast = route.fast else { return nil }
        do {
            return try fast(request)
        } catch let problem as Problem {
            return .problem(problem, requestID: request.context.requestID)
        } catch {
            logger.error("request.failed", [
                "request_id": request.context.requestID,
                "route": route.pattern,
                "error": String(reflecting: type(of: error)),
            ])
            return .problem(.internalError(), requestID: request.context.requestID)
        }
    }

    func run(_ route: Route, _ request: Request) -> Response {
        do {
            return try route.handler(request)
        } catch let problem as Problem {
            return .problem(problem, requestID: request.context.requestID)
        } catch {
            logger.error("request.failed", [
                "request_id": request.context.requestID,
                "route": route.pattern,
                "error": String(reflecting: type(of: error)),
            ])
            return .problem(.internalError(), requestID: request.context.requestID)
        }
    }
}
