import Testing
@testable import HTTP

@Suite struct HTTPParseErrorTests {
    @Test func everyErrorHasAKnownStatusAUniqueSlugAndATitle() {
        let allowed: Set = [400, 411, 414, 417, 431, 501, 505]
        var slugs = Set<String>()
        for error in HTTPParseError.allCases {
            #expect(allowed.contains(error.status), "\(error)")
            #expect(!error.title.isEmpty)
            #expect(error.slug.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (0x61...0x7A).contains($0) }, "\(error.slug)")
            #expect(slugs.insert(error.slug).inserted, "duplicate slug \(error.slug)")
        }
        #expect(HTTPParseError.headerTooLarge.slug == "header-too-large")
        #expect(HTTPParseError.methodNotImplemented.slug == "method-not-implemented")
        #expect(HTTPParseError.chunkedNotSupported.slug == "chunked-not-supported")
    }

    /// Inputs that fail in every way, each carrying a marker in the bytes that fail.
    static let markedInputs: [(String, HTTPParseError)] = [
        ("GET /MARKER  HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
        ("MARKER / HTTP/1.1\r\nHost: a\r\n\r\n", .methodNotImplemented),
        ("GET /MARKER HTTP/7.7\r\nHost: a\r\n\r\n", .versionNotSupported),
        ("GET /MARKER/%zz HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        ("GET /MARKER HTTP/1.1\nHost: a\r\n\r\n", .invalidLineEnding),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n MARKER\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: a\r\nMARKER(: a\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: a\r\nMARKER : a\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost: a\r\nX: MARKER\u{7F}\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nX: MARKER\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: MARKER\r\nHost: MARKER\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.1\r\nHost: MARKER@x\r\n\r\n", .invalidHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: MARKER\r\n\r\n", .invalidContentLength),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: MARKER\r\n\r\n", .duplicateContentLength),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: MARKER\r\n\r\n", .contentLengthWithTransferEncoding),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: MARKER, chunked\r\n\r\n", .chunkedNotSupported),
        ("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: MARKER\r\n\r\n", .invalidTransferEncoding),
        ("GET / HTTP/1.1\r\nHost: a\r\nExpect: MARKER\r\n\r\n", .expectationFailed),
    ]

    @Test func errorsNeverEchoTheInput() {
        for (text, expected) in Self.markedInputs {
            let error = failure(text)
            #expect(error == expected, "\(expected)")
            guard let error else { continue }
            for rendered in [error.title, error.slug, "\(error)", String(describing: error)] {
                #expect(!rendered.contains("MARKER"), "\(expected)")
                #expect(!rendered.lowercased().contains("marker"), "\(expected)")
            }
        }
        let large = failure("GET /MARKER" + String(repeating: "x", count: 100), limits: .init(maxHeadBytes: 50))
        #expect(large == .requestLineTooLong)
        #expect(large?.title.contains("MARKER") == false)
        let many = failure(request("GET / HTTP/1.1", "Host: a", "MARKER: 1"), limits: .init(maxHeaderCount: 1))
        #expect(many == .tooManyHeaders)
        #expect(many?.title.contains("MARKER") == false)
        let big = failure("GET / HTTP/1.1\r\nMARKER: " + String(repeating: "x", count: 100), limits: .init(maxHeadBytes: 50))
        #expect(big == .headerTooLarge)
    }
}
