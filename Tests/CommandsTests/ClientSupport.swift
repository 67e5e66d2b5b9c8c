#if canImport(Glibc)
import Glibc
#endif
import API
import Client
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store
@testable import Commands

/// The passphrase every test keystore uses (through TRUSTFORUM_PASSPHRASE).
let testPassphrase = "correct horse battery staple"

/// A loopback port held by a bound, non-listening socket with
/// SO_REUSEPORT: the kernel hands it to nobody else, and the server's own
/// SO_REUSEPORT listeners may still bind it. The server's public origin
/// needs the port before the server starts.
final class ReservedPort {
    let port: UInt16
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SystemError.current("bind") }
        port = Socket.localPort(fd)
    }

    deinit { close(fd) }
}

/// Someone with a profile directory of their own, driving `trustforum`
/// through `CLI.run` with `--profile` and the test passphrase.
struct Person {
    let profile: String

    /// Runs `trustforum <arguments> --profile DIR` (the profile option goes
    /// last, so that it lands on the leaf command).
    func run(_ arguments: [String], passphrase: String = testPassphrase) -> CLI.Result {
        CLI.run(arguments + ["--profile", profile], environment: ["TRUSTFORUM_PASSPHRASE": passphrase])
    }

    /// The profile as saved.
    var saved: Profile { get throws { try Profile.load(profile) } }
}

/// A real TrustForum server on 127.0.0.1, in-process, set up the way an
/// operator does it: `keys init-root` on the admin's profile, `init` on a
/// data directory, then the service that `serve` builds.
final class LiveServer {
    let directory = TemporaryDirectory()
    let admin: Person
    let rootFile: String
    let rootFingerprint: String
    let url: String
    let database: Database
    /// The data directory (`init --data`).
    let data: String
    private var server: HTTPServer
    private var service: Service
    private let reservation: ReservedPort
    private let auditKey: SecureBytes
    private let communityID: String
    private let moderation: ModerationBundle

    /// `moderation`: the policy the service starts with (default: the rules compiled in).
    init(moderation: ModerationBundle = .embedded) throws {
        self.moderation = moderation
        admin = Person(profile: directory.file("admin"))
        rootFile = directory.file("root.json")
        let made = admin.run(["keys", "init-root", "--out", rootFile, "--kdf", "interactive"])
        guard made.code == 0 else { throw Failure("init-root: \(made.err)") }
        let root = try RootCertificateFile.parse(try Files.read(rootFile))
        rootFingerprint = root.certificate.certificate.fingerprint
        data = directory.file("data")
        let initialised = CLI.run(["init", "--data", data, "--root-cert", rootFile])
        guard initialised.code == 0 else { throw Failure("init: \(initialised.err)") }
        reservation = try ReservedPort()
        url = "http://127.0.0.1:\(reservation.port)"
        auditKey = try KeyFile.read(data + "/keys/audit.key", kind: .auditMAC)
        communityID = root.communityID
        database = try Database.open(path: data + "/trustforum.sqlite3", readers: 2)
        (server, service) = try LiveServer.serve(database: database, auditKey: auditKey, communityID: communityID, url: url, port: reservation.port,
                                                 moderation: moderation)
    }

    /// The service `serve` builds, listening on `port`.
    private static func serve(database: Database, auditKey: SecureBytes, communityID: String, url: String, port: UInt16,
                              moderation: ModerationBundle) throws -> (HTTPServer, Service) {
        let service = try Service(database: database, auditKey: auditKey, communityID: communityID,
                                  configuration: .init(publicOrigin: url, version: "test", eventLoops: 1), moderation: moderation)
        let server = HTTPServer(configuration: ServerConfiguration(listen: SocketAddress(host: "127.0.0.1", port: port, family: .ipv4),
                                                                   eventLoops: 1, workers: 4),
                                router: service.router, observer: service.metrics, logger: .silent)
        service.attach(server)
        try server.start()
        return (server, service)
    }

    /// Stops the service and starts a new one on the same store and port,
    /// which replays everything from the database (as after a restart of
    /// `serve`): what a test wrote into the store behind the service's back
    /// is then what it serves.
    func restart() throws {
        server.shutdown()
        (server, service) = try LiveServer.serve(database: database, auditKey: auditKey, communityID: communityID, url: url, port: reservation.port,
                                                 moderation: moderation)
    }

    /// Runs `sql` on the store directly, as someone with the server's
    /// files could (the append-only triggers of the keyring log are dropped first).
    func tamper(_ sql: String, _ values: [DatabaseValue] = []) throws {
        try database.write { conn in
            try conn.execute("DROP TRIGGER IF EXISTS keyring_log_no_update; DROP TRIGGER IF EXISTS keyring_log_no_delete;")
            try conn.run(sql, values)
        }
        service.storeChangedOutOfBand()
    }

    deinit {
        server.shutdown()
        try? database.close()
    }

    /// A member's role as the server's register has it.
    func role(of memberID: String) throws -> String? {
        try database.read { conn in try MemberStore.member(conn, id: memberID)?.role }
    }

    /// A member's status as the server's register has it.
    func status(of memberID: String) throws -> String? {
        try database.read { conn in try MemberStore.member(conn, id: memberID)?.status.rawValue }
    }

    /// A new person with an empty profile in this server's directory.
    func person(_ name: String) -> Person {
        Person(profile: directory.file(name))
    }

    /// `keys init` and `apply` for `person` (a new organisation unless `kvk` is an existing one's).
    func apply(_ person: Person, kvk: String = LiveServer.freshKvK(), trust: [String]? = nil, extra: [String] = []) throws -> String {
        let keys = person.run(["keys", "init", "--kdf", "interactive"])
        guard keys.code == 0 else { throw Failure("keys init: \(keys.err)") }
        let applied = person.run(["apply", "--server", url, "--org-name", "Test BV", "--kvk", kvk, "--sector", "energy",
                                  "--region", "utrecht", "--size", "10-49", "--name", "Test Person",
                                  "--email", "someone-\(UUID().uuidString.prefix(8))@Example.ORG"]
                                 + (trust ?? ["--root-fingerprint", rootFingerprint]) + extra)
        guard applied.code == 0 else { throw Failure("apply: \(applied.code) \(applied.err)") }
        guard let line = applied.out.split(separator: "\n").first(where: { $0.contains("application id") }),
              let id = line.split(separator: " ").last else { throw Failure("apply printed no application id: \(applied.out)") }
        return String(id)
    }

    /// Logs `person` in, or throws.
    func login(_ person: Person) throws {
        let result = person.run(["login"] + (try person.saved.serverURL == nil ? ["--server", url] : []))
        guard result.code == 0 else { throw Failure("login: \(result.code) \(result.err)") }
    }

    /// A moderator approved by the admin (who is logged in first).
    func moderator() throws -> (Person, String) {
        try login(admin)
        let moderator = person("moderator")
        let id = try apply(moderator)
        let approved = admin.run(["applications", "approve", id, "--role", "moderator"])
        guard approved.code == 0 else { throw Failure("approve: \(approved.err)") }
        try login(moderator)
        return (moderator, id)
    }

    nonisolated(unsafe) static var nextKvK = 20_000_000
    static let kvkLock = NSLock()

    static func freshKvK() -> String {
        kvkLock.withLock {
            nextKvK += 1
            return String(nextKvK)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension CLI.Result {
    /// The value of a `label  value` line of the output.
    func field(_ label: String) -> String? {
        for line in out.split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix(label + " ") else { continue }
            return String(trimmed.dropFirst(label.count).drop(while: { $0 == " " }))
        }
        return nil
    }

    /// The output parsed as a JSON object.
    var json: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    }
}
