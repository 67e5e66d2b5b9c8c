/// The request line (RFC 9112 §3): `method SP request-target SP HTTP-version`,
/// exactly one space between the parts and nothing else.
struct RequestLine: Sendable, Equatable {
    var method: HTTPMethod
    var version: HTTPVersion
    /// Where the request-target lies in the buffer.
    var targetStart: Int
    var targetEnd: Int

    /// Parses `buffer[start..<end]` (`end` is the CR). Malformed lines fail with
    /// 400; then a well-formed version other than 1.0/1.1 fails with 505, and a
    /// well-formed unknown method with 501.
    init(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPParseError) {
        var index = start
        while index < end, ASCII.isTokenByte(buffer[index]) { index += 1 }
        let methodEnd = index
        guard methodEnd > start, index < end, buffer[index] == ASCII.space else { throw .invalidRequestLine }
        index += 1
        targetStart = index
        while index < end, ASCII.isVisible(buffer[index]) { index += 1 }
        targetEnd = index
        guard targetEnd > targetStart, index < end, buffer[index] == ASCII.space else { throw .invalidRequestLine }
        version = try Self.version(buffer, index + 1, end)
        guard let method = HTTPMethod(buffer, start, methodEnd) else { throw .methodNotImplemented }
        self.method = method
    }

    /// `HTTP/` DIGIT `.` DIGIT, case-sensitive (RFC 9112 §2.3).
    private static func version(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int
    ) throws(HTTPParseError) -> HTTPVersion {
        guard end - start == 8,
              ASCII.equals(buffer, start, start + 5, "HTTP/"),
              ASCII.isDigit(buffer[start + 5]),
              buffer[start + 6] == ASCII.dot,
              ASCII.isDigit(buffer[start + 7])
        else { throw .invalidRequestLine }
        let version = HTTPVersion(major: Int(buffer[start + 5] &- 0x30), minor: Int(buffer[start + 7] &- 0x30))
        guard version.major == 1, version.minor <= 1 else { throw .versionNotSupported }
        return version
    }
}
