/// A parsed and checked request head: everything before the body.
///
/// The parser guarantees the framing is unambiguous: the body is exactly
/// `contentLength` bytes (no Transfer-Encoding is ever accepted).
public struct HTTPRequestHead: Sendable, Equatable {
    /// The request method.
    public var method: HTTPMethod
    /// The request-target exactly as received (visible ASCII only).
    public var target: String
    /// The raw path before any `?`: the whole origin-form path, or the path part of
    /// an absolute-form target (`"/"` when that is empty). Not percent-decoded.
    public var path: String
    /// The raw query after the first `?`, nil when there is no `?`. Not decoded.
    public var query: String?
    /// The path split on `/` and percent-decoded: `"/v1/threads/abc"` gives
    /// `["v1", "threads", "abc"]` and `"/"` gives `[]`. No segment is empty, `.`,
    /// `..`, or holds a `/` or a control character.
    public var pathSegments: [String]
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The header fields in the order received.
    public var headers: HTTPHeaders
    /// The body length from Content-Length, 0 when absent; at most 18 digits.
    public var contentLength: Int
    /// Whether the connection may stay open after this exchange: for HTTP/1.1
    /// unless `Connection: close`, for HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body
    /// (`Expect: 100-continue` on HTTP/1.1; ignored on HTTP/1.0 as RFC 9110 §10.1.1 asks).
    public var expectsContinue: Bool

    /// A head with the given parts; for tests and for building requests.
    public init(
        method: HTTPMethod,
        target: String,
        path: String,
        query: String? = nil,
        pathSegments: [String],
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        contentLength: Int = 0,
        keepAlive: Bool = true,
        expectsContinue: Bool = false
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.pathSegments = pathSegments
        self.version = version
        self.headers = headers
        self.contentLength = contentLength
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
