import Testing
@testable import HTTP

@Suite struct RequestTargetTests {
    private func segments(_ target: String) -> [String]? {
        head(request("GET \(target) HTTP/1.1", "Host: a"))?.pathSegments
    }

    private func targetError(_ target: String) -> HTTPParseError? {
        failure(request("GET \(target) HTTP/1.1", "Host: a"))
    }

    @Test func splitsAndDecodesSegments() {
        #expect(segments("/") == [])
        #expect(segments("/v1") == ["v1"])
        #expect(segments("/v1/threads/abc") == ["v1", "threads", "abc"])
        #expect(segments("/a%20b/c%2Bd") == ["a b", "c+d"])
        #expect(segments("/%C3%A9t%C3%A9") == ["\u{E9}t\u{E9}"])
        #expect(segments("/%c3%a9") == ["\u{E9}"])
        #expect(segments("/a.b/.c/..d/...") == ["a.b", ".c", "..d", "..."])
        #expect(segments("/%25") == ["%"])
        #expect(segments("/a;b=c/:@!$&'()*+,=") == ["a;b=c", ":@!$&'()*+,="])
        #expect(segments("/a?b/c/../d") == ["a"])  // the query is not part of the path
    }

    @Test func pathAndQueryStayRaw() throws {
        let parsed = try #require(head(request("GET /a%20b?x=%zz&y=/../ HTTP/1.1", "Host: a")))
        #expect(parsed.path == "/a%20b")
        #expect(parsed.query == "x=%zz&y=/../")
        #expect(parsed.pathSegments == ["a b"])
        #expect(parsed.query.map { $0.contains("?") } == false)
        #expect(head(request("GET /a?b?c HTTP/1.1", "Host: a"))?.query == "b?c")
    }

    @Test(arguments: ["/%zz", "/%4", "/a%", "/a%g0", "/%%41", "/%0g"])
    func invalidEscapesAre400(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["/a%00b", "/a%2Fb", "/a%2fb", "/%0A", "/%0D%0A", "/%7F", "/%1B"])
    func decodedSlashNulAndControlsAre400(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["/%FF", "/%C3", "/%C3%28", "/%ED%A0%80", "/%C0%AF", "/%F5%80%80%80"])
    func decodedBytesMustBeUTF8(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["/.", "/..", "/a/./b", "/a/../b", "/a/..", "/%2e", "/%2E%2e", "/a/.%2E/b", "/v1/threads/%2e%2e"])
    func dotSegmentsAre400(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["//", "//a", "/a//b", "/a/", "/v1/threads/", "http://a//b"])
    func emptySegmentsAre400(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["/a#b", "/#", "/a?b#c", "http://a/#x"])
    func fragmentsAre400(_ target: String) {
        #expect(targetError(target) == .invalidTarget)
    }

    @Test(arguments: ["*", "forum.example:443", "forum.example", "a/b", "?x", "ftp://a/b", "http:/a", "http:a/b",
                      "http://", "http://user@a/b", "http://a b/", "http://a:x/", "//a/b/c"])
    func otherFormsAre400(_ target: String) {
        #expect(targetError(target)?.status == 400)
    }

    @Test func otherFormsAreInvalidTargets() {
        #expect(failure(request("OPTIONS * HTTP/1.1", "Host: a")) == .invalidTarget)
        #expect(failure(request("GET forum.example:443 HTTP/1.1", "Host: a")) == .invalidTarget)
        #expect(failure(request("GET http://user@a/b HTTP/1.1", "Host: a")) == .invalidTarget)
    }
}
