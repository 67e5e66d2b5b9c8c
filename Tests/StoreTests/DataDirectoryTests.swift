import Foundation
import Platform
import Testing
@testable import Store

/// The data directory's layout and lock, and the community row in it.
@Suite struct DataDirectoryTests {
    @Test func pathsFollowTheLayout() {
        let data = DataDirectory("/var/lib/trustforum")
        #expect(data.database == "/var/lib/trustforum/trustforum.sqlite3")
        #expect(data.lockFile == "/var/lib/trustforum/serve.lock")
        #expect(data.keys == "/var/lib/trustforum/keys")
        #expect(data.defaultAuditKey == "/var/lib/trustforum/keys/audit.key")
        #expect(data.defaultSigningKey == "/var/lib/trustforum/keys/server-signing.key")
        #expect(DataDirectory("/srv/tf/").database == "/srv/tf/trustforum.sqlite3")
    }

    @Test func theLockIsExclusiveAndTheDirectoryPrivate() throws {
        try withTemporaryDirectory { dir in
            let old = umask(0o022)
            defer { umask(old) }
            let data = DataDirectory(dir + "/data")
            #expect(!data.isInitialised)
            var first = try data.lock()
            #expect(first != nil)
            #expect(Files.mode(data.path) == 0o700)
            #expect(Files.mode(data.lockFile) == 0o600)
            // A second holder (another open file, as another process has) is refused.
            let second = try data.lock()
            #expect(second == nil)
            first = nil
            let third = try data.lock()
            #expect(third != nil)
        }
    }

    @Test func isInitialisedOnceTheDatabaseExists() throws {
        try withTemporaryDirectory { dir in
            let data = DataDirectory(dir)
            #expect(!data.isInitialised)
            let conn = try Database.openForMaintenance(path: data.database)
            conn.close()
            #expect(data.isInitialised)
        }
    }

    @Test func theCommunityRowIsASingleton() throws {
        try withStore { conn, _, _ in
            let id = try Community.id(conn)
            #expect(id == fixtureCommunity)
            #expect(throws: SQLiteError.self) { try Community.create(conn, id: randomID(), createdAt: 1) }
            #expect(try Community.id(conn) == fixtureCommunity)
        }
    }

    @Test func noCommunityBeforeInit() throws {
        try withTemporaryDirectory { dir in
            let conn = try Database.openForMaintenance(path: dir + "/trustforum.sqlite3")
            defer { conn.close() }
            try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
            #expect(try Community.id(conn) == nil)
        }
    }
}
