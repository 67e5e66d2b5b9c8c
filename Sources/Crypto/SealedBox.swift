import CSodium

/// Anonymous public-key encryption (`crypto_box_seal`): an ephemeral
/// X25519 key, so only the recipient can open it and the sender is not
/// identified (the protocol signs each wrap separately). Randomized: sealing
/// the same message twice gives different bytes.
///
///     let sealed = try SealedBox.seal(epochKey.secureBytes, to: member.boxPublicKey)
///     let key = try SealedBox.open(sealed, with: myBoxSecretKey)
public enum SealedBox {
    /// The bytes a sealed box adds to its message (ephemeral key + MAC, 48).
    public static let overhead = Int(crypto_box_sealbytes())

    /// `message` sealed to `recipient`. Throws `invalidKey` when libsodium
    /// refuses the public key (a low-order point).
    public static func seal(_ message: [UInt8], to recipient: BoxPublicKey) throws -> [UInt8] {
        try seal(SecureBytes(message), to: recipient)
    }

    /// A secret (a key) sealed to `recipient`.
    public static func seal(_ message: SecureBytes, to recipient: BoxPublicKey) throws -> [UInt8] {
        Sodium.ensure()
        var sealed = [UInt8](repeating: 0, count: message.count + overhead)
        let status = message.withBytePointer { m, count in crypto_box_seal(&sealed, m, UInt64(count), recipient.bytes) }
        guard status == 0 else { throw CryptoError.invalidKey }
        return sealed
    }

    /// The message of `sealed`, opened with the recipient's secret key, in a
    /// secure buffer (sealed boxes carry keys). Throws `invalidLength` when
    /// `sealed` is shorter than `overhead`, `authenticationFailed` for the
    /// wrong key or any modified byte.
    public static func open(_ sealed: [UInt8], with secretKey: BoxSecretKey) throws -> SecureBytes {
        try CryptoError.checkLength(sealed.count, in: overhead...Int.max, "sealed box")
        Sodium.ensure()
        var status: Int32 = -1
        let message = SecureBytes(count: sealed.count - overhead) { (out: UnsafeMutablePointer<UInt8>) in
            status = secretKey.secretKey.withBytePointer { sk, _ in
                crypto_box_seal_open(out, sealed, UInt64(sealed.count), secretKey.publicKey.bytes, sk)
            }
        }
        guard status == 0 else { throw CryptoError.authenticationFailed }
        return message
    }
}
