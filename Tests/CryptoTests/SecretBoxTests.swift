import Crypto
import Testing

@Suite struct SecretBoxTests {
    let key = SecretBoxKey()

    /// Cross-checked with PyNaCl (libsodium): key 01…01, nonce 02…02.
    @Test func knownAnswer() throws {
        let key = try SecretBoxKey(bytes: [UInt8](repeating: 1, count: 32))
        let ciphertext = try SecretBox.seal(SecureBytes(Array("keystore secrets".utf8)), nonce: [UInt8](repeating: 2, count: 24), key: key)
        #expect(ciphertext == hex("cc749fdaebbf8c9d9a16d49ecca163809600a78e0a55a028400ed29d2a23c9dd"))
        #expect(try SecretBox.open(ciphertext, nonce: [UInt8](repeating: 2, count: 24), key: key).copyBytes() == Array("keystore secrets".utf8))
    }

    @Test func roundTripsWithRandomNonces() throws {
        let secret = SecureBytes.random(count: 64)
        let (nonce, ciphertext) = try SecretBox.seal(secret, key: key)
        #expect(nonce.count == 24 && ciphertext.count == 64 + SecretBox.macByteCount)
        #expect(try SecretBox.open(ciphertext, nonce: nonce, key: key) == secret)
        #expect(try SecretBox.seal(secret, key: key).nonce != nonce)
        let empty = try SecretBox.seal([UInt8](), key: key)
        #expect(try SecretBox.open(empty.ciphertext, nonce: empty.nonce, key: key).count == 0)
    }

    @Test func everyFlippedByteIsRefused() throws {
        let (nonce, ciphertext) = try SecretBox.seal(Array("seed".utf8), key: key)
        for (index, bad) in everyFlip(of: ciphertext) {
            #expect(throws: CryptoError.authenticationFailed, "ciphertext byte \(index)") { try SecretBox.open(bad, nonce: nonce, key: key) }
        }
        for (index, bad) in everyFlip(of: nonce) {
            #expect(throws: CryptoError.authenticationFailed, "nonce byte \(index)") { try SecretBox.open(ciphertext, nonce: bad, key: key) }
        }
        #expect(throws: CryptoError.authenticationFailed) { try SecretBox.open(ciphertext, nonce: nonce, key: SecretBoxKey()) }
    }

    @Test func wrongLengthsThrow() throws {
        #expect(throws: CryptoError.self) { try SecretBox.seal(SecureBytes([1]), nonce: [UInt8](repeating: 0, count: 23), key: key) }
        #expect(throws: CryptoError.self) { try SecretBox.open(Random.bytes(15), nonce: [UInt8](repeating: 0, count: 24), key: key) }
        #expect(throws: CryptoError.self) { try SecretBox.open(Random.bytes(32), nonce: [], key: key) }
        #expect(throws: CryptoError.self) { try SecretBoxKey(bytes: Random.bytes(31)) }
    }
}
