import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store
@testable import API

/// A service on a fresh store in a temporary directory, with a root admin.
final class TestService {
    let directory: String
    let database: Database
    let service: Service
    let rootKey: SigningSecretKey
    let rootBox: BoxSecretKey
    let root: RootCertificateFile
    let clock: ManualClock

    var communityID: String { root.communityID }
    var rootID: String { root.certificate.certificate.memberID }

    init(testRoutes: Bool = false, logger: Logger = .silent) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rootKey = SigningSecretKey()
        let rootBox = BoxSecretKey()
        let root = RootCertificateFile.make(communityID: Identifier.uuid(fromRandom: Random.bytes(16)), memberID: Identifier.uuid(fromRandom: Random.bytes(16)),
                                            orgID: Identifier.uuid(fromRandom: Random.bytes(16)), key: rootKey, boxKey: rootBox.publicKey,
                                            issuedAt: WallClock.seconds - 3600, validity: 10 * 366 * 86_400)
        self.rootKey = rootKey
        self.rootBox = rootBox
        self.root = root
        let path = directory + "/trustforum.sqlite3"
        let auditKey = SecureBytes.random(count: 32)
        let conn = try Database.openForMaintenance(path: path)
        try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
        try conn.transaction { try RootImport.apply(root, to: conn, auditKey: auditKey) }
        conn.close()
        database = try Database.open(path: path, readers: 2)
        clock = ManualClock()
        service = try Service(database: database, auditKey: auditKey, communityID: root.communityID,
                              configuration: .init(publicOrigin: "https://forum.example.org", version: "test", testRoutes: testRoutes, eventLoops: 1),
                              clock: clock, logger: logger)
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the route for `method target` in-process, as the server would
    /// (through the authorization step), with an optional bearer token.
    func call(_ method: HTTPMethod, _ target: String, body: [UInt8] = [], contentType: String? = nil, token: String? = nil,
              headers extra: [(String, String)] = [], clientAddress: String = "127.0.0.1") throws -> Response {
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        let segments = path.split(separator: "/").map(String.init)
        switch service.router.match(method, segments) {
        case .notFound:
            return .problem(.notFound(), requestID: "t")
        case .methodNotAllowed(let allow):
            return .problem(.methodNotAllowed(allow: allow), requestID: "t")
        case .found(let index, let parameters):
            var headers = HTTPHeaders()
            headers.append(name: "Host", value: "localhost")
            if let contentType { headers.append(name: "Content-Type", value: contentType) }
            if let token { headers.append(name: "Authorization", value: "Bearer " + token) }
            for (name, value) in extra { headers.append(name: name, value: value) }
            let head = HTTPRequestHead(method: method, target: target, path: path, query: parts.count > 1 ? String(parts[1]) : nil,
                                       pathSegments: segments, version: HTTPVersion(major: 1, minor: 1), headers: headers,
                                       contentLength: body.count, keepAlive: true, expectsContinue: false)
            let context = RequestContext(requestID: "t", clientAddress: clientAddress, peerAddress: clientAddress,
                                         route: service.router.routes[index].pattern, receivedAt: 0)
            let request = Request(head: head, body: body, parameters: parameters, context: context)
            do {
                // As the event loop does: a route's answer from memory first, then its handler.
                let route = service.router.routes[index]
                if let fast = route.fast, let response = try fast(request) { return response.resolved() }
                return try route.handler(request).resolved()
            } catch let problem as Problem {
                return .problem(problem, requestID: "t")
            }
        }
    }

    /// Sends a JSON body.
    func call<T: Encodable>(_ method: HTTPMethod, _ target: String, json: T, token: String? = nil, clientAddress: String = "127.0.0.1") throws -> Response {
        try call(method, target, body: Array(try JSONEncoder().encode(json)), contentType: "application/json", token: token, clientAddress: clientAddress)
    }

    /// The community state as the server holds it.
    var state: CommunityState { service.context.registry.snapshot }
}

/// A clock tests move by hand (rate limits).
final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var value: UInt64 = 1_000_000_000_000

    var now: UInt64 { lock.withLock { value } }

    func advance(seconds: Double) {
        lock.withLock { value += UInt64(seconds * 1e9) }
    }
}

extension Response {
    var json: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
    }
    var text: String { String(decoding: body, as: UTF8.self) }
    var problemType: String? { json?["type"] as? String }
}
