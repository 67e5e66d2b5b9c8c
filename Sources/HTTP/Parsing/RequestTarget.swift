/// The parts of a request-target (RFC 9112 §3.2): origin-form, or absolute-form
/// with an `http`/`https` scheme. Asterisk-form and authority-form are refused.
struct RequestTarget: Sendable, Equatable {
    var target: String
    var path: String
    var query: String?
    var pathSegments: [String]

    /// Parses `buffer[start..<end]`, which holds only visible ASCII bytes.
    init(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) throws(HTTPParseError) {
        guard start < end else { throw .invalidTarget }
        var pathStart = start
        if buffer[start] != ASCII.slash {
            pathStart = try Self.skipSchemeAndAuthority(buffer, start, end)
        }
        var queryStart = end  // the '?' or end
        var slashes = 0
        var index = pathStart
        while index < end {
            let byte = buffer[index]
            if byte == ASCII.hash { throw .invalidTarget }
            if byte == ASCII.question, queryStart == end { queryStart = index }
            if byte == ASCII.slash, queryStart == end { slashes += 1 }
            index += 1
        }
        pathSegments = try Self.segments(buffer, pathStart, queryStart, count: slashes)
        target = ASCII.string(buffer, start, end)
        if pathStart == start && queryStart == end {
            path = target
        } else {
            path = pathStart == queryStart ? "/" : ASCII.string(buffer, pathStart, queryStart)
        }
        query = queryStart < end ? ASCII.string(buffer, queryStart + 1, end) : nil
    }

    /// Checks `http://authority` or `https://authority` and returns where the
    /// path-abempty begins (a `/`, a `?`, or the end).
    private static func skipSchemeAndAuthority(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int
    ) throws(HTTPParseError) -> Int {
        var authorityStart = start
        if end - start >= 7, ASCII.equalsIgnoringCase(buffer, start, start + 7, "http://") {
            authorityStart = start + 7
        } else if end - start >= 8, ASCII.equalsIgnoringCase(buffer, start, start + 8, "https://") {
            authorityStart = start + 8
        } else {
            throw .invalidTarget
        }
        var authorityEnd = authorityStart
        while authorityEnd < end, buffer[authorityEnd] != ASCII.slash, buffer[authorityEnd] != ASCII.question {
            authorityEnd += 1
        }
        guard HostValidator.isValid(buffer, authorityStart, authorityEnd) else { throw .invalidTarget }
        return authorityEnd
    }

    /// The `count` percent-decoded segments of the path `buffer[start..<end]`; empty
    /// for `/` or an empty absolute-form path.
    private static func segments(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int, count: Int
    ) throws(HTTPParseError) -> [String] {
        guard end - start > 1 else { return [] }  // "/" or ""
        var result: [String] = []
        result.reserveCapacity(count)
        var segmentStart = start + 1
        for index in segmentStart...end where index == end || buffer[index] == ASCII.slash {
            result.append(try segment(buffer, segmentStart, index))
            segmentStart = index + 1
        }
        return result
    }

    /// One decoded segment: non-empty, not `.` or `..`, no decoded `/` or control
    /// character, valid UTF-8.
    private static func segment(
        _ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int
    ) throws(HTTPParseError) -> String {
        guard start < end else { throw .invalidTarget }  // from "//" or a trailing "/"
        var index = start
        while index < end, buffer[index] != ASCII.percent { index += 1 }
        if index == end {  // nothing escaped: plain ASCII
            if isDotSegment(buffer, start, end) { throw .invalidTarget }
            return ASCII.string(buffer, start, end)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(end - start)
        index = start
        while index < end {
            let byte = buffer[index]
            guard byte == ASCII.percent else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < end,
                  let high = ASCII.hexValue(buffer[index + 1]),
                  let low = ASCII.hexValue(buffer[index + 2])
            else { throw .invalidTarget }
            let value = high << 4 | low
            guard value >= ASCII.space, value != ASCII.del, value != ASCII.slash else { throw .invalidTarget }
            decoded.append(value)
            index += 3
        }
        let isDot = decoded.withUnsafeBytes { isDotSegment($0, 0, $0.count) }
        guard !isDot, let text = String(validating: decoded, as: UTF8.self) else { throw .invalidTarget }
        return text
    }

    private static func isDotSegment(_ buffer: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        switch end - start {
        case 1: buffer[start] == ASCII.dot
        case 2: buffer[start] == ASCII.dot && buffer[start + 1] == ASCII.dot
        default: false
        }
    }
}
