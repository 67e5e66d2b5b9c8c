import Testing
@testable import HTTP

@Suite struct ResponseEncoderTests {
    func encode(_ response: Response, close: Bool = false, head: Bool = false) -> String {
        var out: [UInt8] = []
        ResponseEncoder.encode(response, into: &out, date: "Sun, 29 Nov 2026 19:45:10 GMT", requestID: "r-1",
                               close: close, http10KeepAlive: false, headOnly: head)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func encodesAJSONResponse() {
        let text = encode(.json(#"{"a":1}"#))
        #expect(text == "HTTP/1.1 200 OK\r\nDate: Sun, 29 Nov 2026 19:45:10 GMT\r\nContent-Type: application/json\r\n"
            + "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 7\r\nX-Request-Id: r-1\r\n\r\n{\"a\":1}")
    }

    @Test func headLeavesTheBodyOut() {
        let text = encode(.json(#"{"a":1}"#), close: true, head: true)
        #expect(text.hasSuffix("Content-Length: 7\r\nConnection: close\r\nX-Request-Id: r-1\r\n\r\n"))
    }

    @Test func unsafeHandlerHeadersAreDropped() {
        let response = Response(status: 200, headers: [
            HTTPField(name: "X-Ok", value: "1"),
            HTTPField(name: "X-Bad", value: "a\r\nSet-Cookie: x"),
            HTTPField(name: "Content-Length", value: "99"),
            HTTPField(name: "Bad Name", value: "1"),
        ])
        let text = encode(response)
        #expect(text.contains("X-Ok: 1\r\n"))
        #expect(!text.contains("Set-Cookie"))
        #expect(!text.contains("99"))
        #expect(!text.contains("Bad Name"))
    }

    @Test func decimalDigits() {
        for value in [0, 7, 10, 99, 100, 12345, 1 << 40] {
            var out: [UInt8] = []
            ResponseEncoder.appendDecimal(value, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }

    @Test func imfFixdate() {
        #expect(HTTPDateCache.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateCache.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDateCache.format(1_798_761_600) == "Fri, 01 Jan 2027 00:00:00 GMT")
    }

    @Test func problemBodyNeverEchoesAndIsValidJSON() {
        let problem = Problem(status: 422, slug: "blocked", title: "Refused", detail: "quote \" and \n newline",
                              extensions: ["rule_id": "\"c-001\""])
        let body = String(decoding: problem.jsonBody(requestID: "r-9"), as: UTF8.self)
        #expect(body == #"{"type":"urn:trustforum:problem:blocked","title":"Refused","status":422,"detail":"quote \" and \n newline","request_id":"r-9","rule_id":"c-001"}"#)
    }
}
