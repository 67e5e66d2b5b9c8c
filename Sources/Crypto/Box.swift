import CSodium

/// An X25519 public key (`crypto_box`): a member's `box_pk`, the recipient
/// of sealed boxes (epoch key wraps, backup keys).
public struct BoxPublicKey: Sendable, Hashable {
    /// The key's length, 32 bytes.
    public static let byteCount = Int(crypto_box_publickeybytes())

    /// The 32 key bytes, as they appear in certificates and frames.
    public let bytes: [UInt8]

    /// A key from its 32 bytes; throws `invalidLength` for any other length.
    public init(_ bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes.count, Self.byteCount, "X25519 public key")
        self.bytes = bytes
    }
}

/// An X25519 secret key: a member's `box_sk`, made from a 32-byte seed
/// (`crypto_box_seed_keypair`) and kept in a `SecureBytes`. Opens sealed
/// boxes (`SealedBox.open(_:with:)`).
public struct BoxSecretKey: Sendable {
    /// The seed's length, 32 bytes.
    public static let seedByteCount = Int(crypto_box_seedbytes())

    /// The seed, kept so that the keystore stores seeds for both key kinds.
    private let seed: SecureBytes
    /// libsodium's 32-byte secret scalar.
    let secretKey: SecureBytes
    /// The matching public key.
    public let publicKey: BoxPublicKey

    /// A new key from a random seed.
    public init() {
        try! self.init(seed: SecureBytes.random(count: Self.seedByteCount))
    }

    /// The key derived from `seed` (32 bytes; `invalidLength` otherwise).
    public init(seed: SecureBytes) throws {
        try CryptoError.checkLength(seed.count, Self.seedByteCount, "X25519 seed")
        Sodium.ensure()
        var publicBytes = [UInt8](repeating: 0, count: BoxPublicKey.byteCount)
        secretKey = SecureBytes(count: Int(crypto_box_secretkeybytes())) { (sk: UnsafeMutablePointer<UInt8>) in
            let status = seed.withBytePointer { s, _ in crypto_box_seed_keypair(&publicBytes, sk, s) }
            precondition(status == 0, "crypto_box_seed_keypair failed")
        }
        self.seed = seed
        publicKey = try BoxPublicKey(publicBytes)
    }

    /// The key derived from `seed` given as an array (which is not zeroed).
    public init(seed: [UInt8]) throws {
        try self.init(seed: SecureBytes(seed))
    }

    /// The 32-byte seed, for the keystore only.
    public func exportSeed() -> SecureBytes { seed }
}

extension BoxSecretKey: CustomStringConvertible {
    /// The public key only.
    public var description: String { "BoxSecretKey(public: \(Hex.encode(publicKey.bytes)))" }
}
