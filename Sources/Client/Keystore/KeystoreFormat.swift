import Crypto

/// The keystore file, format version 1, byte for byte. Integers are
/// unsigned big-endian.
///
///     offset  size  field
///          0     8  magic: ASCII "TF-KEYS" followed by one 0x00 byte
///          8     2  format version: 1
///         10     2  flags: 0 (reserved; any other value is refused)
///         12     8  Argon2id13 opslimit
///         20     8  Argon2id13 memlimit, in bytes
///         28    16  Argon2id13 salt (random per passphrase)
///         44    24  crypto_secretbox nonce (random per write)
///         68     4  N, the ciphertext length (plaintext length + 16)
///         72     N  ciphertext = crypto_secretbox_easy(secrets, nonce, K)
///     72 + N    32  checksum = BLAKE2b-256 (crypto_generichash, no key)
///                   of bytes 0 ..< 72 + N
///
/// The header is bytes 0 ..< 72. The key is bound to every header byte:
///
///     A = crypto_pwhash(32, passphrase, salt, opslimit, memlimit, ARGON2ID13)
///     K = crypto_generichash(32, frame("trustforum/keystore-key/v1", header), key: A)
///
/// so a changed salt, limit, nonce, flag or length yields another `K` and
/// the secretbox refuses to open, even when the forger also fixed the
/// checksum. The checksum is not a MAC (anyone can recompute it): it tells
/// an accidentally damaged or truncated file (`KeystoreError.damaged`,
/// before Argon2id runs) from a wrong passphrase. The limits are checked
/// against `Keystore.minimumParameters` and the maximums before Argon2id
/// runs, so a hostile header can neither weaken the key nor exhaust memory.
///
/// `secrets` is `KeystoreSecrets`' frame (PROTOCOL.md §1 framing):
///
///     frame("trustforum/keystore/v1", sign_seed(32), box_seed(32),
///           member_id, community_id or "", u64 n,
///           name_1, epoch_key_1, …, name_n, epoch_key_n)   names in ascending byte order
///
/// Why binary and not a JSON header line: fixed offsets leave nothing to
/// interpret (no duplicate keys, number precision, whitespace or
/// canonicalisation question), the exact bytes that feed the key are the
/// bytes on disk, and another client reads it with one `struct.unpack`.
enum KeystoreFormat {
    /// The 8 magic bytes, "TF-KEYS\0".
    static let magic: [UInt8] = Array("TF-KEYS".utf8) + [0]
    /// The only format version this client writes and reads.
    static let version: UInt16 = 1
    /// The header length: magic, version, flags, limits, salt, nonce, N.
    static let headerSize = 72
    /// The checksum length.
    static let checksumSize = 32
    /// Offsets of the header fields.
    static let versionOffset = 8, flagsOffset = 10, opsOffset = 12, memOffset = 20
    static let saltOffset = 28, nonceOffset = 44, lengthOffset = 68
    /// The largest file accepted (16 MiB: tens of thousands of epoch keys).
    static let maximumFileSize = 16 << 20
    /// The context of the header frame that derives `K` from `A`.
    static let keyContext = "trustforum/keystore-key/v1"

    /// The parsed, not yet trusted, header and ciphertext of a file.
    struct Sealed {
        var opsLimit: UInt64
        var memLimit: UInt64
        var salt: [UInt8]
        var nonce: [UInt8]
        var ciphertext: [UInt8]

        /// Bytes 0 ..< 72 for these values.
        var header: [UInt8] {
            var out = magic
            out += bigEndian(UInt64(version), width: 2)
            out += bigEndian(0, width: 2)
            out += bigEndian(opsLimit, width: 8)
            out += bigEndian(memLimit, width: 8)
            out += salt
            out += nonce
            out += bigEndian(UInt64(ciphertext.count), width: 4)
            return out
        }

        /// The whole file: header, ciphertext, checksum.
        var fileBytes: [UInt8] {
            let body = header + ciphertext
            return body + GenericHash.hash(body)
        }
    }

    /// Parses a file's bytes and checks its structure and checksum; the
    /// limits and the ciphertext are not yet checked.
    static func parse(_ bytes: [UInt8]) throws(KeystoreError) -> Sealed {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw .damaged("not a TrustForum keystore (no magic bytes)")
        }
        guard bytes.count >= headerSize else {
            throw .damaged("truncated header (\(bytes.count) bytes)")
        }
        let version = UInt16(integer(bytes, at: versionOffset, width: 2))
        // Check the checksum before the version, so a damaged version field is
        // reported as damage, not as a newer format.
        let length = Int(integer(bytes, at: lengthOffset, width: 4))
        guard bytes.count == headerSize + length + checksumSize else {
            throw .damaged("length \(bytes.count) does not match the header's ciphertext length \(length) (truncated?)")
        }
        let body = Array(bytes[0..<headerSize + length])
        guard ConstantTime.equals(GenericHash.hash(body), Array(bytes[(headerSize + length)...])) else {
            throw .damaged("checksum mismatch")
        }
        guard version == self.version else { throw .unsupportedVersion(version) }
        guard integer(bytes, at: flagsOffset, width: 2) == 0 else {
            throw .damaged("unknown flags")
        }
        return Sealed(opsLimit: integer(bytes, at: opsOffset, width: 8),
                      memLimit: integer(bytes, at: memOffset, width: 8),
                      salt: Array(bytes[saltOffset..<saltOffset + 16]),
                      nonce: Array(bytes[nonceOffset..<nonceOffset + 24]),
                      ciphertext: Array(bytes[headerSize..<headerSize + length]))
    }

    /// `K` from the Argon2id output `masterKey` and the header bytes.
    static func boxKey(masterKey: SecureBytes, header: [UInt8]) throws -> SecretBoxKey {
        let hasher = try GenericHash.Hasher(key: masterKey)
        hasher.update(Frame.frame(context: keyContext, [.bytes(header)]))
        var digest = try hasher.finalize()
        return try SecretBoxKey(SecureBytes(zeroing: &digest))
    }

    /// The big-endian integer of `width` bytes at `offset`.
    static func integer(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        bytes[offset..<offset + width].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The low `width` bytes of `value`, most significant first.
    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
