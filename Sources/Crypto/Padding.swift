import CSodium

/// ISO/IEC 7816-4 padding to a multiple of a block size (`sodium_pad` /
/// `sodium_unpad`): post payloads are padded to 256-byte buckets so the
/// server learns sizes only roughly. Always adds at least one byte (`0x80`,
/// then zeros), so an exact multiple grows by a whole block.
public enum Padding {
    /// `bytes` padded to the next multiple of `blockSize` (> 0).
    public static func pad(_ bytes: [UInt8], blockSize: Int) throws -> [UInt8] {
        guard blockSize > 0 else { throw CryptoError.invalidParameter("block size must be positive") }
        let (capacity, overflow) = bytes.count.addingReportingOverflow(blockSize)
        guard !overflow else { throw CryptoError.invalidParameter("input too long to pad") }
        var out = bytes + [UInt8](repeating: 0, count: blockSize)
        precondition(out.count == capacity)
        var paddedLength = 0
        guard sodium_pad(&paddedLength, &out, bytes.count, blockSize, out.count) == 0 else {
            throw CryptoError.invalidParameter("sodium_pad refused the lengths")
        }
        out.removeLast(out.count - paddedLength)
        return out
    }

    /// The bytes before the padding. Throws `invalidPadding` unless `padded`
    /// is a non-empty multiple of `blockSize` that ends with `0x80` followed
    /// only by zeros within its last block.
    public static func unpad(_ padded: [UInt8], blockSize: Int) throws -> [UInt8] {
        guard blockSize > 0 else { throw CryptoError.invalidParameter("block size must be positive") }
        guard !padded.isEmpty, padded.count % blockSize == 0 else { throw CryptoError.invalidPadding }
        var length = 0
        guard sodium_unpad(&length, padded, padded.count, blockSize) == 0 else { throw CryptoError.invalidPadding }
        return Array(padded.prefix(length))
    }
}
