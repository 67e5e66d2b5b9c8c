/// A response a handler returns. The server adds `Date`, `Content-Length`,
/// `Connection`, `X-Request-Id` and the security headers itself.
///
///     return Response.json(#"{"status":"ok"}"#)
public struct Response: Sendable {
    public var status: Int
    public var contentType: String?
    public var headers: [HTTPField]
    public var body: [UInt8]

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
