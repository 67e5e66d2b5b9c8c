import Core
import Crypto
import Foundation
import HTTP
import enum Moderation.PolicyBundle
import struct Moderation.RuleSource
import struct Moderation.ContentTooLarge
import Protocol
import Store
import Testing
@testable import API

/// The moderation policy in force (PROTOCOL.md §7): served with its version,
/// swapped whole by a reload (audited), posts signed for the previous policy
/// refused naming the current one, and the evaluation API for plaintext.
@Suite struct ModerationPolicyTests {
    static let otherRules = "format trustforum-rules/v1\nreload-test flag word \"korting\" -- Reloaded.\n"

    static func otherBundle() throws -> ModerationBundle {
        try ModerationBundle(bytes: try PolicyBundle.build([RuleSource(name: "other.rules", bytes: Array(otherRules.utf8))]))
    }

    static func served(_ w: ThreadWorld) throws -> (bytes: [UInt8], version: String) {
        let response = try w.get("/v1/policies/moderation", as: nil)
        #expect(response.status == 200)
        let bytes = try Base64.decode(response.json?["bundle"] as? String ?? "")
        return (bytes, response.json?["version"] as? String ?? "")
    }

    @Test func aReloadSwapsTheServedBundleAndIsAudited() throws {
        let w = try ThreadWorld()
        let before = try Self.served(w)
        #expect(before.version == Hex.encode(GenericHash.hash(before.bytes)))
        #expect(before.bytes == PolicyBundle.embedded)

        let other = try Self.otherBundle()
        try w.service.service.replaceModeration(other)
        let after = try Self.served(w)
        #expect(after.bytes == other.bytes)
        #expect(after.version == Hex.encode(GenericHash.hash(after.bytes)))
        #expect(after.version != before.version)
        #expect(w.service.service.moderation.version == after.version)

        let audited = try w.service.database.read { conn in try AuditLog.entries(conn) }
            .filter { $0.action == AuditAction.policyLoaded.rawValue }.map(\.detail)
        #expect(audited == [after.version])
    }

    @Test func aPostSignedForThePreviousPolicyIsRefusedNamingTheCurrentOne() throws {
        let (w, amber, _) = try PostTests.world()
        let old = w.policyVersion
        let signedBefore = try w.post(amber, by: w.c.member)
        #expect(signedBefore.policyVersion == old)
        try w.service.service.replaceModeration(try Self.otherBundle())
        let refused = try w.send(signedBefore, as: w.c.member)
        #expect(refused.status == 422)
        #expect(refused.problemType == "urn:trustforum:problem:stale-policy")
        #expect(refused.json?["current_version"] as? String == w.service.service.moderation.version)
        #expect(refused.json?["current_version"] as? String != old)
        // Signed for the current policy: taken.
        #expect(try w.send(try w.post(amber, by: w.c.member), as: w.c.member).status == 201)
    }

    @Test func theServerEvaluatesPlaintextWithThePolicyInForce() throws {
        let w = try ThreadWorld()
        let embedded = w.context.moderation
        #expect(try embedded.evaluate("Plan een demo met onze specialisten", as: .profileField).ruleIDs == ["nl-demo"])
        #expect(try embedded.evaluate("Hoe melden wij een datalek?", as: .profileField).action == .allow)
        #expect(throws: ContentTooLarge.self) { try embedded.evaluate(String(repeating: "x", count: 4097), as: .profileField) }
        try w.service.service.replaceModeration(try Self.otherBundle())
        let verdict = try w.context.moderation.evaluate("20% KORTING", as: .profileField)
        #expect(verdict.action == .flag && verdict.ruleIDs == ["reload-test"])
        #expect(try w.context.moderation.evaluate("Plan een demo", as: .profileField).action == .allow)
    }
}
