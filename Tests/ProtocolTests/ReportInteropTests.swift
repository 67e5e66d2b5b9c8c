import Core
import Crypto
import Foundation
import Protocol
import Testing

// Reports across implementations (mod-spec §1). Vectors/report-from-python.json
// was made by Tests/Interop/test_report_interop.py (PyNaCl, from the spec):
// Swift proves its honest report and finds its forged one forged. With
// TRUSTFORUM_WRITE_FIXTURES=1 this suite also writes
// Tests/Interop/fixtures/report-from-swift.json, which the Python side checks.

@Suite struct ReportInteropTests {
    struct Fixture: Codable {
        struct Claim: Codable { let body: String; let title: String?; let reason: String }
        let community_id: String
        let moderator_id: String
        let moderator_box_seed: String
        let reporter_certificate: String
        let author_certificate: String
        let post: PostWire.Submit
        let report: ReportWire.Stored
        let forged_report: ReportWire.Stored
        let claim: Claim
    }

    @Test func pythonReportsAreProvenOrForgedInSwift() throws {
        let url = try #require(Bundle.module.url(forResource: "report-from-python", withExtension: "json", subdirectory: "Vectors"))
        let fx = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let moderator = try BoxSecretKey(seed: try Base64.decode(fx.moderator_box_seed))
        let reporter = try SignedCertificate.parse(payload: try Base64.decode(fx.reporter_certificate))
        let author = try SignedCertificate.parse(payload: try Base64.decode(fx.author_certificate))
        let post = try fx.post.post(communityID: fx.community_id)
        #expect(post.hasValidSizes)
        func verdict(_ stored: ReportWire.Stored) throws -> ReportVerdict {
            ReportCheck.check(try stored.report(communityID: fx.community_id), reporterCertificate: reporter, post: post,
                              authorCertificate: author, recipientID: fx.moderator_id, boxKey: moderator)
        }
        let proven = try #require(try verdict(fx.report).provenPayload)
        #expect(proven.body == fx.claim.body && proven.title == fx.claim.title && proven.reason == fx.claim.reason)
        #expect(try verdict(fx.forged_report).isForged)
        // The Python report's signature names the wraps in the spec's order and hash.
        let report = try fx.report.report(communityID: fx.community_id)
        #expect(report.isSigned(by: reporter.certificate.signPublicKey))
        #expect(try verdict(fx.report).isProven)
    }

    @Test func swiftFixtureForPython() throws {
        let world = try ReportWorld()
        let honest = try world.report(recipients: [world.moderators[0].recipient])
        var claim = world.honestClaim
        claim.body = "Something the author never wrote"
        let forged = try world.report(claim, recipients: [world.moderators[0].recipient])
        let fx = Fixture(community_id: world.communityID, moderator_id: world.moderators[0].id,
                         moderator_box_seed: Base64.encode(world.moderators[0].person.box.exportSeed().copyBytes()),
                         reporter_certificate: Base64.encode(world.reporter.certificate.payload),
                         author_certificate: Base64.encode(world.author.certificate.payload), post: PostWire.Submit(world.post),
                         report: ReportWire.Stored(honest, receivedAt: t0 * 1000), forged_report: ReportWire.Stored(forged, receivedAt: t0 * 1000),
                         claim: .init(body: world.payload.body, title: world.payload.title, reason: world.honestClaim.reason))
        #expect(world.check(honest, moderator: world.moderators[0]).isProven)
        guard ProcessInfo.processInfo.environment["TRUSTFORUM_WRITE_FIXTURES"] == "1" else { return }
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/fixtures/report-from-swift.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(fx) + Data("\n".utf8)).write(to: path)
    }
}
