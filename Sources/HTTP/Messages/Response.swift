import Platform
import Synchronization

/// A response a handler returns. The server adds `Date`, `Content-Length`,
/// `Connection`, `X-Request-Id` and the security headers itself.
///
///     return Response.json(#"{"status":"ok"}"#)
public struct Response: Sendable {
    public var status: Int
    public var contentType: String?
    public var headers: [HTTPField]
    public var body: [UInt8]
    /// Set by `Response.later`: the response to write is the one `pending`
    /// completes with; the other fields are ignored.
    public var pending: PendingResponse?

    public init(status: Int = 200, contentType: String? = nil, headers: [HTTPField] = [], body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    public static let jsonType = "application/json"
    public static let problemType = "application/problem+json"

    /// A JSON response from already-encoded bytes.
    public static func json(_ body: [UInt8], status: Int = 200) -> Response {
        Response(status: status, contentType: jsonType, body: body)
    }

    /// A JSON response from already-encoded text.
    public static func json(_ text: String, status: Int = 200) -> Response {
        json(Array(text.utf8), status: status)
    }

    /// The problem+json response for `problem`.
    public static func problem(_ problem: Problem, requestID: String?) -> Response {
        Response(status: problem.status, contentType: problemType, headers: problem.headers,
                 body: problem.jsonBody(requestID: requestID))
    }
}

/// A response a handler promises instead of returning it: the handler
/// starts work that completes on another thread (a group commit) and
/// returns `Response.later(pending)`, so that its worker thread is free
/// at once; whoever finishes the work calls `complete` exactly once, and
/// the connection's event loop writes that response. Until then the
/// connection reads nothing more (one request at a time).
///
///     let pending = PendingResponse()
///     try writer.submit({ conn in try insert(conn) }) { result in
///         pending.complete(result.map { Response.json(receipt($0)) } ?? …)
///     }
///     return .later(pending)
///
/// A second `complete` is ignored; a pending response nobody completes
/// keeps its connection until the server's shutdown deadline closes it.
public final class PendingResponse: Sendable {
    private enum State {
        case waiting((@Sendable (Response) -> Void)?)
        case done(Response)
        case delivered
    }

    private let state = Mutex<State>(.waiting(nil))

    public init() {}

    /// Completes the promise (any thread); later calls do nothing.
    public func complete(_ response: Response) {
        let deliver: (@Sendable (Response) -> Void)? = state.withLock { state in
            guard case .waiting(let deliver) = state else { return nil }
            if let deliver {
                state = .delivered
                return deliver
            }
            state = .done(response)
            return nil
        }
        deliver?(response)
    }

    /// Calls `deliver` with the response once it is complete: at once (on
    /// this thread) if it is already, else on the completing thread.
    func whenComplete(_ deliver: @escaping @Sendable (Response) -> Void) {
        let ready: Response? = state.withLock { state in
            switch state {
            case .waiting:
                state = .waiting(deliver)
                return nil
            case .done(let response):
                state = .delivered
                return response
            case .delivered:
                return nil
            }
        }
        if let ready { deliver(ready) }
    }
}

extension Response {
    /// This response, or for `Response.later` the one its promise completes
    /// with, waiting for it: for callers that run handlers themselves
    /// (in-process tests, tools), never on an event loop.
    public func resolved() -> Response {
        guard let pending else { return self }
        let promise = Promise<Response>()
        pending.whenComplete { promise.fulfil($0) }
        return promise.wait().resolved()
    }

    /// The response `pending` completes with, later.
    public static func later(_ pending: PendingResponse) -> Response {
        var response = Response(status: 0)
        response.pending = pending
        return response
    }
}
