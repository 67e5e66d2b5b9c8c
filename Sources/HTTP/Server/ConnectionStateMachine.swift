/// The life of one connection as a value, apart from any I/O: its phase,
/// the deadline that applies to it, and what to do when an event arrives or
/// time passes (after Hummingbird's connection state machine). The event
/// loop feeds it events and performs the actions; tests drive it with a
/// hand-set clock.
///
/// Deadlines: a new connection must send its first byte within the header
/// timeout; a head must be complete within the header timeout of its first
/// byte (sending slowly does not extend it); a body within the body timeout
/// of its head; a kept-alive connection may stay silent for the idle
/// timeout; a response write must make progress within the write timeout;
/// after a closing response the connection drains input for the linger time
/// so that the client reads the response before the socket goes.
struct ConnectionStateMachine: Equatable {
    struct Timeouts: Equatable {
        var header: UInt64
        var body: UInt64
        var idle: UInt64
        var write: UInt64
        var linger: UInt64
    }

    enum Phase: Equatable {
        /// Waiting for (the rest of) a request head; `started` once a byte of it arrived.
        case awaitingHead(started: Bool)
        case readingBody
        /// A handler has the request; no deadline applies here.
        case processing
        case writing
        /// The last response is written and the write side shut; reading and
        /// discarding until the peer closes or the linger time ends.
        case lingering
        case closed
    }

    enum TimeoutAction: Equatable {
        case none
        /// Close without a word (an idle or stuck connection).
        case close
        /// Answer 408 and close (a request started but did not arrive in time).
        case respondTimeout
    }

    enum AfterWrite: Equatable {
        /// Keep the connection: parse what is buffered, read more.
        case readNext
        /// Shut the write side and linger before closing.
        case linger
    }

    let timeouts: Timeouts
    private(set) var phase: Phase
    /// Monotonic nanoseconds at which the current phase times out; nil while processing.
    private(set) var deadline: UInt64?
    /// The response being written is the last on this connection.
    private(set) var closeAfterResponse = false
    /// The server is shutting down: no new requests after the current one.
    private(set) var draining = false

    init(now: UInt64, timeouts: Timeouts) {
        self.timeouts = timeouts
        phase = .awaitingHead(started: false)
        deadline = now &+ timeouts.header
    }

    /// Bytes arrived while waiting for a head: the first byte of a request
    /// starts its header deadline.
    mutating func bytesReceived(now: UInt64) {
        if case .awaitingHead(started: false) = phase {
            phase = .awaitingHead(started: true)
            deadline = now &+ timeouts.header
        }
    }

    /// A complete head was parsed.
    mutating func headReceived(now: UInt64, keepAlive: Bool, bodyPending: Bool) {
        closeAfterResponse = !keepAlive || draining
        if bodyPending {
            phase = .readingBody
            deadline = now &+ timeouts.body
        } else {
            phase = .processing
            deadline = nil
        }
    }

    /// The whole body is in: the request goes to its handler.
    mutating func bodyReceived() {
        phase = .processing
        deadline = nil
    }

    /// A response is ready to write. `close` forces the connection to end
    /// after it (errors that leave the input in an unknown state). Returns
    /// whether this is the last response.
    @discardableResult
    mutating func responseReady(now: UInt64, close: Bool) -> Bool {
        if close || draining { closeAfterResponse = true }
        phase = .writing
        deadline = now &+ timeouts.write
        return closeAfterResponse
    }

    /// Some bytes of the response went out: the write deadline moves on.
    mutating func writeProgressed(now: UInt64) {
        if phase == .writing { deadline = now &+ timeouts.write }
    }

    /// The whole response went out.
    mutating func writeFinished(now: UInt64) -> AfterWrite {
        if closeAfterResponse {
            phase = .lingering
            deadline = now &+ timeouts.linger
            return .linger
        }
        phase = .awaitingHead(started: false)
        deadline = now &+ timeouts.idle
        return .readNext
    }

    /// Time passed: what to do now.
    mutating func timeout(now: UInt64) -> TimeoutAction {
        guard let deadline, now >= deadline else { return .none }
        switch phase {
        case .awaitingHead(started: true), .readingBody:
            return .respondTimeout
        case .awaitingHead(started: false), .writing, .lingering:
            phase = .closed
            self.deadline = nil
            return .close
        case .processing, .closed:
            return .none
        }
    }

    /// The server begins a graceful shutdown. Returns true when the
    /// connection has nothing in flight and can be closed at once.
    mutating func beginShutdown() -> Bool {
        draining = true
        switch phase {
        case .awaitingHead(started: false):
            phase = .closed
            deadline = nil
            return true
        case .closed:
            return true
        case .lingering:
            return false
        case .awaitingHead(started: true), .readingBody, .processing, .writing:
            closeAfterResponse = true
            return false
        }
    }

    /// The connection is gone (peer closed, error, or we closed it).
    mutating func closed() {
        phase = .closed
        deadline = nil
    }

    /// True when the loop should read from the socket in this phase.
    var wantsInput: Bool {
        switch phase {
        case .awaitingHead, .readingBody, .lingering: true
        case .processing, .writing, .closed: false
        }
    }
}
