import Crypto
import Testing

@Suite struct HMACSHA256Tests {
    /// Cross-checked with Python's `hmac` (HMAC-SHA-256, key 00…1f).
    @Test func knownAnswer() throws {
        let key = try HMACKey(bytes: Array(0...31))
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        let tag = HMACSHA256.authenticationCode(for: message, key: key)
        #expect(tag == hex("f87ad256151fc7b4c5dffa4adb3ebe911a8eeb8a8ebdee3c2a4a8e5f5ec02c32"))
        #expect(HMACSHA256.isValidAuthenticationCode(tag, for: message, key: key))
    }

    @Test func everyFlippedByteAndTheWrongKeyAreRefused() throws {
        let key = HMACKey()
        let message = Array("frank".utf8)
        let tag = HMACSHA256.authenticationCode(for: message, key: key)
        for (index, bad) in everyFlip(of: tag) {
            #expect(!HMACSHA256.isValidAuthenticationCode(bad, for: message, key: key), "tag byte \(index)")
        }
        for (index, bad) in everyFlip(of: message) {
            #expect(!HMACSHA256.isValidAuthenticationCode(tag, for: bad, key: key), "message byte \(index)")
        }
        #expect(!HMACSHA256.isValidAuthenticationCode(tag, for: message, key: HMACKey()))
        #expect(!HMACSHA256.isValidAuthenticationCode(Array(tag.prefix(16)), for: message, key: key))
        #expect(!HMACSHA256.isValidAuthenticationCode([], for: message, key: key))
        #expect(throws: CryptoError.self) { try HMACKey(bytes: Random.bytes(20)) }
    }
}
