import Client
import Core
import Crypto
import Foundation
import HTTP
import Platform
import Protocol
import Store
import Testing
@testable import API

/// The server holds no plaintext of posts: a unique marker posted through
/// `Post.seal` is in no file the server writes — the database, its WAL,
/// an encrypted backup, nor the backup restored.
@Suite struct NoPlaintextAtRestTests {
    static let marker = "TF-SECRET-MARKER-" + Hex.encode(Random.bytes(8))

    /// The marker's UTF-8 and its base64 at each of the three alignments
    /// (a longer text's base64 contains one of them).
    static var needles: [[UInt8]] {
        var result = [Array(marker.utf8)]
        for prefix in ["", "x", "xy"] {
            let encoded = Base64.encode(Array((prefix + marker).utf8))
            // Drop the characters that depend on what surrounds the marker.
            let start = encoded.index(encoded.startIndex, offsetBy: prefix.isEmpty ? 0 : 4)
            let core = encoded[start...].dropLast(4)
            result.append(Array(core.utf8))
        }
        return result
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }

    func expectClean(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for needle in Self.needles {
            #expect(!Self.contains(bytes, needle), "\(path) holds the marker", sourceLocation: sourceLocation)
        }
    }

    @Test func postsLeaveNoPlaintextInTheDatabaseItsWalOrABackup() throws {
        let w = try ThreadWorld()
        try w.defaultEpoch(by: w.c.member)
        let (green, _) = try w.circleThread(.green, by: w.c.member)
        let (amber, _) = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin])
        for record in [green, amber] {
            let post = try Post.seal(PostPayload(body: "The password is \(Self.marker)", title: "About \(Self.marker)"), communityID: w.communityID,
                                     postID: ThreadWorld.newID(), threadID: record.threadID, label: record.label, keyringID: record.keyringID, epoch: 1,
                                     key: w.keys[record.keyringID]![1]!, logSeq: w.head(record.keyringID).seq, logHead: w.head(record.keyringID).hash,
                                     authorID: w.c.member.id, authorCertHash: w.certHash(w.c.member), policyVersion: w.policyVersion,
                                     author: w.c.member.signing)
            #expect(try w.send(post, as: w.c.member).status == 201)
        }
        // The test itself can find the marker (the scan works).
        #expect(Self.contains(Array("..The password is \(Self.marker)..".utf8), Self.needles[0]))
        #expect(Self.contains(Array(Base64.encode(Array("z\(Self.marker)".utf8)).utf8), Self.needles[2]))

        let path = w.service.database.path
        for file in [path, path + "-wal", path + "-shm"] { try expectClean(file) }
        try w.service.database.checkpoint()
        try expectClean(path)

        let backupDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: backupDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: backupDirectory) }
        let operatorKey = BoxSecretKey()
        let backup = backupDirectory + "/forum.backup"
        try Backup.create(databasePath: path, to: backup, recipient: operatorKey.publicKey, communityID: w.communityID)
        try expectClean(backup)
        let restored = backupDirectory + "/restored.sqlite3"
        try Backup.restore(from: backup, secretKey: operatorKey, to: restored)
        try expectClean(restored)
        // The restored store holds the posts (as ciphertext).
        let conn = try Database.openForMaintenance(path: restored)
        defer { conn.close() }
        #expect(try conn.queryOne("SELECT COUNT(*) FROM posts")?.int64(at: 0) == 2)
    }

    /// Reports and held posts carry the reported text to the moderators,
    /// encrypted: the marker in a report's reason and in the reported and
    /// held bodies is in neither the database nor its WAL.
    @Test func reportsAndHeldPostsLeaveNoPlaintext() throws {
        let w = try ThreadWorld()
        let (amber, _) = try w.participantThread(.amber, by: w.c.member, with: [w.c.orgAdmin])
        let payload = PostPayload(body: "Call \(Self.marker) for a discount", title: "Offer \(Self.marker)")
        let post = try w.post(amber, by: w.c.member, payload: payload)
        #expect(try w.send(post, as: w.c.member).status == 201)
        let report = try ModerationTests.report(w, payload, postID: post.postID, by: w.c.orgAdmin, reason: "spam from \(Self.marker)")
        #expect(try ModerationTests.send(w, report, threadID: amber.threadID, as: w.c.orgAdmin).status == 201)
        let heldPayload = PostPayload(body: "Held: \(Self.marker)")
        let held = try w.post(amber, by: w.c.member, moderation: .hold, payload: heldPayload)
        let heldReport = try ModerationTests.report(w, heldPayload, postID: held.postID, by: w.c.member, reason: "held \(Self.marker)")
        let sent = try w.call(.post, "/v1/threads/\(amber.threadID)/posts",
                              ModerationTests.HeldBody(post: PostWire.Submit(held), report: ReportWire.Submit(heldReport)), as: w.c.member)
        #expect(sent.status == 201, "\(sent.text)")
        let path = w.service.database.path
        for file in [path, path + "-wal", path + "-shm"] { try expectClean(file) }
        try w.service.database.checkpoint()
        try expectClean(path)
    }
}
