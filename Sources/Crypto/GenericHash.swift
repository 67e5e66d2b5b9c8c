import CSodium

/// BLAKE2b (`crypto_generichash`), the protocol's `H(x)`, and its keyed form
/// (a MAC, as in the audit chain).
///
///     let digest = GenericHash.hash(bytes)          // H(bytes), 32 bytes
public enum GenericHash {
    /// The default and protocol output size, 32 bytes.
    public static let defaultLength = Int(crypto_generichash_bytes())
    /// The output sizes libsodium accepts (16...64).
    public static let lengthRange = Int(crypto_generichash_bytes_min())...Int(crypto_generichash_bytes_max())
    /// The key sizes libsodium accepts for the keyed form (16...64).
    public static let keyLengthRange = Int(crypto_generichash_keybytes_min())...Int(crypto_generichash_keybytes_max())

    /// `H(input)`: unkeyed BLAKE2b with a 32-byte output. `length` is a
    /// constant of the caller's, so one outside `lengthRange` is a programmer
    /// error (a trap), not a thrown error.
    public static func hash(_ input: [UInt8], length: Int = defaultLength) -> [UInt8] {
        hash(input, keyBuffer: [], length: length)
    }

    /// Keyed BLAKE2b; `key` must be 16 to 64 bytes and `length` in
    /// `lengthRange` (both checked; a violation traps: keys of this form are
    /// the caller's constants). For a key that comes from outside, use
    /// `Hasher(key:length:)`, which throws.
    public static func hash(_ input: [UInt8], key: [UInt8], length: Int = defaultLength) -> [UInt8] {
        precondition(keyLengthRange.contains(key.count), "BLAKE2b key must be 16...64 bytes")
        return hash(input, keyBuffer: key, length: length)
    }

    /// The one-shot call; an empty `keyBuffer` means unkeyed.
    private static func hash(_ input: [UInt8], keyBuffer key: [UInt8], length: Int) -> [UInt8] {
        precondition(lengthRange.contains(length), "BLAKE2b output must be 16...64 bytes")
        Sodium.ensure()
        var out = [UInt8](repeating: 0, count: length)
        let status = key.withUnsafeBufferPointer { k in
            crypto_generichash(&out, length, input, UInt64(input.count), key.isEmpty ? nil : k.baseAddress, key.count)
        }
        precondition(status == 0, "crypto_generichash failed with checked lengths")
        return out
    }
}

extension GenericHash {
    /// Multi-part BLAKE2b (`crypto_generichash_init/update/final`), for input
    /// that arrives in pieces (a backup file, a long ciphertext). The result
    /// equals the one-shot `hash` of the concatenated pieces.
    ///
    ///     let hasher = try GenericHash.Hasher()
    ///     hasher.update(part1); hasher.update(part2)
    ///     let digest = try hasher.finalize()
    ///
    /// A class because the state must not be copied; use it from one thread
    /// at a time (it is not `Sendable`). The state is zeroed on release.
    public final class Hasher {
        /// libsodium's state, allocated with the 64-byte alignment its C type
        /// declares (Swift imports that over-aligned type only as an opaque pointer).
        private let state: UnsafeMutableRawPointer
        private let stateSize = crypto_generichash_statebytes()
        /// The output length chosen at `init`.
        public let length: Int
        private var finished = false

        /// Starts a hash of `length` bytes, keyed when `key` is given.
        /// Throws `invalidLength` for a key or length libsodium refuses.
        public init(key: SecureBytes? = nil, length: Int = GenericHash.defaultLength) throws {
            try CryptoError.checkLength(length, in: GenericHash.lengthRange, "BLAKE2b output")
            if let key { try CryptoError.checkLength(key.count, in: GenericHash.keyLengthRange, "BLAKE2b key") }
            Sodium.ensure()
            self.length = length
            state = .allocate(byteCount: stateSize, alignment: 64)
            state.initializeMemory(as: UInt8.self, repeating: 0, count: stateSize)
            let typed = OpaquePointer(state)
            let status: Int32
            if let key {
                status = key.withUnsafeBytes { crypto_generichash_init(typed, $0.baseAddress, $0.count, length) }
            } else {
                status = crypto_generichash_init(typed, nil, 0, length)
            }
            precondition(status == 0, "crypto_generichash_init failed with checked lengths")
        }

        deinit {
            sodium_memzero(state, stateSize)
            state.deallocate()
        }

        /// Adds `bytes` to the hash. Updating after `finalize()` is a
        /// programmer error (a trap).
        public func update(_ bytes: [UInt8]) {
            precondition(!finished, "GenericHash.Hasher updated after finalize()")
            _ = crypto_generichash_update(OpaquePointer(state), bytes, UInt64(bytes.count))
        }

        /// The digest of everything added. Throws `streamFinished` if called twice.
        public func finalize() throws -> [UInt8] {
            guard !finished else { throw CryptoError.streamFinished }
            finished = true
            var out = [UInt8](repeating: 0, count: length)
            guard crypto_generichash_final(OpaquePointer(state), &out, length) == 0 else {
                throw CryptoError.operationFailed("crypto_generichash_final")
            }
            return out
        }
    }
}
