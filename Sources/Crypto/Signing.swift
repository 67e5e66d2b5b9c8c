import CSodium

/// An Ed25519 public key (`crypto_sign`): a member's `sign_pk`.
public struct SigningPublicKey: Sendable, Hashable {
    /// The key's length, 32 bytes.
    public static let byteCount = Int(crypto_sign_publickeybytes())

    /// The 32 key bytes, as they appear in certificates and frames.
    public let bytes: [UInt8]

    /// A key from its 32 bytes; throws `invalidLength` for any other length.
    /// (Whether the bytes are a valid point is checked at verification.)
    public init(_ bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes.count, Self.byteCount, "Ed25519 public key")
        self.bytes = bytes
    }

    /// Whether `signature` is a valid detached Ed25519 signature of `message`
    /// by this key (`crypto_sign_verify_detached`, which also refuses
    /// non-canonical and small-order encodings). A signature of the wrong
    /// length is simply invalid.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == SigningSecretKey.signatureByteCount else { return false }
        Sodium.ensure()
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }
}

/// An Ed25519 secret key: a member's `sign_sk`, made from a 32-byte seed
/// (`crypto_sign_seed_keypair`) and kept in a `SecureBytes`.
///
///     let key = SigningSecretKey()                       // new, random
///     let signature = key.sign(Frame.frame(context: …, fields))
///     key.publicKey.isValidSignature(signature, for: …)  // true
///
/// The seed leaves the value only through `exportSeed()`, for the keystore.
public struct SigningSecretKey: Sendable {
    /// The seed's length, 32 bytes.
    public static let seedByteCount = Int(crypto_sign_seedbytes())
    /// A detached signature's length, 64 bytes.
    public static let signatureByteCount = Int(crypto_sign_bytes())

    /// libsodium's 64-byte secret key (seed ‖ public key).
    private let secretKey: SecureBytes
    /// The matching public key.
    public let publicKey: SigningPublicKey

    /// A new key from a random seed.
    public init() {
        try! self.init(seed: SecureBytes.random(count: Self.seedByteCount))
    }

    /// The key derived from `seed` (32 bytes; `invalidLength` otherwise).
    public init(seed: SecureBytes) throws {
        try CryptoError.checkLength(seed.count, Self.seedByteCount, "Ed25519 seed")
        Sodium.ensure()
        var publicBytes = [UInt8](repeating: 0, count: SigningPublicKey.byteCount)
        secretKey = SecureBytes(count: Int(crypto_sign_secretkeybytes())) { (sk: UnsafeMutablePointer<UInt8>) in
            let status = seed.withBytePointer { s, _ in crypto_sign_seed_keypair(&publicBytes, sk, s) }
            precondition(status == 0, "crypto_sign_seed_keypair failed")
        }
        publicKey = try SigningPublicKey(publicBytes)
    }

    /// The key derived from `seed` given as an array (which is not zeroed).
    public init(seed: [UInt8]) throws {
        try self.init(seed: SecureBytes(seed))
    }

    /// The 32-byte seed, for the keystore only: everything else signs
    /// through this value.
    public func exportSeed() -> SecureBytes {
        secretKey.prefix(Self.seedByteCount)
    }

    /// The detached 64-byte Ed25519 signature of `message`
    /// (`crypto_sign_detached`; deterministic per RFC 8032).
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensure()
        var signature = [UInt8](repeating: 0, count: Self.signatureByteCount)
        let status = secretKey.withBytePointer { sk, _ in
            crypto_sign_detached(&signature, nil, message, UInt64(message.count), sk)
        }
        precondition(status == 0, "crypto_sign_detached failed")
        return signature
    }
}

extension SigningSecretKey: CustomStringConvertible {
    /// The public key only.
    public var description: String { "SigningSecretKey(public: \(Hex.encode(publicKey.bytes)))" }
}
