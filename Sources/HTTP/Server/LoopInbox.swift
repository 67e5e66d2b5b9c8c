import Platform
import Synchronization

/// Messages other threads send an event loop.
enum LoopMessage: Sendable {
    /// A worker finished the request of the connection with this token.
    case completed(token: UInt64, response: Response, route: Int)
    /// Stop accepting, finish in-flight requests, exit by the deadline.
    case shutdown(deadline: UInt64)
}

/// The thread-safe side of an event loop: a message list and the eventfd
/// that wakes the loop when the list goes from empty to not empty.
final class LoopInbox: Sendable {
    let wake: EventFD
    private let messages = Mutex<[LoopMessage]>([])

    init() throws(SystemError) {
        wake = try EventFD()
    }

    /// Sends a message (any thread).
    func post(_ message: LoopMessage) {
        let wasEmpty = messages.withLock { list in
            let empty = list.isEmpty
            list.append(message)
            return empty
        }
        if wasEmpty { wake.signal() }
    }

    /// Takes every waiting message (the loop thread).
    func takeAll() -> [LoopMessage] {
        wake.drain()
        return messages.withLock { list in
            let taken = list
            list.removeAll(keepingCapacity: true)
            return taken
        }
    }
}
