import Crypto
import Foundation
import HTTP
import Platform
import Store
@testable import API

/// A service on a fresh store in a temporary directory.
final class TestService {
    let directory: String
    let database: Database
    let service: Service

    init(testRoutes: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/trustforum.sqlite3"
        let conn = try Database.openForMaintenance(path: path)
        try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
        try Community.create(conn, id: "0f6c1c6e-8f3a-4b61-9a52-6f0e1b2c3d4e", createdAt: 1)
        conn.close()
        database = try Database.open(path: path, readers: 2)
        service = try Service(database: database, auditKey: SecureBytes.random(count: 32), communityID: "0f6c1c6e-8f3a-4b61-9a52-6f0e1b2c3d4e",
                              configuration: .init(publicOrigin: "https://forum.example.org", version: "test", testRoutes: testRoutes, eventLoops: 1))
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the route for `method path` in-process, as the server would.
    func call(_ method: HTTPMethod, _ target: String, body: [UInt8] = [], contentType: String? = nil) throws -> Response {
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        let segments = path.split(separator: "/").map(String.init)
        guard case .found(let index, let parameters) = service.router.match(method, segments) else {
            return .problem(.notFound(), requestID: "t")
        }
        var headers = HTTPHeaders()
        headers.append(name: "Host", value: "localhost")
        if let contentType { headers.append(name: "Content-Type", value: contentType) }
        let head = HTTPRequestHead(method: method, target: target, path: path, query: parts.count > 1 ? String(parts[1]) : nil,
                                   pathSegments: segments, version: HTTPVersion(major: 1, minor: 1), headers: headers,
                                   contentLength: body.count, keepAlive: true, expectsContinue: false)
        let context = RequestContext(requestID: "t", clientAddress: "127.0.0.1", peerAddress: "127.0.0.1",
                                     route: service.router.routes[index].pattern, receivedAt: 0)
        let request = Request(head: head, body: body, parameters: parameters, context: context)
        do {
            return try service.router.routes[index].handler(request)
        } catch let problem as Problem {
            return .problem(problem, requestID: "t")
        }
    }
}

extension Response {
    var json: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    }
    var text: String { String(decoding: body, as: UTF8.self) }
}
