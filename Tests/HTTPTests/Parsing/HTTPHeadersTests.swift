import Testing
@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesIgnoringASCIICase() {
        var headers = HTTPHeaders()
        headers.append(name: "Content-Type", value: "application/json")
        headers.append(name: "X-Tag", value: "a")
        headers.append(name: "x-tag", value: "b")
        #expect(headers.count == 3)
        #expect(headers["content-type"] == "application/json")
        #expect(headers["CONTENT-TYPE"] == "application/json")
        #expect(headers["X-TAG"] == "a")
        #expect(headers.values("x-Tag") == ["a", "b"])
        #expect(headers["Missing"] == nil)
        #expect(headers.values("Missing").isEmpty)
        #expect(headers.contains("x-TAG"))
        // Only ASCII letters fold: the Kelvin sign is not a K.
        #expect(HTTPHeaders([(name: "K", value: "1")])["\u{212A}"] == nil)
    }

    @Test func keepsOrderAndSupportsEditing() {
        var headers: HTTPHeaders = ["B": "1", "A": "2", "b": "3"]
        #expect(headers.map(\.name) == ["B", "A", "b"])
        headers.replaceOrAppend(name: "b", value: "4")
        #expect(headers.map(\.name) == ["A", "b"])
        #expect(headers["B"] == "4")
        headers.remove("a")
        #expect(headers.count == 1)
        #expect(headers == HTTPHeaders([(name: "b", value: "4")]))
        #expect(headers != HTTPHeaders([(name: "B", value: "4")]))
    }

    @Test func validatesFieldsForWriting() {
        #expect(HTTPHeaders.isValidName("X-Request-Id"))
        #expect(!HTTPHeaders.isValidName(""))
        #expect(!HTTPHeaders.isValidName("X Id"))
        #expect(!HTTPHeaders.isValidName("X:Id"))
        #expect(HTTPHeaders.isValidValue("application/problem+json; charset=utf-8"))
        #expect(HTTPHeaders.isValidValue(""))
        #expect(HTTPHeaders.isValidValue("caf\u{E9}"))
        #expect(!HTTPHeaders.isValidValue("a\r\nSet-Cookie: x"))
        #expect(!HTTPHeaders.isValidValue("a\nb"))
        #expect(!HTTPHeaders.isValidValue("a\u{0}"))
        #expect(!HTTPHeaders.isValidValue(" padded"))
    }
}
