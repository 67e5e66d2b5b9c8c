import Platform

/// One client connection, owned by one event loop thread: its socket, input
/// and output bytes, parser, state machine and the request in flight.
final class Connection {
    /// The request whose head is parsed and whose body or response is pending.
    struct InFlight {
        let head: HTTPRequestHead
        let route: Int
        let parameters: [String: String]
        let requestID: String
        let receivedAt: UInt64
    }

    let fd: Int32
    let peer: String
    let token: UInt64
    let input: ByteBuffer
    var output: [UInt8] = []
    var outputOffset = 0
    var parser: HTTPRequestParser
    var machine: ConnectionStateMachine
    var inFlight: InFlight?
    /// The events registered with epoll now (changed only when different).
    var interest: Epoll.Events = .readable

    init(fd: Int32, peer: String, token: UInt64, now: UInt64, timeouts: ConnectionStateMachine.Timeouts, limits: HTTPParserLimits) {
        self.fd = fd
        self.peer = peer
        self.token = token
        self.input = ByteBuffer(capacity: Connection.initialInputCapacity)
        self.parser = HTTPRequestParser(limits: limits)
        self.machine = ConnectionStateMachine(now: now, timeouts: timeouts)
    }

    static let initialInputCapacity = 4096

    var hasPendingOutput: Bool { outputOffset < output.count }
}
