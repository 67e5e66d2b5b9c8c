import Client
import Foundation
import HTTP
import Platform
import Testing

/// `APIClient` against a small HTTP server of ours that answers the way
/// the API does (and some ways it must not).
@Suite struct ClientAPITests {
    final class FakeServer {
        let server: HTTPServer
        let address: ServerAddress

        init() throws {
            let routes: [Route] = [
                Route(.get, "/v1/headers", operation: "headers") { request in
                    let h = request.head.headers
                    let json: [String: String] = ["protocol": h["TrustForum-Protocol"] ?? "", "accept": h["Accept"] ?? "",
                                                  "authorization": h["Authorization"] ?? "", "query": request.query("q") ?? ""]
                    return .json(Array(try JSONEncoder().encode(json)))
                },
                Route(.post, "/v1/echo", operation: "echo") { request in
                    let json = ["content_type": request.head.headers["Content-Type"] ?? "", "body": String(decoding: request.body, as: UTF8.self)]
                    return .json(Array(try JSONEncoder().encode(json)), status: 201)
                },
                Route(.get, "/v1/old", operation: "old") { _ in
                    .problem(Problem(status: 426, slug: "client-too-old", title: "Update.", extensions: ["min_client_protocol": "2"]), requestID: "t")
                },
                Route(.get, "/v1/missing", operation: "missing") { _ in
                    .problem(Problem(status: 404, slug: "not-found", title: "There is no such member.", detail: "id 42"), requestID: "t")
                },
                Route(.get, "/v1/ended", operation: "ended") { _ in
                    .problem(Problem(status: 401, slug: "invalid-session", title: "The session is unknown, expired or ended; sign in again."), requestID: "t")
                },
                Route(.get, "/v1/redirect", operation: "redirect") { _ in
                    Response(status: 302, headers: [HTTPField(name: "Location", value: "http://127.0.0.1:9/steal")])
                },
                Route(.get, "/v1/plain", operation: "plain") { _ in
                    Response(status: 500, contentType: "text/plain", body: Array("boom".utf8))
                },
                Route(.get, "/v1/shape", operation: "shape") { _ in .json("{\"unexpected\":true}") },
            ]
            server = HTTPServer(configuration: ServerConfiguration(listen: SocketAddress(parsing: "127.0.0.1:0")!, eventLoops: 1, workers: 2),
                                router: try Router(routes), logger: .silent)
            let port = try server.start()
            address = try ServerAddress("http://127.0.0.1:\(port)")
        }

        deinit { server.shutdown() }
    }

    struct Headers: Decodable {
        let `protocol`: String
        let accept: String
        let authorization: String
        let query: String
    }

    struct Echo: Decodable {
        let content_type: String
        let body: String
    }

    @Test func everyRequestCarriesTheProtocolVersionAndJSON() throws {
        let fake = try FakeServer()
        let headers: Headers = try APIClient(server: fake.address, token: "tf1.secret").get("/v1/headers", query: [("q", "a b&c")])
        #expect(headers.protocol == "1")
        #expect(headers.accept == "application/json")
        #expect(headers.authorization == "Bearer tf1.secret")
        #expect(headers.query == "a b&c")
        #expect(try APIClient(server: fake.address).get("/v1/headers", as: Headers.self).authorization == "")
        let echo: Echo = try APIClient(server: fake.address).post("/v1/echo", body: Wire.Reason("hello"))
        #expect(echo.content_type == "application/json")
        #expect(echo.body == #"{"reason":"hello"}"#)
    }

    @Test func failuresAreTypedAndClear() throws {
        let fake = try FakeServer()
        let api = APIClient(server: fake.address, token: "tf1.secret")
        #expect(throws: APIError.problem(status: 404, type: "urn:trustforum:problem:not-found", title: "There is no such member.", detail: "id 42")) {
            try api.send("GET", "/v1/missing")
        }
        #expect(APIError.problem(status: 404, type: "urn:trustforum:problem:not-found", title: "There is no such member.", detail: "id 42")
            .description == "There is no such member. (HTTP 404: id 42)")
        #expect(throws: APIError.clientTooOld(server: fake.address.origin, minimum: 2)) { try api.send("GET", "/v1/old") }
        #expect(APIError.clientTooOld(server: "https://f.example", minimum: 2).description
            == "this client (protocol 1) is too old for the server at https://f.example (it needs protocol 2); update trustforum")
        do {
            _ = try api.send("GET", "/v1/ended")
            Issue.record("no error")
        } catch {
            #expect(error == .sessionEnded(title: "The session is unknown, expired or ended; sign in again."))
            #expect(!error.description.contains("tf1.secret"))
            #expect(error.description.hasSuffix("Run 'trustforum login' first."))
        }
        // Without a token, a 401 is the server's problem as it is (a failed login, say).
        #expect(throws: APIError.problem(status: 401, type: "urn:trustforum:problem:invalid-session",
                                         title: "The session is unknown, expired or ended; sign in again.", detail: nil)) {
            try APIClient(server: fake.address).send("GET", "/v1/ended")
        }
        #expect(throws: APIError.unexpectedResponse(server: fake.address.origin, status: 302, reason: "a redirect, which this client does not follow")) {
            try api.send("GET", "/v1/redirect")
        }
        #expect(throws: APIError.unexpectedResponse(server: fake.address.origin, status: 500, reason: "not a problem+json answer")) {
            try api.send("GET", "/v1/plain")
        }
        #expect(throws: APIError.unexpectedResponse(server: fake.address.origin, status: 200,
                                                    reason: "the JSON does not have the documented shape (missing protocol)")) {
            try api.get("/v1/shape", as: Headers.self)
        }
    }

    @Test func anUnreachableServerIsNamed() throws {
        let closed = try ReservedPort()
        let server = try ServerAddress("http://127.0.0.1:\(closed.port)")
        #expect(throws: APIError.unreachable(server: server.origin, reason: "connection refused")) {
            try APIClient(server: server).send("GET", "/v1/community")
        }
        #expect(APIError.unreachable(server: server.origin, reason: "connection refused").description
            == "cannot reach the TrustForum server at \(server.origin): connection refused")
    }

    @Test(arguments: [
        ("https://Forum.Example.org/", "https://forum.example.org"),
        ("https://forum.example.org:443", "https://forum.example.org"),
        ("https://forum.example.org:8443", "https://forum.example.org:8443"),
        ("HTTP://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost", "http://localhost"),
        ("http://[::1]:80/", "http://[::1]"),
    ])
    func serverOrigins(_ text: String, _ origin: String) throws {
        #expect(try ServerAddress(text).origin == origin)
    }

    @Test(arguments: ["http://forum.example.org", "ftp://forum.example.org", "https://forum.example.org/api", "https://u:p@forum.example.org",
                      "https://forum.example.org?x=1", "forum.example.org", ""])
    func serverURLsRefused(_ text: String) {
        #expect(throws: APIError.self) { try ServerAddress(text) }
    }

    @Test func fingerprintsCompareHoweverSpaced() {
        #expect(RootTrust.same("ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb", "ECFE3564F97AEB21E22E301753601A7B21599CFB"))
        #expect(!RootTrust.same("ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfb", "ecfe3564 f97aeb21 e22e3017 53601a7b 21599cfa"))
        #expect(RootTrust.normalise("ecfe3564") == nil)
        #expect(RootTrust.normalise("zzfe3564 f97aeb21 e22e3017 53601a7b 21599cfb") == nil)
    }
}
