import Core
import Crypto

/// A member a report's key is sealed to: a holder of the moderators'
/// keyring, with its current certificate's hash and box public key.
public struct ReportRecipient: Sendable, Equatable {
    public let memberID: String
    public let certHash: [UInt8]
    public let boxPublicKey: BoxPublicKey

    public init(memberID: String, certHash: [UInt8], boxPublicKey: BoxPublicKey) {
        self.memberID = memberID
        self.certHash = certHash
        self.boxPublicKey = boxPublicKey
    }

    /// The recipient a certificate names.
    public init(_ signed: SignedCertificate) {
        self.init(memberID: signed.certificate.memberID, certHash: signed.hash, boxPublicKey: signed.certificate.boxPublicKey)
    }
}

/// One recipient's copy of a report's key: `crypto_box_seal(k_r, box_pk)`.
public struct ReportKeyWrap: Sendable, Equatable {
    public let recipientID: String
    public let recipientCertHash: [UInt8]
    public let sealed: [UInt8]

    public init(recipientID: String, recipientCertHash: [UInt8], sealed: [UInt8]) {
        self.recipientID = recipientID
        self.recipientCertHash = recipientCertHash
        self.sealed = sealed
    }

    /// A sealed 32-byte key: crypto_box_SEALBYTES + 32.
    public static let sealedLength = 80
}

/// A verifiable report of a post (mod-spec §1, PROTOCOL.md §6). The reporter
/// is not a holder of the moderators' keyring, so a fresh key `k_r` encrypts
/// the payload and is sealed to each holder's box key:
///
///     ad         = frame("trustforum/report/v1", community_id, report_id, post_id, reporter_id)
///     ciphertext = XChaCha20-Poly1305(sodium_pad(payload, 256), ad, nonce, k_r)
///     key_wraps  = sorted by recipient_id: {recipient_id, recipient_cert_hash, crypto_box_seal(k_r, box_pk)}
///     wraps_hash = H(frame("trustforum/report-wraps/v1", id_1, cert_hash_1, sealed_1, …))
///     signature  = Ed25519(reporter, frame("trustforum/report-sig/v1", community_id, report_id, post_id,
///                    reporter_id, reporter_cert_hash, nonce, H(ciphertext), wraps_hash))
///
/// Usage:
///
///     let report = try Report.make(ReportPayload(postID: id, post: payload, reason: "spam"), communityID: c,
///                                  reportID: newID, reporterID: me, reporterCertHash: myCert.hash,
///                                  reporter: signKey, recipients: moderators)
///     report.isSigned(by: reporterCert.signPublicKey)                       // true
///     let payload = try report.open(as: moderatorID, with: moderatorBoxKey)
public struct Report: Sendable, Equatable {
    public static let padBlock = 256
    /// The largest ciphertext (mod-spec §3): 96 KiB.
    public static let maxCiphertext = 96 * 1024

    public let communityID: String
    public let reportID: String
    public let postID: String
    public let reporterID: String
    public let reporterCertHash: [UInt8]
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]
    /// Sorted by recipient id.
    public let keyWraps: [ReportKeyWrap]
    public let signature: [UInt8]

    public init(communityID: String, reportID: String, postID: String, reporterID: String, reporterCertHash: [UInt8], nonce: [UInt8],
                ciphertext: [UInt8], keyWraps: [ReportKeyWrap], signature: [UInt8]) {
        self.communityID = communityID
        self.reportID = reportID
        self.postID = postID
        self.reporterID = reporterID
        self.reporterCertHash = reporterCertHash
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.keyWraps = keyWraps
        self.signature = signature
    }

    /// `frame("trustforum/report/v1", community_id, report_id, post_id, reporter_id)`.
    public static func additionalData(communityID: String, reportID: String, postID: String, reporterID: String) -> [UInt8] {
        Frame.frame(context: "trustforum/report/v1", [.string(communityID), .string(reportID), .string(postID), .string(reporterID)])
    }

    public var additionalData: [UInt8] {
        Report.additionalData(communityID: communityID, reportID: reportID, postID: postID, reporterID: reporterID)
    }

    /// `H(frame("trustforum/report-wraps/v1", recipient_id_1, recipient_cert_hash_1, sealed_1, …))`, in the order given.
    public static func wrapsHash(_ wraps: [ReportKeyWrap]) -> [UInt8] {
        GenericHash.hash(Frame.frame(context: "trustforum/report-wraps/v1",
                                     wraps.flatMap { [.string($0.recipientID), .bytes($0.recipientCertHash), .bytes($0.sealed)] }))
    }

    /// What the reporter signs.
    public var signedBytes: [UInt8] {
        Frame.frame(context: "trustforum/report-sig/v1", [
            .string(communityID), .string(reportID), .string(postID), .string(reporterID), .bytes(reporterCertHash), .bytes(nonce),
            .bytes(GenericHash.hash(ciphertext)), .bytes(Report.wrapsHash(keyWraps)),
        ])
    }

    /// The identity of the report's bytes, for idempotent retries.
    public var digest: [UInt8] { GenericHash.hash(signedBytes + signature) }

    /// Encrypts `payload` under a fresh key, seals that key to every
    /// recipient (sorted by id; an id twice is refused) and signs.
    /// `nonce` and `key` are for test vectors only.
    public static func make(_ payload: ReportPayload, communityID: String, reportID: String, reporterID: String, reporterCertHash: [UInt8],
                            reporter: SigningSecretKey, recipients: [ReportRecipient], nonce: [UInt8]? = nil,
                            key: SecureBytes? = nil) throws -> Report {
        guard !recipients.isEmpty else { throw ProtocolError.invalid("a report needs at least one recipient (no moderators' keyring holders)") }
        let sorted = recipients.sorted { $0.memberID < $1.memberID }
        guard Set(sorted.map(\.memberID)).count == sorted.count else { throw ProtocolError.invalid("a report recipient is named twice") }
        let padded = try Padding.pad(payload.json, blockSize: padBlock)
        guard padded.count + AEAD.tagByteCount <= maxCiphertext else {
            throw CryptoError.invalidLength(what: "report ciphertext", expected: 0...maxCiphertext, actual: padded.count + AEAD.tagByteCount)
        }
        let reportKey = key ?? SecureBytes.random(count: AEAD.keyByteCount)
        let ad = additionalData(communityID: communityID, reportID: reportID, postID: payload.postID, reporterID: reporterID)
        let aeadKey = try AEADKey(reportKey)
        let sealed: (nonce: [UInt8], ciphertext: [UInt8])
        if let nonce {
            sealed = (nonce, try AEAD.seal(padded, additionalData: ad, nonce: nonce, key: aeadKey))
        } else {
            sealed = try AEAD.seal(padded, additionalData: ad, key: aeadKey)
        }
        let wraps = try sorted.map {
            ReportKeyWrap(recipientID: $0.memberID, recipientCertHash: $0.certHash, sealed: try SealedBox.seal(reportKey, to: $0.boxPublicKey))
        }
        let unsigned = Report(communityID: communityID, reportID: reportID, postID: payload.postID, reporterID: reporterID,
                              reporterCertHash: reporterCertHash, nonce: sealed.nonce, ciphertext: sealed.ciphertext, keyWraps: wraps,
                              signature: [])
        return unsigned.withSignature(reporter.sign(unsigned.signedBytes))
    }

    func withSignature(_ signature: [UInt8]) -> Report {
        Report(communityID: communityID, reportID: reportID, postID: postID, reporterID: reporterID, reporterCertHash: reporterCertHash,
               nonce: nonce, ciphertext: ciphertext, keyWraps: keyWraps, signature: signature)
    }

    /// True when the reporter's key signed these bytes.
    public func isSigned(by key: SigningPublicKey) -> Bool {
        key.isValidSignature(signature, for: signedBytes)
    }

    /// True when the sizes are the protocol's: a 24-byte nonce, a padded
    /// payload of whole 256-byte blocks plus the tag up to 96 KiB, 32-byte
    /// hashes, 80-byte sealed keys, a 64-byte signature, and at least one
    /// wrap, strictly sorted by recipient id.
    public var hasValidSizes: Bool {
        let plain = ciphertext.count - AEAD.tagByteCount
        let sortedIDs = zip(keyWraps, keyWraps.dropFirst()).allSatisfy { $0.recipientID < $1.recipientID }
        return nonce.count == AEAD.nonceByteCount && plain > 0 && plain % Report.padBlock == 0 && ciphertext.count <= Report.maxCiphertext
            && reporterCertHash.count == 32 && signature.count == 64 && !keyWraps.isEmpty && sortedIDs
            && keyWraps.allSatisfy { $0.recipientCertHash.count == 32 && $0.sealed.count == ReportKeyWrap.sealedLength }
    }

    /// Opens `recipientID`'s key wrap with its box key, decrypts, unpads and
    /// parses the payload, which must name this report's post. The caller
    /// checks the reporter's signature first (`ReportCheck` does both).
    public func open(as recipientID: String, with boxKey: BoxSecretKey) throws(ProtocolError) -> ReportPayload {
        guard let wrap = keyWraps.first(where: { $0.recipientID == recipientID }) else {
            throw .notAllowed("the report has no key wrap for \(recipientID)")
        }
        guard let reportKey = try? SealedBox.open(wrap.sealed, with: boxKey), let aeadKey = try? AEADKey(reportKey) else {
            throw .badSignature("the key wrap for \(recipientID) does not open with this box key")
        }
        guard let padded = try? AEAD.open(ciphertext, additionalData: additionalData, nonce: nonce, key: aeadKey) else {
            throw .badSignature("the report does not decrypt with its key")
        }
        guard let plain = try? Padding.unpad(padded, blockSize: Report.padBlock) else { throw .malformed("report padding") }
        let payload = try ReportPayload.parse(plain)
        guard payload.postID == postID else { throw .invalid("the report's payload names post \(payload.postID), not \(postID)") }
        return payload
    }
}
