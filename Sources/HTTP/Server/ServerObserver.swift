/// What the server reports as it works, for metrics. Called on the loop
/// threads for every request: implementations must be cheap and must not block.
public protocol ServerObserver: Sendable {
    /// A response was queued. `route` is the index in the router's table, or
    /// -1 when no route matched (404, parse errors, timeouts).
    func requestCompleted(loop: Int, route: Int, status: Int, nanoseconds: UInt64)
}

/// An observer that records nothing.
public struct NoObserver: ServerObserver {
    public init() {}
    public func requestCompleted(loop: Int, route: Int, status: Int, nanoseconds: UInt64) {}
}
