import Foundation
import Platform
@testable import HTTP

/// A real server on 127.0.0.1 and an ephemeral port, with routes for tests.
final class TestServer {
    let server: HTTPServer
    let port: UInt16

    static func routes() -> [Route] {
        [
            Route(.get, "/hello", operation: "hello", execution: .eventLoop) { _ in .json(#"{"hello":"world"}"#) },
            Route(.post, "/echo", operation: "echo") { request in
                Response(status: 200, contentType: "application/octet-stream", body: request.body)
            },
            Route(.get, "/items/{id}", operation: "item") { request in
                .json("{\"id\":" + JSONText.quote(request.parameters["id"] ?? "") + "}")
            },
            Route(.delete, "/items/{id}", operation: "deleteItem") { _ in Response(status: 204) },
            Route(.get, "/slow", operation: "slow") { request in
                let ms = Int(request.query("ms") ?? "300") ?? 300
                usleep(UInt32(ms * 1000))
                return .json(#"{"slow":true}"#)
            },
            Route(.post, "/small", operation: "small", bodyLimit: 10) { request in
                .json("{\"bytes\":\(request.body.count)}")
            },
            Route(.get, "/fail", operation: "fail") { _ in
                struct Secret: Error {}
                throw Secret()
            },
            // Completed later by another thread: the worker is free at once.
            Route(.get, "/later", operation: "later") { request in
                let ms = Int(request.query("ms") ?? "200") ?? 200
                let pending = PendingResponse()
                let body = request.query("body") ?? "later"
                Thread.detachNewThread {
                    usleep(UInt32(ms * 1000))
                    pending.complete(.json("{\"later\":" + JSONText.quote(body) + "}"))
                    pending.complete(.json(#"{"twice":true}"#))
                }
                return .later(pending)
            },
            // Completed before the handler returns.
            Route(.get, "/already", operation: "already") { _ in
                let pending = PendingResponse()
                pending.complete(Response(status: 202, contentType: "application/json", body: Array(#"{"already":true}"#.utf8)))
                return .later(pending)
            },
            Route(.get, "/client", operation: "client") { request in
                .json("{\"client\":" + JSONText.quote(request.context.clientAddress) + "}")
            },
        ]
    }

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration(listen: SocketAddress(parsing: "127.0.0.1:0")!, eventLoops: 2, workers: 4)
        configure(&configuration)
        server = HTTPServer(configuration: configuration, router: try Router(TestServer.routes()), logger: .silent)
        port = try server.start()
    }

    deinit { server.shutdown() }
}
