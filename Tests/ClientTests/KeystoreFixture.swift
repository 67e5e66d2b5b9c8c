import Crypto
import Foundation
import Platform
@testable import Client

/// One keystore made once (Argon2id is slow) and shared by the tests that
/// only read or tamper with its bytes.
struct KeystoreFixture: Sendable {
    static let passphrase = "correct horse battery staple"
    static let memberID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    static let communityID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    /// The file's bytes.
    let bytes: [UInt8]
    /// The public keys and fingerprint the file must open to.
    let signPublicKey: SigningPublicKey
    let boxPublicKey: BoxPublicKey
    let fingerprint: String
    /// The secrets that must never appear in clear in the file.
    let signSeed: [UInt8]
    let boxSeed: [UInt8]
    let epochKey: [UInt8]

    static let shared: KeystoreFixture = {
        try! withTemporaryDirectory { dir in
            let path = dir + "/keystore"
            var keystore = try Keystore.create(path: path, passphrase: secret(passphrase), parameters: .interactive,
                                               memberID: memberID, communityID: communityID)
            let epochKey = Random.bytes(32)
            keystore.epochKeys["keyring-1/7"] = SecureBytes(epochKey)
            try keystore.save()
            return KeystoreFixture(bytes: try Files.read(path),
                                   signPublicKey: keystore.signingKey.publicKey, boxPublicKey: keystore.boxKey.publicKey,
                                   fingerprint: keystore.fingerprint,
                                   signSeed: keystore.signingKey.exportSeed().copyBytes(),
                                   boxSeed: keystore.boxKey.exportSeed().copyBytes(), epochKey: epochKey)
        }
    }()

    /// Writes `bytes` (default: the fixture's) as a 0600 file in `dir` and opens it.
    func open(_ bytes: [UInt8]? = nil, in dir: String, passphrase: String = KeystoreFixture.passphrase) throws -> UnlockedKeystore {
        let path = dir + "/keystore-\(UUID().uuidString)"
        try Files.createExclusive(path, bytes ?? self.bytes, mode: 0o600)
        return try Keystore.open(path: path, passphrase: secret(passphrase))
    }

    /// `bytes` with bit 0 of byte `index` flipped.
    static func flipped(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }

    /// `bytes` with the trailing checksum recomputed, as a deliberate forger would.
    static func rechecksummed(_ bytes: [UInt8]) -> [UInt8] {
        let body = Array(bytes.dropLast(KeystoreFormat.checksumSize))
        return body + GenericHash.hash(body)
    }

    /// `bytes` with the big-endian integer of `width` bytes at `offset` replaced.
    static func replacing(_ bytes: [UInt8], at offset: Int, width: Int, with value: UInt64) -> [UInt8] {
        var copy = bytes
        copy.replaceSubrange(offset..<offset + width, with: KeystoreFormat.bigEndian(value, width: width))
        return copy
    }
}
