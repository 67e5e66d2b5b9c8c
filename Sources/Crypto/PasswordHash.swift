import CSodium

/// Argon2id (version 1.3) key derivation from a passphrase (`crypto_pwhash`
/// with `crypto_pwhash_ALG_ARGON2ID13`): the keystore key.
///
///     let salt = PasswordHash.newSalt()
///     let key = try SecretBoxKey(PasswordHash.deriveKey(from: passphrase, salt: salt,
///                                                       parameters: .moderate, length: SecretBoxKey.byteCount))
///
/// The keystore header records the salt and `parameters.opsLimit` /
/// `parameters.memLimit` so the same key can be derived again.
public enum PasswordHash {
    /// The salt length, 16 bytes.
    public static let saltByteCount = Int(crypto_pwhash_argon2id_saltbytes())
    /// The output lengths libsodium accepts.
    public static let lengthRange = crypto_pwhash_argon2id_bytes_min()...Sodium.sizeLimit(crypto_pwhash_argon2id_bytes_max())
    /// The passphrase lengths libsodium accepts.
    public static let passwordLengthRange = crypto_pwhash_argon2id_passwd_min()...Sodium.sizeLimit(crypto_pwhash_argon2id_passwd_max())

    /// Argon2id's cost: passes over memory and memory in bytes.
    public struct Parameters: Sendable, Hashable, CustomStringConvertible {
        /// The number of passes (`opslimit`).
        public let opsLimit: UInt64
        /// The memory in bytes (`memlimit`).
        public let memLimit: Int

        /// libsodium's INTERACTIVE set (2 passes, 64 MiB): tests only.
        public static let interactive = Parameters(unchecked: UInt64(crypto_pwhash_argon2id_opslimit_interactive()),
                                                   Int(crypto_pwhash_argon2id_memlimit_interactive()))
        /// libsodium's MODERATE set (3 passes, 256 MiB): production keystores.
        public static let moderate = Parameters(unchecked: UInt64(crypto_pwhash_argon2id_opslimit_moderate()),
                                                Int(crypto_pwhash_argon2id_memlimit_moderate()))
        /// libsodium's SENSITIVE set (4 passes, 1 GiB).
        public static let sensitive = Parameters(unchecked: UInt64(crypto_pwhash_argon2id_opslimit_sensitive()),
                                                 Int(crypto_pwhash_argon2id_memlimit_sensitive()))

        /// Explicit values, e.g. read back from a keystore header. Throws
        /// `invalidParameter` outside libsodium's Argon2id limits. Values
        /// above these sets are allowed; a caller reading an untrusted header
        /// may want its own upper bound on `memLimit`.
        public init(opsLimit: UInt64, memLimit: Int) throws {
            let opsMin = UInt64(crypto_pwhash_argon2id_opslimit_min()), opsMax = UInt64(crypto_pwhash_argon2id_opslimit_max())
            let memMin = crypto_pwhash_argon2id_memlimit_min()
            let memMax = Sodium.sizeLimit(crypto_pwhash_argon2id_memlimit_max())
            guard opsLimit >= opsMin, opsLimit <= opsMax else { throw CryptoError.invalidParameter("Argon2id opslimit \(opsLimit)") }
            guard memLimit >= memMin, memLimit <= memMax else { throw CryptoError.invalidParameter("Argon2id memlimit \(memLimit)") }
            self.init(unchecked: opsLimit, memLimit)
        }

        /// Values known to be within the limits (libsodium's own sets).
        private init(unchecked opsLimit: UInt64, _ memLimit: Int) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// `Argon2id(ops: 2, mem: 67108864)`.
        public var description: String { "Argon2id(ops: \(opsLimit), mem: \(memLimit))" }
    }

    /// A fresh random salt.
    public static func newSalt() -> [UInt8] {
        Random.bytes(saltByteCount)
    }

    /// The `length`-byte key derived from `password` and `salt` (16 bytes)
    /// with `parameters`. Deterministic for the same inputs. Throws
    /// `invalidLength` for a bad salt, length or passphrase, and
    /// `operationFailed` when Argon2id cannot allocate its memory.
    public static func deriveKey(from password: SecureBytes, salt: [UInt8], parameters: Parameters, length: Int = 32) throws -> SecureBytes {
        try CryptoError.checkLength(salt.count, saltByteCount, "Argon2id salt")
        try CryptoError.checkLength(length, in: lengthRange, "Argon2id output")
        try CryptoError.checkLength(password.count, in: passwordLengthRange, "passphrase")
        Sodium.ensure()
        var status: Int32 = -1
        let key = SecureBytes(count: length) { (out: UnsafeMutablePointer<UInt8>) in
            status = password.withBytePointer { p, count in
                p.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) { p in
                    crypto_pwhash(out, UInt64(length), p, UInt64(count), salt,
                                  parameters.opsLimit, parameters.memLimit, crypto_pwhash_alg_argon2id13())
                }
            }
        }
        guard status == 0 else { throw CryptoError.operationFailed("crypto_pwhash") }
        return key
    }

    /// The same derivation from a passphrase given as text (its UTF-8 bytes).
    public static func deriveKey(from password: String, salt: [UInt8], parameters: Parameters, length: Int = 32) throws -> SecureBytes {
        try deriveKey(from: SecureBytes(Array(password.utf8)), salt: salt, parameters: parameters, length: length)
    }
}
