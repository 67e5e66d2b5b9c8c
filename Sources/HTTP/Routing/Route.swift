/// Where a route's handler runs.
public enum Execution: Sendable {
    /// On the event loop thread: only for handlers that never block and
    /// finish in microseconds (health, version, static documents).
    case eventLoop
    /// On the bounded worker pool: everything that touches the store,
    /// signatures or anything slow.
    case worker
}

/// A handler: a request in, a response out; a thrown `Problem` becomes
/// problem+json, anything else a logged, bare 500.
public typealias Handler = @Sendable (Request) throws -> Response

/// A worker route's answer from memory, tried on the event loop first:
/// nil when it needs the worker (the store, a signature, anything slow).
/// It must never block: locks held for microseconds at most.
public typealias FastHandler = @Sendable (Request) throws -> Response?

/// One route: method + path pattern, its limits and its handler.
///
///     Route(.get, "/v1/threads/{id}/posts", operation: "listPosts") { request in … }
public struct Route: Sendable {
    public let method: HTTPMethod
    /// `/v1/threads/{id}/posts`: literal segments and `{name}` parameters.
    public let pattern: String
    /// The OpenAPI operationId; also the metrics label.
    public let operation: String
    /// The largest body this route accepts (413 above it, decided from
    /// `Content-Length` before the body is read).
    public let bodyLimit: Int
    public let execution: Execution
    public let handler: Handler
    /// For worker routes: an answer from memory tried on the loop first
    /// (a cached page), saving the hop to a worker and back.
    public let fast: FastHandler?

    public static let defaultBodyLimit = 1 << 20

    public init(_ method: HTTPMethod, _ pattern: String, operation: String, bodyLimit: Int = Route.defaultBodyLimit,
                execution: Execution = .worker, fast: FastHandler? = nil, handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern
        self.operation = operation
        self.bodyLimit = bodyLimit
        self.execution = execution
        self.fast = fast
        self.handler = handler
    }

    /// The pattern's segments.
    var segments: [Substring] {
        pattern.split(separator: "/", omittingEmptySubsequences: true)
    }
}
