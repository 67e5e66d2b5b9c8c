import CSodium

/// The key of `HMACSHA256`, e.g. a franking key `k_f`.
public typealias HMACKey = SymmetricKey<HMACSHA256>

/// HMAC-SHA-256 with a 32-byte key (`crypto_auth_hmacsha256`), the
/// standard construction: franking tags and the server tag (PROTOCOL.md §5).
///
///     let tag = HMACSHA256.authenticationCode(for: framed, key: frankingKey)
///     HMACSHA256.isValidAuthenticationCode(tag, for: framed, key: frankingKey) // constant time
public enum HMACSHA256: SymmetricPrimitive {
    /// The key length, 32 bytes.
    public static let keyByteCount = Int(crypto_auth_hmacsha256_keybytes())
    /// The tag length, 32 bytes.
    public static let byteCount = Int(crypto_auth_hmacsha256_bytes())

    /// The 32-byte HMAC-SHA-256 of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: HMACKey) -> [UInt8] {
        Sodium.ensure()
        var tag = [UInt8](repeating: 0, count: byteCount)
        let status = key.withKeyPointer { k in crypto_auth_hmacsha256(&tag, message, UInt64(message.count), k) }
        precondition(status == 0, "crypto_auth_hmacsha256 failed")
        return tag
    }

    /// Whether `tag` is the HMAC of `message` under `key`, compared in
    /// constant time (`crypto_auth_hmacsha256_verify`). A tag of the wrong
    /// length is simply invalid.
    public static func isValidAuthenticationCode(_ tag: [UInt8], for message: [UInt8], key: HMACKey) -> Bool {
        guard tag.count == byteCount else { return false }
        Sodium.ensure()
        return key.withKeyPointer { k in crypto_auth_hmacsha256_verify(tag, message, UInt64(message.count), k) } == 0
    }
}
