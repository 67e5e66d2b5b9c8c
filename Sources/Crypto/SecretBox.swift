import CSodium

/// The key of `SecretBox` (XSalsa20-Poly1305), e.g. the keystore key.
public typealias SecretBoxKey = SymmetricKey<SecretBox>

/// Secret-key authenticated encryption (`crypto_secretbox_easy`,
/// XSalsa20-Poly1305): the keystore's secrets and cached epoch keys, under
/// the Argon2id-derived keystore key.
///
///     let (nonce, box) = try SecretBox.seal(seeds, key: keystoreKey)
///     let seeds = try SecretBox.open(box, nonce: nonce, key: keystoreKey)
public enum SecretBox: SymmetricPrimitive {
    /// The key length, 32 bytes.
    public static let keyByteCount = Int(crypto_secretbox_keybytes())
    /// The nonce length, 24 bytes.
    public static let nonceByteCount = Int(crypto_secretbox_noncebytes())
    /// The MAC length the box adds, 16 bytes.
    public static let macByteCount = Int(crypto_secretbox_macbytes())
    /// The longest plaintext libsodium accepts.
    public static let maxMessageByteCount = Sodium.sizeLimit(crypto_secretbox_messagebytes_max())

    /// Encrypts a secret under a fresh random nonce.
    public static func seal(_ plaintext: SecureBytes, key: SecretBoxKey) throws -> (nonce: [UInt8], ciphertext: [UInt8]) {
        let nonce = Random.bytes(nonceByteCount)
        return (nonce, try seal(plaintext, nonce: nonce, key: key))
    }

    /// Encrypts bytes under a fresh random nonce.
    public static func seal(_ plaintext: [UInt8], key: SecretBoxKey) throws -> (nonce: [UInt8], ciphertext: [UInt8]) {
        try seal(SecureBytes(plaintext), key: key)
    }

    /// Encrypts with a caller-chosen nonce, which must never repeat under
    /// one key; prefer the random-nonce form. Here for test vectors.
    public static func seal(_ plaintext: SecureBytes, nonce: [UInt8], key: SecretBoxKey) throws -> [UInt8] {
        try CryptoError.checkLength(nonce.count, nonceByteCount, "SecretBox nonce")
        try CryptoError.checkLength(plaintext.count, in: 0...maxMessageByteCount, "SecretBox plaintext")
        Sodium.ensure()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + macByteCount)
        let status = plaintext.withBytePointer { m, count in
            key.withKeyPointer { k in crypto_secretbox_easy(&ciphertext, m, UInt64(count), nonce, k) }
        }
        guard status == 0 else { throw CryptoError.operationFailed("crypto_secretbox_easy") }
        return ciphertext
    }

    /// Decrypts into a secure buffer. Throws `invalidLength` for a nonce of
    /// the wrong length or a ciphertext shorter than the MAC, and
    /// `authenticationFailed` for any modified byte or the wrong key.
    public static func open(_ ciphertext: [UInt8], nonce: [UInt8], key: SecretBoxKey) throws -> SecureBytes {
        try CryptoError.checkLength(nonce.count, nonceByteCount, "SecretBox nonce")
        try CryptoError.checkLength(ciphertext.count, in: macByteCount...Int.max, "SecretBox ciphertext")
        Sodium.ensure()
        var status: Int32 = -1
        let plaintext = SecureBytes(count: ciphertext.count - macByteCount) { (out: UnsafeMutablePointer<UInt8>) in
            status = key.withKeyPointer { k in crypto_secretbox_open_easy(out, ciphertext, UInt64(ciphertext.count), nonce, k) }
        }
        guard status == 0 else { throw CryptoError.authenticationFailed }
        return plaintext
    }
}
