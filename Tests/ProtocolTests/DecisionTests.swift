import Core
import Crypto
import Foundation
import Protocol
import Testing

// Decisions (mod-spec §3): signed over
// frame("trustforum/decision/v1", community_id, subject_id, decision, H(reason));
// a change of any of those, or another key, fails verification; the wire
// forms round-trip and the reader, not the server, names the subject.

@Suite struct DecisionTests {
    let communityID = newID(), subjectID = newID(), moderatorID = newID()
    let key = SigningSecretKey()

    func decision(_ kind: Decision.Kind = .remove, reason: String = "doxxing: a home address") -> Decision {
        Decision.sign(kind, reason: reason, communityID: communityID, subjectID: subjectID, moderatorID: moderatorID,
                      moderatorCertHash: Random.bytes(32), key: key)
    }

    @Test func signedBytesAreTheSpecsFrame() {
        let reason = "spam"
        var expected = Frame.frame(context: "trustforum/decision/v1", [])
        for part in [Array(communityID.utf8), Array(subjectID.utf8), Array("warn".utf8), GenericHash.hash(Array(reason.utf8))] {
            expected += [0, 0, UInt8(part.count >> 8), UInt8(part.count & 0xff)] + part
        }
        #expect(Decision.signedBytes(communityID: communityID, subjectID: subjectID, kind: .warn, reason: reason) == expected)
    }

    @Test func everyKindSignsAndVerifies() {
        for kind in Decision.Kind.allCases {
            #expect(decision(kind).isSigned(by: key.publicKey))
        }
    }

    @Test func anyChangeFailsVerification() {
        let d = decision()
        func changed(kind: Decision.Kind? = nil, reason: String? = nil, community: String? = nil, subject: String? = nil) -> Decision {
            Decision(communityID: community ?? d.communityID, subjectID: subject ?? d.subjectID, kind: kind ?? d.kind,
                     reason: reason ?? d.reason, moderatorID: d.moderatorID, moderatorCertHash: d.moderatorCertHash, signature: d.signature)
        }
        #expect(!changed(reason: d.reason + " ").isSigned(by: key.publicKey))
        #expect(!changed(reason: "Doxxing: a home address").isSigned(by: key.publicKey))
        #expect(!changed(kind: .dismiss).isSigned(by: key.publicKey))
        #expect(!changed(community: newID()).isSigned(by: key.publicKey))
        #expect(!changed(subject: newID()).isSigned(by: key.publicKey))
        #expect(!d.isSigned(by: SigningSecretKey().publicKey))
        let flippedSignature = Decision(communityID: d.communityID, subjectID: d.subjectID, kind: d.kind, reason: d.reason,
                                        moderatorID: d.moderatorID, moderatorCertHash: d.moderatorCertHash, signature: flipped(d.signature, at: 0))
        #expect(!flippedSignature.isSigned(by: key.publicKey))
    }

    @Test func wireRoundTripsAndTheReaderNamesTheSubject() throws {
        let d = decision(.warn)
        let request = try JSONDecoder().decode(ReportWire.DecisionRequest.self, from: JSONEncoder().encode(ReportWire.DecisionRequest(d)))
        #expect(try request.decision(communityID: communityID, subjectID: subjectID, moderatorID: moderatorID,
                                     moderatorCertHash: d.moderatorCertHash) == d)
        let recorded = ReportWire.DecisionJSON(d, decidedAt: t0)
        let back = try JSONDecoder().decode(ReportWire.DecisionJSON.self, from: JSONEncoder().encode(recorded))
        #expect(try back.decision(communityID: communityID, subjectID: subjectID) == d)
        // A decision served as about another subject is refused.
        expectRefused(.invalid) { try back.decision(communityID: communityID, subjectID: newID()) }
        // A tombstone's decision has no subject_id: the reader's post id is used, and a wrong one fails the signature.
        let tombstone = ReportWire.DecisionJSON(d, decidedAt: t0, includeSubject: false)
        #expect(tombstone.subject_id == nil)
        #expect(try tombstone.decision(communityID: communityID, subjectID: subjectID).isSigned(by: key.publicKey))
        #expect(try !tombstone.decision(communityID: communityID, subjectID: newID()).isSigned(by: key.publicKey))
        // Unknown decisions and malformed fields.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(recorded)) as! [String: Any]
        for (field, value) in [("decision", "ban"), ("moderator_cert_hash", "AAAA"), ("signature", "!"), ("moderator_id", "M")] {
            var object = json
            object[field] = value
            let bad = try JSONDecoder().decode(ReportWire.DecisionJSON.self, from: JSONSerialization.data(withJSONObject: object))
            expectRefused(.malformed, "\(field)") { try bad.decision(communityID: communityID, subjectID: subjectID) }
        }
    }
}
