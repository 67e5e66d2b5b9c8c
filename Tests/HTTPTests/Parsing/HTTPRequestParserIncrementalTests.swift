import Testing
@testable import HTTP

@Suite struct HTTPRequestParserIncrementalTests {
    static let samples: [String] = [
        request("GET /v1/threads/abc?limit=10 HTTP/1.1", "Host: forum.example", "Accept: */*"),
        request("POST /v1/threads HTTP/1.1", "Host: a", "Content-Length: 13", "Expect: 100-continue"),
        "\r\n" + request("HEAD / HTTP/1.0", "Connection: keep-alive"),
        request("GET / HTTP/1.1", "Host: a", "Transfer-Encoding: chunked"),
        request("GET /a/%zz HTTP/1.1", "Host: a"),
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\r\n",
        request("GET / HTTP/1.1", "Host: a", "X: " + String(repeating: "x", count: 200)),
    ]

    @Test(arguments: samples)
    func oneByteAtATimeGivesTheSameResult(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = parse(bytes)
        #expect(whole != .incomplete)
        #expect(parsePiecewise(bytes, cuts: Array(0..<bytes.count)) == whole)
        let small = HTTPParserLimits(maxHeadBytes: 64, maxHeaderCount: 2)
        #expect(parsePiecewise(bytes, cuts: Array(0..<bytes.count), limits: small) == parse(bytes, limits: small))
    }

    @Test(arguments: samples)
    func randomSplitsGiveTheSameResult(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = parse(bytes)
        var random = SplitMix64(state: 42)
        for _ in 0..<50 {
            let cuts = (0..<Int.random(in: 1...4, using: &random))
                .map { _ in Int.random(in: 0...bytes.count, using: &random) }
                .sorted()
            #expect(parsePiecewise(bytes, cuts: cuts) == whole, "cuts \(cuts)")
        }
    }

    @Test func incompleteUntilTheEmptyLine() {
        let text = request("GET / HTTP/1.1", "Host: a")
        let bytes = Array(text.utf8)
        for cut in 0..<bytes.count {
            #expect(parse(Array(bytes[..<cut])) == .incomplete)
        }
    }

    @Test func remembersHowFarItScanned() {
        let bytes = Array("GET /abc HTTP/1.1\r\nHost: a\r".utf8)
        var parser = HTTPRequestParser()
        bytes.withUnsafeBytes { buffer in
            for cut in 0...buffer.count {
                #expect(parser.parse(UnsafeRawBufferPointer(rebasing: buffer[..<cut])) == .incomplete)
                // Each call examines only new bytes; a trailing CR waits for its LF.
                let pendingCR = cut > 0 && buffer[cut - 1] == ASCII.cr
                #expect(parser.scannedBytes == (pendingCR ? cut - 1 : cut))
            }
        }
    }

    @Test func pipelinedHeadsAreConsumedOneAtATime() throws {
        let first = request("GET /a HTTP/1.1", "Host: a")
        let second = request("POST /b HTTP/1.1", "Host: a", "Content-Length: 0")
        let bytes = Array((first + second).utf8)
        var parser = HTTPRequestParser()
        let one = bytes.withUnsafeBytes { parser.parse($0) }
        guard case .head(let a, let consumed) = one else {
            Issue.record("expected the first head")
            return
        }
        #expect(a.path == "/a")
        #expect(consumed == first.utf8.count)
        parser.reset()
        let two = bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[consumed...])) }
        guard case .head(let b, let rest) = two else {
            Issue.record("expected the second head")
            return
        }
        #expect(b.method == .post)
        #expect(b.path == "/b")
        #expect(rest == second.utf8.count)
    }

    @Test func aShorterBufferRestartsTheScan() {
        var parser = HTTPRequestParser()
        let junk = Array("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX".utf8)
        #expect(junk.withUnsafeBytes { parser.parse($0) } == .incomplete)
        let text = Array(request("GET / HTTP/1.1", "Host: a").utf8)
        #expect(text.count < junk.count)
        parser.reset()
        #expect(text.withUnsafeBytes { parser.parse($0) } == parse(text))
        // Even without reset(), a shorter buffer cannot make it read out of bounds.
        var careless = HTTPRequestParser()
        _ = junk.withUnsafeBytes { careless.parse($0) }
        #expect(text.withUnsafeBytes { careless.parse($0) } == parse(text))
    }

    @Test func repeatsItsAnswerAfterAResult() {
        let bytes = Array(request("GET / HTTP/1.1").utf8)
        var parser = HTTPRequestParser()
        let first = bytes.withUnsafeBytes { parser.parse($0) }
        #expect(first == .failure(.missingHost))
        #expect(bytes.withUnsafeBytes { parser.parse($0) } == first)
    }
}
