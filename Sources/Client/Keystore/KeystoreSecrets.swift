import Crypto

/// What the keystore encrypts: both seeds, the ids, and the cached epoch
/// keys, framed as `KeystoreFormat` documents.
///
/// Encoding writes straight into a `SecureBytes` and decoding reads out of
/// one, so no ordinary array ever holds a seed or an epoch key (the frame
/// helper of the Crypto module builds arrays, which is why this file frames
/// by hand, with the same rules).
struct KeystoreSecrets {
    /// The frame context of the plaintext.
    static let context = "trustforum/keystore/v1"

    var signSeed: SecureBytes
    var boxSeed: SecureBytes
    var memberID: String
    var communityID: String?
    var epochKeys: [String: SecureBytes]

    /// The fields in frame order, as byte writers and lengths.
    private var fields: [(count: Int, write: (UnsafeMutableRawBufferPointer) -> Void)] {
        func text(_ s: String) -> (Int, (UnsafeMutableRawBufferPointer) -> Void) {
            let utf8 = Array(s.utf8)
            return (utf8.count, { $0.copyBytes(from: utf8) })
        }
        func secret(_ s: SecureBytes) -> (Int, (UnsafeMutableRawBufferPointer) -> Void) {
            (s.count, { target in s.withUnsafeBytes { target.copyMemory(from: $0) } })
        }
        var list = [text(Self.context), secret(signSeed), secret(boxSeed), text(memberID), text(communityID ?? "")]
        let count = KeystoreFormat.bigEndian(UInt64(epochKeys.count), width: 8)
        list.append((8, { $0.copyBytes(from: count) }))
        for name in epochKeys.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            list.append(text(name))
            list.append(secret(epochKeys[name]!))
        }
        return list
    }

    /// The framed plaintext, in a secure buffer.
    func encoded() -> SecureBytes {
        let fields = self.fields
        let total = fields.reduce(0) { $0 + 4 + $1.count }
        return SecureBytes(count: total) { buffer in
            var offset = 0
            for field in fields {
                let prefix = KeystoreFormat.bigEndian(UInt64(field.count), width: 4)
                UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + 4]).copyBytes(from: prefix)
                offset += 4
                field.write(UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + field.count]))
                offset += field.count
            }
        }
    }

    /// Parses a decrypted plaintext; any deviation from the frame above is
    /// `damaged` (it can only come from a writer with the passphrase that
    /// did not follow the format).
    static func decode(_ plaintext: SecureBytes) throws(KeystoreError) -> KeystoreSecrets {
        let result: Result<KeystoreSecrets, KeystoreError> = plaintext.withUnsafeBytes { bytes in
            var reader = Reader(bytes: bytes)
            guard let context = reader.text(), context == Self.context,
                  let signSeed = reader.secret(), signSeed.count == SigningSecretKey.seedByteCount,
                  let boxSeed = reader.secret(), boxSeed.count == BoxSecretKey.seedByteCount,
                  let memberID = reader.text(), let communityID = reader.text(),
                  let countField = reader.field(), countField.count == 8
            else { return .failure(.damaged("malformed secrets")) }
            let count = countField.reduce(0) { $0 << 8 | UInt64($1) }
            var epochKeys: [String: SecureBytes] = [:]
            var index: UInt64 = 0
            while index < count {
                guard let name = reader.text(), let key = reader.secret(), epochKeys[name] == nil else {
                    return .failure(.damaged("malformed epoch keys"))
                }
                epochKeys[name] = key
                index += 1
            }
            guard reader.atEnd else { return .failure(.damaged("trailing bytes after the secrets")) }
            return .success(KeystoreSecrets(signSeed: signSeed, boxSeed: boxSeed, memberID: memberID,
                                            communityID: communityID.isEmpty ? nil : communityID,
                                            epochKeys: epochKeys))
        }
        return try result.get()
    }

    /// Reads length-prefixed fields from a buffer.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        /// The next field's bytes, still in the buffer.
        mutating func field() -> UnsafeRawBufferPointer? {
            guard bytes.count - offset >= 4 else { return nil }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard bytes.count - offset >= length else { return nil }
            defer { offset += length }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
        }

        /// The next field as UTF-8 text (ids and names are not secret).
        mutating func text() -> String? {
            guard let field = field() else { return nil }
            return String(validating: field, as: UTF8.self)
        }

        /// The next field copied into a secure buffer.
        mutating func secret() -> SecureBytes? {
            guard let field = field() else { return nil }
            return SecureBytes(count: field.count) { $0.copyMemory(from: field) }
        }
    }
}
