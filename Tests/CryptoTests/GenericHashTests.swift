import Crypto
import Testing

@Suite struct GenericHashTests {
    @Test func knownAnswers() {
        // RFC 7693 Appendix A: BLAKE2b-512("abc").
        #expect(GenericHash.hash(Array("abc".utf8), length: 64) == hex("""
            ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1
            7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923
            """))
        // BLAKE2b-256 of the empty string (cross-checked with Python's hashlib).
        #expect(GenericHash.hash([]) == hex("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"))
        // The BLAKE2 reference KAT, keyed with 00…3f, empty input.
        #expect(GenericHash.hash([], key: Array(0...63), length: 64) == hex("""
            10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786
            b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568
            """))
        #expect(GenericHash.hash(Array("abc".utf8), key: Array(0...31)) ==
            hex("d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f"))
    }

    @Test func multiPartEqualsOneShot() throws {
        let input = Random.bytes(1000)
        for cut in [0, 1, 127, 128, 129, 999, 1000] {
            let hasher = try GenericHash.Hasher()
            hasher.update(Array(input[..<cut]))
            hasher.update(Array(input[cut...]))
            #expect(try hasher.finalize() == GenericHash.hash(input))
        }
        let key = Random.bytes(32)
        let keyed = try GenericHash.Hasher(key: SecureBytes(key), length: 64)
        keyed.update(input)
        #expect(try keyed.finalize() == GenericHash.hash(input, key: key, length: 64))
    }

    @Test func hasherRefusesBadLengthsAndASecondFinalize() throws {
        #expect(throws: CryptoError.self) { try GenericHash.Hasher(length: 15) }
        #expect(throws: CryptoError.self) { try GenericHash.Hasher(length: 65) }
        #expect(throws: CryptoError.self) { try GenericHash.Hasher(key: SecureBytes(Random.bytes(15))) }
        #expect(throws: CryptoError.self) { try GenericHash.Hasher(key: SecureBytes(Random.bytes(65))) }
        let hasher = try GenericHash.Hasher()
        _ = try hasher.finalize()
        #expect(throws: CryptoError.streamFinished) { try hasher.finalize() }
    }

    @Test func keyAndLengthChangeTheDigest() {
        let input = Array("trustforum".utf8)
        #expect(GenericHash.hash(input, key: Array(repeating: 1, count: 32)) != GenericHash.hash(input, key: Array(repeating: 2, count: 32)))
        #expect(GenericHash.hash(input, key: Array(repeating: 1, count: 32)) != GenericHash.hash(input))
        #expect(GenericHash.hash(input, length: 16).count == 16)
    }
}
