import Crypto
import Testing

@Suite struct AEADTests {
    let key = AEADKey()

    /// Cross-checked with PyNaCl (libsodium): key 42…42, nonce 06…06, ad "ad".
    @Test func knownAnswer() throws {
        let key = try AEADKey(bytes: [UInt8](repeating: 0x42, count: 32))
        let ciphertext = try AEAD.seal(Array("post body".utf8), additionalData: Array("ad".utf8), nonce: [UInt8](repeating: 6, count: 24), key: key)
        #expect(ciphertext == hex("08c46542dc233d71eb0e31132156443cc1cf920a034d250d18"))
    }

    @Test func roundTripsWithRandomNonces() throws {
        let plaintext = Random.bytes(300), ad = Random.bytes(20)
        let (nonce, ciphertext) = try AEAD.seal(plaintext, additionalData: ad, key: key)
        #expect(nonce.count == 24 && ciphertext.count == 300 + AEAD.tagByteCount)
        #expect(try AEAD.open(ciphertext, additionalData: ad, nonce: nonce, key: key) == plaintext)
        let second = try AEAD.seal(plaintext, additionalData: ad, key: key)
        #expect(second.nonce != nonce && second.ciphertext != ciphertext)
        let empty = try AEAD.seal([], key: key)
        #expect(try AEAD.open(empty.ciphertext, nonce: empty.nonce, key: key) == [])
    }

    @Test func everyFlippedByteIsRefused() throws {
        let ad = Array("frame".utf8)
        let (nonce, ciphertext) = try AEAD.seal(Array("hello".utf8), additionalData: ad, key: key)
        for (index, bad) in everyFlip(of: ciphertext) {
            #expect(throws: CryptoError.authenticationFailed, "ciphertext/tag byte \(index)") { try AEAD.open(bad, additionalData: ad, nonce: nonce, key: key) }
        }
        for (index, bad) in everyFlip(of: nonce) {
            #expect(throws: CryptoError.authenticationFailed, "nonce byte \(index)") { try AEAD.open(ciphertext, additionalData: ad, nonce: bad, key: key) }
        }
        for (index, bad) in everyFlip(of: ad) {
            #expect(throws: CryptoError.authenticationFailed, "ad byte \(index)") { try AEAD.open(ciphertext, additionalData: bad, nonce: nonce, key: key) }
        }
        #expect(throws: CryptoError.authenticationFailed) { try AEAD.open(ciphertext, additionalData: [], nonce: nonce, key: key) }
        #expect(throws: CryptoError.authenticationFailed) { try AEAD.open(ciphertext, additionalData: ad, nonce: nonce, key: AEADKey()) }
        #expect(throws: CryptoError.authenticationFailed) { try AEAD.open(Array(ciphertext.dropLast()), additionalData: ad, nonce: nonce, key: key) }
    }

    @Test func wrongLengthsThrow() throws {
        #expect(throws: CryptoError.invalidLength(what: "AEAD nonce", expected: 24...24, actual: 12)) {
            try AEAD.seal([1], nonce: [UInt8](repeating: 0, count: 12), key: key)
        }
        #expect(throws: CryptoError.self) { try AEAD.open(Random.bytes(40), nonce: [UInt8](repeating: 0, count: 25), key: key) }
        #expect(throws: CryptoError.invalidLength(what: "AEAD ciphertext", expected: 16...Int.max, actual: 15)) {
            try AEAD.open(Random.bytes(15), nonce: [UInt8](repeating: 0, count: 24), key: key)
        }
        for n in [0, 16, 31, 33, 64] {
            #expect(throws: CryptoError.invalidLength(what: "AEAD key", expected: 32...32, actual: n)) { try AEADKey(bytes: Array(repeating: 1, count: n)) }
        }
    }

    @Test func keysCompareByValue() throws {
        let copy = try AEADKey(key.secureBytes)
        #expect(copy == key && AEADKey() != key)
    }
}
