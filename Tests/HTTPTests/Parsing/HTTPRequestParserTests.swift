import Testing
@testable import HTTP

@Suite struct HTTPRequestParserTests {
    @Test func parsesGET() throws {
        let text = request("GET /v1/threads/abc?limit=10 HTTP/1.1", "Host: forum.example", "Accept: application/json")
        guard case .head(let head, let consumed) = parse(text) else {
            Issue.record("expected a head")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(head.method == .get)
        #expect(head.target == "/v1/threads/abc?limit=10")
        #expect(head.path == "/v1/threads/abc")
        #expect(head.query == "limit=10")
        #expect(head.pathSegments == ["v1", "threads", "abc"])
        #expect(head.version == .http1_1)
        #expect(head.headers.count == 2)
        #expect(head.headers["accept"] == "application/json")
        #expect(head.contentLength == 0)
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
    }

    @Test func parsesPOSTWithContentLengthAndLeavesTheBody() {
        let text = request("POST /v1/threads HTTP/1.1", "Host: a", "Content-Type: application/json", "Content-Length: 13")
        let bytes = Array((text + #"{"title":"x"}"#).utf8)
        guard case .head(let head, let consumed) = parse(bytes) else {
            Issue.record("expected a head")
            return
        }
        #expect(head.method == .post)
        #expect(head.contentLength == 13)
        #expect(consumed == text.utf8.count)
        #expect(bytes.count - consumed == 13)
    }

    @Test func parsesHEADAndTheOtherMethods() {
        for method in HTTPMethod.allCases {
            #expect(head(request("\(method.name) / HTTP/1.1", "Host: a"))?.method == method)
            #expect(HTTPMethod(name: method.name) == method)
        }
        #expect(HTTPMethod(name: "get") == nil)
    }

    @Test func rootPathHasNoSegmentsAndNoQuery() throws {
        let parsed = try #require(head(request("GET / HTTP/1.1", "Host: a")))
        #expect(parsed.path == "/")
        #expect(parsed.pathSegments.isEmpty)
        #expect(parsed.query == nil)
    }

    @Test func emptyQueryIsNotNil() throws {
        let parsed = try #require(head(request("GET /a? HTTP/1.1", "Host: a")))
        #expect(parsed.path == "/a")
        #expect(parsed.query == "")
    }

    @Test func keepsHeaderOrderSpellingAndTrimsWhitespace() throws {
        let parsed = try #require(head(request(
            "GET / HTTP/1.1", "Host: a", "X-Tag:  one \t", "x-tag:two", "X-Empty:", "X-Inner: a  b")))
        #expect(parsed.headers.map(\.name) == ["Host", "X-Tag", "x-tag", "X-Empty", "X-Inner"])
        #expect(parsed.headers.values("X-TAG") == ["one", "two"])
        #expect(parsed.headers["x-empty"] == "")
        #expect(parsed.headers["X-Inner"] == "a  b")
    }

    @Test func acceptsObsTextInValues() throws {
        let bytes = Array(request("GET / HTTP/1.1", "Host: a", "X-Name: caf\u{E9}").utf8) // UTF-8 é
        guard case .head(let parsed, _) = parse(bytes) else {
            Issue.record("expected a head")
            return
        }
        #expect(parsed.headers["X-Name"] == "caf\u{E9}")
        var latin1 = Array(request("GET / HTTP/1.1", "Host: a", "X-Name: caf").utf8)
        latin1.insert(0xE9, at: latin1.count - 4)  // not UTF-8: read with a replacement character
        guard case .head(let other, _) = parse(latin1) else {
            Issue.record("expected a head")
            return
        }
        #expect(other.headers["X-Name"] == "caf\u{FFFD}")
    }

    @Test func skipsAFewLeadingEmptyLines() throws {
        let text = "\r\n\r\n" + request("GET / HTTP/1.1", "Host: a")
        guard case .head(let parsed, let consumed) = parse(text) else {
            Issue.record("expected a head")
            return
        }
        #expect(parsed.method == .get)
        #expect(consumed == text.utf8.count)
        let fourLines = String(repeating: "\r\n", count: HeadScanner.maxLeadingEmptyLines)
        #expect(head(fourLines + request("GET / HTTP/1.1", "Host: a")) != nil)
        #expect(failure(fourLines + "\r\n" + request("GET / HTTP/1.1", "Host: a")) == .invalidRequestLine)
    }

    @Test func absoluteFormUsesItsPath() throws {
        let parsed = try #require(head(request("GET http://forum.example:8080/v1/alerts?x=1 HTTP/1.1", "Host: forum.example")))
        #expect(parsed.target == "http://forum.example:8080/v1/alerts?x=1")
        #expect(parsed.path == "/v1/alerts")
        #expect(parsed.query == "x=1")
        #expect(parsed.pathSegments == ["v1", "alerts"])
        let bare = try #require(head(request("GET HTTPS://forum.example HTTP/1.1", "Host: forum.example")))
        #expect(bare.path == "/")
        #expect(bare.pathSegments.isEmpty)
    }

    @Test func http11KeepsAliveUnlessClose() {
        #expect(head(request("GET / HTTP/1.1", "Host: a"))?.keepAlive == true)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "Connection: keep-alive"))?.keepAlive == true)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "Connection: close"))?.keepAlive == false)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "Connection: Upgrade, CLOSE"))?.keepAlive == false)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "Connection: te", "Connection:  Close "))?.keepAlive == false)
        #expect(head(request("GET / HTTP/1.1", "Host: a", "Connection: closed"))?.keepAlive == true)
    }

    @Test func http10KeepsAliveOnlyWhenAsked() {
        #expect(head(request("GET / HTTP/1.0"))?.keepAlive == false)
        #expect(head(request("GET / HTTP/1.0", "Connection: Keep-Alive"))?.keepAlive == true)
        #expect(head(request("GET / HTTP/1.0", "Connection: keep-alive, close"))?.keepAlive == false)
        #expect(head(request("GET / HTTP/1.0", "Host: a"))?.version == .http1_0)
    }

    @Test func expectContinue() {
        #expect(head(request("PUT /a HTTP/1.1", "Host: a", "Content-Length: 3", "Expect: 100-continue"))?.expectsContinue == true)
        #expect(head(request("PUT /a HTTP/1.1", "Host: a", "Content-Length: 3", "Expect:  100-Continue "))?.expectsContinue == true)
        // RFC 9110 §10.1.1: ignored in HTTP/1.0.
        #expect(head(request("PUT /a HTTP/1.0", "Content-Length: 3", "Expect: 100-continue"))?.expectsContinue == false)
    }

    @Test func parsedHeadersAreSafeToWriteBack() throws {
        let parsed = try #require(head(request("GET / HTTP/1.1", "Host: a", "X-A:\t b c \t")))
        for field in parsed.headers {
            #expect(HTTPHeaders.isValidName(field.name))
            #expect(HTTPHeaders.isValidValue(field.value))
        }
    }
}
