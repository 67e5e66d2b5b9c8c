/// A libsodium primitive keyed by a fixed-length secret key. The primitive's
/// namespace (`AEAD`, `SecretBox`, `SecretStream`, `HMACSHA256`) is the type
/// parameter of its key, so an AEAD key cannot be passed where a secretbox
/// key is expected.
public protocol SymmetricPrimitive: Sendable {
    /// The key length in bytes, from libsodium.
    static var keyByteCount: Int { get }
}

/// A secret key for one primitive, in a `SecureBytes`: `AEADKey`,
/// `SecretBoxKey`, `SecretStreamKey`, `HMACKey`.
///
///     let k = AEADKey()                           // 32 random bytes
///     let same = try AEADKey(k.secureBytes)       // from stored or unsealed bytes
///
/// Equality is constant-time; the description never shows the bytes.
public struct SymmetricKey<Primitive: SymmetricPrimitive>: Sendable, Equatable {
    /// The key length in bytes.
    public static var byteCount: Int { Primitive.keyByteCount }

    /// The key bytes (to seal them to a recipient, store them encrypted, or
    /// frame them into a key check).
    public let secureBytes: SecureBytes

    /// A new random key (`randombytes_buf`, as libsodium's `*_keygen` do).
    public init() {
        secureBytes = .random(count: Primitive.keyByteCount)
    }

    /// A key from its bytes; throws `invalidLength` unless there are exactly
    /// `byteCount` of them.
    public init(_ secureBytes: SecureBytes) throws {
        try CryptoError.checkLength(secureBytes.count, Primitive.keyByteCount, "\(Primitive.self) key")
        self.secureBytes = secureBytes
    }

    /// A key from an array of bytes (which is not zeroed).
    public init(bytes: [UInt8]) throws {
        try self.init(SecureBytes(bytes))
    }

    /// Calls `body` with a pointer to the key bytes, for the C calls.
    func withKeyPointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try secureBytes.withBytePointer { pointer, _ in try body(pointer) }
    }
}

extension SymmetricKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind and length only, never the bytes.
    public var description: String { "\(Primitive.self)Key(\(Self.byteCount) bytes)" }
    /// The kind and length only, never the bytes.
    public var debugDescription: String { description }
    /// A mirror without children.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
