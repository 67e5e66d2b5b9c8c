import Platform
import Synchronization

/// The HTTP/1.1 server: event loop threads (one per core by default, each
/// with its own SO_REUSEPORT listener) for I/O, a bounded worker pool for
/// handlers, and a graceful shutdown.
///
///     let server = HTTPServer(configuration: config, router: router)
///     let port = try server.start()
///     …
///     server.shutdown()   // stop accepting, finish in-flight requests
public final class HTTPServer: Sendable {
    private let core: ServerCore
    private let running = Mutex<Running?>(nil)

    private struct Running: Sendable {
        let inboxes: [LoopInbox]
        let threads: [OSThread]
        let port: UInt16
    }

    public init(configuration: ServerConfiguration, router: Router, observer: any ServerObserver = NoObserver(),
                logger: Logger = Logger()) {
        core = ServerCore(configuration: configuration, router: router, observer: observer, logger: logger)
    }

    /// Binds the listeners and starts the loops; returns the bound port
    /// (useful with port 0).
    @discardableResult
    public func start() throws -> UInt16 {
        ServiceSignals.ignoreSIGPIPE()
        let configuration = core.configuration
        var listeners: [Int32] = []
        var address = configuration.listen
        do {
            for _ in 0..<configuration.eventLoops {
                let fd = try Socket.listen(address)
                listeners.append(fd)
                if address.port == 0 {
                    address = SocketAddress(host: address.host, port: Socket.localPort(fd), family: address.family)
                }
            }
        } catch {
            listeners.forEach(Socket.close)
            throw error
        }
        var inboxes: [LoopInbox] = []
        var loops: [EventLoop] = []
        for (i, fd) in listeners.enumerated() {
            let inbox = try LoopInbox()
            inboxes.append(inbox)
            loops.append(try EventLoop(index: i, core: core, listener: fd, inbox: inbox))
        }
        let threads = loops.enumerated().map { i, loop in
            let box = UncheckedLoop(loop)
            return OSThread(name: "tf-loop-\(i)") { box.loop.run() }
        }
        running.withLock { $0 = Running(inboxes: inboxes, threads: threads, port: address.port) }
        return address.port
    }

    /// The bound port, once started.
    public var port: UInt16? { running.withLock { $0?.port } }

    /// Connections open now, across loops.
    public var openConnections: Int { core.openConnections.load(ordering: .relaxed) }

    /// Requests waiting for a worker now.
    public var workerQueueDepth: Int { core.workers.queueDepth }

    /// Stops accepting, lets in-flight requests finish (up to the grace
    /// period), closes every connection, stops the workers. Blocks until done.
    public func shutdown() {
        guard let state = running.withLock({ r -> Running? in let s = r; r = nil; return s }) else { return }
        let deadline = MonotonicClock.now + core.configuration.shutdownGrace
        for inbox in state.inboxes { inbox.post(.shutdown(deadline: deadline)) }
        for thread in state.threads { thread.join() }
        core.workers.shutdown()
    }
}

/// Hands a loop to the thread that will own it from then on: the loop is
/// created here and never touched by this thread again.
private struct UncheckedLoop: @unchecked Sendable {
    let loop: EventLoop
    init(_ loop: EventLoop) { self.loop = loop }
}
