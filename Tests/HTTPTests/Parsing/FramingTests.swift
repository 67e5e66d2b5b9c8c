import Testing
@testable import HTTP

/// Host, Content-Length, Transfer-Encoding and Expect: the fields that decide where
/// a request ends. Every ambiguity is refused, so a proxy in front and this server
/// can never disagree about framing (request smuggling).
@Suite struct FramingTests {
    // MARK: Host

    @Test func http11NeedsExactlyOneHost() {
        #expect(failure(request("GET / HTTP/1.1")) == .missingHost)
        #expect(failure(request("GET / HTTP/1.1", "Host: a", "Host: a")) == .duplicateHost)
        #expect(failure(request("GET / HTTP/1.1", "Host: a", "HOST: b")) == .duplicateHost)
        #expect(failure(request("GET / HTTP/1.0", "Host: a", "host: b")) == .duplicateHost)
        #expect(head(request("GET / HTTP/1.0")) != nil)
        #expect(failure(request("GET / HTTP/1.1"))?.status == 400)
    }

    @Test(arguments: ["forum.example", "forum.example:8443", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:8080",
                      "[2001:db8::1]", "localhost", "a_b.example", "xn--caf-dma.example"])
    func plausibleHostsAreAccepted(_ host: String) {
        #expect(head(request("GET / HTTP/1.1", "Host: \(host)"))?.headers["host"] == host)
    }

    @Test(arguments: ["", "a b", "a/b", "user@a", "user:pw@a", "a:", "a:x", "a:123456", "a:65536", "[::1", "[]",
                      "[::1]x", "a:80:80", "a%20b", "[v1.x]", "\u{E9}.example", "a?b", "a#b"])
    func implausibleHostsAre400(_ host: String) {
        let error = failure(request("GET / HTTP/1.1", "Host: \(host)"))
        #expect(error == .invalidHost)
        #expect(error?.status == 400)
    }

    // MARK: Content-Length

    @Test func contentLengthIsExact() {
        #expect(head(request("POST / HTTP/1.1", "Host: a", "Content-Length: 0"))?.contentLength == 0)
        #expect(head(request("POST / HTTP/1.1", "Host: a", "content-length:  42 "))?.contentLength == 42)
        #expect(head(request("POST / HTTP/1.1", "Host: a", "Content-Length: 007"))?.contentLength == 7)
        let eighteen = String(repeating: "9", count: 18)
        #expect(head(request("POST / HTTP/1.1", "Host: a", "Content-Length: \(eighteen)"))?.contentLength
            == 999_999_999_999_999_999)
    }

    @Test(arguments: ["", "+1", "-1", "1 2", "0x10", "1,1", "1, 1", "1.0", "ten", "1e3", " ", "\u{661}",
                      String(repeating: "9", count: 19), "99999999999999999999999999999999999999"])
    func malformedContentLengthIs400(_ value: String) {
        let error = failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: \(value)"))
        #expect(error == .invalidContentLength)
        #expect(error?.status == 400)
    }

    @Test func repeatedContentLengthIs400EvenWhenEqual() {
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "Content-Length: 5"))
            == .duplicateContentLength)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "content-length: 6"))
            == .duplicateContentLength)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "Content-Length: x"))
            == .duplicateContentLength)
    }

    // MARK: Transfer-Encoding

    @Test(arguments: ["chunked", "Chunked", "CHUNKED", "  chunked  ", "\tchunked", "gzip, chunked", "gzip,chunked"])
    func chunkedIs411(_ value: String) {
        let error = failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: \(value)"))
        #expect(error == .chunkedNotSupported)
        #expect(error?.status == 411)
    }

    @Test(arguments: ["gzip", "chunked, gzip", "xchunked", "chunkedx", "chunked;q=1", "", ",chunked", "chunked,",
                      "identity", "chunked , , chunked", "\"chunked\""])
    func otherTransferEncodingsAre400(_ value: String) {
        let error = failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: \(value)"))
        #expect(error == .invalidTransferEncoding)
        #expect(error?.status == 400)
    }

    @Test func transferEncodingWithContentLengthIs400() {
        let both = [
            request("POST / HTTP/1.1", "Host: a", "Content-Length: 5", "Transfer-Encoding: chunked"),
            request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "Content-Length: 5"),
            request("POST / HTTP/1.1", "Host: a", "transfer-encoding: gzip", "Content-Length: 0"),
            request("POST / HTTP/1.0", "Transfer-Encoding: chunked", "Content-Length: 5"),
        ]
        for text in both {
            let error = failure(text)
            #expect(error == .contentLengthWithTransferEncoding)
            #expect(error?.slug == "content-length-with-transfer-encoding")
        }
    }

    @Test func smugglingShapesAreRefused() {
        // A vertical tab before the coding: some parsers trim it, we refuse the byte.
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: \u{0B}chunked")) == .invalidHeaderValue)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked\u{0C}")) == .invalidHeaderValue)
        // Space before the colon would hide the field from a lenient proxy.
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding : chunked", "Content-Length: 3"))
            == .whitespaceBeforeColon)
        // Listed twice, even identically.
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked"))
            == .invalidTransferEncoding)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding: gzip", "Transfer-Encoding: chunked"))
            == .invalidTransferEncoding)
        // Folded onto a continuation line.
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Transfer-Encoding:", " chunked")) == .obsoleteLineFolding)
        // Content-Length tricks.
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: +5")) == .invalidContentLength)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 0x10")) == .invalidContentLength)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 1234567890123456789")) == .invalidContentLength)
        #expect(failure(request("POST / HTTP/1.1", "Host: a", "Content-Length : 5")) == .whitespaceBeforeColon)
    }

    @Test func transferEncodingInHTTP10Is400() {
        #expect(failure(request("POST / HTTP/1.0", "Transfer-Encoding: chunked")) == .invalidTransferEncoding)
        #expect(failure(request("POST / HTTP/1.0", "Transfer-Encoding: gzip")) == .invalidTransferEncoding)
    }

    // MARK: Expect

    @Test(arguments: ["200-ok", "100-continue-please", "", "100-continue, foo", "continue"])
    func otherExpectationsAre417(_ value: String) {
        let error = failure(request("POST / HTTP/1.1", "Host: a", "Content-Length: 1", "Expect: \(value)"))
        #expect(error == .expectationFailed)
        #expect(error?.status == 417)
    }
}
