import Testing
@testable import HTTP

@Suite struct RequestLineTests {
    @Test(arguments: [
        "GET  / HTTP/1.1",      // two spaces
        "GET /  HTTP/1.1",
        " GET / HTTP/1.1",      // leading space
        "GET / HTTP/1.1 ",      // trailing space
        "GET /",                // no version
        "GET / ",
        "GET",
        "/ HTTP/1.1",
        "GET\t/\tHTTP/1.1",     // tab separators
        "GET /\tHTTP/1.1",
        "GET / HTTP/1.1 extra",
        "GE\u{01}T / HTTP/1.1",   // control character in the method
        "GET /a\u{01}b HTTP/1.1", // control character in the target
        "GET /a\u{7F}b HTTP/1.1",
        "GET /caf\u{E9} HTTP/1.1",  // non-ASCII target
        "G(ET / HTTP/1.1",        // not a token
        "GET / HTTP/1.1x",
        "GET / http/1.1",
        "GET / HTTP/1",
        "GET / HTTP/11.1",
        "GET / HTTP/1.10",
        "GET / HTTP/ 1.1",
        "GET / HTTP/1,1",
        "GET / HTTPS/1.1",
    ])
    func malformedRequestLinesAre400(_ line: String) {
        let error = failure(request(line, "Host: a"))
        #expect(error == .invalidRequestLine)
        #expect(error?.status == 400)
    }

    @Test func nulInTheRequestLineIs400() {
        var bytes = Array(request("GET /ab HTTP/1.1", "Host: a").utf8)
        bytes[5] = 0
        #expect(failure(bytes) == .invalidRequestLine)
    }

    @Test(arguments: ["PROPFIND", "CONNECT", "TRACE", "BREW", "get", "Get", "M-SEARCH"])
    func unknownWellFormedMethodsAre501(_ method: String) {
        let error = failure(request("\(method) / HTTP/1.1", "Host: a"))
        #expect(error == .methodNotImplemented)
        #expect(error?.status == 501)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0", "HTTP/9.9"])
    func wellFormedOtherVersionsAre505(_ version: String) {
        let error = failure(request("GET / \(version)", "Host: a"))
        #expect(error == .versionNotSupported)
        #expect(error?.status == 505)
    }

    @Test func acceptsHTTP10And11() {
        #expect(head(request("GET / HTTP/1.0"))?.version == HTTPVersion(major: 1, minor: 0))
        #expect(head(request("GET / HTTP/1.1", "Host: a"))?.version == HTTPVersion(major: 1, minor: 1))
        #expect(HTTPVersion.http1_1.description == "HTTP/1.1")
    }

    @Test func tooManyLeadingEmptyLinesAre400() {
        let text = String(repeating: "\r\n", count: 10) + request("GET / HTTP/1.1", "Host: a")
        #expect(failure(text) == .invalidRequestLine)
    }

    @Test func emptyRequestLineIsJustALeadingLine() {
        #expect(parse("\r\n") == .incomplete)
    }
}
