import CSodium

/// BLAKE2b (`crypto_generichash`), the protocol's `H(x)`, and its keyed form
/// (a MAC, as in the audit chain).
public enum GenericHash {
    /// The default and protocol output size, 32 bytes.
    public static let defaultLength = Int(crypto_generichash_BYTES)

    /// `H(input)`: unkeyed BLAKE2b with a 32-byte output.
    public static func hash(_ input: [UInt8], length: Int = defaultLength) -> [UInt8] {
        Sodium.ensure()
        precondition(length >= Int(crypto_generichash_BYTES_MIN) && length <= Int(crypto_generichash_BYTES_MAX))
        var out = [UInt8](repeating: 0, count: length)
        _ = crypto_generichash(&out, length, input, UInt64(input.count), nil, 0)
        return out
    }

    /// Keyed BLAKE2b; `key` must be 16 to 64 bytes.
    public static func hash(_ input: [UInt8], key: [UInt8], length: Int = defaultLength) -> [UInt8] {
        Sodium.ensure()
        precondition(key.count >= Int(crypto_generichash_KEYBYTES_MIN) && key.count <= Int(crypto_generichash_KEYBYTES_MAX))
        var out = [UInt8](repeating: 0, count: length)
        _ = crypto_generichash(&out, length, input, UInt64(input.count), key, key.count)
        return out
    }
}
