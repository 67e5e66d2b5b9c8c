/// Reads a complete head, whose bounds ``HeadScanner`` found, into an
/// ``HTTPRequestHead``: the request line, each field line, then the framing rules.
enum HeadReader {
    /// The head in `buffer[bounds.start..<bounds.end]`, or the first rule it breaks.
    static func read(
        _ buffer: UnsafeRawBufferPointer, _ bounds: HeadScanner.Bounds
    ) throws(HTTPParseError) -> HTTPRequestHead {
        let line = try RequestLine(buffer, bounds.start, bounds.requestLineEnd)
        let target = try RequestTarget(buffer, line.targetStart, line.targetEnd)
        var headers = HTTPHeaders(capacity: bounds.fieldLines)
        var framing = FramingFields()
        let fieldsEnd = bounds.end - 2  // the final CRLF
        var index = bounds.requestLineEnd + 2
        while index < fieldsEnd {
            index = try readField(buffer, from: index, to: fieldsEnd, into: &headers, &framing)
        }
        let framed = try framing.judge(version: line.version)
        return HTTPRequestHead(
            method: line.method,
            target: target.target,
            path: target.path,
            query: target.query,
            pathSegments: target.pathSegments,
            version: line.version,
            headers: headers,
            contentLength: framed.contentLength,
            keepAlive: framed.keepAlive,
            expectsContinue: framed.expectsContinue)
    }

    /// Reads the field line starting at `start`, `name ":" OWS value OWS CRLF`
    /// (RFC 9112 §5), and returns where the next line starts.
    private static func readField(
        _ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int,
        into headers: inout HTTPHeaders, _ framing: inout FramingFields
    ) throws(HTTPParseError) -> Int {
        if ASCII.isWhitespace(buffer[start]) { throw .obsoleteLineFolding }
        var index = start
        while index < end, ASCII.isTokenByte(buffer[index]) { index += 1 }
        let nameEnd = index
        guard index < end, buffer[index] == ASCII.colon else {
            while index < end, ASCII.isWhitespace(buffer[index]) { index += 1 }
            let colonFollows = index > nameEnd && index < end && buffer[index] == ASCII.colon
            throw colonFollows && nameEnd > start ? .whitespaceBeforeColon : .invalidHeaderName
        }
        guard nameEnd > start else { throw .invalidHeaderName }
        index += 1
        while index < end, ASCII.isWhitespace(buffer[index]) { index += 1 }
        let valueStart = index
        // Eight bytes at a time while none is a control character (HTAB goes the slow way).
        while index + 8 <= end {
            let word = buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if ASCII.anyByte(in: word, below: ASCII.space) || ASCII.anyByte(in: word, equalTo: ASCII.del) { break }
            index += 8
        }
        while index < end, ASCII.isFieldValueByte(buffer[index]) { index += 1 }
        // The scanner saw a CRLF here; anything else is a control character.
        guard index + 1 < end, buffer[index] == ASCII.cr, buffer[index + 1] == ASCII.lf else {
            throw .invalidHeaderValue
        }
        var valueEnd = index
        while valueEnd > valueStart, ASCII.isWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
        try framing.record(buffer, name: (start, nameEnd), value: valueStart, valueEnd)
        headers.append(name: ASCII.string(buffer, start, nameEnd), value: ASCII.string(buffer, valueStart, valueEnd))
        return index + 2
    }
}
