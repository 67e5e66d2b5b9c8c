import Testing
@testable import HTTP

@Suite struct HeaderFieldTests {
    @Test(arguments: [
        request("GET / HTTP/1.1", "Host: a", "X-A: b", " c"),
        request("GET / HTTP/1.1", "Host: a", "X-A: b", "\tc"),
        request("GET / HTTP/1.1", " Host: a"),  // whitespace before the first field
    ])
    func obsoleteLineFoldingIs400(_ text: String) {
        let error = failure(text)
        #expect(error == .obsoleteLineFolding)
        #expect(error?.status == 400)
    }

    @Test(arguments: ["Host : a", "Host\t: a", "Host \t : a"])
    func whitespaceBeforeColonIs400(_ field: String) {
        #expect(failure(request("GET / HTTP/1.1", field)) == .whitespaceBeforeColon)
    }

    @Test(arguments: [": a", "X A: b", "X(A): b", "NoColon", "X-\u{E9}: b", "X@: b", "X\u{0}: b"])
    func malformedNamesAre400(_ field: String) {
        #expect(failure(request("GET / HTTP/1.1", "Host: a", field)) == .invalidHeaderName)
    }

    @Test(arguments: [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F] as [UInt8])
    func controlCharactersInValuesAre400(_ control: UInt8) {
        var bytes = Array(request("GET / HTTP/1.1", "Host: a", "X-A: b_c").utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "_"))!
        bytes[index] = control
        #expect(failure(bytes) == .invalidHeaderValue)
    }

    @Test func bareLineFeedsAre400() {
        #expect(failure("GET / HTTP/1.1\nHost: a\r\n\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\n\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\n\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n") == .invalidLineEnding)
        #expect(failure("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\n\n")?.status == 400)
    }

    @Test func bareCarriageReturnsAre400() {
        #expect(failure("GET / HTTP/1.1\rHost: a\r\n\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n") == .invalidLineEnding)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n") == .invalidLineEnding)
        // Not decided until the byte after the CR arrives.
        #expect(parse("GET / HTTP/1.1\r") == .incomplete)
    }

    @Test func bareLineEndingsAreRefusedBeforeTheHeadEnds() {
        // No CRLFCRLF ever comes: the parser must not wait for one.
        #expect(failure("GET / HTTP/1.1\nHost: a\n\nGET /") == .invalidLineEnding)
    }

    @Test func tooManyHeadersIs431() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "A: 1", "B: 2"), limits: limits) != nil)
        let error = failure(request("GET / HTTP/1.1", "Host: a", "A: 1", "B: 2", "C: 3"), limits: limits)
        #expect(error == .tooManyHeaders)
        #expect(error?.status == 431)
        // Decided at the extra line, before the head ends.
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n", limits: limits) == .tooManyHeaders)
        let many = ["GET / HTTP/1.1", "Host: a"] + (1...100).map { "X-\($0): v" }
        #expect(failure(many.map { $0 + "\r\n" }.joined() + "\r\n") == .tooManyHeaders)
    }

    @Test func oversizeHeadIs431BeforeTheTerminatorArrives() {
        let limits = HTTPParserLimits(maxHeadBytes: 64)
        let start = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: "
        var text = start
        while text.utf8.count < 63 { text += "x" }
        #expect(parse(text, limits: limits) == .incomplete)
        text += "x"  // 64 bytes and no end: the head cannot fit any more
        let error = failure(text, limits: limits)
        #expect(error == .headerTooLarge)
        #expect(error?.status == 431)
        #expect(failure(text + String(repeating: "y", count: 100_000), limits: limits) == .headerTooLarge)
    }

    @Test func headOfExactlyTheLimitIsAccepted() {
        let text = request("GET / HTTP/1.1", "Host: a", "X: 123")
        let exact = HTTPParserLimits(maxHeadBytes: text.utf8.count)
        #expect(head(text, limits: exact) != nil)
        let smaller = HTTPParserLimits(maxHeadBytes: text.utf8.count - 1)
        #expect(failure(text, limits: smaller) == .headerTooLarge)
        // A CR on the last byte allowed cannot be followed by its LF in time.
        let withoutLastLF = Array(text.utf8.dropLast())
        #expect(failure(withoutLastLF, limits: smaller) == .headerTooLarge)
    }

    @Test func defaultLimitIs16KiB() {
        let filler = String(repeating: "a", count: 16 * 1024)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\nX: " + filler) == .headerTooLarge)
        #expect(HTTPParserLimits() == HTTPParserLimits(maxHeadBytes: 16_384, maxHeaderCount: 100))
    }

    @Test func overlongRequestLineIs414() {
        let limits = HTTPParserLimits(maxHeadBytes: 32)
        let error = failure("GET /" + String(repeating: "a", count: 40), limits: limits)
        #expect(error == .requestLineTooLong)
        #expect(error?.status == 414)
    }
}
