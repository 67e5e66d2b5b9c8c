import Core
import Crypto
import Protocol
import Testing

// Certificate.parse and SignedCertificate's payload are strict: every
// field's shape is checked and nothing may be left over.
@Suite struct CertificateTests {
    let subject = Person()
    let issuer = Person()
    let communityID = newID()

    var certificate: Certificate {
        Certificate(communityID: communityID, memberID: subject.id, orgID: subject.org, role: .member,
                    signPublicKey: subject.sign.publicKey, boxPublicKey: subject.box.publicKey,
                    issuedAt: t0, expiresAt: t0 + 365 * day, issuerID: issuer.id)
    }

    /// The certificate's fields, in frame order, for tests that change one.
    var fields: [FrameField] {
        [.string(communityID), .string(subject.id), .string(subject.org), .string("member"), .bytes(subject.sign.publicKey.bytes),
         .bytes(subject.box.publicKey.bytes), .u64(t0), .u64(t0 + 365 * day), .string(issuer.id)]
    }

    func framed(_ fields: [FrameField], context: String = Certificate.context) -> [UInt8] {
        Frame.frame(context: context, fields)
    }

    func replacing(_ index: Int, with field: FrameField) -> [UInt8] {
        var f = fields
        f[index] = field
        return framed(f)
    }

    @Test func theFieldsAreFramedInOrder() throws {
        #expect(certificate.bytes == framed(fields))
        #expect(try Certificate.parse(framed(fields)) == certificate)
    }

    @Test(arguments: Role.allCases)
    func everyRoleRoundTrips(_ role: Role) throws {
        let bytes = replacing(3, with: .string(role.rawValue))
        let parsed = try Certificate.parse(bytes)
        #expect(parsed.role == role)
        #expect(parsed.bytes == bytes)
    }

    @Test(arguments: ["trustforum/cert/v2", "trustforum/cert", "trustforum/community-log/v1", "trustforum/key-change/v1"])
    func aWrongContextIsRefused(_ context: String) {
        expectRefused(.malformed) { try Certificate.parse(framed(fields, context: context)) }
    }

    @Test func extraBytesAreRefused() {
        let bytes = framed(fields)
        expectRefused(.malformed) { try Certificate.parse(bytes + [0]) }
        expectRefused(.malformed) { try Certificate.parse(bytes + [UInt8](repeating: 0, count: 64)) }
        expectRefused(.malformed) { try Certificate.parse(framed(fields + [.string("extra")])) }
        expectRefused(.malformed) { try Certificate.parse(framed(Array(fields.dropLast()))) }
    }

    @Test func everyTruncationIsRefused() {
        let bytes = framed(fields)
        for length in 0..<bytes.count {
            expectRefused(.malformed, "\(length) bytes") { try Certificate.parse(Array(bytes[..<length])) }
        }
    }

    @Test(arguments: [4, 5], [0, 31, 33, 64])
    func wrongKeyLengthsAreRefused(_ index: Int, _ length: Int) {
        expectRefused(.malformed) { try Certificate.parse(replacing(index, with: .bytes([UInt8](repeating: 9, count: length)))) }
    }

    @Test(arguments: [0, 1, 2, 8])
    func idsMustBeLowerCaseUUIDs(_ index: Int) {
        let id = newID()
        for bad in [id.uppercased(), id.replacingOccurrences(of: "-", with: ""), String(id.dropLast()), id + "0",
                    "{\(id)}", String(id.dropLast()) + "g", id.replacingOccurrences(of: "-", with: "_"), "", " " + String(id.dropFirst())] {
            expectRefused(.malformed, "\(bad)") { try Certificate.parse(replacing(index, with: .string(bad))) }
        }
        // The same id in lower case is fine.
        #expect((try? Certificate.parse(replacing(index, with: .string(id)))) != nil)
    }

    @Test(arguments: ["", "Member", "MEMBER", "org-admin", "orgAdmin", "superuser", "applicant", "anonymous", "member "])
    func anUnknownRoleIsRefused(_ role: String) {
        expectRefused(.malformed) { try Certificate.parse(replacing(3, with: .string(role))) }
    }

    @Test func timesMustBeU64sWithExpiryAfterIssue() throws {
        expectRefused(.malformed) { try Certificate.parse(replacing(7, with: .u64(t0))) }
        expectRefused(.malformed) { try Certificate.parse(replacing(7, with: .u64(t0 - 1))) }
        expectRefused(.malformed) { try Certificate.parse(replacing(7, with: .u64(0))) }
        #expect(try Certificate.parse(replacing(7, with: .u64(t0 + 1))).expiresAt == t0 + 1)
        expectRefused(.malformed) { try Certificate.parse(replacing(6, with: .bytes([0, 0, 0, 1]))) }
        expectRefused(.malformed) { try Certificate.parse(replacing(6, with: .string("1767225600"))) }
    }

    @Test func isCurrentIsHalfOpen() {
        let cert = certificate
        #expect(!cert.isCurrent(at: t0 - 1))
        #expect(cert.isCurrent(at: t0))
        #expect(cert.isCurrent(at: t0 + 365 * day - 1))
        #expect(!cert.isCurrent(at: t0 + 365 * day))
    }

    @Test func theFingerprintIsFiveGroupsOfEightLowerCaseHexDigits() throws {
        let fingerprint = certificate.fingerprint
        let groups = fingerprint.split(separator: " ", omittingEmptySubsequences: false)
        #expect(groups.count == 5)
        #expect(groups.allSatisfy { $0.count == 8 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(fingerprint.count == 44)
        #expect(fingerprint == KeyBundle.fingerprint(signPublicKey: subject.sign.publicKey, boxPublicKey: subject.box.publicKey))
        let digest = GenericHash.hash(Frame.frame(context: "trustforum/fpr/v1", [.bytes(subject.sign.publicKey.bytes), .bytes(subject.box.publicKey.bytes)]))
        #expect(fingerprint.replacingOccurrences(of: " ", with: "") == Hex.encode(Array(digest.prefix(20))))
        // It names the keys, not the person: another box key, another fingerprint.
        let other = subject.newBoxKey()
        #expect(KeyBundle.fingerprint(signPublicKey: other.sign.publicKey, boxPublicKey: other.box.publicKey) != fingerprint)
    }

    // MARK: - SignedCertificate and its payload

    @Test func aPayloadWithOneSignature() throws {
        let signed = SignedCertificate.issue(certificate, by: issuer.sign)
        #expect(signed.payload == certificate.bytes + signed.signature)
        let parsed = try SignedCertificate.parse(payload: signed.payload)
        #expect(parsed == signed)
        #expect(parsed.keyChangeSignature == nil)
        #expect(parsed.isSigned(by: issuer.sign.publicKey))
        #expect(!parsed.isSigned(by: subject.sign.publicKey))
        #expect(!parsed.isKeyChangeSigned(by: subject.sign.publicKey))
        #expect(parsed.hash == GenericHash.hash(certificate.bytes + signed.signature))
    }

    @Test func aPayloadWithAKeyChangeSignature() throws {
        let old = SigningSecretKey()
        let signed = SignedCertificate.issue(certificate, by: issuer.sign, keyChangeBy: old)
        let keyChange = try #require(signed.keyChangeSignature)
        #expect(signed.payload == certificate.bytes + signed.signature + keyChange)
        #expect(keyChange == old.sign(Frame.frame(context: "trustforum/key-change/v1", [.bytes(certificate.bytes)])))
        let parsed = try SignedCertificate.parse(payload: signed.payload)
        #expect(parsed == signed)
        #expect(parsed.isKeyChangeSigned(by: old.publicKey))
        #expect(!parsed.isKeyChangeSigned(by: issuer.sign.publicKey))
        // cert_hash covers the certificate and the issuer's signature only.
        #expect(parsed.hash == SignedCertificate.issue(certificate, by: issuer.sign).hash)
    }

    @Test func aPayloadWithoutASignatureOrWithOddBytesIsRefused() {
        let signed = SignedCertificate.issue(certificate, by: issuer.sign, keyChangeBy: SigningSecretKey())
        let bytes = certificate.bytes
        let tail = signed.signature + signed.keyChangeSignature! + [0xaa]
        for extra in [0, 1, 63, 65, 127, 129] {
            expectRefused(.malformed, "\(extra) bytes after the certificate") {
                try SignedCertificate.parse(payload: bytes + Array(tail.prefix(extra)))
            }
        }
        expectRefused(.malformed) { try SignedCertificate.parse(payload: bytes + tail.dropLast() + signed.signature) }
        expectRefused(.malformed) { try SignedCertificate.parse(payload: []) }
        expectRefused(.malformed) { try SignedCertificate.parse(payload: signed.signature) }
        // A certificate of another shape, followed by a signature.
        expectRefused(.malformed) { try SignedCertificate.parse(payload: replacing(3, with: .string("root")) + signed.signature) }
    }

    @Test func theInitializerChecksLengthsAndTheCertificate() throws {
        let bytes = certificate.bytes
        let signature = issuer.sign.sign(bytes)
        for length in [0, 63, 65] {
            expectRefused(.malformed) { try SignedCertificate(bytes: bytes, signature: [UInt8](repeating: 1, count: length)) }
            expectRefused(.malformed) {
                try SignedCertificate(bytes: bytes, signature: signature, keyChangeSignature: [UInt8](repeating: 1, count: length))
            }
        }
        expectRefused(.malformed) { try SignedCertificate(bytes: bytes + [0], signature: signature) }
        #expect(try SignedCertificate(bytes: bytes, signature: signature).isSigned(by: issuer.sign.publicKey))
    }
}
