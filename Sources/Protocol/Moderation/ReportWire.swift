import Core
import Crypto

/// Reports and decisions on the wire (mod-spec §1, §3), shared by the
/// server and the Swift client: snake_case fields, binary values in
/// standard base64. Each converts to the protocol type checking every id
/// and length; a malformed value is a `ProtocolError.malformed` naming the field.
public enum ReportWire {
    /// One `key_wraps` element.
    public struct KeyWrap: Codable, Sendable, Equatable {
        public let recipient_id: String
        public let recipient_cert_hash: String
        public let sealed: String

        public init(_ wrap: ReportKeyWrap) {
            recipient_id = wrap.recipientID
            recipient_cert_hash = Base64.encode(wrap.recipientCertHash)
            sealed = Base64.encode(wrap.sealed)
        }

        public func wrap() throws(ProtocolError) -> ReportKeyWrap {
            try KeyringWire.id(recipient_id, "key_wraps.recipient_id")
            return ReportKeyWrap(recipientID: recipient_id,
                                 recipientCertHash: try KeyringWire.bytes(recipient_cert_hash, "key_wraps.recipient_cert_hash", count: 32),
                                 sealed: try KeyringWire.bytes(sealed, "key_wraps.sealed", count: ReportKeyWrap.sealedLength))
        }
    }

    /// `POST /v1/threads/{id}/posts/{post}/reports`, and the `report` of a
    /// held post (mod-spec §2). The reporter is the caller.
    public struct Submit: Codable, Sendable, Equatable {
        public let report_id: String
        public let post_id: String
        public let reporter_cert_hash: String
        public let nonce: String
        public let ciphertext: String
        public let key_wraps: [KeyWrap]
        public let signature: String

        public init(_ report: Report) {
            report_id = report.reportID
            post_id = report.postID
            reporter_cert_hash = Base64.encode(report.reporterCertHash)
            nonce = Base64.encode(report.nonce)
            ciphertext = Base64.encode(report.ciphertext)
            key_wraps = report.keyWraps.map(KeyWrap.init)
            signature = Base64.encode(report.signature)
        }

        /// The report, with the community and the reporter (the
        /// authenticated caller) filled in; sizes and wrap order checked.
        public func report(communityID: String, reporterID: String) throws(ProtocolError) -> Report {
            try ReportWire.report(communityID: communityID, reporterID: reporterID, reportID: report_id, postID: post_id,
                                  reporterCertHash: reporter_cert_hash, nonce: nonce, ciphertext: ciphertext, keyWraps: key_wraps,
                                  signature: signature)
        }
    }

    /// A report as an `Item` lists it: `Submit` plus who sent it and when
    /// the server received it (milliseconds).
    public struct Stored: Codable, Sendable, Equatable {
        public let report_id: String
        public let post_id: String
        public let reporter_id: String
        public let reporter_cert_hash: String
        public let nonce: String
        public let ciphertext: String
        public let key_wraps: [KeyWrap]
        public let signature: String
        public let received_at: UInt64

        public init(_ report: Report, receivedAt: UInt64) {
            let submit = Submit(report)
            report_id = submit.report_id
            post_id = submit.post_id
            reporter_id = report.reporterID
            reporter_cert_hash = submit.reporter_cert_hash
            nonce = submit.nonce
            ciphertext = submit.ciphertext
            key_wraps = submit.key_wraps
            signature = submit.signature
            received_at = receivedAt
        }

        public func report(communityID: String) throws(ProtocolError) -> Report {
            try ReportWire.report(communityID: communityID, reporterID: reporter_id, reportID: report_id, postID: post_id,
                                  reporterCertHash: reporter_cert_hash, nonce: nonce, ciphertext: ciphertext, keyWraps: key_wraps,
                                  signature: signature)
        }
    }

    static func report(communityID: String, reporterID: String, reportID: String, postID: String, reporterCertHash: String, nonce: String,
                       ciphertext: String, keyWraps: [KeyWrap], signature: String) throws(ProtocolError) -> Report {
        for (value, field) in [(reportID, "report_id"), (postID, "post_id"), (reporterID, "reporter_id")] {
            try KeyringWire.id(value, field)
        }
        var wraps: [ReportKeyWrap] = []
        for wrap in keyWraps { wraps.append(try wrap.wrap()) }
        let report = Report(communityID: communityID, reportID: reportID, postID: postID, reporterID: reporterID,
                            reporterCertHash: try KeyringWire.bytes(reporterCertHash, "reporter_cert_hash", count: 32),
                            nonce: try KeyringWire.bytes(nonce, "nonce", count: AEAD.nonceByteCount),
                            ciphertext: try KeyringWire.bytes(ciphertext, "ciphertext"), keyWraps: wraps,
                            signature: try KeyringWire.bytes(signature, "signature", count: 64))
        guard !wraps.isEmpty else { throw .malformed("key_wraps is empty") }
        guard zip(wraps, wraps.dropFirst()).allSatisfy({ $0.recipientID < $1.recipientID }) else {
            throw .malformed("key_wraps must be sorted by recipient_id, each recipient once")
        }
        guard report.hasValidSizes else {
            throw .malformed("ciphertext must be a padded payload of whole \(Report.padBlock)-byte blocks plus the tag, at most \(Report.maxCiphertext) bytes")
        }
        return report
    }

    /// The answer to a report: `201 {"report_id", "item_id", "received_at"}`.
    public struct Created: Codable, Sendable, Equatable {
        public let report_id: String
        public let item_id: String
        public let received_at: UInt64

        public init(report_id: String, item_id: String, received_at: UInt64) {
            self.report_id = report_id
            self.item_id = item_id
            self.received_at = received_at
        }
    }

    /// `POST /v1/moderation/items/{item}/decisions`.
    public struct DecisionRequest: Codable, Sendable, Equatable {
        public let decision: String
        public let reason: String
        public let signature: String

        public init(_ decision: Decision) {
            self.decision = decision.kind.rawValue
            reason = decision.reason
            signature = Base64.encode(decision.signature)
        }

        /// The decision by `moderatorID` (the caller) about `subjectID`.
        public func decision(communityID: String, subjectID: String, moderatorID: String,
                             moderatorCertHash: [UInt8]) throws(ProtocolError) -> Decision {
            guard let kind = Decision.Kind(rawValue: decision) else { throw .malformed("decision must be approve, remove, dismiss or warn") }
            return Decision(communityID: communityID, subjectID: subjectID, kind: kind, reason: reason, moderatorID: moderatorID,
                            moderatorCertHash: moderatorCertHash, signature: try KeyringWire.bytes(signature, "signature", count: 64))
        }
    }

    /// A recorded decision: `{"decision", "reason", "moderator_id",
    /// "moderator_cert_hash", "decided_at", "signature", "subject_id"}`
    /// (`subject_id` absent in a removed post's tombstone, whose subject is the post).
    public struct DecisionJSON: Codable, Sendable, Equatable {
        public let decision: String
        public let reason: String
        public let moderator_id: String
        public let moderator_cert_hash: String
        /// Seconds since the epoch.
        public let decided_at: UInt64
        public let signature: String
        public let subject_id: String?

        public init(_ decision: Decision, decidedAt: UInt64, includeSubject: Bool = true) {
            self.decision = decision.kind.rawValue
            reason = decision.reason
            moderator_id = decision.moderatorID
            moderator_cert_hash = Base64.encode(decision.moderatorCertHash)
            decided_at = decidedAt
            signature = Base64.encode(decision.signature)
            subject_id = includeSubject ? decision.subjectID : nil
        }

        /// The decision about `subjectID`, which the reader determines (the
        /// post id for post items, the item id otherwise); a `subject_id`
        /// served with it must be the same.
        public func decision(communityID: String, subjectID: String) throws(ProtocolError) -> Decision {
            guard let kind = Decision.Kind(rawValue: decision) else { throw .malformed("decision must be approve, remove, dismiss or warn") }
            try KeyringWire.id(moderator_id, "moderator_id")
            if let subject_id, subject_id != subjectID {
                throw .invalid("the decision is about \(subject_id), not \(subjectID)")
            }
            return Decision(communityID: communityID, subjectID: subjectID, kind: kind, reason: reason, moderatorID: moderator_id,
                            moderatorCertHash: try KeyringWire.bytes(moderator_cert_hash, "moderator_cert_hash", count: 32),
                            signature: try KeyringWire.bytes(signature, "signature", count: 64))
        }
    }
}
