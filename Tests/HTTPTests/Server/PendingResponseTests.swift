import Foundation
import Testing
import Platform
import Synchronization
@testable import HTTP

/// Responses completed later by another thread (`Response.later`): the
/// worker is free at once, the connection gets the completed response in
/// order, a second completion is ignored.
@Suite struct PendingResponseTests {
    @Test func oneWorkerServesManyPendingRequestsAtOnce() throws {
        // One worker: if a pending request held it, eight 300 ms requests would take 2.4 s.
        let server = try TestServer { $0.workers = 1 }
        let clients = try (0..<8).map { _ in try RawClient(port: server.port) }
        let started = MonotonicClock.now
        for (i, client) in clients.enumerated() { client.send("GET /later?ms=300&body=n\(i) HTTP/1.1\r\nHost: a\r\n\r\n") }
        for (i, client) in clients.enumerated() {
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "{\"later\":\"n\(i)\"}")
            #expect(response.header("content-length") == String(response.text.utf8.count))
            #expect(response.header("x-request-id") != nil)
        }
        #expect(MonotonicClock.now - started < 1_500_000_000, "the pending requests were served one after another")
    }

    @Test func theConnectionGoesOnInOrderAfterAPendingResponse() throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        client.send("GET /later?ms=100&body=first HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /already HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /later?ms=10&body=last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let responses = (0..<4).compactMap { _ in client.readResponse() }
        #expect(responses.map(\.text) == [#"{"later":"first"}"#, #"{"hello":"world"}"#, #"{"already":true}"#, #"{"later":"last"}"#])
        #expect(responses.map(\.status) == [200, 200, 202, 200])
        #expect(client.waitForClose())
    }

    @Test func theFirstCompletionWins() {
        let pending = PendingResponse()
        let delivered = Mutex<[Int]>([])
        pending.complete(Response(status: 201))
        pending.complete(Response(status: 500))
        pending.whenComplete { response in delivered.withLock { $0.append(response.status) } }
        pending.whenComplete { response in delivered.withLock { $0.append(response.status) } }
        #expect(delivered.withLock { $0 } == [201])

        let waiting = PendingResponse()
        waiting.whenComplete { response in delivered.withLock { $0.append(response.status) } }
        #expect(delivered.withLock { $0 } == [201])
        waiting.complete(Response(status: 204))
        waiting.complete(Response(status: 500))
        #expect(delivered.withLock { $0 } == [201, 204])
    }
}
