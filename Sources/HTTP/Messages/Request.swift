/// A complete request as a handler sees it: the parsed head, the body, the
/// route's path parameters and the per-request context.
public struct Request: Sendable {
    public let head: HTTPRequestHead
    public let body: [UInt8]
    /// Path parameters by name: `/v1/threads/{id}` gives `parameters["id"]`.
    public let parameters: [String: String]
    public let context: RequestContext

    public init(head: HTTPRequestHead, body: [UInt8], parameters: [String: String], context: RequestContext) {
        self.head = head
        self.body = body
        self.parameters = parameters
        self.context = context
    }

    public var method: HTTPMethod { head.method }
    public var path: String { head.path }

    /// The raw value of a query parameter (first occurrence, percent-decoded),
    /// or nil. Query strings are never logged.
    /// Every value of a repeated query parameter (`?topic=a&topic=b`), in order.
    public func queryValues(_ name: String) -> [String] {
        guard let query = head.query else { return [] }
        var values: [String] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = PercentDecoding.decode(Substring(parts[0])), key == name else { continue }
            if parts.count > 1, let value = PercentDecoding.decode(Substring(parts[1])) { values.append(value) }
        }
        return values
    }

    public func query(_ name: String) -> String? {
        guard let query = head.query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = PercentDecoding.decode(Substring(parts[0])), key == name else { continue }
            return parts.count > 1 ? PercentDecoding.decode(Substring(parts[1])) : ""
        }
        return nil
    }
}

/// What the server knows about a request besides its bytes.
public struct RequestContext: Sendable {
    /// The id sent back as `X-Request-Id` and written to every log line.
    public let requestID: String
    /// The client's address: the TCP peer, or the `X-Forwarded-For` client
    /// when the peer is a trusted proxy.
    public let clientAddress: String
    /// The TCP peer's address.
    public let peerAddress: String
    /// The route pattern that matched (`/v1/threads/{id}`), for logs and metrics.
    public let route: String
    /// Monotonic nanoseconds when the head was complete.
    public let receivedAt: UInt64

    public init(requestID: String, clientAddress: String, peerAddress: String, route: String, receivedAt: UInt64) {
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.peerAddress = peerAddress
        self.route = route
        self.receivedAt = receivedAt
    }
}

/// Percent-decoding for query components ("+" is a space in forms).
enum PercentDecoding {
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let hi = iterator.next().flatMap(hexValue), let lo = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(hi << 4 | lo)
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
