import CSodium

/// The key of `AEAD` (XChaCha20-Poly1305-IETF), e.g. an epoch key `K`.
public typealias AEADKey = SymmetricKey<AEAD>

/// XChaCha20-Poly1305-IETF with additional data
/// (`crypto_aead_xchacha20poly1305_ietf_encrypt/decrypt`): posts and reports.
/// The 24-byte nonce is large enough to be random.
///
///     let (nonce, ciphertext) = try AEAD.seal(padded, additionalData: ad, key: epochKey)
///     let padded = try AEAD.open(ciphertext, additionalData: ad, nonce: nonce, key: epochKey)
///
/// Not key-committing: the protocol binds holders to one key with a signed
/// key check (PROTOCOL.md §4).
public enum AEAD: SymmetricPrimitive {
    /// The key length, 32 bytes.
    public static let keyByteCount = Int(crypto_aead_xchacha20poly1305_ietf_keybytes())
    /// The nonce length, 24 bytes.
    public static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_npubbytes())
    /// The tag length the ciphertext adds, 16 bytes.
    public static let tagByteCount = Int(crypto_aead_xchacha20poly1305_ietf_abytes())
    /// The longest plaintext libsodium accepts.
    public static let maxMessageByteCount = Sodium.sizeLimit(crypto_aead_xchacha20poly1305_ietf_messagebytes_max())

    /// Encrypts `plaintext` under a fresh random nonce; returns the nonce,
    /// which travels with the ciphertext.
    public static func seal(_ plaintext: [UInt8], additionalData: [UInt8] = [], key: AEADKey) throws -> (nonce: [UInt8], ciphertext: [UInt8]) {
        let nonce = Random.bytes(nonceByteCount)
        return (nonce, try seal(plaintext, additionalData: additionalData, nonce: nonce, key: key))
    }

    /// Encrypts with a caller-chosen nonce. A nonce must never repeat under
    /// one key; prefer `seal(_:additionalData:key:)`. Here for test vectors.
    public static func seal(_ plaintext: [UInt8], additionalData: [UInt8] = [], nonce: [UInt8], key: AEADKey) throws -> [UInt8] {
        try CryptoError.checkLength(nonce.count, nonceByteCount, "AEAD nonce")
        try CryptoError.checkLength(plaintext.count, in: 0...maxMessageByteCount, "AEAD plaintext")
        Sodium.ensure()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var written: UInt64 = 0
        let status = key.withKeyPointer { k in
            crypto_aead_xchacha20poly1305_ietf_encrypt(&ciphertext, &written, plaintext, UInt64(plaintext.count),
                                                       additionalData, UInt64(additionalData.count), nil, nonce, k)
        }
        guard status == 0 else { throw CryptoError.operationFailed("crypto_aead_xchacha20poly1305_ietf_encrypt") }
        return ciphertext
    }

    /// Decrypts and authenticates. Throws `invalidLength` for a nonce of the
    /// wrong length or a ciphertext shorter than the tag, and
    /// `authenticationFailed` when any byte of ciphertext, nonce or
    /// additional data differs, or the key is wrong.
    public static func open(_ ciphertext: [UInt8], additionalData: [UInt8] = [], nonce: [UInt8], key: AEADKey) throws -> [UInt8] {
        try CryptoError.checkLength(nonce.count, nonceByteCount, "AEAD nonce")
        try CryptoError.checkLength(ciphertext.count, in: tagByteCount...Int.max, "AEAD ciphertext")
        Sodium.ensure()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - tagByteCount)
        var written: UInt64 = 0
        let status = key.withKeyPointer { k in
            crypto_aead_xchacha20poly1305_ietf_decrypt(&plaintext, &written, nil, ciphertext, UInt64(ciphertext.count),
                                                       additionalData, UInt64(additionalData.count), nonce, k)
        }
        guard status == 0 else { throw CryptoError.authenticationFailed }
        return plaintext
    }
}
