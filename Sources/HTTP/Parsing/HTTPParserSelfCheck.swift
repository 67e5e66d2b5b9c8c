/// The oracle the fuzz harness (`Tests/Fuzz/HTTPParserFuzz.swift`) and the
/// regression replay test share: parsing an input whole and parsing it fed in
/// pieces must agree, and every accepted head must keep the parser's promises.
enum HTTPParserSelfCheck {
    /// The first broken promise for `input`, or nil when all hold.
    ///
    /// The first byte picks where the pieces split and how large they are, and the
    /// small limits, so the fuzzer steers those too.
    static func violation(in input: UnsafeRawBufferPointer) -> String? {
        let seed = Int(input.first ?? 0)
        let configurations = [
            HTTPParserLimits(),
            HTTPParserLimits(maxHeadBytes: 40 + seed, maxHeaderCount: seed & 7),
        ]
        for limits in configurations {
            var parser = HTTPRequestParser(limits: limits)
            let whole = parser.parse(input)
            if parser.parse(input) != whole { return "a repeated parse after a result differs" }
            let split = input.isEmpty ? 0 : seed % (input.count + 1)
            let pieces = piecewise(input, limits: limits, firstCut: split, step: 1 + seed >> 4)
            if pieces != whole { return "whole and piecewise parses differ" }
            if let broken = promiseBroken(whole, count: input.count, limits: limits) { return broken }
            if case .head(_, let consumed) = whole, consumed < input.count {
                var next = HTTPRequestParser(limits: limits)
                let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
                if let broken = promiseBroken(next.parse(rest), count: rest.count, limits: limits) { return broken }
            }
        }
        return nil
    }

    /// Parses growing prefixes of `input`, as a connection receiving it would.
    private static func piecewise(
        _ input: UnsafeRawBufferPointer, limits: HTTPParserLimits, firstCut: Int, step: Int
    ) -> HTTPRequestParser.Result {
        var parser = HTTPRequestParser(limits: limits)
        var cut = firstCut
        while true {
            let result = parser.parse(UnsafeRawBufferPointer(rebasing: input[..<cut]))
            if result != .incomplete || cut == input.count { return result }
            cut = min(input.count, cut + step)
        }
    }

    /// What an accepted head must satisfy whatever the input.
    private static func promiseBroken(
        _ result: HTTPRequestParser.Result, count: Int, limits: HTTPParserLimits
    ) -> String? {
        guard case .head(let head, let consumed) = result else { return nil }
        if consumed < 1 || consumed > count { return "consumed outside the buffer" }
        if consumed > limits.maxHeadBytes { return "head larger than maxHeadBytes" }
        if head.headers.count > limits.maxHeaderCount { return "more headers than maxHeaderCount" }
        if head.contentLength < 0 { return "negative content length" }
        if !head.path.hasPrefix("/") { return "path without a leading slash" }
        for segment in head.pathSegments where segment.isEmpty || segment == "." || segment == ".."
            || segment.utf8.contains(where: { $0 == ASCII.slash || $0 < ASCII.space || $0 == ASCII.del }) {
            return "a path segment that should have been refused"
        }
        for field in head.headers where !HTTPHeaders.isValidName(field.name) || !HTTPHeaders.isValidValue(field.value) {
            return "a header field that is unsafe to write back"
        }
        if head.version != .http1_0 && head.version != .http1_1 { return "an unsupported version" }
        if head.version == .http1_1 && head.headers.values("Host").count != 1 { return "HTTP/1.1 without exactly one Host" }
        if head.headers.contains("Transfer-Encoding") { return "Transfer-Encoding accepted" }
        if head.headers.values("Content-Length").count > 1 { return "repeated Content-Length accepted" }
        return roundTripBroken(head, limits: limits)
    }

    /// Writing an accepted head back out in canonical form and parsing that must
    /// give the same head (checks trimming, decoding and field bookkeeping).
    private static func roundTripBroken(_ head: HTTPRequestHead, limits: HTTPParserLimits) -> String? {
        var text = "\(head.method.name) \(head.target) \(head.version)\r\n"
        for field in head.headers {
            text += "\(field.name): \(field.value)\r\n"
        }
        text += "\r\n"
        let bytes = Array(text.utf8)
        guard bytes.count <= limits.maxHeadBytes else { return nil }
        var parser = HTTPRequestParser(limits: limits)
        let again = bytes.withUnsafeBytes { parser.parse($0) }
        guard case .head(let reparsed, let consumed) = again, consumed == bytes.count else {
            return "the canonical form of an accepted head is refused"
        }
        return reparsed == head ? nil : "the canonical form of an accepted head parses differently"
    }
}
