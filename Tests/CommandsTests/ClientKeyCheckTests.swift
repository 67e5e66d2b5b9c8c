import Crypto
import Foundation
import Protocol
import Testing
@testable import Client
@testable import Commands

/// `members keys`: the served bundle and chain against the log the client verified.
@Suite struct ClientKeyCheckTests {
    @Test func anUnverifiedKeyChangeIsShownAndExits3() throws {
        let live = try LiveServer()
        let (moderator, moderatorID) = try live.moderator()
        // The admin certifies new keys for the moderator, without the old key's signature.
        let admin = try MemberContext(profile: live.admin.profile, passphraseFile: nil, environment: ["TRUSTFORUM_PASSPHRASE": testPassphrase])
        let keystore = try admin.keystore()
        let newSign = SigningSecretKey(), newBox = BoxSecretKey()
        _ = try admin.appendAfterHead { log in
            let current = try #require(log.state.member(moderatorID)).current.certificate
            let (signed, entry) = Requests.certify(memberID: moderatorID, orgID: current.orgID, role: .moderator, signPublicKey: newSign.publicKey,
                                                   boxPublicKey: newBox.publicKey, communityID: log.state.communityID, issuerID: keystore.memberID,
                                                   issuer: keystore.signingKey, position: .init(after: log.state), issuedAt: admin.now, validity: 86_400)
            let result: Wire.MemberResult = try admin.api().post("/v1/members/\(moderatorID)/certificates", body: Requests.certification(signed, entry))
            return result.seq ?? 0
        }
        let keys = live.admin.run(["members", "keys", moderatorID])
        #expect(keys.code == 3)
        #expect(keys.err.hasPrefix("UNVERIFIED KEY CHANGE: \(moderatorID)'s keys changed without their old key's signature."), "\(keys.err)")
        #expect(keys.field("fingerprint") == KeyBundle.fingerprint(signPublicKey: newSign.publicKey, boxPublicKey: newBox.publicKey))
        #expect(!keys.out.contains("verified:"))
        // The moderator's own keys are no longer its certificate's: it may not sign for the community any more.
        let member = try live.apply(live.person("member"))
        let refused = moderator.run(["applications", "approve", member])
        #expect(refused.code == 1)
        #expect(refused.err == "Error: the keys in this profile are not those of your current certificate\n")
    }

    @Test func keysTheLogDoesNotCertifyAreRefused() throws {
        let live = try LiveServer()
        let (moderator, moderatorID) = try live.moderator()
        let context = try MemberContext(profile: moderator.profile, passphraseFile: nil, environment: [:])
        let log = try context.follow()
        let raw = try context.api().send("GET", "/v1/members/\(moderatorID)/keys").body
        func served(_ change: (inout [String: Any]) -> Void) throws -> Wire.MemberKeys {
            var object = try #require(try JSONSerialization.jsonObject(with: raw) as? [String: Any])
            change(&object)
            return try JSONDecoder().decode(Wire.MemberKeys.self, from: try JSONSerialization.data(withJSONObject: object))
        }
        func expectRefusal(_ needle: String, _ change: (inout [String: Any]) -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let changed = try served(change)
            do {
                _ = try KeyCheck.verify(changed, memberID: moderatorID, against: log, now: context.now)
                Issue.record("accepted keys the log does not certify", sourceLocation: sourceLocation)
            } catch {
                #expect(error.message.contains(needle), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
        let honest = try KeyCheck.verify(try served { _ in }, memberID: moderatorID, against: log, now: context.now)
        #expect(honest.role == .moderator && honest.status == .active && honest.validForNewWraps && !honest.unverifiedKeyChange)
        try expectRefusal("is NOT the member's current certificate") { $0["box_public_key"] = Base64.encode(BoxSecretKey().publicKey.bytes) }
        try expectRefusal("differs from the verified community log") { $0["role"] = "admin" }
        try expectRefusal("other certificate entries") { $0["certificate_seqs"] = [0] }
        try expectRefusal("is NOT byte for byte entry") { object in
            var chain = object["chain"] as! [[String: Any]]
            chain[chain.count - 1]["signature"] = Base64.encode(Random.bytes(64))
            object["chain"] = chain
        }
        try expectRefusal("leaves out the member's certificates") { object in
            object["chain"] = (object["chain"] as! [[String: Any]]).filter { ($0["seq"] as? Int) == 0 }
        }
        try expectRefusal("THE COMMUNITY LOG FORKED") { object in
            object["head"] = ["seq": 1, "hash": Base64.encode(Random.bytes(32))]
        }
        try expectRefusal("instead of") { $0["member_id"] = "00000000-0000-4000-8000-000000000000" }
    }
}
