import CSodium

/// Cryptographically secure random bytes from libsodium (`randombytes_buf`,
/// backed by `getrandom(2)` on Linux).
public enum Random {
    /// `count` random bytes; for secrets prefer `SecureBytes.random(count:)`.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        Sodium.ensure()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// Fills `buffer` with random bytes.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        Sodium.ensure()
        randombytes_buf(base, buffer.count)
    }
}
