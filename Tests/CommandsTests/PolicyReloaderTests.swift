import API
import Crypto
import Foundation
import Platform
import Protocol
import Store
import Testing
import enum Moderation.ContentKind
@testable import Commands

/// What `serve` does on SIGHUP: valid rules swapped in and recorded, invalid
/// rules refused with file:line while the last good policy stays.
@Suite struct PolicyReloaderTests {
    @Test func aBadReloadKeepsTheLastGoodPolicy() throws {
        let work = TemporaryDirectory()
        #expect(Person(profile: work.file("admin")).run(["keys", "init-root", "--out", work.file("root.json"), "--kdf", "interactive"]).code == 0)
        let data = work.file("data")
        #expect(CLI.run(["init", "--data", data, "--root-cert", work.file("root.json")]).code == 0)
        let root = try RootCertificateFile.parse(try Files.read(work.file("root.json")))
        let database = try Database.open(path: data + "/trustforum.sqlite3", readers: 1)
        defer { try? database.close() }
        let service = try Service(database: database, auditKey: try KeyFile.read(data + "/keys/audit.key", kind: .auditMAC),
                                  communityID: root.communityID, configuration: .init(publicOrigin: "http://127.0.0.1", version: "test", eventLoops: 1))
        let rules = work.file("rules")
        try Files.makeDirectory(rules)
        let file = rules + "/a.rules"
        try Files.writeAtomically(file, Array("format trustforum-rules/v1\nx flag word \"korting\" -- K.\n".utf8))
        let directory = DataDirectory(data)
        var reloader = PolicyReloader(service: service, directory: directory, policyDir: rules, logger: .silent)
        let embedded = service.moderation.version

        reloader.reload()
        let good = try #require(PolicyStatus.read(directory))
        #expect(good.result == "loaded" && good.generation == 1 && good.problems.isEmpty)
        #expect(good.version == service.moderation.version && good.version != embedded)
        #expect(try service.moderation.evaluate("20% korting", as: .post).ruleIDs == ["x"])

        try Files.writeAtomically(file, Array("format trustforum-rules/v1\nx flag word \"korting\" -- K.\ny hold regex \"(?=a)b\" -- Y.\n".utf8))
        reloader.reload()
        let bad = try #require(PolicyStatus.read(directory))
        #expect(bad.result == "rejected" && bad.generation == 2)
        #expect(bad.problems.count == 1 && bad.problems[0].hasPrefix("\(file):3: invalid regex at column"), "\(bad.problems)")
        #expect(bad.version == good.version && service.moderation.version == good.version)

        let audited = try database.read { conn in try AuditLog.entries(conn) }.filter { $0.action == "policy.loaded" }.map(\.detail)
        #expect(audited == [good.version])
    }
}
