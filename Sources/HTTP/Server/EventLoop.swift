import Platform

/// One event loop thread: its own SO_REUSEPORT listener, epoll set and
/// connections. Everything here is touched by that thread only; other
/// threads talk to it through its `LoopInbox`.
final class EventLoop {
    private let index: Int
    private let core: ServerCore
    private let inbox: LoopInbox
    private let epoll: Epoll
    private var listener: Int32?
    private var connections: [Connection?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    private var liveCount = 0
    private var date = HTTPDateCache()
    private var requestCounter: UInt64 = 0
    private var shutdownDeadline: UInt64?
    private var nextSweep: UInt64 = 0

    private static let listenerToken = UInt64.max
    private static let wakeToken = UInt64.max - 1
    private static let sweepInterval: UInt64 = 100_000_000
    private static let readChunk = 16 * 1024

    init(index: Int, core: ServerCore, listener: Int32, inbox: LoopInbox) throws(SystemError) {
        self.index = index
        self.core = core
        self.inbox = inbox
        self.listener = listener
        epoll = try Epoll(capacity: 512)
        try epoll.add(listener, events: .readable, token: EventLoop.listenerToken)
        try epoll.add(inbox.wake.fd, events: .readable, token: EventLoop.wakeToken)
    }

    /// Runs until a shutdown message has been handled and every connection is gone.
    func run() {
        while true {
            do {
                try epoll.wait(timeoutMilliseconds: 100) { event in
                    handle(event)
                }
            } catch {
                core.logger.error("loop.wait_failed", ["loop": String(index), "error": error.description])
            }
            let now = MonotonicClock.now
            if now >= nextSweep {
                sweep(now: now)
                nextSweep = now + EventLoop.sweepInterval
            }
            if let deadline = shutdownDeadline {
                if liveCount == 0 { break }
                if now >= deadline {
                    for case let connection? in connections { close(connection) }
                    break
                }
            }
        }
    }

    // MARK: - Events

    private func handle(_ event: Epoll.Event) {
        switch event.token {
        case EventLoop.listenerToken:
            acceptConnections()
        case EventLoop.wakeToken:
            for message in inbox.takeAll() { receive(message) }
        default:
            guard let connection = lookup(event.token) else { return }
            if event.events.contains(.writable) {
                flush(connection)
                if connection.machine.phase == .awaitingHead(started: false) || connection.machine.phase == .awaitingHead(started: true) {
                    processInput(connection)
                }
            }
            guard lookup(event.token) != nil else { return }
            if event.events.contains(.readable) {
                readInput(connection)
            } else if !event.events.intersection([.error, .hangup]).isEmpty {
                close(connection)
            }
        }
    }

    private func receive(_ message: LoopMessage) {
        switch message {
        case .completed(let token, let response, let route):
            guard let connection = lookup(token) else { return }
            respond(connection, response, route: route, close: false)
            if case .awaitingHead = connection.machine.phase { processInput(connection) }
        case .shutdown(let deadline):
            shutdownDeadline = deadline
            if let listener {
                epoll.delete(listener)
                Socket.close(listener)
                self.listener = nil
            }
            for case let connection? in connections where connection.machine.beginShutdown() {
                close(connection)
            }
        }
    }

    // MARK: - Accepting

    private func acceptConnections() {
        guard let listener else { return }
        for _ in 0..<64 {
            let accepted: (fd: Int32, peer: String)?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                // EMFILE and friends: log and leave the rest in the backlog.
                core.logger.warning("accept.failed", ["loop": String(index), "error": error.description])
                return
            }
            guard let (fd, peer) = accepted else { return }
            let open = core.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > core.configuration.maxConnections {
                core.openConnections.wrappingSubtract(1, ordering: .relaxed)
                refuse(fd)
                continue
            }
            register(fd: fd, peer: peer)
        }
    }

    /// Over the connection limit: one canned 503 and close.
    private func refuse(_ fd: Int32) {
        var bytes: [UInt8] = []
        let requestID = nextRequestID()
        ResponseEncoder.encode(.problem(.tooManyConnections(), requestID: requestID), into: &bytes,
                               date: date.value, requestID: requestID, close: true, http10KeepAlive: false, headOnly: false)
        _ = bytes.withUnsafeBytes { try? Socket.write(fd, from: $0) }
        Socket.close(fd)
        core.observer.requestCompleted(loop: index, route: -1, status: 503, nanoseconds: 0)
    }

    private func register(fd: Int32, peer: String) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = connections.count
            connections.append(nil)
            generations.append(0)
        }
        let token = UInt64(generations[slot]) << 32 | UInt64(slot)
        let connection = Connection(fd: fd, peer: peer, token: token, now: MonotonicClock.now,
                                    timeouts: core.timeouts, limits: core.configuration.parserLimits)
        do {
            try epoll.add(fd, events: .readable, token: token)
        } catch {
            Socket.close(fd)
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
            freeSlots.append(slot)
            return
        }
        connections[slot] = connection
        liveCount += 1
    }

    private func lookup(_ token: UInt64) -> Connection? {
        let slot = Int(token & 0xffff_ffff)
        guard slot < connections.count, let connection = connections[slot], connection.token == token else { return nil }
        return connection
    }

    private func close(_ connection: Connection) {
        let slot = Int(connection.token & 0xffff_ffff)
        guard slot < connections.count, connections[slot] === connection else { return }
        connection.machine.closed()
        epoll.delete(connection.fd)
        Socket.close(connection.fd)
        connections[slot] = nil
        generations[slot] &+= 1
        freeSlots.append(slot)
        liveCount -= 1
        core.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    private func setInterest(_ connection: Connection, _ events: Epoll.Events) {
        guard connection.interest != events else { return }
        do {
            try epoll.modify(connection.fd, events: events, token: connection.token)
            connection.interest = events
        } catch {
            close(connection)
        }
    }

    // MARK: - Reading

    private func readInput(_ connection: Connection) {
        let limit = inputLimit(connection)
        var received = false
        while true {
            let space = connection.input.writableSpace(minimum: min(EventLoop.readChunk, limit), limit: limit)
            if space.count == 0 { break }
            let result: IOResult<Int>
            do {
                result = try Socket.read(connection.fd, into: space)
            } catch {
                close(connection)
                return
            }
            guard case .done(let count) = result else { break }
            if count == 0 {
                // The peer closed its side: nothing more will come.
                close(connection)
                return
            }
            connection.input.didWrite(count)
            received = true
            if count < space.count { break }
        }
        if connection.machine.phase == .lingering {
            connection.input.clear()
            return
        }
        if received {
            connection.machine.bytesReceived(now: MonotonicClock.now)
        }
        processInput(connection)
    }

    /// How many bytes the input buffer may hold: a head and a bit, or the
    /// head plus the body being read.
    private func inputLimit(_ connection: Connection) -> Int {
        let headLimit = core.configuration.parserLimits.maxHeadBytes + 1024
        if let inFlight = connection.inFlight, connection.machine.phase == .readingBody {
            return max(headLimit, inFlight.head.contentLength + 1024)
        }
        return headLimit
    }

    // MARK: - Requests

    /// Parses and dispatches what is buffered, in order, until a request
    /// must wait for more bytes, a worker or the output.
    private func processInput(_ connection: Connection) {
        while true {
            switch connection.machine.phase {
            case .awaitingHead:
                guard connection.input.readableBytes > 0 else { return }
                connection.machine.bytesReceived(now: MonotonicClock.now)
                guard parseHead(connection) else { return }
            case .readingBody:
                guard let inFlight = connection.inFlight,
                      connection.input.readableBytes >= inFlight.head.contentLength else { return }
                let body = connection.input.take(inFlight.head.contentLength)
                connection.machine.bodyReceived()
                dispatch(connection, inFlight, body: body)
            case .processing, .writing, .lingering, .closed:
                return
            }
            if lookup(connection.token) == nil { return }
        }
    }

    /// Parses one head; false when it must wait for more bytes or the
    /// connection is finished with.
    private func parseHead(_ connection: Connection) -> Bool {
        let result = connection.parser.parse(connection.input.readable)
        switch result {
        case .incomplete:
            return false
        case .failure(let error):
            connection.parser.reset()
            let problem = Problem(status: error.status, slug: error.slug, title: error.title)
            let requestID = nextRequestID()
            respond(connection, .problem(problem, requestID: requestID), route: -1, close: true, requestID: requestID)
            return false
        case .head(let head, let consumed):
            connection.parser.reset()
            connection.input.consume(consumed)
            let now = MonotonicClock.now
            let requestID = nextRequestID()
            let match = core.router.match(head.method, head.pathSegments)
            let hasBody = head.contentLength > 0
            switch match {
            case .notFound, .methodNotAllowed:
                let problem: Problem
                if case .methodNotAllowed(let allow) = match { problem = .methodNotAllowed(allow: allow) } else { problem = .notFound() }
                connection.inFlight = Connection.InFlight(head: head, route: -1, parameters: [:], requestID: requestID, receivedAt: now)
                connection.machine.headReceived(now: now, keepAlive: head.keepAlive, bodyPending: false)
                respond(connection, .problem(problem, requestID: requestID), route: -1, close: hasBody)
                return connection.machine.phase != .closed
            case .found(let routeIndex, let parameters):
                let route = core.router.routes[routeIndex]
                let inFlight = Connection.InFlight(head: head, route: routeIndex, parameters: parameters, requestID: requestID, receivedAt: now)
                connection.inFlight = inFlight
                if head.contentLength > route.bodyLimit {
                    connection.machine.headReceived(now: now, keepAlive: false, bodyPending: false)
                    respond(connection, .problem(.bodyTooLarge(limit: route.bodyLimit), requestID: requestID), route: routeIndex, close: true)
                    return false
                }
                let bodyPending = hasBody && connection.input.readableBytes < head.contentLength
                connection.machine.headReceived(now: now, keepAlive: head.keepAlive, bodyPending: bodyPending)
                if bodyPending {
                    if head.expectsContinue {
                        _ = ResponseEncoder.continueBytes.withUnsafeBytes { try? Socket.write(connection.fd, from: $0) }
                    }
                    return true
                }
                let body = hasBody ? connection.input.take(head.contentLength) : []
                dispatch(connection, inFlight, body: body)
                return true
            }
        }
    }

    private func dispatch(_ connection: Connection, _ inFlight: Connection.InFlight, body: [UInt8]) {
        let route = core.router.routes[inFlight.route]
        let head = inFlight.head
        let clientAddress: String
        if core.configuration.trustedProxies.blocks.isEmpty {
            clientAddress = connection.peer
        } else {
            clientAddress = core.configuration.trustedProxies.clientAddress(peer: connection.peer, forwardedFor: head.headers.values("X-Forwarded-For"))
        }
        let context = RequestContext(requestID: inFlight.requestID, clientAddress: clientAddress, peerAddress: connection.peer,
                                     route: route.pattern, receivedAt: inFlight.receivedAt)
        let request = Request(head: head, body: body, parameters: inFlight.parameters, context: context)
        switch route.execution {
        case .eventLoop:
            let response = core.run(route, request)
            if let pending = response.pending {
                setInterest(connection, [])
                let inbox = self.inbox
                let token = connection.token
                let routeIndex = inFlight.route
                pending.whenComplete { inbox.post(.completed(token: token, response: $0, route: routeIndex)) }
            } else {
                respond(connection, response, route: inFlight.route, close: false)
            }
        case .worker:
            if let response = core.runFast(route, request) {
                if let pending = response.pending {
                    setInterest(connection, [])
                    let inbox = self.inbox
                    let token = connection.token
                    let routeIndex = inFlight.route
                    pending.whenComplete { inbox.post(.completed(token: token, response: $0, route: routeIndex)) }
                } else {
                    respond(connection, response, route: inFlight.route, close: false)
                }
                return
            }
            setInterest(connection, [])
            let core = self.core
            let inbox = self.inbox
            let token = connection.token
            let routeIndex = inFlight.route
            let accepted = core.workers.submit {
                let response = core.run(route, request)
                // A pending response frees this worker at once; the loop
                // gets the response when whoever completes it does.
                guard let pending = response.pending else {
                    inbox.post(.completed(token: token, response: response, route: routeIndex))
                    return
                }
                pending.whenComplete { inbox.post(.completed(token: token, response: $0, route: routeIndex)) }
            }
            if !accepted {
                respond(connection, .problem(.overloaded(), requestID: inFlight.requestID), route: inFlight.route, close: false)
            }
        }
    }

    // MARK: - Writing

    /// Queues the response to the request in flight and writes what the socket takes.
    private func respond(_ connection: Connection, _ response: Response, route: Int, close forceClose: Bool, requestID: String? = nil) {
        let now = MonotonicClock.now
        let inFlight = connection.inFlight
        connection.inFlight = nil
        let close = connection.machine.responseReady(now: now, close: forceClose)
        let head = inFlight?.head
        let id = inFlight?.requestID ?? requestID ?? nextRequestID()
        date.update(epochSeconds: Int(WallClock.seconds))
        ResponseEncoder.encode(response, into: &connection.output, date: date.value, requestID: id, close: close,
                               http10KeepAlive: head.map { $0.version.minor == 0 && $0.keepAlive } ?? false,
                               headOnly: head?.method == .head)
        core.observer.requestCompleted(loop: index, route: route, status: response.status,
                                       nanoseconds: inFlight.map { now &- $0.receivedAt } ?? 0)
        flush(connection)
    }

    private func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let result: IOResult<Int>
            do {
                result = try connection.output.withUnsafeBytes { bytes throws(SystemError) in
                    try Socket.write(connection.fd, from: UnsafeRawBufferPointer(rebasing: bytes[connection.outputOffset...]))
                }
            } catch {
                close(connection)
                return
            }
            switch result {
            case .done(let count):
                connection.outputOffset += count
                connection.machine.writeProgressed(now: MonotonicClock.now)
            case .wouldBlock:
                setInterest(connection, .writable)
                return
            }
        }
        if connection.output.capacity > 256 * 1024 {
            connection.output = []
        } else {
            connection.output.removeAll(keepingCapacity: true)
        }
        connection.outputOffset = 0
        guard connection.machine.phase == .writing else { return }
        switch connection.machine.writeFinished(now: MonotonicClock.now) {
        case .readNext:
            if connection.input.capacity > 64 * 1024 { connection.input.shrink(to: 64 * 1024) }
            setInterest(connection, .readable)
        case .linger:
            Socket.shutdownWrite(connection.fd)
            connection.input.clear()
            setInterest(connection, .readable)
        }
    }

    // MARK: - Time

    private func sweep(now: UInt64) {
        for case let connection? in connections {
            switch connection.machine.timeout(now: now) {
            case .none:
                break
            case .close:
                close(connection)
            case .respondTimeout:
                connection.parser.reset()
                let requestID = connection.inFlight?.requestID ?? nextRequestID()
                respond(connection, .problem(.requestTimeout(), requestID: requestID), route: connection.inFlight?.route ?? -1,
                        close: true, requestID: requestID)
            }
        }
    }

    private func nextRequestID() -> String {
        requestCounter &+= 1
        return core.requestIDPrefix + "-" + String(index) + "-" + String(requestCounter, radix: 16)
    }
}
