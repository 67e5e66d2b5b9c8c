/// The fields that decide how a request is framed and handled: Host,
/// Content-Length, Transfer-Encoding, Connection and Expect. Collected while the
/// field lines are read, judged together at the end (RFC 9112 §6.3, §3.2; RFC 9110 §10.1.1).
struct FramingFields: Sendable {
    private var hostCount = 0
    private var hostIsValid = true
    private var contentLength: Int?
    private var transferEncodingCount = 0
    /// What the (single) Transfer-Encoding value asks for, when there is one.
    private var transferEncodingEndsInChunked = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false
    private var unmetExpectation = false

    /// Takes note of the field `name` with the trimmed value `buffer[start..<end]`.
    /// Repeated or malformed Content-Length fails at once; the rest waits for ``judge(version:)``.
    mutating func record(
        _ buffer: UnsafeRawBufferPointer, name: (start: Int, end: Int), value start: Int, _ end: Int
    ) throws(HTTPParseError) {
        switch name.end - name.start {
        case 4 where ASCII.equalsIgnoringCase(buffer, name.start, name.end, "host"):
            hostCount += 1
            hostIsValid = hostIsValid && HostValidator.isValid(buffer, start, end)
        case 14 where ASCII.equalsIgnoringCase(buffer, name.start, name.end, "content-length"):
            guard contentLength == nil else { throw .duplicateContentLength }
            contentLength = try Self.contentLength(buffer, start, end)
        case 17 where ASCII.equalsIgnoringCase(buffer, name.start, name.end, "transfer-encoding"):
            transferEncodingCount += 1
            transferEncodingEndsInChunked = Self.endsInChunked(buffer, start, end)
        case 10 where ASCII.equalsIgnoringCase(buffer, name.start, name.end, "connection"):
            readConnection(buffer, start, end)
        case 6 where ASCII.equalsIgnoringCase(buffer, name.start, name.end, "expect"):
            if ASCII.equalsIgnoringCase(buffer, start, end, "100-continue") {
                expectsContinue = true
            } else {
                unmetExpectation = true
            }
        default:
            break
        }
    }

    /// Checks the fields together and returns what the head needs from them.
    func judge(version: HTTPVersion) throws(HTTPParseError) -> (contentLength: Int, keepAlive: Bool, expectsContinue: Bool) {
        let isHTTP11 = version == .http1_1
        if hostCount > 1 { throw .duplicateHost }
        if hostCount == 0, isHTTP11 { throw .missingHost }
        if !hostIsValid { throw .invalidHost }
        if transferEncodingCount > 0 {
            if contentLength != nil { throw .contentLengthWithTransferEncoding }
            if !isHTTP11 || transferEncodingCount > 1 || !transferEncodingEndsInChunked {
                throw .invalidTransferEncoding
            }
            throw .chunkedNotSupported
        }
        if unmetExpectation { throw .expectationFailed }
        let keepAlive = isHTTP11 ? !connectionClose : connectionKeepAlive && !connectionClose
        return (contentLength ?? 0, keepAlive, expectsContinue && isHTTP11)
    }

    /// 1 to 18 ASCII digits, so the value always fits an `Int`.
    private static func contentLength(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int
    ) throws(HTTPParseError) -> Int {
        guard (1...18).contains(end - start) else { throw .invalidContentLength }
        var value = 0
        for index in start..<end {
            let byte = buffer[index]
            guard ASCII.isDigit(byte) else { throw .invalidContentLength }
            value = value * 10 + Int(byte &- 0x30)
        }
        return value
    }

    /// Whether the value is a list of tokens whose last one is `chunked` (any case).
    private static func endsInChunked(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        var isChunked = false
        var elementStart = start
        for index in start...end where index == end || buffer[index] == ASCII.comma {
            let element = ASCII.trimmed(buffer, elementStart, index)
            guard element.start < element.end else { return false }
            for offset in element.start..<element.end where !ASCII.isTokenByte(buffer[offset]) {
                return false
            }
            isChunked = ASCII.equalsIgnoringCase(buffer, element.start, element.end, "chunked")
            elementStart = index + 1
        }
        return isChunked
    }

    /// Connection options are comma-separated tokens; only `close` and `keep-alive` matter.
    private mutating func readConnection(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) {
        var elementStart = start
        for index in start...end where index == end || buffer[index] == ASCII.comma {
            let element = ASCII.trimmed(buffer, elementStart, index)
            if ASCII.equalsIgnoringCase(buffer, element.start, element.end, "close") {
                connectionClose = true
            } else if ASCII.equalsIgnoringCase(buffer, element.start, element.end, "keep-alive") {
                connectionKeepAlive = true
            }
            elementStart = index + 1
        }
    }
}
