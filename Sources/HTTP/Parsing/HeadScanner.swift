/// Finds where a request head ends, one call per arrival of bytes, remembering
/// how far it got so every byte is examined once (linear for one-byte writes).
///
/// It also enforces what can be decided from line structure alone, at the byte
/// where it becomes certain: bare LF or CR, too many leading empty lines, too many
/// field lines, and the head size limit. The result therefore depends only on the
/// bytes, never on how they were split into calls.
struct HeadScanner: Sendable {
    /// Empty lines (CRLF) skipped before the request line (RFC 9112 §2.2 asks for at least one).
    static let maxLeadingEmptyLines = 4

    /// Where the parts of a complete head lie in the buffer.
    struct Bounds: Sendable, Equatable {
        /// The first byte of the request line (after skipped empty lines).
        var start: Int
        /// The CR that ends the request line.
        var requestLineEnd: Int
        /// One past the LF of the empty line ending the head: the bytes consumed.
        var end: Int
        /// The number of field lines between them.
        var fieldLines: Int
    }

    /// What one call found.
    enum Outcome: Sendable, Equatable {
        case incomplete
        case complete(Bounds)
        case failure(HTTPParseError)
    }

    /// The next byte to examine.
    private(set) var position = 0
    /// The first byte of the line being scanned.
    private var lineStart = 0
    /// The first byte after the skipped empty lines.
    private var headStart = 0
    /// The CR ending the request line, or -1 before it is seen.
    private var requestLineEnd = -1
    private var fieldLines = 0
    private var leadingEmptyLines = 0

    /// Scans the bytes of `buffer` not yet examined. `buffer` must start with the
    /// same bytes as in earlier calls; a shorter buffer restarts the scan.
    mutating func scan(_ buffer: UnsafeRawBufferPointer, limits: HTTPParserLimits) -> Outcome {
        if buffer.count < position { self = HeadScanner() }
        // A head ending within maxHeadBytes has its final LF inside this window.
        let window = min(buffer.count, limits.maxHeadBytes)
        var index = position
        while index < window {
            // Skip eight bytes at a time while none of them is CR or LF (or below).
            while index + 8 <= window,
                  !ASCII.anyByte(in: buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self), below: ASCII.cr + 1) {
                index += 8
            }
            guard index < window else { break }
            let byte = buffer[index]
            if byte > ASCII.cr {  // the common case: nothing to decide
                index += 1
                continue
            }
            if byte == ASCII.lf { return .failure(.invalidLineEnding) }  // CRLF pairs are taken below
            if byte != ASCII.cr {
                index += 1
                continue
            }
            guard index + 1 < window else { break }  // the LF has not arrived (or is over the limit)
            guard buffer[index + 1] == ASCII.lf else { return .failure(.invalidLineEnding) }
            if index == lineStart {  // an empty line
                if requestLineEnd < 0 {
                    leadingEmptyLines += 1
                    if leadingEmptyLines > Self.maxLeadingEmptyLines { return .failure(.invalidRequestLine) }
                    headStart = index + 2
                } else {
                    return .complete(Bounds(
                        start: headStart, requestLineEnd: requestLineEnd, end: index + 2, fieldLines: fieldLines))
                }
            } else if requestLineEnd < 0 {
                requestLineEnd = index
            } else {
                fieldLines += 1
                if fieldLines > limits.maxHeaderCount { return .failure(.tooManyHeaders) }
            }
            index += 2
            lineStart = index
        }
        position = index
        if buffer.count >= limits.maxHeadBytes {
            return .failure(requestLineEnd < 0 ? .requestLineTooLong : .headerTooLarge)
        }
        return .incomplete
    }
}
