import CSodium

/// Comparison whose running time does not depend on where two secrets
/// differ (`sodium_memcmp`): for MACs, tags and keys.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Lengths are not secret: if
    /// they differ the answer is `false` at once; otherwise every byte is
    /// compared.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }

    /// The same comparison over raw buffers.
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress, a.count > 0 else { return true }
        return sodium_memcmp(pa, pb, a.count) == 0
    }
}
