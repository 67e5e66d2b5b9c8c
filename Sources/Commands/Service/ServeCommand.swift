import API
import Foundation
import Args
import Core
import Crypto
import HTTP
import Platform
import Store

/// `trustforum serve`: the HTTP service.
enum ServeCommand {
    static let command = Command(
        name: "serve",
        abstract: "Run the HTTP service on an initialised data directory.",
        discussion: """
            Applies pending migrations (unless --no-auto-migrate), opens the store (one writer with group commit, a pool of readers) and serves the JSON API. SIGTERM or SIGINT stops accepting connections, lets in-flight requests finish (up to --shutdown-grace), closes the store and exits 0.

            The moderation rules come from --policy-dir (every *.rules file, in name order) or, without it, from the binary; invalid rules at start are refused with 'file:line: reason' and the server does not start. SIGHUP (or 'trustforum policy reload') re-reads the directory: valid rules are swapped in whole, invalid ones are logged (policy.rejected) and the last good policy stays. Every version put in force is in the audit log (policy.loaded). While it runs the server keeps policy-status.json (its pid and the policy in force) in the data directory.

            Every setting can also come from TRUSTFORUM_<KEY> in the environment or from the configuration file (key = value lines); a flag wins over the environment, which wins over the file. 'trustforum config' prints the result.
            """,
        options: Settings.baseOptions + Settings.all.map(\.option),
        run: run)

    static func run(_ parsed: ParsedArguments, _ io: inout CommandIO) throws -> Int32 {
        let settings = try Settings(parsed, environment: io.environment)
        let options = try ServiceOptions(settings)
        let logger = Logger(minimum: options.logLevel)
        let directory = DataDirectory(options.data)
        guard directory.isInitialised else {
            throw CommandFailure("\(directory.path) holds no TrustForum store; run 'trustforum init --data \(directory.path)' first")
        }
        guard let lock = try directory.lock() else {
            throw CommandFailure("another TrustForum server or command is using \(directory.path)")
        }
        defer { withExtendedLifetime(lock) {} }

        let moderation: ModerationBundle
        do throws(PolicyDirectory.Refused) {
            moderation = try PolicyDirectory.bundle(options.policyDir)
        } catch {
            throw CommandFailure("the moderation rules in \(options.policyDir ?? "the binary") are invalid; not starting:\n\(error)")
        }
        let auditKey = try KeyFile.read(options.auditKeyPath, kind: .auditMAC)
        let communityID = try prepareStore(directory, options: options, auditKey: auditKey, logger: logger)
        let database = try Database.open(path: directory.database, readers: options.readers)
        do {
            try database.write { conn in
                try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .serverStarted,
                                    subject: communityID, detail: TrustForumVersion.current)
                try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .policyLoaded, detail: moderation.version)
            }
            let service = try Service(database: database, auditKey: auditKey, communityID: communityID,
                                      configuration: .init(publicOrigin: options.publicOrigin, version: TrustForumVersion.current,
                                                           testRoutes: options.testRoutes, eventLoops: options.server.eventLoops,
                                                           quotas: options.quotas),
                                      logger: logger, moderation: moderation)
            let server = HTTPServer(configuration: options.server, router: service.router, observer: service.metrics, logger: logger)
            service.attach(server)
            let signals = try ServiceSignals()
            let port = try server.start()
            logger.info("server.started", [
                "listen": SocketAddress(host: options.server.listen.host, port: port, family: options.server.listen.family).description,
                "origin": options.publicOrigin, "loops": String(options.server.eventLoops), "workers": String(options.server.workers),
                "version": TrustForumVersion.current, "test_routes": String(options.testRoutes),
            ])
            if options.testRoutes { logger.warning("server.test_routes_enabled") }
            var reloader = PolicyReloader(service: service, directory: directory, policyDir: options.policyDir, logger: logger)
            logger.info("policy.loaded", ["version": moderation.version, "source": options.policyDir ?? "embedded"])
            reloader.record(result: "loaded", problems: [])
            waiting: while true {
                switch signals.next() {
                case .hangup:
                    reloader.reload()
                case .terminate, .interrupt:
                    break waiting
                }
            }
            PolicyStatus.remove(directory)
            logger.info("server.stopping")
            server.shutdown()
            try database.close()
            logger.info("server.stopped")
            return ExitCode.success
        } catch {
            try? database.close()
            throw error
        }
    }

    /// Checks (and with auto-migrate, applies) migrations, checks that the
    /// audit key matches the chain's head, and returns the community id.
    static func prepareStore(_ directory: DataDirectory, options: ServiceOptions, auditKey: SecureBytes, logger: Logger) throws -> String {
        let conn = try Database.openForMaintenance(path: directory.database)
        defer { conn.close() }
        let status = try MigrationRunner.status(EmbeddedMigrations.all, in: conn)
        if let problem = status.problems.first {
            throw CommandFailure("the store's migrations do not match this binary: \(problem)")
        }
        if !status.pending.isEmpty {
            guard options.autoMigrate else {
                throw CommandFailure("\(status.pending.count) migration(s) pending; run 'trustforum migrate --data \(directory.path)' or start without --no-auto-migrate")
            }
            let applied = try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
            try conn.transaction {
                try AuditLog.append(conn, key: auditKey, actor: AuditField.system, action: .migrationsApplied,
                                    detail: applied.map(String.init).joined(separator: ","))
            }
            logger.info("store.migrated", ["versions": applied.map(String.init).joined(separator: ",")])
        }
        guard try AuditLog.headMatches(conn, key: auditKey) else {
            throw CommandFailure("the audit key \(options.auditKeyPath) does not match this store's audit log (run 'trustforum audit verify')")
        }
        guard let communityID = try Community.id(conn) else { throw CommandFailure("the store has no community; was 'init' interrupted?") }
        return communityID
    }
}

/// `trustforum config`: the effective configuration.
enum ConfigCommand {
    static let command = Command(
        name: "config",
        abstract: "Print the effective configuration and where each value comes from.",
        discussion: "Flags win over TRUSTFORUM_* environment variables, which win over the configuration file, which wins over the defaults. Secret values are never printed.",
        options: Settings.baseOptions + Settings.all.map(\.option),
        run: { parsed, io in
            let settings = try Settings(parsed, environment: io.environment)
            let options = try ServiceOptions(settings)
            var rows: [(String, String, String)] = [("data", settings.data, parsed.source("data") == .environment ? "environment" : "command line")]
            if let file = settings.configFile { rows.append(("config", file.path, "")) }
            for setting in Settings.all {
                let value: String
                let source: String
                if let raw = settings.raw(setting.key) {
                    value = setting.secret ? "<redacted>" : raw.value
                    source = raw.source.description
                } else {
                    value = setting.secret ? "<redacted>" : effectiveDefault(setting.key, options)
                    source = "default"
                }
                rows.append((setting.key, value, source))
            }
            let width = rows.map(\.0.count).max() ?? 0
            let valueWidth = min(48, rows.map(\.1.count).max() ?? 0)
            for (key, value, source) in rows {
                let paddedKey = key + String(repeating: " ", count: width - key.count)
                let paddedValue = value + String(repeating: " ", count: max(0, valueWidth - value.count))
                io.print("\(paddedKey)  \(paddedValue)  \(source.isEmpty ? "" : "(\(source))")".trimmingTrailingSpaces())
            }
            return ExitCode.success
        })

    /// The default actually in force, for settings whose shown default is a description.
    static func effectiveDefault(_ key: String, _ options: ServiceOptions) -> String {
        switch key {
        case "listen": options.server.listen.description
        case "public_url": options.publicOrigin
        case "event_loops": String(options.server.eventLoops)
        case "workers": String(options.server.workers)
        case "worker_queue": String(options.server.workerQueueCapacity)
        case "max_connections": String(options.server.maxConnections)
        case "header_timeout": seconds(options.server.headerTimeout)
        case "body_timeout": seconds(options.server.bodyTimeout)
        case "idle_timeout": seconds(options.server.idleTimeout)
        case "shutdown_grace": seconds(options.server.shutdownGrace)
        case "readers": String(options.readers)
        case "trusted_proxies": options.server.trustedProxies.blocks.isEmpty ? "none" : options.server.trustedProxies.blocks.map(\.description).joined(separator: ",")
        case "auto_migrate": String(options.autoMigrate)
        case "log_level": options.logLevel.name
        case "audit_key": options.auditKeyPath
        case "signing_key": options.signingKeyPath
        case "enable_test_routes": String(options.testRoutes)
        case "post_quota": String(options.quotas.posts.count)
        case "thread_quota": String(options.quotas.threads.count)
        case "epoch_quota": String(options.quotas.epochs.count)
        default: Settings.byKey[key]?.shownDefault ?? ""
        }
    }

    static func seconds(_ nanoseconds: UInt64) -> String {
        let s = Double(nanoseconds) / 1e9
        return s == s.rounded() ? String(Int(s)) : String(s)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
