import Foundation
import Testing
import Platform
@testable import HTTP

@Suite struct HTTPServerTests {
    @Test func keepAliveReusesTheConnection() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == #"{"hello":"world"}"#)
            #expect(response.header("connection") == nil)
            #expect(response.header("content-type") == "application/json")
            #expect(response.header("x-request-id") != nil)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nfirst"
            + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /items/42 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nConnection: close\r\n\r\nlast")
        let texts = (0..<5).compactMap { _ in client.readResponse()?.text }
        #expect(texts == [#"{"slow":true}"#, "first", #"{"hello":"world"}"#, #"{"id":"42"}"#, "last"])
        #expect(client.waitForClose())
    }

    @Test func requestIdsAreDistinct() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        var ids = Set<String>()
        for _ in 0..<20 {
            client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            ids.insert(try #require(client.readResponse()?.header("x-request-id")))
        }
        #expect(ids.count == 20)
    }

    @Test func unknownPathIs404ProblemAndKeepsTheConnection() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /nope/<script> HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 404)
        #expect(response.header("content-type") == "application/problem+json")
        #expect(response.problemType == "urn:trustforum:problem:not-found")
        #expect(!response.text.contains("script"))
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("PUT /items/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 405)
        #expect(response.header("allow") == "DELETE, GET, HEAD")
        #expect(response.problemType == "urn:trustforum:problem:method-not-allowed")
    }

    @Test func headHasTheLengthButNoBody() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse(headRequest: true))
        #expect(response.status == 200)
        #expect(response.header("content-length") == "17")
        #expect(response.body.isEmpty)
        // The next response starts right after the head: no stray body bytes.
        client.send("GET /items/7 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.text == #"{"id":"7"}"#)
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.header("connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func http10ClosesUnlessKeepAlive() throws {
        let server = try TestServer()
        let plain = try RawClient(port: server.port)
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(plain.readResponse()?.header("connection") == "close")
        #expect(plain.waitForClose())

        let kept = try RawClient(port: server.port)
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.header("connection") == "keep-alive")
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.status == 200)
    }

    @Test func bodyOverTheRouteLimitIs413BeforeTheBodyIsSent() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 413)
        #expect(response.problemType == "urn:trustforum:problem:body-too-large")
        #expect(response.header("connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func bodyWithinTheLimitArrivesInPieces() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhello")
        usleep(50_000)
        client.send("world")
        #expect(client.readResponse()?.text == "helloworld")
    }

    @Test func largeBodyOnTheDefaultLimit() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        let body = [UInt8](repeating: 0x61, count: 1 << 20)
        client.send(Array("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        let response = try #require(client.readResponse())
        #expect(response.body == body)
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: \((1 << 20) + 1)\r\n\r\n")
        #expect(client.readResponse()?.status == 413)
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        client.send("abc")
        #expect(client.readResponse()?.text == "abc")
    }

    @Test func oversizeHeadIs431AndCloses() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 431)
        #expect(response.header("connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func malformedRequestIs400AndCloses() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET  /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("content-type") == "application/problem+json")
        #expect(client.waitForClose())
    }

    @Test func handlerErrorsAreBare500s() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /fail HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 500)
        #expect(response.problemType == "urn:trustforum:problem:internal-error")
        #expect(!response.text.contains("Secret"))
    }

    @Test func slowHeaderClientIsCutOffWhileOthersAreServed() throws {
        let server = try TestServer { $0.headerTimeout = 600_000_000 }
        let slow = try RawClient(port: server.port)
        let started = Date()
        slow.send("GET /hello HTTP/1.1\r\n")
        let normal = try RawClient(port: server.port)
        var served = 0
        for i in 0..<8 {
            slow.send("X-\(i): a\r\n")
            normal.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
            if normal.readResponse()?.status == 200 { served += 1 }
            usleep(100_000)
        }
        #expect(served == 8)
        let response = try #require(slow.readResponse())
        #expect(response.status == 408)
        #expect(slow.waitForClose())
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 8)  // the 0.6 s header timeout, not the 10 s default
    }

    @Test func silentConnectionIsClosedAfterTheHeaderTimeout() throws {
        let server = try TestServer { $0.headerTimeout = 300_000_000 }
        let client = try RawClient(port: server.port)
        #expect(client.waitForClose())
        // The client may see the close a moment before the loop's counter drops.
        let deadline = Date().addingTimeInterval(5)
        while server.server.openConnections != 0 && Date() < deadline { usleep(10_000) }
        #expect(server.server.openConnections == 0)
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer { $0.idleTimeout = 300_000_000 }
        let client = try RawClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        let started = Date()
        #expect(client.waitForClose())
        #expect(Date().timeIntervalSince(started) < 8)  // the 0.3 s idle timeout, not the 60 s default
    }

    @Test func stalledBodyGets408() throws {
        let server = try TestServer { $0.bodyTimeout = 300_000_000 }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        #expect(client.readResponse()?.status == 408)
    }

    @Test func connectionsOverTheLimitGet503() throws {
        let server = try TestServer { $0.maxConnections = 2; $0.eventLoops = 1 }
        let a = try RawClient(port: server.port)
        let b = try RawClient(port: server.port)
        a.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        b.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(a.readResponse()?.status == 200)
        #expect(b.readResponse()?.status == 200)
        let c = try RawClient(port: server.port)
        let refused = try #require(c.readResponse())
        #expect(refused.status == 503)
        #expect(refused.problemType == "urn:trustforum:problem:too-many-connections")
        #expect(refused.header("retry-after") == "1")
    }

    @Test func fullWorkerQueueGets503() throws {
        let server = try TestServer { $0.workers = 1; $0.workerQueueCapacity = 1 }
        let clients = try (0..<4).map { _ in try RawClient(port: server.port) }
        for client in clients { client.send("GET /slow?ms=400 HTTP/1.1\r\nHost: a\r\n\r\n") }
        let statuses = clients.compactMap { $0.readResponse()?.status }.sorted()
        #expect(statuses.count == 4)
        #expect(statuses.filter { $0 == 200 }.count >= 1)
        #expect(statuses.contains(503))
    }

    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /slow?ms=500 HTTP/1.1\r\nHost: a\r\n\r\n")
        usleep(100_000)
        let idle = try RawClient(port: server.port)
        idle.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        let done = Promise<Bool>()
        let srv = server.server
        _ = OSThread(name: "shutdown") {
            srv.shutdown()
            done.fulfil(true)
        }
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == #"{"slow":true}"#)
        #expect(response.header("connection") == "close")
        #expect(idle.waitForClose())
        #expect(done.wait(until: MonotonicClock.now + 5_000_000_000) == true)
        #expect(throws: (any Error).self) { _ = try RawClient(port: server.port) }
    }

    @Test func forwardedForIsTrustedOnlyFromProxies() throws {
        let untrusted = try TestServer()
        let a = try RawClient(port: untrusted.port)
        a.send("GET /client HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n")
        #expect(a.readResponse()?.text == #"{"client":"127.0.0.1"}"#)

        let trusted = try TestServer { $0.trustedProxies = TrustedProxies([.init("127.0.0.0/8")!]) }
        let b = try RawClient(port: trusted.port)
        b.send("GET /client HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n\r\n")
        #expect(b.readResponse()?.text == #"{"client":"203.0.113.9"}"#)
    }
}
