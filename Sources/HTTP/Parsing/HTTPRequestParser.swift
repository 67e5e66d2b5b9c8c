/// A strict HTTP/1.1 request-head parser (RFC 9112, RFC 9110) for one connection.
///
/// Feed it the bytes received so far; it answers `.incomplete` until the head is
/// complete, then `.head` with the number of bytes the head took, or `.failure`
/// with an error that knows its status. The body is not parsed: the connection
/// reads `contentLength` bytes after `consumed`.
///
///     var parser = HTTPRequestParser()
///     switch buffer.withUnsafeBytes({ parser.parse($0) }) {
///     case .incomplete: readMore()
///     case .head(let head, let consumed): route(head); dropFirst(consumed)
///     case .failure(let error): respond(error.status, error.slug); close()
///     }
///
/// Work is linear in the bytes received however they are split: the parser
/// remembers how far it scanned. Standard library only (see `Ops/fuzz`).
public struct HTTPRequestParser: Sendable {
    /// The limits enforced.
    public let limits: HTTPParserLimits
    private var scanner = HeadScanner()

    /// A parser for the next request on a connection.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// The outcome of one ``parse(_:)`` call.
    public enum Result: Sendable, Equatable {
        /// More bytes are needed (the head so far is within limits).
        case incomplete
        /// A complete, valid head that took the first `consumed` bytes of the buffer.
        case head(HTTPRequestHead, consumed: Int)
        /// The request is refused; answer with `status` and close the connection.
        case failure(HTTPParseError)
    }

    /// Parses the head of the next request at the start of `buffer` (bytes received so far on a connection).
    ///
    /// Resumable: it remembers how far it already scanned for the end of the head, so a client sending one
    /// byte at a time costs linear, not quadratic, work. Each call must pass the same leading bytes as the
    /// previous one plus any new ones. After `.head` or `.failure`, call `reset()` before the next request
    /// (the parser also resets itself then, so a repeated call gives the same answer).
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> Result {
        let bounds: HeadScanner.Bounds
        switch scanner.scan(buffer, limits: limits) {
        case .incomplete:
            return .incomplete
        case .failure(let error):
            reset()
            return .failure(error)
        case .complete(let found):
            reset()
            bounds = found
        }
        do {
            return .head(try HeadReader.read(buffer, bounds), consumed: bounds.end)
        } catch {
            return .failure(error)
        }
    }

    /// Forgets the scan position, ready for a head at the start of a new buffer.
    public mutating func reset() {
        scanner = HeadScanner()
    }

    /// How many bytes of the current head have been examined (for tests).
    var scannedBytes: Int { scanner.position }
}
