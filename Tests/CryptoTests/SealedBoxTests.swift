import Crypto
import Testing

@Suite struct SealedBoxTests {
    let recipient = BoxSecretKey()

    @Test func sealsAndOpens() throws {
        let key = SecureBytes.random(count: 32)
        let sealed = try SealedBox.seal(key, to: recipient.publicKey)
        #expect(sealed.count == 32 + SealedBox.overhead)
        #expect(try SealedBox.open(sealed, with: recipient) == key)
        #expect(try SealedBox.open(SealedBox.seal([], to: recipient.publicKey), with: recipient).count == 0)
    }

    @Test func isRandomized() throws {
        let message: [UInt8] = [1, 2, 3]
        #expect(try SealedBox.seal(message, to: recipient.publicKey) != SealedBox.seal(message, to: recipient.publicKey))
    }

    /// A box sealed by PyNaCl (libsodium) to the vectors' alice box key (seed 08…08).
    @Test func opensABoxSealedByAnotherImplementation() throws {
        let alice = try BoxSecretKey(seed: [UInt8](repeating: 8, count: 32))
        let sealed = hex("1ba5424d15ed9f08ebbf22a7bc79fd75462447995051ec9f656572c9a2cc401c47ab0543ab25af6f118b0bcba540cbddff1a6580f4502b6f957466349e17b9e391c49c")
        #expect(try SealedBox.open(sealed, with: alice).copyBytes() == Array("epoch key for alice".utf8))
    }

    @Test func everyFlippedByteIsRefused() throws {
        let sealed = try SealedBox.seal(Array("k".utf8), to: recipient.publicKey)
        for (index, bad) in everyFlip(of: sealed) {
            #expect(throws: CryptoError.authenticationFailed, "byte \(index)") { try SealedBox.open(bad, with: recipient) }
        }
    }

    @Test func wrongKeyShortInputAndLowOrderKeyAreRefused() throws {
        let sealed = try SealedBox.seal([1, 2, 3], to: recipient.publicKey)
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(sealed, with: BoxSecretKey()) }
        #expect(throws: CryptoError.authenticationFailed) { try SealedBox.open(Array(sealed.dropLast()), with: recipient) }
        #expect(throws: CryptoError.invalidLength(what: "sealed box", expected: 48...Int.max, actual: 47)) {
            try SealedBox.open(Array(sealed.prefix(47)), with: recipient)
        }
        #expect(throws: CryptoError.invalidKey) { try SealedBox.seal([1], to: BoxPublicKey([UInt8](repeating: 0, count: 32))) }
    }

    @Test func keysFromSeedsAndLengths() throws {
        let a = try BoxSecretKey(seed: [UInt8](repeating: 8, count: 32))
        #expect(a.publicKey.bytes == hex("899abcb61e203a8c03613c9f7524d4efcf609db0c80d8e8d0fbabd93430c5323"))
        #expect(a.exportSeed().copyBytes() == [UInt8](repeating: 8, count: 32))
        #expect(BoxSecretKey().publicKey != BoxSecretKey().publicKey)
        for n in [0, 31, 33] {
            #expect(throws: CryptoError.self) { try BoxPublicKey(Array(repeating: 9, count: n)) }
            #expect(throws: CryptoError.self) { try BoxSecretKey(seed: Array(repeating: 9, count: n)) }
        }
    }
}
