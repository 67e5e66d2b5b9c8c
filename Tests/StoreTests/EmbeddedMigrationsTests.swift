import Foundation
import Platform
import Testing
@testable import Store

/// The migrations compiled into the binary are the repository's
/// `Migrations/*.sql`, byte for byte (`Ops/embed` writes them).
@Suite struct EmbeddedMigrationsTests {
    /// The repository's root, found from this file's place in it.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // EmbeddedMigrationsTests.swift, StoreTests, Tests
        return url.path
    }()

    static let hint = "Migrations/ and Sources/Store/Generated/EmbeddedMigrations+All.swift differ: run Ops/embed"

    /// A migration file as found in `Migrations/`.
    struct MigrationFile: Equatable {
        let fileName: String
        let version: Int
        let name: String
        let bytes: [UInt8]
    }

    /// The `.sql` files of `Migrations/` in name order; a name that is not
    /// `NNNN_lower_snake.sql` is a problem.
    static func files(in directory: String) throws -> (files: [MigrationFile], problems: [String]) {
        var files: [MigrationFile] = []
        var problems: [String] = []
        for fileName in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            let digits = stem.prefix(4)
            let rest = stem.dropFirst(4)
            guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), rest.first == "_",
                  rest.count > 1, rest.dropFirst().allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }),
                  let version = Int(digits)
            else {
                problems.append("Migrations/\(fileName): migration files are named NNNN_lower_snake.sql")
                continue
            }
            files.append(MigrationFile(fileName: fileName, version: version, name: String(rest.dropFirst()),
                                       bytes: try Files.read(directory + "/" + fileName)))
        }
        return (files, problems)
    }

    /// Every difference between the files and the embedded list, each
    /// telling the developer what to do.
    static func differences(_ files: [MigrationFile], _ embedded: [Migration]) -> [String] {
        var out: [String] = []
        if files.count != embedded.count {
            out.append("\(hint) (\(files.count) files, \(embedded.count) embedded)")
        }
        for (file, migration) in zip(files, embedded) {
            if file.version != migration.version || file.name != migration.name {
                out.append("\(hint): Migrations/\(file.fileName) is embedded as version \(migration.version) '\(migration.name)'")
            } else if Array(migration.sql.utf8) != file.bytes {
                let firstDifference = zip(Array(migration.sql.utf8), file.bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(migration.sql.utf8.count, file.bytes.count)
                out.append("\(hint): Migrations/\(file.fileName) differs from its embedded SQL at byte \(firstDifference)")
            }
        }
        return out
    }

    @Test func theEmbeddedListIsTheMigrationsDirectoryByteForByte() throws {
        let directory = Self.root + "/Migrations"
        try #require(Files.isDirectory(directory), "no Migrations/ at \(Self.root)")
        let (files, problems) = try Self.files(in: directory)
        #expect(problems == [])
        #expect(!files.isEmpty)
        let differences = Self.differences(files, EmbeddedMigrations.all)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(EmbeddedMigrations.all.map(\.version) == files.map(\.version))
        #expect(EmbeddedMigrations.all.map(\.name) == files.map(\.name))
    }

    @Test func aStaleEmbeddingIsReportedWithTheFix() {
        let file = MigrationFile(fileName: "0001_platform.sql", version: 1, name: "platform", bytes: Array("CREATE TABLE a (x);\n".utf8))
        let cases: [[Migration]] = [
            [Migration(version: 1, name: "platform", sql: "CREATE TABLE a (x);")],     // final newline lost
            [Migration(version: 1, name: "platform", sql: "CREATE TABLE a (y);\n")],   // edited
            [Migration(version: 1, name: "platfrom", sql: "CREATE TABLE a (x);\n")],   // renamed
            [],                                                                         // not embedded
        ]
        for embedded in cases {
            let differences = Self.differences([file], embedded)
            #expect(!differences.isEmpty)
            #expect(differences.allSatisfy { $0.contains("run Ops/embed") })
        }
        #expect(Self.differences([file], [Migration(version: 1, name: "platform", sql: "CREATE TABLE a (x);\n")]) == [])
    }

    @Test func theListIsValidAndAppliesToAFreshDatabase() throws {
        try MigrationRunner.validate(EmbeddedMigrations.all)
        try withTemporaryDirectory { dir in
            let conn = try Database.openForMaintenance(path: dir + "/trustforum.sqlite3")
            defer { conn.close() }
            let applied = try MigrationRunner.apply(EmbeddedMigrations.all, to: conn)
            #expect(applied == EmbeddedMigrations.all.map(\.version))
            let status = try MigrationRunner.status(EmbeddedMigrations.all, in: conn)
            #expect(status.isConsistent && status.pending.isEmpty)
            #expect(status.applied.map(\.checksum) == EmbeddedMigrations.all.map(\.checksum))
            #expect(try MigrationRunner.apply(EmbeddedMigrations.all, to: conn) == [])
            #expect(try conn.query("PRAGMA integrity_check").map { try $0.string(at: 0) } == ["ok"])
            #expect(try conn.queryOne("PRAGMA foreign_key_check") == nil)
            let tables = Set(try conn.query("SELECT name FROM sqlite_schema WHERE type = 'table'").map { try $0.string(at: 0) })
            #expect(tables.isSuperset(of: ["schema_migrations", "community", "audit_log"]))
            let triggers = Set(try conn.query("SELECT name FROM sqlite_schema WHERE type = 'trigger'").map { try $0.string(at: 0) })
            #expect(triggers.isSuperset(of: ["audit_log_no_update", "audit_log_no_delete"]))
        }
    }
}
